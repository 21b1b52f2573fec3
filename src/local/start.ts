import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from '../app';
import { newApiKeySecret } from '../auth/api-key-secret';
import { withTimeout } from '../platform/with-timeout';
import { ConfigError, isLoopbackHost, loadConfig } from '../platform/config/config';
import { createDataSource } from '../schema/data-source';
import { localBanner } from './banner';
import { DataSource } from 'typeorm';
import { firstAdminSignIn } from '../people/first-admin';
import { DATA_DIR, startLocalStack } from './local-stack';

/** How long the embedded PostgreSQL and Redis get to stop (fast shutdown) before `npm start` exits anyway. */
const STACK_STOP_MS = 10_000;

/**
 * `npm start`: the whole service on one machine. Starts embedded PostgreSQL and a local Redis when
 * DATABASE_URL / REDIS_URL are unset (data under .data/), runs the migrations, ensures an admin key,
 * and starts API and worker (ROLE, default all). Local defaults: the API listens on loopback only,
 * outbound HTTP may reach loopback and private addresses (the demo's webhook receiver, a local
 * SearXNG), and /metrics needs no token while it is reachable only from this machine.
 */
async function main() {
  const stack = await startLocalStack(process.env);
  if (stack.databaseUrl) process.env.DATABASE_URL = stack.databaseUrl;
  if (stack.redisUrl) process.env.REDIS_URL = stack.redisUrl;
  process.env.HOST ??= '127.0.0.1';
  process.env.ALLOW_PRIVATE_NETWORKS ??= 'true';
  if (isLoopbackHost(process.env.HOST)) process.env.METRICS_PUBLIC ??= 'true';
  let generatedKey = false;
  const keyFromFile = !process.env.BOOTSTRAP_ADMIN_KEY;
  if (keyFromFile) {
    const file = join(DATA_DIR, 'admin.key');
    if (!existsSync(file)) {
      writeFileSync(file, newApiKeySecret() + '\n', { mode: 0o600 });
      generatedKey = true;
    }
    process.env.BOOTSTRAP_ADMIN_KEY = readFileSync(file, 'utf8').trim();
  }
  // The key that encrypts webhook signing secrets and the operator's dashboard token: generated once, kept beside the admin key.
  process.env.WEBHOOK_SECRET_KEY ||= keptSecret('webhook-secret.key', () => randomBytes(32).toString('base64'));
  const dashboardTokenFromFile = !process.env.QUEUE_DASHBOARD_TOKEN;
  process.env.QUEUE_DASHBOARD_TOKEN ||= keptSecret('queue-dashboard.token', () =>
    randomBytes(24).toString('base64url'),
  );
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      await stack.stop();
      process.exit(78);
    }
    throw err;
  }

  const ds = createDataSource(config.databaseUrl, 2);
  await ds.initialize();
  const applied = await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  if (applied.length) console.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);

  const running = await startApp(config);
  const base = running.url ?? `http://127.0.0.1:${config.port}`;
  console.log(localBanner({ config, base, keyFromFile, generatedKey, dashboardTokenFromFile }));
  // The console: the first admin person and how to sign in (src/people/first-admin.ts).
  const signIn = await firstAdminSignIn(
    running.app.get(DataSource),
    config.bootstrapAdminKey!,
    config.publicBaseUrl ?? base,
    config.console.invitationTtlHours,
  );
  if (signIn.length) console.log(signIn.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping...`);
    // Each step is bounded: with PostgreSQL or Redis stopped first, closing would wait for them forever.
    setTimeout(
      () => {
        console.error('Shutdown did not finish; exiting');
        process.exit(1);
      },
      (config.shutdownGraceSeconds + STACK_STOP_MS / 1000 + 5) * 1000,
    ).unref();
    let code = 0;
    await running.close().catch((e: Error) => ((code = 1), console.error(e.message)));
    await withTimeout(stack.stop(), STACK_STOP_MS).catch(
      (e: Error) => ((code = 1), console.error(`Stopping the local PostgreSQL and Redis: ${e.message}`)),
    );
    process.exit(code);
  };
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** A secret of the local stack kept in .data/ (mode 0600), made on first use. */
function keptSecret(name: string, make: () => string): string {
  const file = join(DATA_DIR, name);
  if (!existsSync(file)) writeFileSync(file, make() + '\n', { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

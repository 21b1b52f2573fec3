 
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from '../app';
import { newApiKeySecret } from '../auth/api-key-secret';
import { ConfigError, loadConfig } from '../config/config';
import { createDataSource } from '../database/data-source';
import { DATA_DIR, startLocalStack } from './local-stack';

/**
 * `npm start`: the whole service on one machine. Starts embedded PostgreSQL and a local Redis when
 * DATABASE_URL / REDIS_URL are unset (data under .data/), runs the migrations, ensures an admin key,
 * and starts API and worker (ROLE, default all).
 */
async function main() {
  const stack = await startLocalStack(process.env);
  if (stack.databaseUrl) process.env.DATABASE_URL = stack.databaseUrl;
  if (stack.redisUrl) process.env.REDIS_URL = stack.redisUrl;
  process.env.ALLOW_PRIVATE_NETWORKS ??= 'true';
  let generatedKey = false;
  if (!process.env.BOOTSTRAP_ADMIN_KEY) {
    const file = join(DATA_DIR, 'admin.key');
    if (!existsSync(file)) {
      writeFileSync(file, newApiKeySecret() + '\n', { mode: 0o600 });
      generatedKey = true;
    }
    process.env.BOOTSTRAP_ADMIN_KEY = readFileSync(file, 'utf8').trim();
  }
  if (!process.env.WEBHOOK_SECRET_KEY) {
    // The key that encrypts webhook signing secrets: generated once, kept beside the admin key.
    const file = join(DATA_DIR, 'webhook-secret.key');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    process.env.WEBHOOK_SECRET_KEY = readFileSync(file, 'utf8').trim();
  }
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
  const keyNote = stack.databaseUrl
    ? `Admin key (${generatedKey ? 'created now' : 'kept'} in .data/admin.key): ${config.bootstrapAdminKey}`
    : 'Admin key: the value of BOOTSTRAP_ADMIN_KEY';
  console.log(
    [
      '',
      `Corroborate is running (ROLE=${config.role}).`,
      `  API:      ${base}/v1`,
      `  Docs:     ${base}/docs  (OpenAPI: ${base}/docs/openapi.json)`,
      `  Health:   ${base}/health/ready`,
      `  ${keyNote}`,
      `  Try:      curl -H "Authorization: Bearer $(cat .data/admin.key 2>/dev/null || echo $BOOTSTRAP_ADMIN_KEY)" ${base}/v1/me`,
      '  More keys: POST /v1/api-keys with the admin key, or: npm run cli -- create-organization --name "My desk"',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping...`);
    await running.close().catch((e) => console.error(e));
    await stack.stop();
    process.exit(0);
  };
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

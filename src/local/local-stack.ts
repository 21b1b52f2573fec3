import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, portInUse } from './processes';
import { PostgresServer } from './postgres-server';
import { RedisServer } from './redis-server';

/** Where `npm start` keeps its embedded data: `.data/` at the repository root. */
export const DATA_DIR = resolve(__dirname, '..', '..', '..', '.data');

/** The URL of the embedded PostgreSQL of `npm start`, when one has run here (its port file exists). */
export function localDatabaseUrl(): string | undefined {
  const file = join(DATA_DIR, 'postgres.port');
  return existsSync(file)
    ? `postgres://postgres:postgres@127.0.0.1:${readFileSync(file, 'utf8').trim()}/corroborate`
    : undefined;
}

export interface LocalStack {
  databaseUrl?: string;
  redisUrl?: string;
  stop(): Promise<void>;
}

/** Port kept in .data/<name>.port so that a second start finds the same server address. */
async function stickyPort(name: string, preferred: number): Promise<number> {
  const file = join(DATA_DIR, `${name}.port`);
  let port = existsSync(file) ? Number(readFileSync(file, 'utf8')) : preferred;
  if (!Number.isInteger(port) || (await portInUse(port))) port = await freePort();
  writeFileSync(file, String(port));
  return port;
}

/**
 * Starts what the environment does not provide: PostgreSQL when DATABASE_URL is unset, Redis when
 * REDIS_URL is unset. Data persists under .data/, so a second start reuses it.
 */
export async function startLocalStack(
  env: { DATABASE_URL?: string; REDIS_URL?: string },
  opts: {
    redis: boolean;
    postgresSettings?: string[];
    /** A database to drop and create empty instead of `corroborate` (a benchmark's: runs do not inherit each other's rows). */
    freshDatabase?: string;
  } = { redis: true },
): Promise<LocalStack> {
  if (!env.DATABASE_URL || (opts.redis && !env.REDIS_URL)) mkdirSync(DATA_DIR, { recursive: true });
  const servers: { stop(): Promise<void> }[] = [];
  const out: LocalStack = { stop: async () => void (await Promise.all(servers.reverse().map((s) => s.stop()))) };
  try {
    if (!env.DATABASE_URL) {
      const pg = new PostgresServer(
        join(DATA_DIR, 'postgres'),
        await stickyPort('postgres', 54329),
        (l) => process.env.LOCAL_STACK_VERBOSE && process.stderr.write(`[postgres] ${l}`),
        opts.postgresSettings,
      );
      console.log(`Starting embedded PostgreSQL (data in ${pg.dataDir}, port ${pg.port})...`);
      await pg.start();
      servers.push(pg);
      out.databaseUrl = opts.freshDatabase
        ? await pg.ensureDatabase(opts.freshDatabase, { fresh: true })
        : await pg.ensureDatabase('corroborate');
    }
    if (opts.redis && !env.REDIS_URL) {
      const redis = new RedisServer(
        join(DATA_DIR, 'redis'),
        await stickyPort('redis', 63799),
        (l) => process.env.LOCAL_STACK_VERBOSE && process.stderr.write(`[redis] ${l}`),
      );
      console.log(`Starting local redis-server (noeviction, AOF in ${redis.dataDir}, port ${redis.port})...`);
      await redis.start();
      servers.push(redis);
      out.redisUrl = redis.url;
    }
  } catch (err) {
    await out.stop();
    throw err;
  }
  return out;
}

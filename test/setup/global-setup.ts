import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '../../src/schema/data-source';
import { freePort } from '../../src/local/processes';
import { PostgresServer } from '../../src/local/postgres-server';
import { RedisServer } from '../../src/local/redis-server';

/**
 * Starts a real PostgreSQL and a real Redis for the whole run on free ports (unless DATABASE_URL /
 * REDIS_URL are given), applies the migrations, and exports the URLs to the test files.
 */
export default async function globalSetup() {
  const g = globalThis as { __servers?: { stop(): Promise<void> }[] };
  g.__servers = [];
  const root = mkdtempSync(join(tmpdir(), 'corroborate-test-'));
  chmodSync(root, 0o755); // the postgres OS user must reach its data directory
  process.env.TEST_TMP_DIR = root;
  // Webhook secrets are encrypted at rest; the tests use a fresh random key per run.
  process.env.WEBHOOK_SECRET_KEY ??= randomBytes(32).toString('base64');
  if (!process.env.DATABASE_URL) {
    const pg = new PostgresServer(join(root, 'postgres'), await freePort());
    await pg.start();
    g.__servers.push(pg);
    process.env.DATABASE_URL = await pg.ensureDatabase('corroborate_test');
  }
  if (!process.env.REDIS_URL) {
    const redis = new RedisServer(join(root, 'redis'), await freePort());
    await redis.start();
    g.__servers.push(redis);
    process.env.REDIS_URL = redis.url;
  }
  const ds = createDataSource(process.env.DATABASE_URL, 2);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}

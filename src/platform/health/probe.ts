import { createRedis } from '../redis/redis-client';
import { ListenedClient } from '../database/listened-client';

/**
 * `node dist/src/platform/health/probe.js`: exits 0 when PostgreSQL and Redis answer, 1 otherwise.
 * The container health check of processes that serve no HTTP (ROLE=worker).
 */
async function probe(): Promise<void> {
  const pg = new ListenedClient({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 3000 });
  await pg.connect();
  await pg.query('SELECT 1');
  await pg.end();
  const redis = createRedis(
    { redisUrl: process.env.REDIS_URL ?? '', redisCluster: /^(true|1)$/.test(process.env.REDIS_CLUSTER ?? '') },
    {
      lazyConnect: true,
      connectTimeout: 3000,
      maxRetriesPerRequest: 0,
    },
  );
  await redis.connect();
  await redis.ping();
  redis.disconnect();
}

probe().then(
  () => process.exit(0),
  (err) => {
    console.error(`unhealthy: ${(err as Error).message}`);
    process.exit(1);
  },
);

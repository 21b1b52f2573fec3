import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../config/config';

/** A connection to the deployment's Redis: one server, or a Redis Cluster (REDIS_CLUSTER=true). */
export type RedisClient = Redis | Cluster;

type RedisTarget = Pick<AppConfig, 'redisUrl' | 'redisCluster'>;

/** The nodes named by REDIS_URL (comma-separated on a cluster; a node without scheme takes the first's). */
export function redisNodeUrls(redisUrl: string): URL[] {
  const parts = redisUrl
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const scheme = /^rediss:/.test(parts[0] ?? '') ? 'rediss:' : 'redis:';
  return parts.map((p) => new URL(/^rediss?:\/\//.test(p) ? p : `${scheme}//${p}`));
}

/**
 * The one way the service opens a Redis connection (BullMQ's, the rate limiters', the delivery
 * semaphore's): an ioredis client on a single server, or an ioredis Cluster started from the nodes of
 * REDIS_URL, whose credentials and TLS (`rediss://`) are those of the first node. Connection options
 * (retries, offline queue, timeouts) mean the same on both.
 */
export function createRedis(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  if (!target.redisCluster) return new Redis(target.redisUrl, options);
  const urls = redisNodeUrls(target.redisUrl);
  const first = urls[0];
  const { enableOfflineQueue, enableReadyCheck, lazyConnect, ...nodeOptions } = options;
  const clusterOptions: ClusterOptions = {
    redisOptions: {
      ...nodeOptions,
      ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
      ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
      ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
    },
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(enableReadyCheck !== undefined ? { enableReadyCheck } : {}),
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    // A failover moves slots: follow MOVED/ASK and retry while the cluster elects a new master.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    slotsRefreshTimeout: 2000,
  };
  return new Cluster(
    urls.map((u) => ({ host: u.hostname, port: Number(u.port || 6379) })),
    clusterOptions,
  );
}

/**
 * BullMQ's connection (queues and workers need `maxRetriesPerRequest: null`: BullMQ retries itself).
 * On one server, options, so BullMQ opens and closes its own connections; on a cluster, a Cluster
 * instance (BullMQ cannot build one from options), which the caller closes once its queue or worker
 * is closed (BullMQ does not close a connection it was given; it duplicates it for a worker's
 * blocking connection and closes that one itself).
 */
export function bullConnection(
  target: RedisTarget,
): { url: string; maxRetriesPerRequest: null; enableReadyCheck: boolean } | Cluster {
  if (!target.redisCluster) return { url: target.redisUrl, maxRetriesPerRequest: null, enableReadyCheck: true };
  return createRedis(target, { maxRetriesPerRequest: null, enableReadyCheck: true }) as Cluster;
}

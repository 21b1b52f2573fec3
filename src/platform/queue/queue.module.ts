import { BullModule } from '@nestjs/bullmq';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { bullConnection } from '../redis/redis-client';
import { QueueErrorLogger } from './queue-error-logger';
import { QueueName } from './queue-names';

/** Default job options: completed jobs kept a week (so a re-add with the same id is a no-op), failures kept. */
export const DEFAULT_JOB_OPTIONS = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
  attempts: 10,
  backoff: { type: 'exponential', delay: 2000 },
};

/** Cluster connections handed to BullMQ, per application (its config object), closed at its shutdown. */
const clusterConnections = new WeakMap<AppConfig, Cluster[]>();

/**
 * The connection of every queue and worker: BullMQ needs `maxRetriesPerRequest: null` (it retries
 * itself). Options on one Redis server; on a Redis Cluster a Cluster instance, remembered so that
 * QueueConnections closes it (BullMQ leaves the connections it was given open).
 */
export const redisConnection = (config: AppConfig) => {
  const connection = bullConnection(config);
  if (connection instanceof Cluster) {
    const list = clusterConnections.get(config) ?? [];
    list.push(connection);
    clusterConnections.set(config, list);
  }
  return connection;
};

/** Closes the Cluster connections given to BullMQ once the queues and workers are closed. */
export async function closeRedisConnections(config: AppConfig): Promise<void> {
  const list = clusterConnections.get(config) ?? [];
  clusterConnections.delete(config);
  await Promise.all(list.map((c) => c.quit().catch(() => c.disconnect())));
}

@Injectable()
class QueueConnections implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}
  async onApplicationShutdown() {
    await closeRedisConnections(this.config);
  }
}

/** BullMQ on the configured Redis, and the queues every process may produce to. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisConnection(config),
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [QueueErrorLogger, QueueConnections],
  exports: [BullModule],
})
export class QueueModule {}

import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { QueueErrorLogger } from './queue-error-logger';
import { QueueName } from './queue-names';

/** Default job options: completed jobs kept a week (so a re-add with the same id is a no-op), failures kept. */
export const DEFAULT_JOB_OPTIONS = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
  attempts: 10,
  backoff: { type: 'exponential', delay: 2000 },
};

/** The connection options of every queue and worker: BullMQ needs `maxRetriesPerRequest: null` (it retries itself). */
export const redisConnection = (config: AppConfig) => ({
  url: config.redisUrl,
  maxRetriesPerRequest: null,
  enableReadyCheck: true,
});

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
  providers: [QueueErrorLogger],
  exports: [BullModule],
})
export class QueueModule {}

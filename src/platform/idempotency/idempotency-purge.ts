import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { IdempotencyService } from './idempotency.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { HandlesJob, JobHandler, JobName, scheduleEvery } from '../queue/jobs';
import { QueueName } from '../queue/queue-names';

/**
 * Deletes idempotency records older than IDEMPOTENCY_KEY_TTL_HOURS every IDEMPOTENCY_PURGE_SECONDS.
 * Every worker upserts the same job scheduler (same id, same interval), which BullMQ keeps as one,
 * so the purge runs once per interval for the deployment.
 */
@Injectable()
@HandlesJob(JobName.PurgeIdempotencyKeys)
export class IdempotencyPurge implements JobHandler<JobName.PurgeIdempotencyKeys>, OnApplicationBootstrap {
  private readonly logger = new Logger(IdempotencyPurge.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly idempotency: IdempotencyService,
  ) {}

  async onApplicationBootstrap() {
    await scheduleEvery(this.queue, JobName.PurgeIdempotencyKeys, this.config.idempotency.purgeSeconds, this.logger);
  }

  async handle(): Promise<{ deleted: number }> {
    const deleted = await this.idempotency.purgeExpired();
    if (deleted)
      this.logger.log(`Purged ${deleted} idempotency records older than ${this.config.idempotency.ttlHours} h`);
    return { deleted };
  }
}

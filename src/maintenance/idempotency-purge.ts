import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { IdempotencyService } from '../common/idempotency.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LoggedWorkerHost } from '../queue/logged-worker-host';
import { QueueName } from '../queue/queue-names';

/** A housekeeping job; each kind runs from a job scheduler, so once per interval however many workers run. */
export const PURGE_IDEMPOTENCY_KEYS = 'purge-idempotency-keys';

/**
 * Deletes idempotency records older than IDEMPOTENCY_KEY_TTL_HOURS every IDEMPOTENCY_PURGE_SECONDS.
 * Every worker upserts the same scheduler (same id, same interval), which BullMQ keeps as one.
 */
@Processor(QueueName.Maintenance)
export class IdempotencyPurge extends LoggedWorkerHost implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly idempotency: IdempotencyService,
  ) {
    super();
  }

  async onApplicationBootstrap() {
    await this.queue
      .upsertJobScheduler(PURGE_IDEMPOTENCY_KEYS, { every: this.config.idempotency.purgeSeconds * 1000 }, { name: PURGE_IDEMPOTENCY_KEYS, opts: { removeOnComplete: 100, removeOnFail: 100 } })
      .catch((err: Error) => this.logger.warn(`Could not schedule the idempotency purge (${err.message}); the next start retries`));
  }

  async process(job: Job): Promise<{ deleted: number }> {
    if (job.name !== PURGE_IDEMPOTENCY_KEYS) return { deleted: 0 };
    const deleted = await this.idempotency.purgeExpired();
    if (deleted) this.logger.log(`Purged ${deleted} idempotency records older than ${this.config.idempotency.ttlHours} h`);
    return { deleted };
  }
}

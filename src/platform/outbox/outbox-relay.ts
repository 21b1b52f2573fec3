import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EventJobData, QueueName } from '../queue/queue-names';
import { withTimeout } from '../with-timeout';
import { OutboxRepository } from './outbox.repository';

const ENQUEUE_TIMEOUT_MS = 5000;

/**
 * Moves outbox rows to BullMQ. Each pass claims a batch of unpublished rows with
 * FOR UPDATE SKIP LOCKED (several workers never take the same row), adds one job per row with the
 * event id as job id (BullMQ ignores a second add of the same id), then marks the rows published in
 * the same transaction. If Redis is down the add fails or times out, the transaction rolls back and
 * the rows wait for the next pass: nothing is lost, and a retried add is a no-op.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    @InjectQueue(QueueName.Events) private readonly events: Queue<EventJobData>,
  ) {}

  onApplicationBootstrap() {
    this.schedule(0);
  }

  async onApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.loop();
    }, ms);
  }

  private async loop() {
    let published = 0;
    try {
      published = await this.publishBatch();
      if (this.failing) this.logger.log('Outbox relay recovered');
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.warn(`Outbox relay paused: ${(err as Error).message}`);
      this.failing = true;
    }
    // A full batch means more may be waiting: go again at once.
    this.schedule(
      published >= this.config.outbox.batchSize
        ? 0
        : this.failing
          ? Math.max(this.config.outbox.pollMs, 1000)
          : this.config.outbox.pollMs,
    );
  }

  /** One pass; returns how many events were published. */
  async publishBatch(): Promise<number> {
    return this.outbox.transaction(async (m) => {
      const rows = await this.outbox.claimUnpublishedAcrossTenants(m, this.config.outbox.batchSize);
      if (!rows.length) return 0;
      // The job names the event; the events worker loads its content from this table.
      const jobs = rows.map((r) => ({
        name: r.type,
        data: { eventId: r.id, organizationId: r.organization_id, type: r.type },
        opts: { jobId: r.id },
      }));
      await withTimeout(
        this.events.addBulk(jobs),
        ENQUEUE_TIMEOUT_MS,
        () => new Error('Redis did not accept the events in time'),
      );
      await this.outbox.markPublished(
        m,
        rows.map((r) => r.id),
      );
      return rows.length;
    });
  }
}

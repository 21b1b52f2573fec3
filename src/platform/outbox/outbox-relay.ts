import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { createHash } from 'node:crypto';
import { EVENT_BATCH, EventBatchJobData, EventJobData, QueueName } from '../queue/queue-names';
import { withTimeout } from '../with-timeout';
import { OutboxRepository } from './outbox.repository';

const ENQUEUE_TIMEOUT_MS = 5000;
/** At most this many events of one organization share a job. */
export const EVENTS_PER_JOB = 50;

type Row = { id: string; type: string; organization_id: string };

/**
 * The jobs of a pass: per organization, its events in outbox order, EVENTS_PER_JOB to a job. A lone
 * event keeps its own job (name = type, id = event id); several share one whose id hashes their ids,
 * so a pass re-run after a failed commit adds nothing it already added, and an event relayed again
 * among other events gets a new job (its reactions are idempotent) rather than being dropped.
 */
export function eventJobs(rows: Row[]) {
  const byOrg = new Map<string, Row[]>();
  for (const r of rows) {
    const list = byOrg.get(r.organization_id);
    if (list) list.push(r);
    else byOrg.set(r.organization_id, [r]);
  }
  const jobs: { name: string; data: EventJobData | EventBatchJobData; opts: { jobId: string } }[] = [];
  for (const [organizationId, list] of byOrg)
    for (let i = 0; i < list.length; i += EVENTS_PER_JOB) {
      const chunk = list.slice(i, i + EVENTS_PER_JOB);
      if (chunk.length === 1)
        jobs.push({
          name: chunk[0].type,
          data: { eventId: chunk[0].id, organizationId, type: chunk[0].type },
          opts: { jobId: chunk[0].id },
        });
      else {
        const eventIds = chunk.map((r) => r.id);
        const hash = createHash('sha256').update(eventIds.join(',')).digest('hex').slice(0, 32);
        jobs.push({ name: EVENT_BATCH, data: { eventIds, organizationId }, opts: { jobId: `evb-${hash}` } });
      }
    }
  return jobs;
}

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
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxRepository,
    @InjectQueue(QueueName.Events) private readonly events: Queue<EventJobData | EventBatchJobData>,
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
    return this.ds.transaction(async (m) => {
      const rows = await this.outbox.claimUnpublishedAcrossTenants(m, this.config.outbox.batchSize);
      if (!rows.length) return 0;
      // Jobs name the events; the events worker loads their content from this table.
      await withTimeout(
        this.events.addBulk(eventJobs(rows)),
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

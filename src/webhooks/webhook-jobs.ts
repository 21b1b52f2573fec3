import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { JobName } from '../platform/queue/jobs';
import { QueueName, WebhookDeliveryJobData } from '../platform/queue/queue-names';

/** The backoff type whose delays the delivery worker computes (schedule, jitter, Retry-After). */
export const WEBHOOK_BACKOFF = 'webhook';

/** A delivery as the jobs need it: its batch job when it was fanned out with others of its subscription. */
export interface DeliveryRef {
  id: string;
  generation: number;
  batchJob?: string | null;
}

/**
 * Adds delivery jobs. Adding the same job twice adds one: `whd-<delivery>-<generation>` for a
 * delivery's own job, and for a batch the id the fan-out stored on its deliveries
 * (`batchJobPrefix() + subscription`).
 */
@Injectable()
export class WebhookJobs {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.WebhookDeliveries) private readonly queue: Queue<WebhookDeliveryJobData>,
  ) {}

  static jobId = (deliveryId: string, generation: number) => `whd-${deliveryId}-${generation}`;
  /**
   * The batch jobs of one fan-out statement: this prefix and the subscription's id (the statement
   * appends it). New for each statement, so a batch job is added only after every delivery it names
   * is written, and finds them all. (Named after the first event, a batch job already running or
   * done was named again by a later fan-out of overlapping events, whose new deliveries it never
   * sent: the relay's retries during a Redis outage made exactly those.)
   */
  static batchJobPrefix = () => `whb-${randomUUID()}-`;

  private opts(jobId: string, delay?: number): JobsOptions {
    const attempts = this.config.webhooks.retryScheduleSeconds.length + 1;
    return { jobId, attempts, backoff: { type: WEBHOOK_BACKOFF }, ...(delay ? { delay } : {}) };
  }

  /**
   * A job for each batch named by the deliveries, and one for each delivery with no batch (after its
   * delay, when it has one: a retry), in one round trip.
   */
  async enqueue(organizationId: string, deliveries: (DeliveryRef & { delayMs?: number })[]): Promise<void> {
    if (!deliveries.length) return;
    const batches = new Set(deliveries.map((d) => d.batchJob).filter((b): b is string => !!b));
    await this.queue.addBulk([
      ...[...batches].map((batchJob) => ({
        name: JobName.DeliverWebhook,
        data: { batchJob, organizationId },
        opts: this.opts(batchJob),
      })),
      ...deliveries
        .filter((d) => !d.batchJob)
        .map((d) => ({
          name: JobName.DeliverWebhook,
          data: { deliveryId: d.id, generation: d.generation, organizationId },
          opts: this.opts(WebhookJobs.jobId(d.id, d.generation), Math.max(0, Math.round(d.delayMs ?? 0))),
        })),
    ]);
  }

  /** Deliveries leaving their batch: each gets its own job, run after its delay (a retry) or at once. */
  enqueueOwn(organizationId: string, deliveries: (DeliveryRef & { delayMs: number })[]): Promise<void> {
    return this.enqueue(
      organizationId,
      deliveries.map((d) => ({ ...d, batchJob: null })),
    );
  }
}

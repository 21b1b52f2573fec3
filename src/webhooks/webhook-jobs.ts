import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { JobName } from '../platform/queue/jobs';
import { QueueName, WebhookDeliveryJobData } from '../platform/queue/queue-names';

/** The backoff type whose delays the delivery worker computes (schedule, jitter, Retry-After). */
export const WEBHOOK_BACKOFF = 'webhook';

/** Adds delivery jobs. The job id is deterministic, so adding the same (delivery, generation) twice adds one job. */
@Injectable()
export class WebhookJobs {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.WebhookDeliveries) private readonly queue: Queue<WebhookDeliveryJobData>,
  ) {}

  static jobId = (deliveryId: string, generation: number) => `whd-${deliveryId}-${generation}`;

  async enqueue(organizationId: string, deliveries: { id: string; generation: number }[]): Promise<void> {
    if (!deliveries.length) return;
    const attempts = this.config.webhooks.retryScheduleSeconds.length + 1;
    await this.queue.addBulk(
      deliveries.map((d) => ({
        name: JobName.DeliverWebhook,
        data: { deliveryId: d.id, generation: d.generation, organizationId },
        opts: { jobId: WebhookJobs.jobId(d.id, d.generation), attempts, backoff: { type: WEBHOOK_BACKOFF } },
      })),
    );
  }
}

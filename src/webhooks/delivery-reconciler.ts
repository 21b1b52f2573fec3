import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { HandlesJob, JobHandler, JobName, scheduleEvery } from '../platform/queue/jobs';
import { QueueName, WebhookDeliveryJobData } from '../platform/queue/queue-names';
import { WebhookJobs } from './webhook-jobs';
import { WebhooksRepository } from './webhooks.repository';

const BATCH = 500;

/**
 * A delivery row is written before its job is added (the fan-out), so a fan-out that ran out of
 * retries, or a Redis that lost its data, leaves deliveries pending with no job: nothing would
 * ever send them. Every WEBHOOK_RECONCILE_SECONDS (a job scheduler: once for the deployment) this
 * gives each idle pending delivery whose own job and batch job (`batch_job`) are both gone or
 * ended a job of its own, under its deterministic id, so a delivery still waiting in its batch or
 * for its retry is left alone and none is sent twice.
 */
@Injectable()
@HandlesJob(JobName.ReconcileDeliveries)
export class DeliveryReconciler implements JobHandler<JobName.ReconcileDeliveries>, OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryReconciler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
    @InjectQueue(QueueName.WebhookDeliveries) private readonly deliveries: Queue<WebhookDeliveryJobData>,
    private readonly repo: WebhooksRepository,
    private readonly jobs: WebhookJobs,
  ) {}

  async onApplicationBootstrap() {
    await scheduleEvery(
      this.maintenance,
      JobName.ReconcileDeliveries,
      this.config.webhooks.reconcileSeconds,
      this.logger,
    );
  }

  async handle(): Promise<{ requeued: number }> {
    const idle = await this.repo.pendingIdleAcrossTenants(this.config.webhooks.reconcileSeconds, BATCH);
    let requeued = 0;
    for (const d of idle) {
      const own = await this.deliveries.getJob(WebhookJobs.jobId(d.id, d.generation));
      if (await this.live(own)) continue;
      if (d.batchJob && (await this.live(await this.deliveries.getJob(d.batchJob)))) continue;
      // A job that ended with its delivery still pending would keep its id taken: it goes, and a new one comes.
      await own?.remove();
      await this.jobs.enqueueOwn(d.organizationId, [{ ...d, delayMs: 0 }]);
      requeued++;
    }
    if (requeued) this.logger.warn(`Reconciler: ${requeued} pending deliveries had no job; their jobs are added again`);
    return { requeued };
  }

  /** Whether a job is still to run (waiting, delayed or running), not ended. */
  private async live(job: Job<WebhookDeliveryJobData> | undefined): Promise<boolean> {
    if (!job) return false;
    const state = await job.getState();
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { HandlesJob, JobHandler, JobName, scheduleEvery } from '../platform/queue/jobs';
import { QueueName, WebhookDeliveryJobData } from '../platform/queue/queue-names';
import { WebhookJobs } from './webhook-jobs';
import { WebhooksRepository } from './webhooks.repository';

const BATCH = 500;
/** The Redis key (in the deliveries queue's namespace) of the last delivery the previous pass checked. */
const CURSOR = 'reconciler-cursor';

/**
 * A delivery row is written before its job is added (the fan-out), so a fan-out that ran out of
 * retries, or a Redis that lost its data, leaves deliveries pending with no job: nothing would
 * ever send them. Every WEBHOOK_RECONCILE_SECONDS (a job scheduler: once for the deployment) this
 * gives each idle pending delivery whose own job and batch job (`batch_job`) are both gone or
 * ended a job of its own, under its deterministic id, so a delivery still waiting in its batch or
 * for its retry is left alone and none is sent twice.
 *
 * A pass checks BATCH deliveries, and the next goes on after the last one it checked (a cursor in
 * Redis), back to the oldest once it reaches the end: a backlog of deliveries whose jobs are still
 * waiting (a slow receiver's, in any organization) cannot hide a stranded delivery behind it.
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

  async handle(): Promise<{ requeued: number; checked: number }> {
    const redis = await this.deliveries.getBackend().client;
    const cursorKey = this.deliveries.toKey(CURSOR);
    const saved = await redis.get(cursorKey);
    const after = saved ? (JSON.parse(saved) as { createdAt: string; id: string }) : undefined;
    const idle = await this.repo.pendingIdleAcrossTenants(this.config.webhooks.reconcileSeconds, BATCH, after);
    // A full page: the next pass goes on after its last row. A shorter one reached the end: the next starts again
    // from the oldest. (A lost cursor only makes a pass start from the oldest.)
    const last = idle.length === BATCH ? idle[idle.length - 1] : undefined;
    if (last) await redis.set(cursorKey, JSON.stringify({ createdAt: last.createdAt, id: last.id }), { EX: 86_400 });
    else if (saved) await redis.del(cursorKey);
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
    return { requeued, checked: idle.length };
  }

  /** Whether a job is still to run (waiting, delayed or running), not ended. */
  private async live(job: Job<WebhookDeliveryJobData> | undefined): Promise<boolean> {
    if (!job) return false;
    const state = await job.getState();
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }
}

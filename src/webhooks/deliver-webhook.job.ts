import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { isUUID } from 'class-validator';
import { Semaphore } from 'redis-semaphore';
import { createRedis, type RedisClient } from '../platform/redis/redis-client';
import { SafeHttpClient } from '../platform/http/safe-http';
import { MetricsService } from '../platform/metrics/metrics.service';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { HandlesJob, JobHandler, JobName, RetryLater } from '../platform/queue/jobs';
import { WebhookDeliveryJobData } from '../platform/queue/queue-names';
import { isSuccess, nextRetryDelayMs } from './retry-policy';
import { SecretBox, WEBHOOK_SECRET_BOX } from './secret-box';
import { SECRET_KEY_MISSING } from './secret-box.provider';
import { webhookHeaders } from './signing';
import type { DeliveryStatus } from './webhook-delivery.entity';
import { WebhookJobs } from './webhook-jobs';
import { DeliveryForJob, WebhooksRepository } from './webhooks.repository';

export const WEBHOOK_USER_AGENT = 'Corroborate-Webhooks/0.1 (+https://github.com/corroborate)';
/** A subscription failing without a single success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;
const RESPONSE_BYTES_KEPT = 4096;
/** How long a job waits for a slot of its subscription before it is put back (delayed 1 to 3 times this). */
const SLOT_WAIT_MS = 250;
/** A batch sends for this long at most; the deliveries it did not reach then move to new batches (splitRest). */
const BATCH_BUDGET_MS = 1000;

type Outcome = 'succeeded' | 'retrying' | 'failed' | 'gone' | 'skipped' | 'cancelled';

/**
 * Runs delivery jobs (docs/webhooks.md, "Deliveries by the batch"). A batch job sends the first
 * attempts of the deliveries one fan-out created for one subscription (or the part of such a batch
 * another did not reach in time); a delivery's own job (`whd-<id>-<generation>`) sends its retries,
 * a ping, a redelivery. Each request is signed and made through the SSRF-safe client; attempts are
 * logged; a failed attempt's retry is scheduled with the delay the retry policy chose, from the
 * attempts recorded on the delivery.
 *
 * A subscription has at most `perSubscriptionConcurrency` requests in flight across every worker
 * process: each request holds one slot of the subscription's semaphore in Redis (redis-semaphore, a
 * sorted set of holders with their last refresh time). A job that finds no free slot within
 * SLOT_WAIT_MS is put back, delayed a moment, so a slow receiver's jobs never hold the worker's slots
 * that the other subscriptions need. Holders refresh their slot every half WEBHOOK_LOCK_MS; the slot
 * of a killed worker expires after WEBHOOK_LOCK_MS.
 */
@Injectable()
@HandlesJob(JobName.DeliverWebhook)
export class DeliverWebhookWorker implements JobHandler<JobName.DeliverWebhook>, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private redis?: RedisClient;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: WebhooksRepository,
    private readonly jobs: WebhookJobs,
    private readonly http: SafeHttpClient,
    @Inject(WEBHOOK_SECRET_BOX) private readonly box: SecretBox | null,
    private readonly metrics: MetricsService,
  ) {}

  onModuleDestroy() {
    this.redis?.disconnect();
  }

  /** One slot of the subscription's semaphore, shared by every worker process through Redis. */
  private slotOf(subscriptionId: string): Semaphore {
    if (!this.redis) {
      this.redis = createRedis(this.config, { maxRetriesPerRequest: 2, connectTimeout: 2000 });
      this.redis.on('error', () => undefined); // BullMQ's own connections report the outage
    }
    const { perSubscriptionConcurrency, lockMs } = this.config.webhooks;
    return new Semaphore(
      this.redis,
      `${this.config.queuePrefix}:webhook-slots:${subscriptionId}`,
      perSubscriptionConcurrency,
      {
        lockTimeout: lockMs,
        refreshInterval: Math.floor(lockMs / 2),
        acquireTimeout: SLOT_WAIT_MS,
        retryInterval: 50,
        onLockLost: (err) =>
          this.logger.warn(
            { subscriptionId, error: err.message },
            'Webhook slot lost (its refresh came later than WEBHOOK_LOCK_MS); the request in flight finishes',
          ),
      },
    );
  }

  /** Counts each delivery a run dealt with by its outcome; a job put back for a busy subscription is not a run. */
  async handle(job: Job<WebhookDeliveryJobData>, token?: string): Promise<{ outcomes: Outcome[] }> {
    try {
      const outcomes = await this.process(job, token);
      for (const outcome of outcomes) this.metrics.webhookDeliveries.inc({ outcome });
      return { outcomes };
    } catch (err) {
      if (!(err instanceof DelayedError))
        this.metrics.webhookDeliveries.inc({ outcome: err instanceof RetryLater ? 'retrying' : 'failed' });
      throw err;
    }
  }

  /**
   * The deliveries this job sends: its own delivery (of its generation), or the pending first
   * attempts of its batch. A batch's delivery already attempted (by an earlier run of the batch that
   * was cut short) is not sent again here: its own job, which the run added after recording the
   * attempt, is added again (the same id: at most one exists).
   */
  private async deliveriesOf(job: Job<WebhookDeliveryJobData>): Promise<DeliveryForJob[]> {
    const { deliveryId, generation, batchJob, organizationId } = job.data;
    const found = batchJob
      ? organizationId && isUUID(organizationId)
        ? await this.repo.deliveriesForJob({ batchJob, organizationId })
        : []
      : deliveryId && isUUID(deliveryId)
        ? await this.repo.deliveriesForJob({ ids: [deliveryId] })
        : [];
    const foreign = found.find((d) => organizationId !== undefined && d.organizationId !== organizationId);
    if (foreign) {
      this.logger.warn(
        { jobId: job.id, deliveryId: foreign.id, organizationId },
        'Delivery job refused: the delivery belongs to another organization',
      );
      throw new UnrecoverableError(`Refused: delivery ${foreign.id} does not belong to organization ${organizationId}`);
    }
    if (!batchJob) return found.filter((d) => d.generation === generation && d.status === 'pending');
    const attempted = found.filter((d) => d.attemptCount > 0);
    await this.jobs.enqueueOwn(
      organizationId!,
      attempted.map((d) => ({ ...d, delayMs: (d.nextAttemptAt?.getTime() ?? 0) - Date.now() })),
    );
    return found.filter((d) => d.attemptCount === 0).sort((a, b) => eventTime(a.body).localeCompare(eventTime(b.body)));
  }

  async process(job: Job<WebhookDeliveryJobData>, token?: string): Promise<Outcome[]> {
    const deliveries = await this.deliveriesOf(job);
    if (!deliveries.length) return ['skipped'];
    const subscription = deliveries[0].subscription;
    if (deliveries.some((d) => d.subscriptionId !== subscription.id))
      throw new UnrecoverableError(`Refused: batch ${job.id} holds deliveries of several subscriptions`);
    if (subscription.status !== 'active') {
      await this.repo.cancelDeliveries(deliveries);
      return deliveries.map(() => 'cancelled');
    }
    const slot = this.slotOf(subscription.id);
    if (!(await slot.tryAcquire())) {
      await job.moveToDelayed(Date.now() + SLOT_WAIT_MS + Math.floor(Math.random() * 2 * SLOT_WAIT_MS), token);
      throw new DelayedError();
    }
    try {
      return await this.attempt(job, deliveries);
    } finally {
      await slot.release().catch(() => undefined); // unreleased, it expires after WEBHOOK_LOCK_MS
    }
  }

  private secretsOf(s: DeliveryForJob['subscription']): string[] {
    if (!this.box) throw new Error(SECRET_KEY_MISSING);
    const secrets = [this.box.decrypt(s.secretEncrypted, s.id)];
    if (s.previousSecretEncrypted && s.previousSecretExpiresAt && s.previousSecretExpiresAt > new Date())
      secrets.push(this.box.decrypt(s.previousSecretEncrypted, s.id));
    return secrets;
  }

  /** One signed request; what came of it. */
  private async send(d: DeliveryForJob, secrets: string[]): Promise<Sent> {
    const headers: Record<string, string> = {
      ...(d.subscription.headers ?? {}),
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      ...webhookHeaders(secrets, d.eventId, Math.floor(Date.now() / 1000), d.body),
    };
    const sent: Sent = { d, headers, statusCode: null, responseBody: null, error: null, timedOut: false, latencyMs: 0 };
    const started = performance.now();
    try {
      const res = await this.http.request(d.subscription.url, {
        method: 'POST',
        headers,
        body: d.body,
        timeoutMs: this.config.webhooks.timeoutMs,
        maxBytes: RESPONSE_BYTES_KEPT,
      });
      sent.statusCode = res.status;
      sent.responseBody = res.body.toString('utf8').replace(/\u0000/g, '');
      sent.retryAfter = res.headers['retry-after'];
      if (!isSuccess(res.status))
        sent.error =
          res.status >= 300 && res.status < 400 ? `Redirect (${res.status}) not followed` : `HTTP ${res.status}`;
    } catch (err) {
      sent.timedOut = (err as { code?: string }).code === 'TIMEOUT';
      sent.error = (err as Error).message || String(err);
    }
    sent.latencyMs = Math.round(performance.now() - started);
    return sent;
  }

  /**
   * Sends the deliveries one after the other over the subscription's kept-alive connection (one slot
   * of the subscription), then records every attempt in one statement. A batch stops sending after
   * BATCH_BUDGET_MS: the deliveries it did not reach move to a few new batches (splitRest), so a
   * slow receiver gets its requests side by side, up to its slots. A failed delivery of a batch
   * leaves it for a job of its own, delayed as the retry policy says; a delivery's own job throws
   * RetryLater instead (BullMQ runs it again after the delay).
   */
  private async attempt(job: Job<WebhookDeliveryJobData>, deliveries: DeliveryForJob[]): Promise<Outcome[]> {
    const batch = !!job.data.batchJob;
    const subscription = deliveries[0].subscription;
    const secrets = this.secretsOf(subscription);
    const started = Date.now();
    const sent: Sent[] = [];
    for (const d of deliveries) {
      if (sent.length && Date.now() - started >= BATCH_BUDGET_MS) break;
      sent.push(await this.send(d, secrets));
    }
    const retry = this.config.webhooks;
    const attempts = sent.map((x) => {
      const delayMs =
        isSuccess(x.statusCode) || x.statusCode === 410
          ? null
          : nextRetryDelayMs(x.d.attemptCount + 1, x, {
              scheduleSeconds: retry.retryScheduleSeconds,
              slowDownSeconds: retry.slowDownSeconds,
            });
      const status: DeliveryStatus = isSuccess(x.statusCode) ? 'succeeded' : delayMs === null ? 'failed' : 'pending';
      return { x, delayMs, status };
    });
    const recorded = await this.repo.recordAttempts(
      attempts.map(({ x, delayMs, status }) => ({
        id: x.d.id,
        generation: x.d.generation,
        attemptCount: x.d.attemptCount,
        status,
        success: status === 'succeeded',
        statusCode: x.statusCode,
        latencyMs: x.latencyMs,
        responseBody: x.responseBody,
        error: x.error,
        nextAttemptAt: delayMs === null ? null : new Date(Date.now() + delayMs),
        requestHeaders: x.headers,
      })),
    );
    const organizationId = deliveries[0].organizationId;
    const ctx = { subscriptionId: subscription.id, organizationId };
    const outcomes: Outcome[] = attempts.map(({ x, status }) =>
      status === 'succeeded'
        ? 'succeeded'
        : x.statusCode === 410
          ? 'gone'
          : status === 'pending'
            ? 'retrying'
            : 'failed',
    );

    // The subscription's failing mark is cleared only when it was set as this job read it (one statement
    // less per delivery); one set meanwhile by a concurrent failure is cleared by the next success.
    if (subscription.failingSince && attempts.some((a) => a.status === 'succeeded' && recorded.has(a.x.d.id)))
      await this.repo.markSubscriptionHealthy(subscription.id);
    // A delivery left pending when its subscription is disabled here is cancelled by its next run.
    if (
      outcomes.includes('gone') &&
      (await this.repo.disableSubscription(subscription.id, 'The endpoint answered 410 Gone'))
    )
      this.logger.warn(ctx, 'Webhook subscription disabled: the endpoint answered 410 Gone');
    if (attempts.some((a) => a.status !== 'succeeded')) {
      const failingSince = await this.repo.markSubscriptionFailing(subscription.id);
      if (
        failingSince &&
        Date.now() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS &&
        (await this.repo.disableSubscription(subscription.id, 'Every delivery failed for 5 days'))
      )
        this.logger.warn(
          { ...ctx, failingSince: failingSince.toISOString() },
          'Webhook subscription disabled: every delivery failed for 5 days',
        );
    }
    const retrying = attempts.filter((a) => a.status === 'pending' && recorded.has(a.x.d.id));
    if (!batch) {
      const [only] = attempts;
      if (only?.status !== 'pending') return outcomes;
      if (!recorded.has(only.x.d.id)) return ['failed'];
      throw new RetryLater(only.x.error ?? 'failed', only.delayMs!);
    }
    const moved = await this.repo.moveToBatches(
      organizationId,
      job.data.batchJob!,
      splitRest(deliveries.slice(sent.length), sent.length, Date.now() - started, retry.perSubscriptionConcurrency).map(
        (piece) => ({ batchJob: WebhookJobs.batchJobPrefix() + subscription.id, ids: piece.map((d) => d.id) }),
      ),
    );
    await this.jobs.enqueue(organizationId, [
      ...retrying.map((a) => ({ ...a.x.d, batchJob: null, delayMs: a.delayMs! })),
      ...moved,
    ]);
    return outcomes;
  }
}

/**
 * The deliveries a batch did not reach within its budget, in pieces that each take about one budget
 * at the pace this batch kept (`sent` in `elapsedMs`), as many as the subscription has slots at most:
 * a slow receiver gets its requests side by side up to its limit, and the split costs a few jobs
 * rather than one per delivery (which, under load, made every delivery dearer as the load grew).
 */
export function splitRest<T>(rest: T[], sent: number, elapsedMs: number, slots: number): T[][] {
  if (!rest.length) return [];
  const perBudget = Math.max(1, Math.floor((sent * BATCH_BUDGET_MS) / Math.max(elapsedMs, 1)));
  const pieces = Math.max(1, Math.min(slots, Math.ceil(rest.length / perBudget)));
  const size = Math.ceil(rest.length / pieces);
  const out: T[][] = [];
  for (let i = 0; i < rest.length; i += size) out.push(rest.slice(i, i + size));
  return out;
}

/**
 * An event's time, read from the start of its body (`{"type":…,"timestamp":"<ISO>",…}`, eventBody):
 * a batch sends its deliveries in the order of their events (one fan-out statement creates them
 * with the same `created_at`).
 */
const eventTime = (body: string) => /"timestamp":"([^"]*)"/.exec(body.slice(0, 200))?.[1] ?? '';

/** One request made, and what came of it. */
interface Sent {
  d: DeliveryForJob;
  headers: Record<string, string>;
  statusCode: number | null;
  responseBody: string | null;
  retryAfter?: string | string[];
  error: string | null;
  timedOut: boolean;
  latencyMs: number;
}

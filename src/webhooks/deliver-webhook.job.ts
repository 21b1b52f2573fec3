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
import { DeliveryForJob, WebhooksRepository } from './webhooks.repository';

export const WEBHOOK_USER_AGENT = 'Corroborate-Webhooks/0.1 (+https://github.com/corroborate)';
/** A subscription failing without a single success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;
const RESPONSE_BYTES_KEPT = 4096;
/** How long a job waits for a slot of its subscription before it is put back (delayed 1 to 3 times this). */
const SLOT_WAIT_MS = 250;

type Outcome = 'succeeded' | 'retrying' | 'failed' | 'gone' | 'skipped' | 'cancelled';

/**
 * Runs delivery jobs: one BullMQ job per delivery (and generation). Each run makes one signed
 * attempt through the SSRF-safe client, logs it, and either completes, or throws RetryLater so
 * BullMQ schedules the next attempt with the delay the retry policy chose.
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

  /** Counts each run by outcome; a job put back for a busy subscription is not a run. */
  async handle(job: Job<WebhookDeliveryJobData>, token?: string): Promise<{ outcome: Outcome }> {
    try {
      const result = await this.process(job, token);
      this.metrics.webhookDeliveries.inc({ outcome: result.outcome });
      return result;
    } catch (err) {
      if (!(err instanceof DelayedError))
        this.metrics.webhookDeliveries.inc({ outcome: err instanceof RetryLater ? 'retrying' : 'failed' });
      throw err;
    }
  }

  async process(job: Job<WebhookDeliveryJobData>, token?: string): Promise<{ outcome: Outcome }> {
    const d = isUUID(job.data.deliveryId) ? await this.repo.findDeliveryForJob(job.data.deliveryId) : null;
    if (d && job.data.organizationId !== undefined && d.organizationId !== job.data.organizationId) {
      this.logger.warn(
        { jobId: job.id, deliveryId: d.id, organizationId: job.data.organizationId },
        'Delivery job refused: the delivery belongs to another organization',
      );
      throw new UnrecoverableError(
        `Refused: delivery ${d.id} does not belong to organization ${job.data.organizationId}`,
      );
    }
    if (!d || d.generation !== job.data.generation || d.status !== 'pending') return { outcome: 'skipped' };
    if (d.subscription.status !== 'active') {
      await this.repo.cancelDelivery(d.id, d.generation);
      return { outcome: 'cancelled' };
    }
    const slot = this.slotOf(d.subscriptionId);
    if (!(await slot.tryAcquire())) {
      await job.moveToDelayed(Date.now() + SLOT_WAIT_MS + Math.floor(Math.random() * 2 * SLOT_WAIT_MS), token);
      throw new DelayedError();
    }
    try {
      return { outcome: await this.attempt(job, d) };
    } finally {
      await slot.release().catch(() => undefined); // unreleased, it expires after WEBHOOK_LOCK_MS
    }
  }

  private secretsOf(d: DeliveryForJob): string[] {
    const s = d.subscription;
    if (!this.box) throw new Error(SECRET_KEY_MISSING);
    const secrets = [this.box.decrypt(s.secretEncrypted, s.id)];
    if (s.previousSecretEncrypted && s.previousSecretExpiresAt && s.previousSecretExpiresAt > new Date())
      secrets.push(this.box.decrypt(s.previousSecretEncrypted, s.id));
    return secrets;
  }

  private async attempt(job: Job<WebhookDeliveryJobData>, d: DeliveryForJob): Promise<Outcome> {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      ...(d.subscription.headers ?? {}),
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      ...webhookHeaders(this.secretsOf(d), d.eventId, timestamp, d.body),
    };
    let statusCode: number | null = null;
    let responseBody: string | null = null;
    let retryAfter: string | string[] | undefined;
    let error: string | null = null;
    let timedOut = false;
    const started = performance.now();
    try {
      const res = await this.http.request(d.subscription.url, {
        method: 'POST',
        headers,
        body: d.body,
        timeoutMs: this.config.webhooks.timeoutMs,
        maxBytes: RESPONSE_BYTES_KEPT,
      });
      statusCode = res.status;
      responseBody = res.body.toString('utf8').replace(/\u0000/g, '');
      retryAfter = res.headers['retry-after'];
      if (!isSuccess(statusCode))
        error = statusCode >= 300 && statusCode < 400 ? `Redirect (${statusCode}) not followed` : `HTTP ${statusCode}`;
    } catch (err) {
      timedOut = (err as { code?: string }).code === 'TIMEOUT';
      error = (err as Error).message || String(err);
    }
    const latencyMs = Math.round(performance.now() - started);
    const ref = { id: d.id, generation: d.generation };

    if (isSuccess(statusCode)) {
      // The subscription's failing mark is cleared only when it was set as this job read it (one statement
      // less per delivery); one set meanwhile by a concurrent failure is cleared by the next success.
      if (
        (await this.repo.recordAttempt(
          ref,
          {
            success: true,
            statusCode,
            latencyMs,
            responseBody,
            error: null,
            nextAttemptAt: null,
            requestHeaders: headers,
          },
          'succeeded',
        )) &&
        d.subscription.failingSince
      )
        await this.repo.markSubscriptionHealthy(d.subscriptionId);
      return 'succeeded';
    }
    if (statusCode === 410) {
      await this.repo.recordAttempt(
        ref,
        { success: false, statusCode, latencyMs, responseBody, error, nextAttemptAt: null, requestHeaders: headers },
        'failed',
      );
      if (await this.repo.disableSubscription(d.subscriptionId, 'The endpoint answered 410 Gone')) {
        this.logger.warn(
          { subscriptionId: d.subscriptionId, organizationId: d.organizationId },
          'Webhook subscription disabled: the endpoint answered 410 Gone',
        );
      }
      return 'gone';
    }
    const delayMs = nextRetryDelayMs(
      job.attemptsMade + 1,
      { statusCode, timedOut, retryAfter },
      {
        scheduleSeconds: this.config.webhooks.retryScheduleSeconds,
        slowDownSeconds: this.config.webhooks.slowDownSeconds,
      },
    );
    const nextAttemptAt = delayMs === null ? null : new Date(Date.now() + delayMs);
    const recorded = await this.repo.recordAttempt(
      ref,
      { success: false, statusCode, latencyMs, responseBody, error, nextAttemptAt, requestHeaders: headers },
      delayMs === null ? 'failed' : 'pending',
    );
    const failingSince = await this.repo.markSubscriptionFailing(d.subscriptionId);
    if (
      failingSince &&
      Date.now() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS &&
      (await this.repo.disableSubscription(d.subscriptionId, 'Every delivery failed for 5 days'))
    ) {
      this.logger.warn(
        {
          subscriptionId: d.subscriptionId,
          organizationId: d.organizationId,
          failingSince: failingSince.toISOString(),
        },
        'Webhook subscription disabled: every delivery failed for 5 days',
      );
      return 'failed';
    }
    if (!recorded || delayMs === null) return 'failed';
    throw new RetryLater(error ?? 'failed', delayMs);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import { TimeCursor } from '../platform/api/pagination';
import { prepared } from '../platform/database/prepared';
import { WebhookAttempt } from './webhook-attempt.entity';
import { DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

/** The event a fan-out works on, as far as matching needs it. */
export interface FanOutEvent {
  eventId: string;
  type: string;
  organizationId: string;
  claimId: string | null;
  /** Newsroom named by the event itself (`data.claim.newsroomId`), used when the claim row is gone. */
  claimNewsroomId: string | null;
}

/** The request bodies of one event, by who reads it (WebhookFanOut). */
export interface FanOutBodies {
  /** For desk-level subscriptions: the event as recorded. */
  desk: string;
  /** For the subscriptions of the newsroom whose claim the event is about (`claimNewsroomId`). */
  own: string;
  /** For any other newsroom's subscription. */
  other: string;
}

export interface DeliveryFilters {
  status?: DeliveryStatus;
  eventType?: string;
  since?: Date;
  until?: Date;
}

export interface StatsWindow {
  attempts: number;
  succeeded: number;
  failed: number;
  p50: number | null;
  p95: number | null;
}

/** One attempt to record (`recordAttempts`), with the delivery's state as the job loaded it and its new status. */
export type RecordedAttempt = Pick<
  WebhookAttempt,
  'success' | 'statusCode' | 'latencyMs' | 'responseBody' | 'error' | 'nextAttemptAt'
> & {
  id: string;
  generation: number;
  /** The attempts made when the job loaded the delivery. */
  attemptCount: number;
  status: DeliveryStatus;
  requestHeaders?: Record<string, string> | null;
};

export interface DeliveryForJob {
  id: string;
  organizationId: string;
  subscriptionId: string;
  eventId: string;
  body: string;
  status: DeliveryStatus;
  generation: number;
  attemptCount: number;
  nextAttemptAt: Date | null;
  subscription: Pick<
    WebhookSubscription,
    | 'id'
    | 'url'
    | 'status'
    | 'headers'
    | 'secretEncrypted'
    | 'previousSecretEncrypted'
    | 'previousSecretExpiresAt'
    | 'failingSince'
  >;
}

/**
 * The only place that reads and writes webhook rows. Owner-facing queries start from `visible(p)`:
 * the caller's organization and, for a newsroom key, its own newsroom.
 */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private visible(p: Principal, manager: EntityManager = this.ds.manager): SelectQueryBuilder<WebhookSubscription> {
    const qb = manager
      .getRepository(WebhookSubscription)
      .createQueryBuilder('w')
      .where('w.organization_id = :org', { org: p.organizationId });
    if (p.newsroomId) qb.andWhere('w.newsroom_id = :own', { own: p.newsroomId });
    return qb;
  }

  find(p: Principal, id: string, manager?: EntityManager): Promise<WebhookSubscription | null> {
    return this.visible(p, manager).andWhere('w.id = :id', { id }).getOne();
  }

  list(p: Principal, cursor: TimeCursor | null, limit: number): Promise<WebhookSubscription[]> {
    const qb = this.visible(p);
    if (cursor) qb.andWhere('(w.created_at, w.id) < (:c, :i)', { c: cursor.createdAt, i: cursor.id });
    return qb
      .orderBy('w.created_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  async insert(row: Partial<WebhookSubscription> & { id: string }): Promise<WebhookSubscription> {
    const repo = this.ds.getRepository(WebhookSubscription);
    return repo.save(repo.create(row));
  }

  async update(p: Principal, id: string, changes: Partial<WebhookSubscription>): Promise<WebhookSubscription | null> {
    if (!(await this.find(p, id))) return null;
    await this.ds.getRepository(WebhookSubscription).update({ id, organizationId: p.organizationId }, changes);
    return this.find(p, id);
  }

  async remove(p: Principal, id: string): Promise<boolean> {
    const found = await this.find(p, id);
    if (!found) return false;
    await this.ds.getRepository(WebhookSubscription).delete({ id: found.id, organizationId: p.organizationId });
    return true;
  }

  /**
   * The fan-out of a batch of one organization's events, in one statement: finds for each event the
   * active subscriptions of the organization that want it, creates the deliveries that do not exist
   * yet (unique per event and subscription) and returns every pending delivery of those events for
   * those subscriptions.
   *
   * A subscription wants an event when the type is listed (or `*`) and it is desk-level (no
   * newsroom: every event), or owned by a newsroom the event concerns, or has scope `all` and the
   * event is a verdict. The newsrooms an event concerns: the one named by the event itself
   * (`data.claim.newsroomId`, used when the claim row is gone), its claim's; for verdict events
   * also the canonical claim's (when it is a duplicate) and those of the claims linked to it as
   * duplicates (they follow its verdict).
   * Each delivery stores the body its subscription may read (`FanOutBodies`), and its batch job:
   * `batchJobPrefix` (new for each call, WebhookJobs.batchJobPrefix) followed by its subscription's id.
   * One round trip for the batch: the delivery path is bound by round trips (docs/benchmarks.md).
   * The existing deliveries are looked up by (event, subscription) in a fenced subquery (`OFFSET 0`
   * keeps `status = 'pending'` out of it): joined plainly, a planner whose statistics were taken
   * with no delivery pending (after a quiet spell) walked the whole pending index for every event,
   * O(backlog) per statement during a burst (docs/benchmarks.md, session 13).
   */
  async fanOut(
    organizationId: string,
    events: { event: FanOutEvent; isVerdict: boolean; bodies: FanOutBodies }[],
    batchJobPrefix: string,
  ): Promise<{ id: string; generation: number; batchJob: string | null }[]> {
    if (!events.length) return [];
    return prepared(
      this.ds,
      'webhooks.fan-out',
      `WITH e AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb)
           AS e(n int, event_id uuid, type text, claim_id uuid, claim_newsroom_id uuid, is_verdict boolean, desk text, own text, other text)
       ), owners AS (
         SELECT e.n, e.claim_newsroom_id AS newsroom_id FROM e
         UNION SELECT e.n, c.newsroom_id FROM e JOIN claims c ON c.organization_id = $1 AND c.id = e.claim_id
         UNION SELECT e.n, k.newsroom_id FROM e JOIN claims c ON c.organization_id = $1 AND c.id = e.claim_id
                 JOIN claims k ON k.id = c.duplicate_of_id AND k.organization_id = c.organization_id WHERE e.is_verdict
         UNION SELECT e.n, d.newsroom_id FROM e JOIN claims d ON d.organization_id = $1 AND d.duplicate_of_id = e.claim_id WHERE e.is_verdict
       ), subs AS (
         SELECT e.n, s.id, s.newsroom_id FROM e JOIN webhook_subscriptions s
             ON s.organization_id = $1 AND s.status = 'active' AND (e.type = ANY(s.events) OR '*' = ANY(s.events))
          WHERE s.newsroom_id IS NULL
             OR s.newsroom_id IN (SELECT o.newsroom_id FROM owners o WHERE o.n = e.n AND o.newsroom_id IS NOT NULL)
             OR (s.scope = 'all' AND e.is_verdict)
       ), created AS (
         INSERT INTO webhook_deliveries (organization_id, subscription_id, event_id, event_type, body, batch_job)
         SELECT $1, subs.id, e.event_id, e.type,
                CASE WHEN subs.newsroom_id IS NULL THEN e.desk WHEN subs.newsroom_id = e.claim_newsroom_id THEN COALESCE(e.own, e.desk) ELSE COALESCE(e.other, e.desk) END,
                $3 || subs.id
           FROM subs JOIN e ON e.n = subs.n
         ON CONFLICT (event_id, subscription_id) DO NOTHING
         RETURNING id, generation, batch_job
       )
       SELECT id, generation, batch_job AS "batchJob" FROM created
       UNION ALL
       SELECT d.id, d.generation, d.batch_job FROM subs JOIN e ON e.n = subs.n
         CROSS JOIN LATERAL (SELECT x.id, x.generation, x.batch_job, x.status FROM webhook_deliveries x
                              WHERE x.event_id = e.event_id AND x.subscription_id = subs.id OFFSET 0) d
        WHERE d.status = 'pending'`,
      [
        organizationId,
        JSON.stringify(
          events.map(({ event: e, isVerdict, bodies }, n) => ({
            n,
            event_id: e.eventId,
            type: e.type,
            claim_id: e.claimId,
            claim_newsroom_id: e.claimNewsroomId,
            is_verdict: isVerdict,
            // A body equal to the desk's is sent once (null: the desk's): most events read the same to all.
            desk: bodies.desk,
            own: bodies.own === bodies.desk ? null : bodies.own,
            other: bodies.other === bodies.desk ? null : bodies.other,
          })),
        ),
        batchJobPrefix,
      ],
    );
  }

  /** A single delivery outside fan-out (ping). */
  async insertDelivery(
    row: Pick<WebhookDelivery, 'organizationId' | 'subscriptionId' | 'eventId' | 'eventType' | 'body'>,
  ): Promise<WebhookDelivery> {
    const repo = this.ds.getRepository(WebhookDelivery);
    return repo.save(repo.create(row));
  }

  /**
   * What a delivery job needs: the deliveries (by id, or the pending ones of a batch job) with their
   * subscription's address, state and secrets. One statement for a whole batch.
   */
  async deliveriesForJob(
    by: { ids: string[] } | { batchJob: string; organizationId: string },
  ): Promise<DeliveryForJob[]> {
    const where =
      'ids' in by
        ? { name: 'webhooks.deliveries-for-job', sql: 'd.id = ANY($1::uuid[])', params: [by.ids] }
        : {
            name: 'webhooks.deliveries-of-batch',
            sql: `d.batch_job = $1 AND d.organization_id = $2 AND d.status = 'pending'`,
            params: [by.batchJob, by.organizationId],
          };
    const rows = await prepared<DeliveryForJob & { subscription: DeliveryForJob['subscription'] }>(
      this.ds,
      where.name,
      `SELECT d.id, d.organization_id AS "organizationId", d.subscription_id AS "subscriptionId", d.event_id AS "eventId", d.body, d.status, d.generation,
              d.attempt_count AS "attemptCount", d.next_attempt_at AS "nextAttemptAt",
              json_build_object('id', s.id, 'url', s.url, 'status', s.status, 'headers', s.headers, 'secretEncrypted', s.secret_encrypted, 'previousSecretEncrypted', s.previous_secret_encrypted,
                                'previousSecretExpiresAt', s.previous_secret_expires_at, 'failingSince', s.failing_since) AS subscription
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE ${where.sql}
        ORDER BY d.created_at, d.id`,
      where.params,
    );
    const date = (v: string | null) => (v ? new Date(v) : null);
    return rows.map((row) => {
      const s = row.subscription as unknown as Record<string, string | null>;
      return {
        ...row,
        subscription: {
          ...row.subscription,
          previousSecretExpiresAt: date(s.previousSecretExpiresAt),
          failingSince: date(s.failingSince),
        },
      };
    });
  }

  findDelivery(p: Principal, subscriptionId: string, id: string): Promise<WebhookDelivery | null> {
    return this.ds
      .getRepository(WebhookDelivery)
      .findOne({ where: { id, subscriptionId, organizationId: p.organizationId } });
  }

  listDeliveries(
    p: Principal,
    subscriptionId: string,
    filters: DeliveryFilters,
    cursor: TimeCursor | null,
    limit: number,
  ): Promise<WebhookDelivery[]> {
    const qb = this.ds
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.organization_id = :org AND d.subscription_id = :sid', { org: p.organizationId, sid: subscriptionId });
    if (filters.status) qb.andWhere('d.status = :status', { status: filters.status });
    if (filters.eventType) qb.andWhere('d.event_type = :type', { type: filters.eventType });
    if (filters.since) qb.andWhere('d.created_at >= :since', { since: filters.since });
    if (filters.until) qb.andWhere('d.created_at < :until', { until: filters.until });
    if (cursor) qb.andWhere('(d.created_at, d.id) < (:c, :i)', { c: cursor.createdAt, i: cursor.id });
    return qb
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  attemptsOf(deliveryIds: string[]): Promise<WebhookAttempt[]> {
    if (!deliveryIds.length) return Promise.resolve([]);
    return this.ds
      .getRepository(WebhookAttempt)
      .createQueryBuilder('a')
      .where('a.delivery_id = ANY(:ids)', { ids: deliveryIds })
      .orderBy('a.id', 'ASC')
      .getMany();
  }

  /**
   * Recover: the failed deliveries of one subscription created since `since` become pending again
   * under a new generation, oldest first, at most `limit` of them (one statement; a concurrent
   * recover waits for the rows and then finds them no longer failed). Returns them and how many failed ones are left after this call.
   */
  async restartFailedSince(
    p: Principal,
    subscriptionId: string,
    since: Date,
    limit: number,
  ): Promise<{ restarted: { id: string; generation: number }[]; remaining: number }> {
    return this.ds.transaction(async (m) => {
      // An UPDATE answers [rows, count] through TypeORM's query().
      const [restarted]: [{ id: string; generation: number }[], number] = await m.query(
        `WITH picked AS (
           SELECT id FROM webhook_deliveries
            WHERE organization_id = $1 AND subscription_id = $2 AND status = 'failed' AND created_at >= $3
            ORDER BY created_at, id LIMIT $4 FOR UPDATE
         )
         UPDATE webhook_deliveries d SET status = 'pending', generation = d.generation + 1, next_attempt_at = now(), batch_job = NULL, updated_at = now()
           FROM picked WHERE d.id = picked.id RETURNING d.id, d.generation`,
        [p.organizationId, subscriptionId, since, limit],
      );
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE organization_id = $1 AND subscription_id = $2 AND status = 'failed' AND created_at >= $3`,
        [p.organizationId, subscriptionId, since],
      );
      return { restarted, remaining: n as number };
    });
  }

  /**
   * Attempt statistics of one subscription from the attempt log: per window (24 h, 7 days) the
   * attempts, successes, failures and latency percentiles; and the failed attempts since the last
   * successful one (the current failing streak).
   */
  async stats(
    p: Principal,
    subscriptionId: string,
  ): Promise<{ windows: Record<'day' | 'week', StatsWindow>; failingStreak: number }> {
    const rows: (StatsWindow & { w: 'day' | 'week' })[] = await this.ds.query(
      `WITH a AS (
         SELECT a.success, a.latency_ms, a.created_at FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
          WHERE d.organization_id = $1 AND d.subscription_id = $2 AND a.organization_id = $1 AND a.created_at > now() - interval '7 days'
       ), w AS (SELECT 'day' AS w, interval '1 day' AS span UNION ALL SELECT 'week', interval '7 days')
       SELECT w.w, count(a.*)::int AS attempts, count(*) FILTER (WHERE a.success)::int AS succeeded,
              count(*) FILTER (WHERE NOT a.success)::int AS failed,
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.latency_ms))::int AS p50,
              round(percentile_cont(0.95) WITHIN GROUP (ORDER BY a.latency_ms))::int AS p95
         FROM w LEFT JOIN a ON a.created_at > now() - w.span GROUP BY w.w`,
      [p.organizationId, subscriptionId],
    );
    const [{ streak }] = await this.ds.query(
      `SELECT count(*)::int AS streak FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
        WHERE d.organization_id = $1 AND d.subscription_id = $2 AND NOT a.success
          AND a.created_at > COALESCE((SELECT max(s.created_at) FROM webhook_attempts s JOIN webhook_deliveries sd ON sd.id = s.delivery_id
                                        WHERE sd.organization_id = $1 AND sd.subscription_id = $2 AND s.success), '-infinity')`,
      [p.organizationId, subscriptionId],
    );
    const byWindow = Object.fromEntries(rows.map(({ w, ...rest }) => [w, rest])) as Record<'day' | 'week', StatsWindow>;
    return { windows: byWindow, failingStreak: streak as number };
  }

  /** Marks a delivery pending again under a new generation; returns it, or null when unknown. */
  async restartDelivery(p: Principal, subscriptionId: string, id: string): Promise<WebhookDelivery | null> {
    const rows: { id: string }[][] = await this.ds.query(
      `UPDATE webhook_deliveries SET status = 'pending', generation = generation + 1, next_attempt_at = now(), batch_job = NULL, updated_at = now()
        WHERE id = $1 AND subscription_id = $2 AND organization_id = $3 RETURNING id`,
      [id, subscriptionId, p.organizationId],
    );
    return rows[0]?.length ? this.findDelivery(p, subscriptionId, id) : null;
  }

  /**
   * Records attempts and their deliveries' new states, in one statement for any number of them (so
   * atomically). Each is recorded only when its delivery is still as the job loaded it: the same
   * generation, pending, and `attemptCount` attempts made; a delivery that moved on meanwhile is
   * left as it is. Returns the ids of the deliveries recorded. A concurrent second recorder waits
   * for the row lock, then finds the delivery no longer as it loaded it.
   *
   * `pending` comes with each row (`loaded_status`), not as a literal: a literal would let the
   * planner read the partial index of pending deliveries, which statistics taken when nothing was
   * pending make it prefer to the primary key, walking the whole backlog for each batch
   * (docs/benchmarks.md, session 13). `cancelDeliveries` does the same.
   */
  async recordAttempts(attempts: RecordedAttempt[]): Promise<Set<string>> {
    if (!attempts.length) return new Set();
    const rows = await prepared<{ id: string }>(
      this.ds,
      'webhooks.record-attempts',
      `WITH v AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, generation int, attempt_count int, loaded_status text, status text, status_code int, next_attempt_at timestamptz,
                                                         success boolean, latency_ms int, response_body text, error text, request_headers jsonb)
       ), d AS (
         UPDATE webhook_deliveries w SET attempt_count = w.attempt_count + 1, status = v.status, last_status_code = v.status_code, next_attempt_at = v.next_attempt_at,
                succeeded_at = CASE WHEN v.status = 'succeeded' THEN now() ELSE w.succeeded_at END, updated_at = now()
           FROM v WHERE w.id = v.id AND w.generation = v.generation AND w.status = v.loaded_status AND w.attempt_count = v.attempt_count
          RETURNING w.id, w.organization_id, w.attempt_count
       )
       INSERT INTO webhook_attempts (organization_id, delivery_id, attempt_number, success, status_code, latency_ms, response_body, error, next_attempt_at, request_headers)
       SELECT d.organization_id, d.id, d.attempt_count, v.success, v.status_code, v.latency_ms, v.response_body, v.error, v.next_attempt_at, v.request_headers
         FROM d JOIN v ON v.id = d.id
       RETURNING delivery_id AS id`,
      [
        JSON.stringify(
          attempts.map((a) => ({
            id: a.id,
            generation: a.generation,
            attempt_count: a.attemptCount,
            loaded_status: 'pending',
            status: a.status,
            status_code: a.statusCode,
            next_attempt_at: a.nextAttemptAt,
            success: a.success,
            latency_ms: a.latencyMs,
            response_body: a.responseBody,
            error: a.error,
            request_headers: a.requestHeaders ?? null,
          })),
        ),
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Moves deliveries a batch did not reach to new batches (`batchJob` of each piece): only those still
   * pending in `fromBatch` with no attempt; returns the ones moved, with their new batch.
   */
  async moveToBatches(
    organizationId: string,
    fromBatch: string,
    pieces: { batchJob: string; ids: string[] }[],
  ): Promise<{ id: string; generation: number; batchJob: string }[]> {
    if (!pieces.length) return [];
    const rows = pieces.flatMap((p) => p.ids.map((id) => ({ id, batch: p.batchJob })));
    return prepared(
      this.ds,
      'webhooks.move-to-batches',
      `UPDATE webhook_deliveries w SET batch_job = v.batch, updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS v(id, batch)
        WHERE w.id = v.id AND w.organization_id = $3 AND w.batch_job = $4 AND w.status = 'pending' AND w.attempt_count = 0
       RETURNING w.id, w.generation, w.batch_job AS "batchJob"`,
      [rows.map((r) => r.id), rows.map((r) => r.batch), organizationId, fromBatch],
    );
  }

  /** Ends deliveries without an attempt (subscription paused, disabled or gone). */
  async cancelDeliveries(ds: { id: string; generation: number }[]): Promise<void> {
    await this.ds.query(
      `UPDATE webhook_deliveries w SET status = 'cancelled', next_attempt_at = NULL, updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::text[]) AS v(id, generation, loaded_status)
        WHERE w.id = v.id AND w.generation = v.generation AND w.status = v.loaded_status`,
      [ds.map((d) => d.id), ds.map((d) => d.generation), ds.map(() => 'pending')],
    );
  }

  async markSubscriptionHealthy(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
      [id],
    );
  }

  /** Notes a failure; returns when the subscription has been failing since. */
  async markSubscriptionFailing(id: string): Promise<Date | null> {
    const rows: { failing_since: Date }[][] = await this.ds.query(
      `UPDATE webhook_subscriptions SET failing_since = COALESCE(failing_since, now()) WHERE id = $1 RETURNING failing_since`,
      [id],
    );
    return rows[0]?.[0]?.failing_since ?? null;
  }

  /** Disables an active subscription; true when this call did it. */
  async disableSubscription(id: string, reason: string): Promise<boolean> {
    const rows: { id: string }[][] = await this.ds.query(
      `UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = $2, updated_at = now() WHERE id = $1 AND status = 'active' RETURNING id`,
      [id, reason],
    );
    return (rows[0]?.length ?? 0) > 0;
  }

  /**
   * Deliveries of every organization still pending with nothing scheduled: created at least
   * `quietSeconds` ago and without a retry due in the future (a delivery waiting for its next
   * attempt has `next_attempt_at` ahead), oldest first, after `after` when given (the last row of
   * the reconciler's previous page: `createdAt` as PostgreSQL wrote it, text, so no precision is lost).
   * The reconciler checks each one's job.
   */
  pendingIdleAcrossTenants(
    quietSeconds: number,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<{ id: string; generation: number; organizationId: string; batchJob: string | null; createdAt: string }[]> {
    return this.ds.query(
      `SELECT id, generation, organization_id AS "organizationId", batch_job AS "batchJob", created_at::text AS "createdAt"
         FROM webhook_deliveries
        WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
          AND (next_attempt_at IS NULL OR next_attempt_at < now() - make_interval(secs => $1))
          AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY created_at, id LIMIT $2`,
      [quietSeconds, limit, after?.createdAt ?? null, after?.id ?? null],
    );
  }
}

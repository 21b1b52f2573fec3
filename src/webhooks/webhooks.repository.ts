import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../auth/principal';
import { TimeCursor } from '../common/pagination';
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

export type DeliveryWithSubscription = WebhookDelivery & { subscription: WebhookSubscription };

/**
 * The only place that reads and writes webhook rows. Owner-facing queries start from `visible(p)`:
 * the caller's organization and, for a newsroom key, its own newsroom.
 */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private visible(p: Principal, manager: EntityManager = this.ds.manager): SelectQueryBuilder<WebhookSubscription> {
    const qb = manager.getRepository(WebhookSubscription).createQueryBuilder('w').where('w.organization_id = :org', { org: p.organizationId });
    if (p.newsroomId) qb.andWhere('w.newsroom_id = :own', { own: p.newsroomId });
    return qb;
  }

  find(p: Principal, id: string, manager?: EntityManager): Promise<WebhookSubscription | null> {
    return this.visible(p, manager).andWhere('w.id = :id', { id }).getOne();
  }

  list(p: Principal, cursor: TimeCursor | null, limit: number): Promise<WebhookSubscription[]> {
    const qb = this.visible(p);
    if (cursor) qb.andWhere('(w.created_at, w.id) < (:c, :i)', { c: cursor.createdAt, i: cursor.id });
    return qb.orderBy('w.created_at', 'DESC').addOrderBy('w.id', 'DESC').limit(limit + 1).getMany();
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
   * Newsrooms whose `own` subscriptions an event reaches: the newsroom of the event's claim; for
   * verdict events also the newsroom of its canonical claim (when it is a duplicate) and those of
   * the claims linked to it as duplicates (they follow its verdict).
   */
  async ownerNewsrooms(e: FanOutEvent, withDuplicates: boolean): Promise<string[]> {
    const owners = new Set<string>();
    if (e.claimNewsroomId) owners.add(e.claimNewsroomId);
    if (e.claimId) {
      const rows: { newsroom_id: string | null }[] = await this.ds.query(
        withDuplicates
          ? `SELECT c.newsroom_id FROM claims c WHERE c.organization_id = $1 AND c.id = $2
             UNION SELECT k.newsroom_id FROM claims c JOIN claims k ON k.id = c.duplicate_of_id AND k.organization_id = c.organization_id WHERE c.organization_id = $1 AND c.id = $2
             UNION SELECT d.newsroom_id FROM claims d WHERE d.organization_id = $1 AND d.duplicate_of_id = $2`
          : `SELECT c.newsroom_id FROM claims c WHERE c.organization_id = $1 AND c.id = $2`,
        [e.organizationId, e.claimId],
      );
      for (const r of rows) if (r.newsroom_id) owners.add(r.newsroom_id);
    }
    return [...owners];
  }

  /**
   * Active subscriptions of the organization that want this event: type listed (or `*`), and
   * desk-level (no newsroom: every event), or owned by one of `owners`, or scope `all` for verdict events.
   */
  async matchingSubscriptionIds(e: FanOutEvent, owners: string[], isVerdict: boolean): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM webhook_subscriptions
        WHERE organization_id = $1 AND status = 'active' AND ($2 = ANY(events) OR '*' = ANY(events))
          AND (newsroom_id IS NULL OR newsroom_id = ANY($3::uuid[]) OR (scope = 'all' AND $4))`,
      [e.organizationId, e.type, owners, isVerdict],
    );
    return rows.map((r) => r.id);
  }

  /** Creates the deliveries that do not exist yet and returns every pending delivery of the event for these subscriptions. */
  async createDeliveries(e: FanOutEvent, subscriptionIds: string[], body: string): Promise<{ id: string; generation: number }[]> {
    if (!subscriptionIds.length) return [];
    await this.ds.query(
      `INSERT INTO webhook_deliveries (organization_id, subscription_id, event_id, event_type, body)
       SELECT $1, s, $2, $3, $4 FROM unnest($5::uuid[]) AS s
       ON CONFLICT (event_id, subscription_id) DO NOTHING`,
      [e.organizationId, e.eventId, e.type, body, subscriptionIds],
    );
    return this.ds.query(`SELECT id, generation FROM webhook_deliveries WHERE event_id = $1 AND subscription_id = ANY($2::uuid[]) AND status = 'pending'`, [e.eventId, subscriptionIds]);
  }

  /** A single delivery outside fan-out (ping). */
  async insertDelivery(row: Pick<WebhookDelivery, 'organizationId' | 'subscriptionId' | 'eventId' | 'eventType' | 'body'>): Promise<WebhookDelivery> {
    const repo = this.ds.getRepository(WebhookDelivery);
    return repo.save(repo.create(row));
  }

  findDeliveryForJob(id: string): Promise<DeliveryWithSubscription | null> {
    return this.ds
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .innerJoinAndSelect('d.subscription', 's')
      .where('d.id = :id', { id })
      .getOne() as Promise<DeliveryWithSubscription | null>;
  }

  findDelivery(p: Principal, subscriptionId: string, id: string): Promise<WebhookDelivery | null> {
    return this.ds.getRepository(WebhookDelivery).findOne({ where: { id, subscriptionId, organizationId: p.organizationId } });
  }

  listDeliveries(p: Principal, subscriptionId: string, status: DeliveryStatus | undefined, cursor: TimeCursor | null, limit: number): Promise<WebhookDelivery[]> {
    const qb = this.ds
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.organization_id = :org AND d.subscription_id = :sid', { org: p.organizationId, sid: subscriptionId });
    if (status) qb.andWhere('d.status = :status', { status });
    if (cursor) qb.andWhere('(d.created_at, d.id) < (:c, :i)', { c: cursor.createdAt, i: cursor.id });
    return qb.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit + 1).getMany();
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

  /** Marks a delivery pending again under a new generation; returns it, or null when unknown. */
  async restartDelivery(p: Principal, subscriptionId: string, id: string): Promise<WebhookDelivery | null> {
    const rows: { id: string }[][] = await this.ds.query(
      `UPDATE webhook_deliveries SET status = 'pending', generation = generation + 1, next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND subscription_id = $2 AND organization_id = $3 RETURNING id`,
      [id, subscriptionId, p.organizationId],
    );
    return rows[0]?.length ? this.findDelivery(p, subscriptionId, id) : null;
  }

  /**
   * Records one attempt and the delivery's new state in one transaction; does nothing (returns
   * false) when the delivery moved on meanwhile (another generation, or no longer pending).
   */
  async recordAttempt(
    d: { id: string; organizationId: string; generation: number },
    a: Pick<WebhookAttempt, 'success' | 'statusCode' | 'latencyMs' | 'responseBody' | 'error' | 'nextAttemptAt'>,
    status: DeliveryStatus,
  ): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const locked: { attempt_count: number }[] = await m.query(
        `SELECT attempt_count FROM webhook_deliveries WHERE id = $1 AND generation = $2 AND status = 'pending' FOR UPDATE`,
        [d.id, d.generation],
      );
      if (!locked.length) return false;
      const attemptNumber = locked[0].attempt_count + 1;
      await m.getRepository(WebhookAttempt).insert({ organizationId: d.organizationId, deliveryId: d.id, attemptNumber, ...a });
      await m.query(
        `UPDATE webhook_deliveries SET attempt_count = $2, status = $3, last_status_code = $4, next_attempt_at = $5,
                succeeded_at = CASE WHEN $3 = 'succeeded' THEN now() ELSE succeeded_at END, updated_at = now()
          WHERE id = $1`,
        [d.id, attemptNumber, status, a.statusCode, a.nextAttemptAt],
      );
      return true;
    });
  }

  /** Ends a delivery without an attempt (subscription paused, disabled or gone). */
  async cancelDelivery(id: string, generation: number): Promise<void> {
    await this.ds.query(`UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = now() WHERE id = $1 AND generation = $2 AND status = 'pending'`, [id, generation]);
  }

  async markSubscriptionHealthy(id: string): Promise<void> {
    await this.ds.query(`UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [id]);
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
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../platform/tenancy/principal';
import { SafeHttpClient, SsrfError } from '../platform/http/safe-http';
import { Problem } from '../platform/api/problem';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { SecretBox, WEBHOOK_SECRET_BOX } from './secret-box';
import { SECRET_KEY_MISSING } from './secret-box.provider';
import { newWebhookSecret } from './signing';
import { WebhookJobs } from './webhook-jobs';
import { WebhookSubscription } from './webhook-subscription.entity';
import {
  deliveryDetailView,
  deliveryView,
  subscriptionView,
  type WebhookRecoverView,
  type WebhookSecretView,
  type WebhookStatsView,
} from './webhook.view';
import { DeliveryFilters, StatsWindow, WebhooksRepository } from './webhooks.repository';
import { normaliseHeaders } from './custom-headers';
import { testEventBody } from './test-events';
import type { EventType } from '../platform/queue/queue-names';

/** How long the secret replaced by a rotation keeps signing. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;
/** The most failed deliveries one recover call sends again (the answer says how many are left). */
export const RECOVER_LIMIT = 500;
/** How far back a recover may reach. */
export const RECOVER_MAX_AGE_MS = 14 * 24 * 3600 * 1000;

/** Subscriptions, secrets, pings and redeliveries, for the owner of a subscription. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly jobs: WebhookJobs,
    private readonly http: SafeHttpClient,
    @Inject(WEBHOOK_SECRET_BOX) private readonly secretBox: SecretBox | null,
  ) {}

  private get box(): SecretBox {
    if (!this.secretBox) throw Problem.unavailable(SECRET_KEY_MISSING);
    return this.secretBox;
  }

  /** Refuses URLs that are not https or that resolve to a forbidden address (checked again at each connection). */
  private async checkUrl(url: string): Promise<void> {
    try {
      this.http.checkUrl(url, { requireHttps: true });
      await this.http.checkResolves(url);
    } catch (err) {
      if (err instanceof SsrfError)
        throw Problem.badRequest(`url: ${err.message}`, [{ path: 'url', message: err.message }]);
      throw err;
    }
  }

  async create(p: Principal, dto: CreateWebhookDto) {
    const box = this.box;
    await this.checkUrl(dto.url);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const sub = await this.repo.insert({
      id,
      organizationId: p.organizationId,
      newsroomId: p.newsroomId,
      url: dto.url,
      description: dto.description ?? null,
      events: dto.events,
      headers: normaliseHeaders(dto.headers ?? {}),
      scope: dto.scope ?? (p.newsroomId ? 'own' : 'all'),
      status: 'active',
      secretEncrypted: box.encrypt(secret, id),
    });
    return { ...subscriptionView(sub), secret };
  }

  async get(p: Principal, id: string): Promise<WebhookSubscription> {
    const sub = await this.repo.find(p, id);
    if (!sub) throw Problem.notFound('Webhook');
    return sub;
  }

  async update(p: Principal, id: string, dto: UpdateWebhookDto) {
    const current = await this.get(p, id);
    if (dto.url !== undefined && dto.url !== current.url) await this.checkUrl(dto.url);
    const changes: Partial<WebhookSubscription> = {};
    if (dto.url !== undefined) changes.url = dto.url;
    if (dto.events !== undefined) changes.events = dto.events;
    if (dto.description !== undefined) changes.description = dto.description || null;
    if (dto.scope !== undefined) changes.scope = dto.scope;
    if (dto.headers !== undefined) changes.headers = normaliseHeaders(dto.headers);
    if (dto.status !== undefined && dto.status !== current.status) {
      changes.status = dto.status;
      if (dto.status === 'active') Object.assign(changes, { disabledReason: null, failingSince: null });
    }
    const sub = Object.keys(changes).length ? await this.repo.update(p, id, changes) : current;
    if (!sub) throw Problem.notFound('Webhook');
    return subscriptionView(sub);
  }

  async remove(p: Principal, id: string): Promise<void> {
    if (!(await this.repo.remove(p, id))) throw Problem.notFound('Webhook');
  }

  /** A new secret, returned once; the replaced one keeps signing alongside it for 24 hours. */
  async rotateSecret(p: Principal, id: string) {
    const box = this.box;
    const current = await this.get(p, id);
    const secret = newWebhookSecret();
    const sub = await this.repo.update(p, id, {
      secretEncrypted: box.encrypt(secret, id),
      previousSecretEncrypted: current.secretEncrypted,
      previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS),
    });
    if (!sub) throw Problem.notFound('Webhook');
    return { ...subscriptionView(sub), secret };
  }

  /**
   * Sends a test event to this subscription only, through the normal delivery path: `webhook.ping`
   * by default, or the catalog's recorded example of another event type (test-events.ts).
   */
  async ping(p: Principal, id: string, type: EventType = 'webhook.ping') {
    const sub = await this.get(p, id);
    if (sub.status !== 'active')
      throw Problem.conflict(`The webhook is ${sub.status}; resume it first`, 'webhook-not-active');
    const eventId = randomUUID();
    const body = testEventBody(type, sub.id, new Date());
    const delivery = await this.repo.insertDelivery({
      organizationId: p.organizationId,
      subscriptionId: sub.id,
      eventId,
      eventType: type,
      body,
    });
    await this.jobs.enqueue(p.organizationId, [delivery]);
    return deliveryView(delivery);
  }

  /** Sends a delivery again with the same webhook-id, whatever its state; retries start over. */
  async redeliver(p: Principal, id: string, deliveryId: string) {
    const sub = await this.get(p, id);
    if (sub.status !== 'active')
      throw Problem.conflict(`The webhook is ${sub.status}; resume it first`, 'webhook-not-active');
    const delivery = await this.repo.restartDelivery(p, sub.id, deliveryId);
    if (!delivery) throw Problem.notFound('Delivery');
    await this.jobs.enqueue(p.organizationId, [delivery]);
    return deliveryView(delivery);
  }

  /**
   * Recover: every failed delivery of the subscription since `since` is sent again (same
   * webhook-id), at most RECOVER_LIMIT per call. Idempotent: a recovered delivery is pending (then
   * succeeded or failed again), so a second call with the same `since` does not send it twice
   * while it is under way; `remaining` says when another call is needed.
   */
  async recover(p: Principal, id: string, since: Date): Promise<WebhookRecoverView> {
    if (since.getTime() > Date.now())
      throw Problem.badRequest('since: must not be in the future', [
        { path: 'since', message: 'must not be in the future' },
      ]);
    if (since.getTime() < Date.now() - RECOVER_MAX_AGE_MS)
      throw Problem.badRequest('since: at most 14 days ago', [{ path: 'since', message: 'at most 14 days ago' }]);
    const sub = await this.get(p, id);
    if (sub.status !== 'active')
      throw Problem.conflict(`The webhook is ${sub.status}; resume it first`, 'webhook-not-active');
    const { restarted, remaining } = await this.repo.restartFailedSince(p, sub.id, since, RECOVER_LIMIT);
    await this.jobs.enqueue(p.organizationId, restarted);
    return { recovered: restarted.length, remaining, since: since.toISOString() };
  }

  /** The signing secret (and the previous one while it still signs), for the owner who asks. */
  async revealSecret(p: Principal, id: string): Promise<WebhookSecretView> {
    const box = this.box;
    const sub = await this.get(p, id);
    const live = sub.previousSecretEncrypted && sub.previousSecretExpiresAt && sub.previousSecretExpiresAt > new Date();
    return {
      secret: box.decrypt(sub.secretEncrypted, sub.id),
      previousSecret: live ? box.decrypt(sub.previousSecretEncrypted!, sub.id) : null,
      previousSecretExpiresAt: live ? sub.previousSecretExpiresAt!.toISOString() : null,
    };
  }

  async stats(p: Principal, id: string): Promise<WebhookStatsView> {
    const sub = await this.get(p, id);
    const { windows, failingStreak } = await this.repo.stats(p, sub.id);
    const view = (w: StatsWindow | undefined) => ({
      attempts: w?.attempts ?? 0,
      succeeded: w?.succeeded ?? 0,
      failed: w?.failed ?? 0,
      successRate: w?.attempts ? Math.round((w.succeeded / w.attempts) * 1000) / 1000 : null,
      p50LatencyMs: w?.p50 ?? null,
      p95LatencyMs: w?.p95 ?? null,
    });
    return { last24h: view(windows.day), last7d: view(windows.week), failingStreak };
  }

  /** One delivery with its payload and every attempt with the headers sent. */
  async delivery(p: Principal, id: string, deliveryId: string) {
    const sub = await this.get(p, id);
    const d = await this.repo.findDelivery(p, sub.id, deliveryId);
    if (!d) throw Problem.notFound('Delivery');
    return deliveryDetailView(d, await this.repo.attemptsOf([d.id]));
  }

  async deliveries(
    p: Principal,
    id: string,
    filters: DeliveryFilters,
    cursor: Parameters<WebhooksRepository['listDeliveries']>[3],
    limit: number,
  ) {
    const sub = await this.get(p, id);
    const rows = await this.repo.listDeliveries(p, sub.id, filters, cursor, limit);
    const attempts = await this.repo.attemptsOf(rows.slice(0, limit).map((d) => d.id));
    return { rows, attempts };
  }
}

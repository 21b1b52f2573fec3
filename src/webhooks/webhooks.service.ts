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
import { deliveryView, subscriptionView } from './webhook.view';
import { WebhooksRepository } from './webhooks.repository';

/** How long the secret replaced by a rotation keeps signing. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

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

  /** Sends `webhook.ping` to this subscription only, through the normal delivery path. */
  async ping(p: Principal, id: string) {
    const sub = await this.get(p, id);
    if (sub.status !== 'active')
      throw Problem.conflict(`The webhook is ${sub.status}; resume it first`, 'webhook-not-active');
    const eventId = randomUUID();
    const body = JSON.stringify({
      type: 'webhook.ping',
      timestamp: new Date().toISOString(),
      data: { webhookId: sub.id },
    });
    const delivery = await this.repo.insertDelivery({
      organizationId: p.organizationId,
      subscriptionId: sub.id,
      eventId,
      eventType: 'webhook.ping',
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

  async deliveries(
    p: Principal,
    id: string,
    status: Parameters<WebhooksRepository['listDeliveries']>[2],
    cursor: Parameters<WebhooksRepository['listDeliveries']>[3],
    limit: number,
  ) {
    const sub = await this.get(p, id);
    const rows = await this.repo.listDeliveries(p, sub.id, status, cursor, limit);
    const attempts = await this.repo.attemptsOf(rows.slice(0, limit).map((d) => d.id));
    return { rows, attempts };
  }
}

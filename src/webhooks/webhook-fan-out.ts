import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventHandlerRegistry } from '../outbox/event-handlers';
import type { DomainEvent } from '../queue/queue-names';
import { WebhookJobs } from './webhook-jobs';
import { FanOutEvent, WebhooksRepository } from './webhooks.repository';

/** The request body of an event: `{type, timestamp, data}`. */
export const eventBody = (e: Pick<DomainEvent, 'type' | 'timestamp' | 'data'>) => JSON.stringify({ type: e.type, timestamp: e.timestamp, data: e.data });

/**
 * Turns each outbox event into one delivery per matching subscription (created idempotently, unique
 * per event and subscription) and one delivery job each (deterministic job id). Running twice for the
 * same event creates nothing new.
 */
@Injectable()
export class WebhookFanOut implements OnModuleInit {
  constructor(
    private readonly registry: EventHandlerRegistry,
    private readonly repo: WebhooksRepository,
    private readonly jobs: WebhookJobs,
  ) {}

  onModuleInit() {
    this.registry.on('*', (e) => this.handle(e));
  }

  async handle(e: DomainEvent): Promise<void> {
    if (e.type === 'webhook.ping') return; // pings go to one subscription, never fanned out
    const claim = (e.data?.claim ?? null) as { id?: unknown; newsroomId?: unknown } | null;
    const event: FanOutEvent = {
      eventId: e.eventId,
      type: e.type,
      organizationId: e.organizationId,
      claimId: e.claimId ?? (typeof claim?.id === 'string' ? claim.id : null),
      claimNewsroomId: typeof claim?.newsroomId === 'string' ? claim.newsroomId : null,
    };
    const deliveries = await this.repo.fanOut(event, e.type.startsWith('verdict.'), eventBody(e));
    await this.jobs.enqueue(e.organizationId, deliveries);
  }
}

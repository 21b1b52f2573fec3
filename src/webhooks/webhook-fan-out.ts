import { Injectable } from '@nestjs/common';
import { ClaimsRepository } from '../claims/claims.repository';
import type { EventReaction } from '../platform/outbox/event-reactions';
import type { DomainEvent } from '../platform/queue/queue-names';
import { forOtherNewsroom, linkedClaimIds, withReadableLinks } from './event-visibility';
import { WebhookJobs } from './webhook-jobs';
import { FanOutBodies, FanOutEvent, WebhooksRepository } from './webhooks.repository';

/** The request body of an event: `{type, timestamp, data}`. */
export const eventBody = (e: Pick<DomainEvent, 'type' | 'timestamp' | 'data'>) =>
  JSON.stringify({ type: e.type, timestamp: e.timestamp, data: e.data });

/**
 * Turns each outbox event into one delivery per matching subscription (created idempotently, unique
 * per event and subscription), and the deliveries of a batch of events into one delivery job per
 * subscription (deterministic job ids). Running twice for the same events creates nothing new.
 *
 * Each subscription gets the body its owner may read (event-visibility.ts): the event as recorded
 * for the desk, the claim's own newsroom without links to claims it cannot read, any other newsroom
 * (scope `all`, or a duplicate following this claim's verdict) only the claim's public fields.
 * That body is the one stored, signed and sent on every attempt.
 */
@Injectable()
export class WebhookFanOut implements EventReaction {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly jobs: WebhookJobs,
    private readonly claims: ClaimsRepository,
  ) {}

  async react(e: DomainEvent): Promise<void> {
    await this.reactMany([e]);
  }

  /**
   * A batch of one organization's events: their deliveries, then their jobs in one round trip. The
   * deliveries this run creates for one subscription share a batch job (named anew for each run),
   * which sends their first attempts; a delivery found pending from an earlier run keeps its job.
   */
  async reactMany(events: DomainEvent[]): Promise<void> {
    const fanned = [];
    for (const e of events) if (e.type !== 'webhook.ping') fanned.push(await this.prepare(e)); // pings go to one subscription
    const { organizationId } = events[0];
    const deliveries = await this.repo.fanOut(organizationId, fanned, WebhookJobs.batchJobPrefix());
    await this.jobs.enqueue(organizationId, deliveries);
  }

  /** What the fan-out statement needs of an event: who it concerns, and its bodies by reader. */
  private async prepare(e: DomainEvent): Promise<{ event: FanOutEvent; isVerdict: boolean; bodies: FanOutBodies }> {
    const claim = (e.data?.claim ?? null) as { id?: unknown; newsroomId?: unknown } | null;
    const event: FanOutEvent = {
      eventId: e.eventId,
      type: e.type,
      organizationId: e.organizationId,
      claimId: e.claimId ?? (typeof claim?.id === 'string' ? claim.id : null),
      claimNewsroomId: typeof claim?.newsroomId === 'string' ? claim.newsroomId : null,
    };
    const data = e.data ?? {};
    const links = linkedClaimIds(data);
    const ownData =
      event.claimNewsroomId && links.length
        ? withReadableLinks(
            data,
            await this.claims.readableBy(
              { organizationId: e.organizationId, newsroomId: event.claimNewsroomId },
              links,
            ),
          )
        : data;
    const bodies = {
      desk: eventBody(e),
      own: eventBody({ ...e, data: ownData }),
      other: eventBody({ ...e, data: forOtherNewsroom(data) }),
    };
    return { event, isVerdict: e.type.startsWith('verdict.'), bodies };
  }
}

import type { Type } from '@nestjs/common';
import type { DomainEvent, EventType } from '../queue/queue-names';

/** Reacts to a domain event. Must be idempotent: an event can be handled more than once. */
export interface EventReaction {
  /**
   * Should do little: typically add a job to its own queue with a deterministic job id (e.g.
   * `research-${eventId}`; BullMQ ids cannot contain ':'), so a redelivered event adds nothing.
   */
  react(event: DomainEvent): Promise<void>;
  /**
   * Optional: the same for several events of one organization at once (a batch of the relay), for
   * reactions that save round trips that way. A failure makes the caller retry each event alone.
   */
  reactMany?(events: DomainEvent[]): Promise<void>;
}

/** Who reacts to which event type (`*`: every event, after the type's own reactions), in order. */
export type EventReactions = Partial<Record<EventType | '*', Type<EventReaction>[]>>;

/** The deployment's reactions, provided by the worker module (see EVENT_REACTION_MAP in worker.module.ts). */
export const EVENT_REACTIONS = Symbol('EVENT_REACTIONS');

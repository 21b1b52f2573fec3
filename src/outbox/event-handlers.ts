import { Injectable } from '@nestjs/common';
import type { DomainEvent, EventType } from '../queue/queue-names';

/** Reacts to one domain event. Must be idempotent: an event can be handled more than once. */
export type EventHandler = (event: DomainEvent) => Promise<void>;

/**
 * Who reacts to which event. Feature modules register their handlers at start-up
 * (`onModuleInit() { registry.on('claim.received', e => ...) }`); the EventsProcessor calls them.
 * A handler should do little: typically add a job to its own queue with a deterministic job id
 * (e.g. `research-${eventId}`; BullMQ ids cannot contain ':'), so a redelivered event adds nothing.
 */
@Injectable()
export class EventHandlerRegistry {
  private readonly handlers = new Map<string, EventHandler[]>();

  on(type: EventType | '*', handler: EventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  handlersFor(type: string): EventHandler[] {
    return [...(this.handlers.get(type) ?? []), ...(this.handlers.get('*') ?? [])];
  }
}

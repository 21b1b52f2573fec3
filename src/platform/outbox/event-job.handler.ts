import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Job, UnrecoverableError } from 'bullmq';
import { isUUID } from 'class-validator';
import { HandlesJob, JobHandler, JobName } from '../queue/jobs';
import { EVENT_TYPES, EventJobData } from '../queue/queue-names';
import { EVENT_REACTIONS, type EventReaction, type EventReactions } from './event-reactions';
import { OutboxRepository } from './outbox.repository';

/**
 * Runs the reactions to one event: loads the event the job names from the outbox, scoped by the
 * job's organization, and calls every reaction of its type. A job naming an event its organization
 * does not have (a forged or corrupted job) is refused without retry and logged; a reaction failure
 * retries the job.
 */
@Injectable()
@HandlesJob(JobName.HandleEvent)
export class EventJobHandler implements JobHandler<JobName.HandleEvent>, OnModuleInit {
  private readonly logger = new Logger('Events');
  private readonly byType = new Map<string, EventReaction[]>();
  private everyEvent: EventReaction[] = [];

  constructor(
    @Inject(EVENT_REACTIONS) private readonly reactions: EventReactions,
    private readonly moduleRef: ModuleRef,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit() {
    const resolve = (types: EventReactions[keyof EventReactions] = []) =>
      types.map((type) => {
        try {
          return this.moduleRef.get(type, { strict: false });
        } catch {
          throw new Error(`The event reaction ${type.name} is not provided by any module of the worker`);
        }
      });
    this.everyEvent = resolve(this.reactions['*']);
    for (const type of EVENT_TYPES) this.byType.set(type, [...resolve(this.reactions[type]), ...this.everyEvent]);
  }

  async handle(job: Job<EventJobData>): Promise<{ handlers: number }> {
    const { eventId, organizationId, type } = job.data;
    const event = isUUID(eventId) && isUUID(organizationId) ? await this.outbox.load(organizationId, eventId) : null;
    if (!event || event.type !== type) {
      this.logger.warn(
        { jobId: job.id, eventId, organizationId, type },
        'Event job refused: its organization has no such event',
      );
      throw new UnrecoverableError(
        `Refused: organization ${String(organizationId)} has no ${String(type)} event ${String(eventId)}`,
      );
    }
    const reactions = this.byType.get(event.type) ?? this.everyEvent;
    for (const reaction of reactions) await reaction.react(event);
    return { handlers: reactions.length };
  }
}

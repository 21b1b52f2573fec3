import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { isUUID } from 'class-validator';
import { HandlesJob, JobHandler, JobName } from '../queue/jobs';
import { EVENT_TYPES, EventBatchJobData, EventJobData, QueueName } from '../queue/queue-names';
import { EVENT_REACTIONS, type EventReaction, type EventReactions } from './event-reactions';
import { OutboxRepository } from './outbox.repository';

/**
 * Runs the reactions to the events a job names: one event, or several of one organization (the
 * relay's batches, outbox-relay.ts). Events are loaded from the outbox scoped by the job's
 * organization; a job naming an event its organization does not have (a forged or corrupted job) is
 * refused without retry and logged.
 *
 * A reaction failure retries the job. In a batch, an event whose reaction fails does not hold the
 * others back: the others' reactions complete, and each failed event gets a job of its own (id =
 * event id), retried like any lone event; only when every event of the batch fails (the database
 * or Redis is down) is the batch itself retried. Reactions are idempotent, so an event handled
 * again costs nothing.
 */
@Injectable()
@HandlesJob(JobName.HandleEvent)
export class EventJobHandler implements JobHandler<JobName.HandleEvent>, OnModuleInit {
  private readonly logger = new Logger('Events');
  private readonly byType = new Map<string, EventReaction[]>();
  private everyEvent: EventReaction[] = [];
  /** Every reaction, type-specific ones first, as a batch applies them. */
  private ordered: EventReaction[] = [];

  constructor(
    @Inject(EVENT_REACTIONS) private readonly reactions: EventReactions,
    private readonly moduleRef: ModuleRef,
    private readonly outbox: OutboxRepository,
    @InjectQueue(QueueName.Events) private readonly events: Queue<EventJobData>,
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
    this.ordered = [...new Set([...this.byType.values()].flat())];
  }

  private reactionsOf(type: string): EventReaction[] {
    return this.byType.get(type) ?? this.everyEvent;
  }

  async handle(job: Job<EventJobData | EventBatchJobData>): Promise<{ handlers: number; failed?: number }> {
    if ('eventIds' in job.data) return this.handleBatch(job as Job<EventBatchJobData>);
    const { eventId, organizationId, type } = job.data;
    const event = isUUID(eventId) && isUUID(organizationId) ? await this.outbox.load(organizationId, eventId) : null;
    if (!event || event.type !== type)
      this.refuse(job, `organization ${String(organizationId)} has no ${String(type)} event ${String(eventId)}`);
    const reactions = this.reactionsOf(event.type);
    for (const reaction of reactions) await reaction.react(event);
    return { handlers: reactions.length };
  }

  private async handleBatch(job: Job<EventBatchJobData>): Promise<{ handlers: number; failed: number }> {
    const { eventIds, organizationId } = job.data;
    const valid = Array.isArray(eventIds) && eventIds.length > 0 && eventIds.every((id) => isUUID(id));
    const events = valid && isUUID(organizationId) ? await this.outbox.loadMany(organizationId, eventIds) : [];
    if (!valid || events.length !== new Set(eventIds).size)
      this.refuse(job, `organization ${String(organizationId)} does not have every event the job names`);
    const failed = new Map<string, unknown>();
    let handlers = 0;
    for (const reaction of this.ordered) {
      const targets = events.filter((e) => !failed.has(e.eventId) && this.reactionsOf(e.type).includes(reaction));
      if (!targets.length) continue;
      handlers++;
      try {
        if (reaction.reactMany && targets.length > 1) await reaction.reactMany(targets);
        else for (const e of targets) await reaction.react(e);
      } catch {
        // One by one, to find which events fail; the ones already done are idempotent.
        for (const e of targets) await reaction.react(e).catch((err: unknown) => failed.set(e.eventId, err));
      }
    }
    if (failed.size === events.length) throw [...failed.values()][0];
    if (failed.size) {
      const retried = events.filter((e) => failed.has(e.eventId));
      this.logger.warn(
        { jobId: job.id, organizationId, eventIds: retried.map((e) => e.eventId) },
        'Reactions failed for some events of a batch; each is retried in a job of its own',
      );
      await this.events.addBulk(
        retried.map((e) => ({
          name: e.type,
          data: { eventId: e.eventId, organizationId, type: e.type },
          opts: { jobId: e.eventId },
        })),
      );
    }
    return { handlers, failed: failed.size };
  }

  private refuse(job: Job<EventJobData | EventBatchJobData>, why: string): never {
    this.logger.warn({ jobId: job.id, organizationId: job.data.organizationId }, `Event job refused: ${why}`);
    throw new UnrecoverableError(`Refused: ${why}`);
  }
}

import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { isUUID } from 'class-validator';
import { LoggedWorkerHost } from '../queue/logged-worker-host';
import { EventJobData, QueueName } from '../queue/queue-names';
import { EventHandlerRegistry } from './event-handlers';
import { OutboxService } from './outbox.service';

/**
 * Consumes the Events queue: loads the event the job names from the outbox, scoped by the job's
 * organization, and runs every registered handler of its type. A job naming an event its
 * organization does not have (a forged or corrupted job) is refused without retry and logged; a
 * handler failure retries the job.
 */
@Processor(QueueName.Events, { concurrency: 8 })
export class EventsProcessor extends LoggedWorkerHost {
  constructor(
    private readonly registry: EventHandlerRegistry,
    private readonly outbox: OutboxService,
  ) {
    super();
  }

  async process(job: Job<EventJobData>): Promise<{ handlers: number }> {
    const { eventId, organizationId, type } = job.data;
    const event = isUUID(eventId) && isUUID(organizationId) ? await this.outbox.load(organizationId, eventId) : null;
    if (!event || event.type !== type) {
      this.logger.warn({ jobId: job.id, eventId, organizationId, type }, 'Event job refused: its organization has no such event');
      throw new UnrecoverableError(`Refused: organization ${String(organizationId)} has no ${String(type)} event ${String(eventId)}`);
    }
    const handlers = this.registry.handlersFor(event.type);
    for (const handle of handlers) await handle(event);
    return { handlers: handlers.length };
  }
}


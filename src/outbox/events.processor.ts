import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { LoggedWorkerHost } from '../queue/logged-worker-host';
import { EventJobData, QueueName } from '../queue/queue-names';
import { EventHandlerRegistry } from './event-handlers';

/** Consumes the Events queue: runs every registered handler of the event's type. A failure retries the job. */
@Processor(QueueName.Events, { concurrency: 8 })
export class EventsProcessor extends LoggedWorkerHost {
  constructor(private readonly registry: EventHandlerRegistry) {
    super();
  }

  async process(job: Job<EventJobData>): Promise<{ handlers: number }> {
    const handlers = this.registry.handlersFor(job.data.type);
    for (const handle of handlers) await handle(job.data);
    return { handlers: handlers.length };
  }
}

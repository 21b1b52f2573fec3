import { Module } from '@nestjs/common';
import { EventsProcessor } from './outbox/events.processor';
import { OutboxRelay } from './outbox/outbox-relay';

/** The worker process: queue processors, the outbox relay and schedulers; no HTTP routes. */
@Module({
  providers: [OutboxRelay, EventsProcessor],
})
export class WorkerModule {}

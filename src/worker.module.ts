import { Module } from '@nestjs/common';
import { OutboxRelay } from './outbox/outbox-relay';

/** The worker process: queue processors, the outbox relay and schedulers; no HTTP routes. */
@Module({
  providers: [OutboxRelay],
})
export class WorkerModule {}

import { Module } from '@nestjs/common';
import { EventsProcessor } from './outbox/events.processor';
import { OutboxRelay } from './outbox/outbox-relay';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';

/** The worker process: queue processors, the outbox relay and schedulers; no HTTP routes. */
@Module({
  imports: [WebhooksWorkerModule],
  providers: [OutboxRelay, EventsProcessor],
})
export class WorkerModule {}

import { Module } from '@nestjs/common';
import { EventsProcessor } from './outbox/events.processor';
import { OutboxRelay } from './outbox/outbox-relay';
import { ResearchWorkerModule } from './research/research-worker.module';
import { TasksWorkerModule } from './tasks/tasks-worker.module';

/** The worker process: queue processors, the outbox relay and schedulers; no HTTP routes. */
@Module({
  imports: [ResearchWorkerModule, TasksWorkerModule],
  providers: [OutboxRelay, EventsProcessor],
})
export class WorkerModule {}

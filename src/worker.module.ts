import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { WorkerMetrics } from './metrics/worker-metrics';
import { EventsProcessor } from './outbox/events.processor';
import { OutboxRelay } from './outbox/outbox-relay';
import { ResearchWorkerModule } from './research/research-worker.module';
import { TasksWorkerModule } from './tasks/tasks-worker.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';

/** The worker process: queue processors, the outbox relay and schedulers; no HTTP routes. */
@Module({
  imports: [DiscoveryModule, WebhooksWorkerModule, ResearchWorkerModule, TasksWorkerModule, MaintenanceModule],
  providers: [OutboxRelay, EventsProcessor, WorkerMetrics],
})
export class WorkerModule {}

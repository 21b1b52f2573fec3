import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OwnVerdictsHandler } from './evidence/providers/fact-checks/own-verdicts.handler';
import { MaintenanceModule } from './platform/idempotency/maintenance.module';
import { EventJobHandler } from './platform/outbox/event-job.handler';
import { EVENT_REACTIONS, EventReactions } from './platform/outbox/event-reactions';
import { OutboxRelay } from './platform/outbox/outbox-relay';
import { JobWorkers } from './platform/queue/job-workers';
import { ResearchEventsHandler } from './research/research-events.handler';
import { ResearchWorkerModule } from './research/research-worker.module';
import { TasksWorkerModule } from './tasks/tasks-worker.module';
import { WebhookFanOut } from './webhooks/webhook-fan-out';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';

/**
 * Who reacts to which domain event, in order: every reaction of the service is listed here.
 * Each is a provider of a worker module, run by the event job (EventJobHandler) and idempotent.
 */
export const EVENT_REACTION_MAP: EventReactions = {
  'claim.received': [ResearchEventsHandler], // research the claim
  'verdict.published': [OwnVerdictsHandler], // the desk's verdict becomes a fact-check for later research
  'verdict.corrected': [OwnVerdictsHandler],
  'verdict.retracted': [OwnVerdictsHandler], // ...and is removed when retracted
  '*': [WebhookFanOut], // every event except pings: one delivery per matching subscription
};

/** The worker process: the job workers (one per queue, see JobWorkers) and the outbox relay; no HTTP routes. */
@Module({
  imports: [DiscoveryModule, WebhooksWorkerModule, ResearchWorkerModule, TasksWorkerModule, MaintenanceModule],
  providers: [OutboxRelay, JobWorkers, EventJobHandler, { provide: EVENT_REACTIONS, useValue: EVENT_REACTION_MAP }],
})
export class WorkerModule {}

import { type Logger, SetMetadata } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import {
  EVENT_BATCH,
  EVENT_TYPES,
  EventBatchJobData,
  EventJobData,
  QueueName,
  ResearchJobData,
  WebhookDeliveryJobData,
} from './queue-names';

/** Every job the workers run. Each has exactly one handler class (`@HandlesJob`), checked at boot. */
export enum JobName {
  /** Runs the reactions to one outbox event, or to several of one organization (see EVENT_REACTIONS in worker.module.ts). */
  HandleEvent = 'event',
  /** One research run of a claim. */
  Research = 'research',
  /** One signed attempt of a webhook delivery. */
  DeliverWebhook = 'deliver',
  /** Deletes expired idempotency records (a job scheduler). */
  PurgeIdempotencyKeys = 'purge-idempotency-keys',
  /** Returns tasks whose lease expired to the pool (a job scheduler). */
  SweepLeases = 'sweep-leases',
  /** Puts back the jobs of deliveries left pending without one (a job scheduler). */
  ReconcileDeliveries = 'reconcile-deliveries',
}

/** The payload each job carries: ids, never tenant data (see queue-names.ts). */
export interface JobPayloads {
  [JobName.HandleEvent]: EventJobData | EventBatchJobData;
  [JobName.Research]: ResearchJobData;
  [JobName.DeliverWebhook]: WebhookDeliveryJobData;
  [JobName.PurgeIdempotencyKeys]: Record<string, never>;
  [JobName.SweepLeases]: Record<string, never>;
  [JobName.ReconcileDeliveries]: Record<string, never>;
}

/**
 * The queue of each job, and the BullMQ job names it is added under (its JobName unless said):
 * event jobs are named by their event type, which is what the operator's dashboard shows.
 */
export const JOBS: Record<JobName, { queue: QueueName; names?: readonly string[] }> = {
  [JobName.HandleEvent]: { queue: QueueName.Events, names: [...EVENT_TYPES, EVENT_BATCH] },
  [JobName.Research]: { queue: QueueName.Research },
  [JobName.DeliverWebhook]: { queue: QueueName.WebhookDeliveries },
  [JobName.PurgeIdempotencyKeys]: { queue: QueueName.Maintenance },
  [JobName.SweepLeases]: { queue: QueueName.Maintenance },
  [JobName.ReconcileDeliveries]: { queue: QueueName.Maintenance },
};

/** Runs one job. Handlers must be idempotent: BullMQ delivers a job at least once. */
export interface JobHandler<N extends JobName = JobName> {
  /** `token` is the job's lock token, for handlers that move their job themselves (moveToDelayed). */
  handle(job: Job<JobPayloads[N]>, token?: string): Promise<unknown>;
}

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/** Names the job a provider handles; the JobWorkers registry finds it and builds the queue's worker. */
export const HandlesJob = (name: JobName) => SetMetadata(JOB_HANDLER, name);

/**
 * Thrown by a handler to have BullMQ retry the job after `delayMs` rather than after the job's
 * backoff; the workers' backoff strategy reads it (jobs opt in with a custom backoff type).
 */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/**
 * Schedules a periodic job once for the deployment: every worker upserts the same job scheduler
 * (same id, same interval), which BullMQ keeps as one, so the job runs once per interval however
 * many workers there are. A failure is logged; the next start schedules it again.
 */
export async function scheduleEvery(queue: Queue, name: JobName, seconds: number, logger: Logger): Promise<void> {
  await queue
    .upsertJobScheduler(name, { every: seconds * 1000 }, { name, opts: { removeOnComplete: 100, removeOnFail: 100 } })
    .catch((err: Error) => logger.warn(`Could not schedule ${name} (${err.message}); the next start retries`));
}

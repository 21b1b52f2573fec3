/** Every BullMQ queue of the service. */
export enum QueueName {
  /**
   * Domain events relayed from the outbox. A lone event: job name = event type, job id = event id.
   * Several of one organization relayed together: one job named `events` (EVENT_BATCH) carrying
   * their ids, job id `evb-<hash of the ids>`.
   */
  Events = 'events',
  /** One job per webhook delivery (and per redelivery); job id `whd-<deliveryId>-<generation>`. */
  WebhookDeliveries = 'webhook-deliveries',
  /** One job per research run of a claim (job id `research-<eventId>` or `rerun-<uuid>`). */
  Research = 'research',
  /** Housekeeping run by job schedulers, once per interval for the deployment (idempotency purge). */
  Maintenance = 'maintenance',
}

/*
 * Jobs carry ids, never tenant data: the queues are shared by every organization and visible to the
 * operator's dashboard, so a job names its organization and its rows, and the worker loads the rows
 * through repositories scoped by that organization. A job whose organization does not own the rows
 * it names is refused (see docs/security.md).
 */

/**
 * The payload of a job in the WebhookDeliveries queue: one delivery (`deliveryId` and its
 * `generation`: a retry, a ping, a redelivery), or a batch (`batchJob`: the first attempts of the
 * deliveries a fan-out created for one subscription, found by their `batch_job` column).
 */
export interface WebhookDeliveryJobData {
  deliveryId?: string;
  generation?: number;
  batchJob?: string;
  /** Absent only on jobs enqueued before jobs named their organization. */
  organizationId?: string;
}

/** The payload of a job in the Events queue: the id of one outbox row and its organization. */
export interface EventJobData {
  eventId: string;
  organizationId: string;
  type: string;
}

/** The payload of a job in the Events queue carrying several events of one organization (in outbox order). */
export interface EventBatchJobData {
  eventIds: string[];
  organizationId: string;
}

/** The BullMQ job name of an EventBatchJobData job. */
export const EVENT_BATCH = 'events';

/** A domain event as its handlers receive it: the outbox row, loaded by the events worker. */
export interface DomainEvent {
  eventId: string;
  type: string;
  organizationId: string;
  claimId: string | null;
  timestamp: string;
  data: Record<string, unknown>;
}

export const EVENT_TYPES = [
  'claim.received',
  'claim.duplicate',
  'claim.research_completed',
  'claim.dismissed',
  'verdict.published',
  'verdict.corrected',
  'verdict.retracted',
  'webhook.ping',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The payload of a job in the Research queue. */
export interface ResearchJobData {
  organizationId: string;
  claimId: string;
  /** `claim.received`, `rerun` or `eval`. */
  trigger: string;
  actorKeyId?: string | null;
}

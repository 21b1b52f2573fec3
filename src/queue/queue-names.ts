/** Every BullMQ queue of the service. */
export enum QueueName {
  /** Domain events relayed from the outbox; job name = event type, job id = event id. */
  Events = 'events',
  /** One job per webhook delivery (and per redelivery); job id `whd-<deliveryId>-<generation>`. */
  WebhookDeliveries = 'webhook-deliveries',
  /** One job per research run of a claim (job id `research-<eventId>` or `rerun-<uuid>`). */
  Research = 'research',
}

/** The payload of a job in the WebhookDeliveries queue. */
export interface WebhookDeliveryJobData {
  deliveryId: string;
  generation: number;
}

/** The payload of a job in the Events queue: one outbox row. */
export interface EventJobData {
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

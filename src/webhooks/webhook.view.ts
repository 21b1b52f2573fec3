import { ApiProperty, OmitType } from '@nestjs/swagger';
import { EVENT_TYPES, type EventType } from '../platform/queue/queue-names';
import { EVENT_FILTERS } from './dto/create-webhook.dto';
import type { WebhookAttempt } from './webhook-attempt.entity';
import { DELIVERY_STATUSES, type DeliveryStatus, type WebhookDelivery } from './webhook-delivery.entity';
import {
  WEBHOOK_SCOPES,
  type WebhookScope,
  type WebhookStatus,
  type WebhookSubscription,
} from './webhook-subscription.entity';

export class WebhookSubscriptionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({
    enum: EVENT_FILTERS,
    enumName: 'EventFilter',
    isArray: true,
    description: 'Event types, or ["*"] for every event',
  })
  events!: string[];
  @ApiProperty({ enum: WEBHOOK_SCOPES, enumName: 'WebhookScope' }) scope!: WebhookScope;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Custom request headers sent with every delivery',
  })
  headers!: Record<string, string>;
  @ApiProperty({ enum: ['active', 'paused', 'disabled'], enumName: 'WebhookStatus' }) status!: WebhookStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was disabled (410 Gone, failing for 5 days)' })
  disabledReason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) newsroomId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failingSince!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until then the previous secret signs alongside the new one',
  })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WebhookSubscriptionWithSecretView extends WebhookSubscriptionView {
  @ApiProperty({
    pattern: '^whsec_',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret, shown this once',
  })
  secret!: string;
}

export class WebhookAttemptView {
  @ApiProperty({ type: 'integer', minimum: 1 }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() success!: boolean;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "The receiver's HTTP status; null on a timeout or connection error",
  })
  statusCode!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) latencyMs!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The start of the response body' }) responseBody!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
}

export class WebhookAttemptDetailView extends WebhookAttemptView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description: 'The request headers of this attempt as sent (null for attempts recorded before they were kept)',
  })
  requestHeaders!: Record<string, string> | null;
}

export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The webhook-id header: the same on every retry and redelivery' })
  eventId!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) eventType!: EventType;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' }) status!: DeliveryStatus;
  @ApiProperty({ type: 'integer', minimum: 0 }) attemptCount!: number;
  @ApiProperty({ type: 'integer', nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) succeededAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [WebhookAttemptView], description: 'Attempts, in the deliveries list (empty elsewhere)' })
  attempts!: WebhookAttemptView[];
}

export class WebhookDeliveryDetailView extends OmitType(WebhookDeliveryView, ['attempts'] as const) {
  @ApiProperty({ description: 'The request body sent on every attempt: {type, timestamp, data}' })
  payload!: Record<string, unknown>;
  @ApiProperty({ type: [WebhookAttemptDetailView], description: 'Every attempt, oldest first' })
  attempts!: WebhookAttemptDetailView[];
}

export class WebhookSecretView {
  @ApiProperty({ pattern: '^whsec_', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) secret!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    pattern: '^whsec_',
    description: 'The secret replaced by the last rotation, while it still signs (null otherwise)',
  })
  previousSecret!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until then the previous secret signs',
  })
  previousSecretExpiresAt!: string | null;
}

export class WebhookRecoverView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Failed deliveries sent again by this call' })
  recovered!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Failed deliveries since that time left for another call (each call takes at most 500)',
  })
  remaining!: number;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class WebhookStatsWindowView {
  @ApiProperty({ type: 'integer', minimum: 0 }) attempts!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) succeeded!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) failed!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'succeeded / attempts; null without attempts',
  })
  successRate!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) p50LatencyMs!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) p95LatencyMs!: number | null;
}

export class WebhookStatsView {
  @ApiProperty({ type: WebhookStatsWindowView, description: 'Attempts of the last 24 hours' })
  last24h!: WebhookStatsWindowView;
  @ApiProperty({ type: WebhookStatsWindowView, description: 'Attempts of the last 7 days' })
  last7d!: WebhookStatsWindowView;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Failed attempts since the last successful one' })
  failingStreak!: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public JSON shape of a subscription (never its secret). */
export function subscriptionView(s: WebhookSubscription): WebhookSubscriptionView {
  return {
    id: s.id,
    url: s.url,
    description: s.description,
    events: s.events,
    scope: s.scope,
    headers: s.headers ?? {},
    status: s.status,
    disabledReason: s.disabledReason,
    newsroomId: s.newsroomId,
    failingSince: iso(s.failingSince),
    previousSecretExpiresAt:
      s.previousSecretExpiresAt && s.previousSecretExpiresAt > new Date()
        ? s.previousSecretExpiresAt.toISOString()
        : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function attemptView(a: WebhookAttempt): WebhookAttemptView {
  return {
    attempt: a.attemptNumber,
    at: a.createdAt.toISOString(),
    success: a.success,
    statusCode: a.statusCode,
    latencyMs: a.latencyMs,
    responseBody: a.responseBody,
    error: a.error,
    nextAttemptAt: iso(a.nextAttemptAt),
  };
}

export function deliveryView(d: WebhookDelivery, attempts: WebhookAttempt[] = []): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType as EventType,
    status: d.status,
    attemptCount: d.attemptCount,
    lastStatusCode: d.lastStatusCode,
    nextAttemptAt: iso(d.nextAttemptAt),
    succeededAt: iso(d.succeededAt),
    createdAt: d.createdAt.toISOString(),
    attempts: attempts.map(attemptView),
  };
}

export function deliveryDetailView(d: WebhookDelivery, attempts: WebhookAttempt[]): WebhookDeliveryDetailView {
  const { attempts: _a, ...base } = deliveryView(d);
  return {
    ...base,
    payload: JSON.parse(d.body) as Record<string, unknown>,
    attempts: attempts.map((a) => ({ ...attemptView(a), requestHeaders: a.requestHeaders ?? null })),
  };
}

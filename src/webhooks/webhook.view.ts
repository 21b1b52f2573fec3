import type { WebhookAttempt } from './webhook-attempt.entity';
import type { WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookSubscription } from './webhook-subscription.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public JSON shape of a subscription (never its secret). */
export function subscriptionView(s: WebhookSubscription) {
  return {
    id: s.id,
    url: s.url,
    description: s.description,
    events: s.events,
    scope: s.scope,
    status: s.status,
    disabledReason: s.disabledReason,
    newsroomId: s.newsroomId,
    failingSince: iso(s.failingSince),
    previousSecretExpiresAt: s.previousSecretExpiresAt && s.previousSecretExpiresAt > new Date() ? s.previousSecretExpiresAt.toISOString() : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function attemptView(a: WebhookAttempt) {
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

export function deliveryView(d: WebhookDelivery, attempts: WebhookAttempt[] = []) {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attemptCount: d.attemptCount,
    lastStatusCode: d.lastStatusCode,
    nextAttemptAt: iso(d.nextAttemptAt),
    succeededAt: iso(d.succeededAt),
    createdAt: d.createdAt.toISOString(),
    attempts: attempts.map(attemptView),
  };
}

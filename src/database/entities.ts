import { ApiKey } from '../auth/api-key.entity';
import { ClaimHistory } from '../claims/claim-history.entity';
import { Claim } from '../claims/claim.entity';
import { IdempotencyKey } from '../common/idempotency-key.entity';
import { Newsroom } from '../newsrooms/newsroom.entity';
import { Organization } from '../organizations/organization.entity';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { WebhookAttempt } from '../webhooks/webhook-attempt.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookSubscription } from '../webhooks/webhook-subscription.entity';

/** Every entity of the schema; the migrations are generated from this list. */
export const ENTITIES = [Organization, Newsroom, ApiKey, Claim, ClaimHistory, OutboxEvent, IdempotencyKey];
// Webhooks (issue 5): subscriptions, deliveries, attempts.
(ENTITIES as unknown[]).push(WebhookSubscription, WebhookDelivery, WebhookAttempt);

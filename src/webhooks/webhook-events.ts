import type { Type } from '@nestjs/common';
import { ApiProperty, getSchemaPath, PickType } from '@nestjs/swagger';
import { AssessmentView, ClaimView } from '../claims/claim.view';
import { ClaimReviewView } from '../verdicts/claim-review.view';
import { ProviderOutcomeView } from '../evidence/evidence.view';
import { EVENT_TYPES, type EventType } from '../platform/queue/queue-names';
import { RATING_KEYS } from '../organizations/rating-scale';
import { VerdictView } from '../verdicts/verdict.view';

/**
 * The webhook events as OpenAPI 3.1 `webhooks`: one entry per event type, its body
 * `{type, timestamp, data}` as WebhookFanOut (and the ping of WebhooksService) builds it, and the
 * Standard Webhooks headers. The schemas come from the view classes the events are built from;
 * test/helpers/webhook-receiver.ts validates every body a test receives against this section.
 */

/** A claim as another newsroom reads it in a verdict event (publicClaimView, event-visibility.ts). */
export class PublicClaimView extends PickType(ClaimView, [
  'id',
  'status',
  'text',
  'language',
  'sourceUrl',
  'appearances',
  'speaker',
  'claimDate',
] as const) {}

const claimOfVerdictEvent = {
  description:
    'The claim: in full for the desk and the newsroom that submitted it, its public fields (PublicClaimView) for any other newsroom',
  anyOf: [{ $ref: getSchemaPath(ClaimView) }, { $ref: getSchemaPath(PublicClaimView) }],
};

export class ClaimReceivedEventData {
  @ApiProperty({ type: ClaimView }) claim!: ClaimView;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    required: false,
    description: 'After an unlink: the claim it was linked to as a duplicate (null when the newsroom cannot read it)',
  })
  unlinkedFrom?: string | null;
  @ApiProperty({
    enum: ['rerun'],
    required: false,
    description: 'Present when an editor asked for research again (POST /v1/claims/{id}/research)',
  })
  trigger?: 'rerun';
  @ApiProperty({ required: false, description: 'With trigger rerun: the research job id that request answered' })
  jobId?: string;
}

export class ClaimDuplicateEventData {
  @ApiProperty({ type: ClaimView }) claim!: ClaimView;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The canonical claim (null when the newsroom cannot read it)',
  })
  duplicateOf!: string | null;
  @ApiProperty({
    type: Number,
    minimum: 0,
    maximum: 1,
    nullable: true,
    description: 'Similarity to the canonical claim (null with duplicateOf)',
  })
  score!: number | null;
}

export class ResearchAssessmentView extends PickType(AssessmentView, [
  'label',
  'confidence',
  'counts',
  'rationale',
] as const) {}

export class ClaimResearchCompletedEventData {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ format: 'uuid', description: 'The research run (GET /v1/claims/{id}/research-runs)' }) runId!: string;
  @ApiProperty({ type: ResearchAssessmentView }) assessment!: ResearchAssessmentView;
  @ApiProperty({ type: [ProviderOutcomeView] }) providers!: ProviderOutcomeView[];
  @ApiProperty({ format: 'uuid', description: 'The check task opened for the claim' }) taskId!: string;
}

export class ClaimDismissedEventData {
  @ApiProperty({ type: ClaimView }) claim!: ClaimView;
  @ApiProperty() reason!: string;
}

export class VerdictPublishedEventData {
  @ApiProperty(claimOfVerdictEvent) claim!: ClaimView | PublicClaimView;
  @ApiProperty({ type: VerdictView }) verdict!: VerdictView;
  @ApiProperty({ type: ClaimReviewView, description: 'The ClaimReview published with this version' })
  claimReview!: ClaimReviewView;
}

export class PreviousVerdictView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ enum: RATING_KEYS, enumName: 'RatingKey' }) rating!: string;
}

export class VerdictCorrectedEventData extends VerdictPublishedEventData {
  @ApiProperty({ type: PreviousVerdictView, description: 'The version this one supersedes' })
  previous!: PreviousVerdictView;
  @ApiProperty({ description: 'Why the verdict was corrected' }) reason!: string;
}

export class VerdictRetractedEventData extends VerdictPublishedEventData {
  @ApiProperty({ description: 'Why the verdict was retracted' }) reason!: string;
}

export class WebhookPingEventData {
  @ApiProperty({ format: 'uuid', description: 'The subscription pinged' }) webhookId!: string;
}

/** What each event means, for the catalog (spec section 5). */
const EVENTS: Record<EventType, { data: Type<unknown>; summary: string; description: string }> = {
  'claim.received': {
    data: ClaimReceivedEventData,
    summary: 'A claim was received',
    description:
      'A claim was submitted (or unlinked from the claim it duplicated, or an editor asked for research again) and research starts.',
  },
  'claim.duplicate': {
    data: ClaimDuplicateEventData,
    summary: 'A claim was linked as a duplicate',
    description: "Intake matching linked the claim to an earlier one; it follows that claim's verdict.",
  },
  'claim.research_completed': {
    data: ClaimResearchCompletedEventData,
    summary: 'Research completed',
    description: 'Research found and scored evidence; the claim is ready for a checker and a check task is open.',
  },
  'claim.dismissed': {
    data: ClaimDismissedEventData,
    summary: 'A claim was dismissed',
    description: 'An editor dismissed the claim (not check-worthy, out of scope); its open tasks are cancelled.',
  },
  'verdict.published': {
    data: VerdictPublishedEventData,
    summary: 'A verdict was published',
    description: 'A reviewer approved a verdict: the claim, the verdict and its ClaimReview.',
  },
  'verdict.corrected': {
    data: VerdictCorrectedEventData,
    summary: 'A verdict was corrected',
    description: 'A new version of the published verdict replaces the previous one (`previous`), with the reason.',
  },
  'verdict.retracted': {
    data: VerdictRetractedEventData,
    summary: 'A verdict was retracted',
    description: 'The published verdict was withdrawn, with the reason; the ClaimReview is no longer served.',
  },
  'webhook.ping': {
    data: WebhookPingEventData,
    summary: 'Test event',
    description: 'Sent to one subscription by POST /v1/webhooks/{id}/ping.',
  },
};

/** `claim.research_completed` → `ClaimResearchCompletedEvent`. */
export const eventSchemaName = (type: EventType) =>
  type
    .split(/[._]/)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('') + 'Event';

/** The envelope of one event type: `{type, timestamp, data}`. */
function envelope(type: EventType, data: Type<unknown>): Type<unknown> {
  class Envelope {
    @ApiProperty({ enum: [type], description: 'The event type' }) type!: string;
    @ApiProperty({ format: 'date-time', description: 'When the event happened' }) timestamp!: string;
    @ApiProperty({ type: data }) data!: unknown;
  }
  Object.defineProperty(Envelope, 'name', { value: eventSchemaName(type) });
  return Envelope;
}

const ENVELOPES = EVENT_TYPES.map((t) => envelope(t, EVENTS[t].data));

/** The models the document must hold for the webhooks section (SwaggerModule extraModels). */
export const WEBHOOK_EVENT_MODELS: Type<unknown>[] = [PublicClaimView, ...ENVELOPES];

const header = (name: string, description: string, schema: Record<string, unknown>, example: string) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema,
  example,
});

/** The Standard Webhooks headers of every delivery, as reusable parameters. */
export const WEBHOOK_HEADERS = {
  WebhookId: header(
    'webhook-id',
    "The event's id: the same on every retry and redelivery, so receivers deduplicate on it",
    { type: 'string', format: 'uuid' },
    '9f0c2b9e-3a71-4d8e-9b0e-2f6c1d7a5e43',
  ),
  WebhookTimestamp: header(
    'webhook-timestamp',
    'Unix seconds of this attempt; reject timestamps far from now (the SDK and Standard Webhooks libraries allow 5 minutes)',
    { type: 'string', pattern: '^[0-9]+$' },
    '1767225600',
  ),
  WebhookSignature: header(
    'webhook-signature',
    'Space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64-decoded part of the secret after `whsec_`; two while a rotated secret is still live',
    { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$' },
    'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  ),
};

/** The `webhooks` section: one POST per event type (common/openapi-examples.ts adds the recorded bodies). */
export function webhooksSection(): Record<string, unknown> {
  const headers = Object.keys(WEBHOOK_HEADERS).map((name) => ({ $ref: `#/components/parameters/${name}` }));
  return Object.fromEntries(
    EVENT_TYPES.map((type) => {
      const { summary, description } = EVENTS[type];
      const media = { schema: { $ref: getSchemaPath(eventSchemaName(type)) } };
      const post = {
        operationId: `${eventSchemaName(type)[0].toLowerCase()}${eventSchemaName(type).slice(1)}`,
        summary,
        description:
          type === 'webhook.ping'
            ? description
            : `${description} Sent as a signed POST to the URL of every active subscription that lists \`${type}\` (or \`*\`) and may read the event.`,
        tags: ['webhook-events'],
        security: [],
        parameters: headers,
        requestBody: { required: true, content: { 'application/json': media } },
        responses: {
          '200': {
            description: 'Any 2xx acknowledges the delivery; the response body is ignored (its first 4 KB are logged)',
          },
          '410': { description: 'Gone: the subscription is disabled at once' },
          '429': {
            description:
              'Retried after Retry-After seconds (within bounds) or the schedule, at least WEBHOOK_SLOW_DOWN_SECONDS later',
          },
          default: {
            description:
              'Any other answer, a timeout or a connection error is retried on the schedule (docs/webhooks.md)',
          },
        },
      };
      return [type, { post }];
    }),
  );
}

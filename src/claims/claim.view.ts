import { ApiProperty } from '@nestjs/swagger';
import { ASSESSMENT_LABELS, type AssessmentLabel } from '../research/assessment';
import type { ClaimHistory } from './claim-history.entity';
import type { Claim } from './claim.entity';
import { CLAIM_STATUSES, PRIORITIES, type ClaimStatus, type Priority } from './claim-status';

export class SpeakerView {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) role!: string | null;
}

export class StanceCounts {
  @ApiProperty({ type: 'integer' }) supports!: number;
  @ApiProperty({ type: 'integer' }) refutes!: number;
  @ApiProperty({ type: 'integer' }) neutral!: number;
  @ApiProperty({ type: 'integer' }) total!: number;
}

/** The machine assessment of the latest research run (AVeriTeC labels). */
export class AssessmentView {
  @ApiProperty({ enum: ASSESSMENT_LABELS, enumName: 'AssessmentLabel' }) label!: AssessmentLabel;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence!: number;
  @ApiProperty({ type: StanceCounts }) counts!: StanceCounts;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Summed weight of the sources per stance',
  })
  weights!: Record<string, number>;
  @ApiProperty({
    selfRequired: false,
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Independent sources per stance',
  })
  sources?: Record<string, number>;
  @ApiProperty() rationale!: string;
  @ApiProperty({ required: false, format: 'uuid', description: 'The research run that produced it' }) runId?: string;
  @ApiProperty({ required: false, format: 'date-time' }) assessedAt?: string;
}

export class ClaimView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CLAIM_STATUSES, enumName: 'ClaimStatus' }) status!: ClaimStatus;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'ISO 639 code, or und when it could not be detected' }) language!: string;
  @ApiProperty({ description: 'The language was detected, not given' }) languageDetected!: boolean;
  @ApiProperty({ type: String, format: 'uri', nullable: true }) sourceUrl!: string | null;
  @ApiProperty({ type: [String], format: 'uri' }) appearances!: string[];
  @ApiProperty({ type: SpeakerView, nullable: true }) speaker!: SpeakerView | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) claimDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) context!: string | null;
  @ApiProperty({ enum: PRIORITIES, enumName: 'Priority' }) priority!: Priority;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: String, nullable: true }) externalId!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The newsroom that submitted it; null when a desk key did',
  })
  newsroomId!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The canonical claim this one duplicates, when the caller may read it',
  })
  duplicateOf!: string | null;
  @ApiProperty({ type: AssessmentView, nullable: true }) assessment!: AssessmentView | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ClaimHistoryView {
  @ApiProperty({ description: 'Sequence id (a cursor for the history pages)' }) id!: string;
  @ApiProperty({ example: 'status_changed' }) action!: string;
  @ApiProperty({ type: String, enum: CLAIM_STATUSES, nullable: true }) fromStatus!: ClaimStatus | null;
  @ApiProperty({ type: String, enum: CLAIM_STATUSES, nullable: true }) toStatus!: ClaimStatus | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The person who acted (signed in to the console, or with a REST call made with their session), else the API key (machine actions)' +
      '; null for the service itself',
  })
  actorKeyId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/**
 * The JSON shape of a claim. `readable`, when given, holds the claims the caller may be shown
 * (ClaimsRepository.readableBy): a canonical claim outside it is not named (`duplicateOf` null),
 * though the link stays in the data.
 */
export function claimView(c: Claim, readable?: ReadonlySet<string>): ClaimView {
  return {
    id: c.id,
    status: c.status,
    text: c.text,
    language: c.language,
    languageDetected: c.languageDetected,
    sourceUrl: c.sourceUrl,
    appearances: c.appearances,
    speaker: c.speakerName ? { name: c.speakerName, role: c.speakerRole } : null,
    claimDate: c.claimDate,
    context: c.context,
    priority: c.priority,
    tags: c.tags,
    externalId: c.externalId,
    newsroomId: c.newsroomId,
    duplicateOf: c.duplicateOfId && (!readable || readable.has(c.duplicateOfId)) ? c.duplicateOfId : null,
    assessment: c.assessment as AssessmentView | null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The fields of another newsroom's claim that its published verdict makes public: what its ClaimReview shows, plus id and status. */
const PUBLIC_CLAIM_FIELDS: readonly (keyof ClaimView)[] = [
  'id',
  'status',
  'text',
  'language',
  'sourceUrl',
  'appearances',
  'speaker',
  'claimDate',
];

/**
 * A claim as a newsroom that did not submit it may read it once a verdict on it is public: no
 * `context`, `externalId`, `tags`, `priority`, `assessment`, `newsroomId` or link to other claims.
 */
export function publicClaimView(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(PUBLIC_CLAIM_FIELDS.filter((k) => k in v).map((k) => [k, v[k]]));
}

/** A history row; `readable` as for claimView: the score and id of a canonical claim outside it are left out. */
export function historyView(h: ClaimHistory, readable?: ReadonlySet<string>): ClaimHistoryView {
  const linked = typeof h.details?.duplicateOf === 'string' ? h.details.duplicateOf : null;
  const details =
    linked && readable && !readable.has(linked) ? withoutKeys(h.details!, ['duplicateOf', 'score']) : h.details;
  return {
    id: h.id,
    action: h.action,
    fromStatus: h.fromStatus as ClaimStatus | null,
    toStatus: h.toStatus as ClaimStatus | null,
    actorKeyId: h.actorKeyId,
    reason: h.reason,
    details,
    at: h.createdAt.toISOString(),
  };
}

function withoutKeys(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

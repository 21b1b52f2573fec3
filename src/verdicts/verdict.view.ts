import { ApiProperty } from '@nestjs/swagger';
import { RATING_KEYS } from '../organizations/rating-scale';
import { VERDICT_STATUSES, type Verdict, type VerdictStatus } from './verdict.entity';

/** Actor ids: a person's id for what people do (console, or REST with a session), an API key's id for machines. */
const ACTOR = 'the person id, or the API key id for machine actions';

export class VerdictView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ enum: VERDICT_STATUSES, enumName: 'VerdictStatus' }) status!: VerdictStatus;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    nullable: true,
    description: 'Publication version; null while a draft or rejected',
  })
  version!: number | null;
  @ApiProperty({ enum: RATING_KEYS, enumName: 'RatingKey' }) rating!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ description: 'The explanation' }) summary!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) evidenceIds!: string[];
  @ApiProperty({ type: [String], format: 'uri' }) sources!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who wrote the draft: ' + ACTOR })
  authorKeyId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who approved or rejected it: ' + ACTOR })
  reviewerKeyId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reviewNote!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) previousVersionId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why this version exists (correction) or was retracted' })
  reason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) supersededAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retractedAt!: string | null;
}

/** The public JSON shape of a verdict version. */
export function verdictView(v: Verdict): VerdictView {
  return {
    id: v.id,
    claimId: v.claimId,
    status: v.status,
    version: v.version,
    rating: v.rating,
    title: v.title,
    summary: v.summary,
    evidenceIds: v.evidenceIds,
    sources: v.sources,
    authorKeyId: v.authorKeyId,
    reviewerKeyId: v.reviewerKeyId,
    reviewNote: v.reviewNote,
    previousVersionId: v.previousVersionId,
    reason: v.reason,
    createdAt: v.createdAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    supersededAt: v.supersededAt?.toISOString() ?? null,
    retractedAt: v.retractedAt?.toISOString() ?? null,
  };
}

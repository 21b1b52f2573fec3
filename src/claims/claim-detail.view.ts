import { ApiProperty } from '@nestjs/swagger';
import { ClaimView, StanceCounts } from './claim.view';
import { FieldErrorView } from '../platform/api/field-error.view';
import { VerdictView } from '../verdicts/verdict.view';

/** Which verdict is in force for a claim (docs/workflow.md, "Duplicates"). */
export class VerdictInForceView {
  @ApiProperty({ format: 'uuid' }) verdictId!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({
    format: 'uuid',
    description: 'The claim the verdict was published on: this one, or its canonical claim',
  })
  claimId!: string;
  @ApiProperty({ description: "True when it is the canonical claim's verdict (this claim is linked as a duplicate)" })
  inherited!: boolean;
}

export class ClaimDetailView extends ClaimView {
  @ApiProperty({ type: StanceCounts }) evidenceCounts!: StanceCounts;
  @ApiProperty({
    type: VerdictView,
    nullable: true,
    description: "The verdict in force: the claim's published verdict, or a duplicate's canonical claim's",
  })
  verdict!: VerdictView | null;
  @ApiProperty({
    type: VerdictInForceView,
    nullable: true,
    description: 'Which verdict is in force; null when none is (not published yet, or retracted)',
  })
  verdictInForce!: VerdictInForceView | null;
}

export class SimilarClaimView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true, description: "The claim's text, when the caller may read that claim" })
  text!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) duplicateOf!: string | null;
}

export class MatchedVerdictView {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ description: 'Where to read its ClaimReview' }) claimReview!: string;
}

export class SubmittedClaimView extends ClaimView {
  @ApiProperty({ type: [SimilarClaimView], description: 'Claims between the similarity thresholds' })
  similar!: SimilarClaimView[];
  @ApiProperty({
    type: MatchedVerdictView,
    nullable: true,
    description: 'A published verdict on a near-identical claim',
  })
  matchedVerdict!: MatchedVerdictView | null;
}

export class BatchItemView {
  @ApiProperty({ type: 'integer', minimum: 0 }) index!: number;
  @ApiProperty({ enum: [202, 400], type: 'integer' }) status!: number;
  @ApiProperty({ type: SubmittedClaimView, required: false, description: 'With status 202' })
  claim?: SubmittedClaimView;
  @ApiProperty({ type: [FieldErrorView], required: false, description: 'With status 400' }) errors?: FieldErrorView[];
}

export class BatchView {
  @ApiProperty({ type: 'integer' }) accepted!: number;
  @ApiProperty({ type: 'integer' }) rejected!: number;
  @ApiProperty({ type: [BatchItemView] }) results!: BatchItemView[];
}

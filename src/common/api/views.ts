import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../auth/role';
import { AssessmentView, ClaimView, StanceCounts } from '../../claims/claim.view';
import { VerdictView } from '../../verdicts/verdict.view';

/**
 * Response shapes (OpenAPI schemas) of the routes whose views are built inline in their
 * controllers. Each controller's handler is typed with its class, so a view and its schema cannot
 * drift apart without the compiler saying so; the contract tests check the bodies at run time.
 */

export class MeView {
  @ApiProperty({ format: 'uuid', description: 'The API key id (same as id)' }) keyId!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) newsroomId!: string | null;
  @ApiProperty({ type: [String], description: 'ISO 639 codes the key works in (empty: every language)' }) languages!: string[];
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) newsroomId!: string | null;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ description: 'The visible start of the key', example: 'cbk_3f9a' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ pattern: '^cbk_', description: 'The key, shown this once', example: 'cbk_…' }) key!: string;
}

export class NewsroomView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'uri', nullable: true }) url!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class EvidenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'archive' }) provider!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) snippet!: string | null;
  @ApiProperty({ type: String, nullable: true }) publisher!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) language!: string | null;
  @ApiProperty({ description: "The source is in another language than the claim" }) crossLanguage!: boolean;
  @ApiProperty({ enum: ['supports', 'refutes', 'neutral'], enumName: 'Stance' }) stance!: 'supports' | 'refutes' | 'neutral';
  @ApiProperty({ minimum: 0, maximum: 1 }) stanceScore!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) relevance!: number;
  @ApiProperty({ type: String, nullable: true }) rationale!: string | null;
  @ApiProperty({ enum: ['builtin', 'model'], description: 'Which analyzer scored it' }) analyzer!: string;
  @ApiProperty({ type: String, enum: ['supports', 'refutes', 'neutral'], nullable: true, description: 'When the model backend scored it and the built-in analyzer reads it otherwise' }) builtinStance!: 'supports' | 'refutes' | 'neutral' | null;
  @ApiProperty() stanceDisagreement!: boolean;
  @ApiProperty({ format: 'date-time' }) retrievedAt!: string;
}

export class ProviderOutcomeView {
  @ApiProperty() provider!: string;
  @ApiProperty({ enum: ['ok', 'failed', 'timeout', 'skipped'] }) status!: 'ok' | 'failed' | 'timeout' | 'skipped';
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: 'integer' }) latencyMs!: number;
  @ApiProperty({ type: 'integer' }) candidates!: number;
  @ApiProperty({ required: false }) error?: string;
}

export class ResearchRunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'rerun', description: 'What started it (intake, rerun, …)' }) trigger!: string;
  @ApiProperty({ enum: ['running', 'completed', 'skipped'] }) status!: 'running' | 'completed' | 'skipped';
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: [ProviderOutcomeView] }) providers!: ProviderOutcomeView[];
  @ApiProperty({ type: AssessmentView, nullable: true }) assessment!: AssessmentView | null;
}

export class ResearchQueuedView {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

/** Which verdict is in force for a claim (docs/workflow.md, "Duplicates"). */
export class VerdictInForceView {
  @ApiProperty({ format: 'uuid' }) verdictId!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ format: 'uuid', description: 'The claim the verdict was published on: this one, or its canonical claim' }) claimId!: string;
  @ApiProperty({ description: "True when it is the canonical claim's verdict (this claim is linked as a duplicate)" }) inherited!: boolean;
}

export class ClaimDetailView extends ClaimView {
  @ApiProperty({ type: StanceCounts }) evidenceCounts!: StanceCounts;
  @ApiProperty({ type: VerdictView, nullable: true, description: "The verdict in force: the claim's published verdict, or a duplicate's canonical claim's" }) verdict!: VerdictView | null;
  @ApiProperty({ type: VerdictInForceView, nullable: true, description: 'Which verdict is in force; null when none is (not published yet, or retracted)' }) verdictInForce!: VerdictInForceView | null;
}

export class SimilarClaimView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true, description: "The claim's text, when the caller may read that claim" }) text!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) duplicateOf!: string | null;
}

export class MatchedVerdictView {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ description: 'Where to read its ClaimReview' }) claimReview!: string;
}

export class SubmittedClaimView extends ClaimView {
  @ApiProperty({ type: [SimilarClaimView], description: 'Claims between the similarity thresholds' }) similar!: SimilarClaimView[];
  @ApiProperty({ type: MatchedVerdictView, nullable: true, description: 'A published verdict on a near-identical claim' }) matchedVerdict!: MatchedVerdictView | null;
}

export class FieldErrorView {
  @ApiProperty({ example: 'text', description: 'The field, as a dotted path (empty for the whole body)' }) path!: string;
  @ApiProperty() message!: string;
}

export class BatchItemView {
  @ApiProperty({ type: 'integer', minimum: 0 }) index!: number;
  @ApiProperty({ enum: [202, 400], type: 'integer' }) status!: number;
  @ApiProperty({ type: SubmittedClaimView, required: false, description: 'With status 202' }) claim?: SubmittedClaimView;
  @ApiProperty({ type: [FieldErrorView], required: false, description: 'With status 400' }) errors?: FieldErrorView[];
}

export class BatchView {
  @ApiProperty({ type: 'integer' }) accepted!: number;
  @ApiProperty({ type: 'integer' }) rejected!: number;
  @ApiProperty({ type: [BatchItemView] }) results!: BatchItemView[];
}

export class FeatureView {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Contribution to the logit (positive raises the score)' }) weight!: number;
  @ApiProperty({ type: [String] }) matches!: string[];
}

export class ExtractedSpeakerView {
  @ApiProperty() name!: string;
  @ApiProperty({ required: false }) role?: string;
}

export class SentenceView {
  @ApiProperty({ type: 'integer' }) index!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: 'integer', description: 'Offset of its first character in the text' }) start!: number;
  @ApiProperty({ type: 'integer' }) end!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty() checkWorthy!: boolean;
  @ApiProperty({ type: [FeatureView] }) features!: FeatureView[];
  @ApiProperty({ type: ExtractedSpeakerView, nullable: true }) speaker!: ExtractedSpeakerView | null;
}

export class CandidateView {
  @ApiProperty({ type: 'integer' }) sentenceIndex!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ type: ExtractedSpeakerView, nullable: true }) speaker!: ExtractedSpeakerView | null;
  @ApiProperty({ type: SubmittedClaimView, nullable: true, required: false, description: 'With submit: true, the claim it became (null beyond the first 100)' }) claim?: SubmittedClaimView | null;
}

export class ExtractionView {
  @ApiProperty() language!: string;
  @ApiProperty() languageDetected!: boolean;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, format: 'uri', nullable: true }) url!: string | null;
  @ApiProperty({ minimum: 0, maximum: 1 }) minScore!: number;
  @ApiProperty({ type: [SentenceView] }) sentences!: SentenceView[];
  @ApiProperty({ type: 'integer' }) sentenceCount!: number;
  @ApiProperty({ description: 'The sentences were cut to fit the response budget' }) sentencesTruncated!: boolean;
  @ApiProperty({ type: [CandidateView] }) candidates!: CandidateView[];
  @ApiProperty({ type: 'integer' }) candidateCount!: number;
  @ApiProperty() candidatesTruncated!: boolean;
  @ApiProperty({ type: 'integer', required: false, description: 'With submit: true, how many claims were submitted' }) submitted?: number;
}

export class UpsertCountsView {
  @ApiProperty({ type: 'integer' }) created!: number;
  @ApiProperty({ type: 'integer' }) updated!: number;
}

export class SkippedFactCheckView {
  @ApiProperty({ type: 'integer' }) index!: number;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty() reason!: string;
}

export class FactChecksImportView extends UpsertCountsView {
  @ApiProperty({ type: [SkippedFactCheckView] }) skipped!: SkippedFactCheckView[];
}

export class DocumentHitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty() snippet!: string;
  @ApiProperty({ type: String, nullable: true }) language!: string | null;
  @ApiProperty({ type: String, nullable: true }) publisher!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: Date | string | null;
  @ApiProperty({ description: 'Full-text rank (0 when listing recent documents)' }) rank!: number;
}

export class ProviderHealthView {
  @ApiProperty({ type: 'integer' }) ok!: number;
  @ApiProperty({ type: 'integer' }) failed!: number;
  @ApiProperty({ type: 'integer' }) timeout!: number;
  @ApiProperty({ type: 'integer', nullable: true }) medianLatencyMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRunAt!: Date | string | null;
}

export class ProviderView {
  @ApiProperty({ example: 'archive' }) name!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: 'integer' }) timeoutMs!: number;
  @ApiProperty({ required: false, example: 'postgres' }) source?: string;
  @ApiProperty({ required: false, type: String, nullable: true, description: 'The configured base URL; MediaWiki\'s may hold a {lang} placeholder' }) baseUrl?: string | null;
  @ApiProperty({ type: ProviderHealthView, nullable: true, description: 'Outcomes over the last 50 runs' }) recent!: ProviderHealthView | null;
}

export class RatingView {
  @ApiProperty({ example: 'false' }) key!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'ClaimReview ratingValue; null for misleading and unverifiable' }) ratingValue!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Label per ISO 639 code' }) labels!: Record<string, string>;
}

export class RatingScaleView {
  @ApiProperty({ type: 'integer' }) bestRating!: number;
  @ApiProperty({ type: 'integer' }) worstRating!: number;
  @ApiProperty({ type: [RatingView] }) ratings!: RatingView[];
}

export class SettingsView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'uri', nullable: true }) url!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'https://verif.example/fact-checks/{claimId}' }) publicUrlTemplate!: string | null;
  @ApiProperty({ type: RatingScaleView }) ratingScale!: RatingScaleView;
}

export class LiveView {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class HealthView {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, selfRequired: false }) info?: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, selfRequired: false }) error?: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Per dependency: { status: up | down, … }' }) details!: Record<string, unknown>;
}

/** schema.org ClaimReview JSON-LD (spec section 3); further schema.org properties may appear. */
export class ClaimReviewView {
  @ApiProperty({ name: '@context', enum: ['https://schema.org'] }) '@context'!: string;
  @ApiProperty({ name: '@type', enum: ['ClaimReview'] }) '@type'!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ maxLength: 75 }) claimReviewed!: string;
  @ApiProperty({ format: 'date-time' }) datePublished!: string;
  @ApiProperty({ required: false, format: 'date-time' }) dateModified?: string;
  @ApiProperty({ required: false }) headline?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The organization: { @type: Organization, name, url }' }) author!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Claim: author, datePublished, appearance, firstAppearance' }) itemReviewed!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Rating: alternateName (always), ratingValue/bestRating/worstRating where numeric, ratingExplanation' }) reviewRating!: Record<string, unknown>;
  @ApiProperty() inLanguage!: string;
}

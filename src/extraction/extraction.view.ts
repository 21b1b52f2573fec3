import { ApiProperty } from '@nestjs/swagger';
import { SubmittedClaimView } from '../claims/claim-detail.view';

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
  @ApiProperty({
    type: SubmittedClaimView,
    nullable: true,
    required: false,
    description: 'With submit: true, the claim it became (null beyond the first 100)',
  })
  claim?: SubmittedClaimView | null;
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
  @ApiProperty({ type: 'integer', required: false, description: 'With submit: true, how many claims were submitted' })
  submitted?: number;
}

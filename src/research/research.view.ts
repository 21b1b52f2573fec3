import { ApiProperty } from '@nestjs/swagger';
import { AssessmentView } from '../claims/claim.view';
import { ProviderOutcomeView } from '../evidence/evidence.view';

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

import { ApiProperty } from '@nestjs/swagger';
import type { Evidence } from './evidence.entity';

export class EvidenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'archive' }) provider!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true }) snippet!: string | null;
  @ApiProperty({ type: String, nullable: true }) publisher!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) language!: string | null;
  @ApiProperty({ description: 'The source is in another language than the claim' }) crossLanguage!: boolean;
  @ApiProperty({ enum: ['supports', 'refutes', 'neutral'], enumName: 'Stance' }) stance!:
    'supports' | 'refutes' | 'neutral';
  @ApiProperty({ minimum: 0, maximum: 1 }) stanceScore!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) relevance!: number;
  @ApiProperty({ type: String, nullable: true }) rationale!: string | null;
  @ApiProperty({ enum: ['builtin', 'model'], description: 'Which analyzer scored it' }) analyzer!: string;
  @ApiProperty({
    type: String,
    enum: ['supports', 'refutes', 'neutral'],
    nullable: true,
    description: 'When the model backend scored it and the built-in analyzer reads it otherwise',
  })
  builtinStance!: 'supports' | 'refutes' | 'neutral' | null;
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

/**
 * `crossLanguage`: the source is in another language than the claim. `builtinStance` and
 * `stanceDisagreement`: the model backend scored the row and the built-in analyzer reads it otherwise.
 */
export const evidenceView = (e: Evidence, claimLanguage: string): EvidenceView => ({
  id: e.id,
  provider: e.provider,
  url: e.url,
  title: e.title,
  snippet: e.snippet,
  publisher: e.publisher,
  publishedAt: e.publishedAt?.toISOString() ?? null,
  language: e.language,
  crossLanguage: !!e.language && e.language !== claimLanguage,
  stance: e.stance,
  stanceScore: e.stanceScore,
  relevance: e.relevance,
  rationale: e.rationale,
  analyzer: e.analyzer,
  builtinStance: e.builtinStance ?? null,
  stanceDisagreement: !!e.builtinStance && e.builtinStance !== e.stance,
  retrievedAt: e.retrievedAt.toISOString(),
});

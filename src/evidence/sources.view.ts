import { ApiProperty } from '@nestjs/swagger';

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
  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    description: "The configured base URL; MediaWiki's may hold a {lang} placeholder",
  })
  baseUrl?: string | null;
  @ApiProperty({ type: ProviderHealthView, nullable: true, description: 'Outcomes over the last 50 runs' })
  recent!: ProviderHealthView | null;
}

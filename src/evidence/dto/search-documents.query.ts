import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { NoControlChars } from '../../platform/api/validation';

export class SearchDocumentsQuery {
  @ApiPropertyOptional({
    example: 'retrait bases Irak',
    description: 'Web-search syntax: words, "phrases", -excluded, or. Without it: the most recently updated documents.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @NoControlChars()
  q?: string;

  @ApiPropertyOptional({ example: 'fr', description: 'Only documents in this language (and its stemming)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be an ISO 639 code' })
  language?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;
}

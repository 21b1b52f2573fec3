import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUrl, IsUUID, Length, MaxLength } from 'class-validator';
import { NoControlChars } from '../../platform/api/validation';
import { RATING_KEYS } from '../../organizations/rating-scale';

const URL_OPTS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Rating, summary, title, evidence and sources: the content of a verdict. */
export class VerdictContentDto {
  @ApiProperty({ enum: RATING_KEYS, example: 'false' })
  @IsIn(RATING_KEYS)
  rating: string;

  @ApiProperty({ example: 'Le CENTCOM a démenti tout retrait.', maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  summary: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @NoControlChars()
  title?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Evidence of this claim relied on' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Extra sources (http(s) URLs)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  @IsUrl(URL_OPTS, { each: true, message: 'each source must be an http(s) URL' })
  sources?: string[];
}

export class ReasonDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  @NoControlChars()
  reason: string;
}

export class CorrectionDto extends VerdictContentDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the verdict is corrected' })
  @IsString()
  @Length(1, 2000)
  @NoControlChars()
  reason: string;
}

/** Edit of a draft before review: any content field. */
export class EditDraftDto {
  @ApiPropertyOptional({ enum: RATING_KEYS })
  @IsOptional()
  @IsIn(RATING_KEYS)
  rating?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  summary?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @NoControlChars()
  title?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  @IsUrl(URL_OPTS, { each: true, message: 'each source must be an http(s) URL' })
  sources?: string[];
}

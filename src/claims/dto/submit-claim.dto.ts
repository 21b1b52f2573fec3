import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import type { IsURLOptions } from 'validator';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { NoControlChars } from '../../platform/api/validation';
import { PRIORITIES, type Priority } from '../claim-status';

export const MAX_CLAIM_LENGTH = 2000;
const URL_OPTS: IsURLOptions = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SpeakerDto {
  @ApiProperty({ example: 'Un porte-parole du CENTCOM', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @NoControlChars()
  name: string;

  @ApiPropertyOptional({ example: 'spokesperson', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @NoControlChars()
  role?: string;
}

export class SubmitClaimDto {
  @ApiProperty({ example: 'Les États-Unis ont retiré leurs troupes de 15 bases en Irak', maxLength: MAX_CLAIM_LENGTH })
  @IsString()
  @NoControlChars()
  @Transform(trim)
  @Length(3, MAX_CLAIM_LENGTH)
  text: string;

  @ApiPropertyOptional({ example: 'fr', description: 'ISO 639-1 code; detected when absent' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be an ISO 639 code such as "fr" or "en"' })
  language?: string;

  @ApiPropertyOptional({ example: 'https://news.example/article/123' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_OPTS, { message: 'sourceUrl must be an http(s) URL' })
  sourceUrl?: string;

  @ApiPropertyOptional({ type: [String], example: ['https://social.example/post/42'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  @IsUrl(URL_OPTS, { each: true, message: 'each appearance must be an http(s) URL' })
  appearances?: string[];

  @ApiPropertyOptional({ type: SpeakerDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SpeakerDto)
  speaker?: SpeakerDto;

  @ApiPropertyOptional({ example: '2026-01-22', description: 'When the claim was made (ISO 8601 date)' })
  @IsOptional()
  @IsString()
  @IsISO8601({ strict: true }, { message: 'claimDate must be an ISO 8601 date' })
  claimDate?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @NoControlChars()
  context?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ type: [String], example: ['irak', 'defense'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @NoControlChars()
  tags?: string[];

  @ApiPropertyOptional({ example: 'cms-48213', maxLength: 200, description: 'Your own identifier for the claim' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @NoControlChars()
  externalId?: string;
}

export class SubmitClaimBatchDto {
  @ApiProperty({
    type: [SubmitClaimDto],
    minItems: 1,
    maxItems: 100,
    description: 'Each item is validated on its own: valid items are stored, invalid ones get an error',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  claims: unknown[];
}

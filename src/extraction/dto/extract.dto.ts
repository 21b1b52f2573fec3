import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import type { IsURLOptions } from 'validator';
import {
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { NoControlChars } from '../../platform/api/validation';

/** 200,000 characters: a very long article. Longer texts are refused with 400 (bodies over BODY_LIMIT_BYTES with 413). */
export const MAX_ARTICLE_LENGTH = 200_000;
const URL_OPTS: IsURLOptions = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class ExtractDto {
  @ApiProperty({
    description: 'The article text (plain text; paragraphs separated by line breaks)',
    maxLength: MAX_ARTICLE_LENGTH,
  })
  @IsString()
  @Length(1, MAX_ARTICLE_LENGTH)
  @NoControlChars()
  text: string;

  @ApiPropertyOptional({ example: 'fr', description: 'ISO 639-1 code; detected when absent' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be an ISO 639 code such as "fr" or "en"' })
  language?: string;

  @ApiPropertyOptional({
    example: 'https://news.example/article/123',
    description: 'Where the article appeared: the appearance of submitted claims',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_OPTS, { message: 'url must be an http(s) URL' })
  url?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'The article title: the context of submitted claims' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @NoControlChars()
  title?: string;

  @ApiPropertyOptional({ default: false, description: 'Submit the candidates (score ≥ minScore) as claims' })
  @IsOptional()
  @IsBoolean()
  submit?: boolean;

  @ApiPropertyOptional({
    default: 0.5,
    minimum: 0,
    maximum: 1,
    description: 'Check-worthiness score from which a sentence is a candidate claim',
  })
  @IsOptional()
  @Transform(({ value }) => value)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minScore?: number;
}

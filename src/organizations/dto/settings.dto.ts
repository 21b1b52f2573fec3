import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
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
import { RATING_KEYS } from '../rating-scale';

export class RatingLabelsDto {
  @ApiProperty({ enum: RATING_KEYS, example: 'false' })
  @IsIn(RATING_KEYS)
  key: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', minLength: 1, maxLength: 100 },
    example: { fr: 'Faux', en: 'False' },
    description: 'Label per ISO 639 language code',
  })
  @IsObject()
  labels: Record<string, string>;
}

export class RatingScaleDto {
  @ApiProperty({ type: [RatingLabelsDto] })
  @IsArray()
  @ArrayMaxSize(7)
  @ValidateNested({ each: true })
  @Type(() => RatingLabelsDto)
  ratings: RatingLabelsDto[];
}

const URL_OPTS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class OrganizationSettingsDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @NoControlChars()
  name?: string;

  @ApiPropertyOptional({ example: 'https://desk.example' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_OPTS, { message: 'url must be an http(s) URL' })
  url?: string;

  @ApiPropertyOptional({
    example: 'https://desk.example/fact-checks/{claimId}',
    description: 'Public URL of a fact-check page; {claimId}, {verdictId}, {version} and {language} are replaced',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @Matches(/^https?:\/\/\S+$/, { message: 'publicUrlTemplate must be an http(s) URL' })
  @Matches(/\{(claimId|verdictId)\}/, { message: 'publicUrlTemplate must contain {claimId} or {verdictId}' })
  publicUrlTemplate?: string;
}

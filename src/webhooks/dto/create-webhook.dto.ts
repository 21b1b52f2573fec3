import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { NoControlChars } from '../../platform/api/validation';
import { CustomHeadersProperty } from '../custom-headers';
import { EVENT_TYPES } from '../../platform/queue/queue-names';
import { WEBHOOK_SCOPES, type WebhookScope } from '../webhook-subscription.entity';

export const EVENT_FILTERS = ['*', ...EVENT_TYPES] as const;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.lequotidien.example/corroborate',
    description:
      'https only (unless the operator allows private networks); must not resolve to a private, loopback or reserved address',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 2048)
  @NoControlChars()
  url: string;

  @ApiProperty({
    type: [String],
    enum: EVENT_FILTERS,
    example: ['verdict.published', 'verdict.corrected'],
    description: 'Event types, or ["*"] for every event',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(EVENT_FILTERS, { each: true })
  events: string[];

  @ApiPropertyOptional({ maxLength: 500, example: 'Verdicts to our CMS' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  @NoControlChars()
  description?: string;

  @ApiPropertyOptional({
    enum: WEBHOOK_SCOPES,
    default: 'own',
    description:
      "own: events of the newsroom's claims (and verdicts of the claims they duplicate); all: plus every verdict event of the organization. A desk-level subscription (admin key, no newsroom) receives every event.",
  })
  @IsOptional()
  @IsIn(WEBHOOK_SCOPES)
  scope?: WebhookScope;

  @CustomHeadersProperty()
  headers?: Record<string, string>;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
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
import { IsCustomHeaders, MAX_CUSTOM_HEADERS } from '../custom-headers';
import { WEBHOOK_SCOPES, type WebhookScope } from '../webhook-subscription.entity';
import { EVENT_FILTERS } from './create-webhook.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://hooks.lequotidien.example/corroborate' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 2048)
  @NoControlChars()
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: EVENT_FILTERS })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(EVENT_FILTERS, { each: true })
  events?: string[];

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  @NoControlChars()
  description?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_SCOPES })
  @IsOptional()
  @IsIn(WEBHOOK_SCOPES)
  scope?: WebhookScope;

  @ApiPropertyOptional({
    enum: ['active', 'paused'],
    description: 'paused stops deliveries; active resumes, and re-enables a subscription the service disabled',
  })
  @IsOptional()
  @IsIn(['active', 'paused'])
  status?: 'active' | 'paused';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 1000 },
    maxProperties: MAX_CUSTOM_HEADERS,
    example: { 'x-cms-token': 'a3f9…' },
    description:
      'Custom request headers sent with every delivery (at most 10). Names are HTTP tokens; never webhook-*, host, content-length, content-type, user-agent or hop-by-hop headers; values are printable, without line breaks, at most 1000 characters. PATCH replaces the whole set ({} removes them).',
  })
  @IsOptional()
  @IsCustomHeaders()
  headers?: Record<string, string>;
}

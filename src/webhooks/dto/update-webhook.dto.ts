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
import { CustomHeadersProperty } from '../custom-headers';
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

  @CustomHeadersProperty()
  headers?: Record<string, string>;
}

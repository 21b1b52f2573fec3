import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EVENT_TYPES, type EventType } from '../../platform/queue/queue-names';

export class PingWebhookQuery {
  @ApiPropertyOptional({
    enum: EVENT_TYPES,
    default: 'webhook.ping',
    description:
      "A test event of this catalog type: the OpenAPI document's recorded example of the type, with a new webhook-id and timestamp. Default webhook.ping.",
  })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventType;
}

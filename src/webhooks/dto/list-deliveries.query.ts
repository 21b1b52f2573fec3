import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../platform/api/pagination';
import { EVENT_TYPES, type EventType } from '../../platform/queue/queue-names';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhook-delivery.entity';

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: EVENT_TYPES, description: 'Only deliveries of this event type' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  eventType?: EventType;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Only deliveries created at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Only deliveries created before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}

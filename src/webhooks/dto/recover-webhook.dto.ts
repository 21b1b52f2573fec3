import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate } from 'class-validator';

export class RecoverWebhookDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-12-03T09:00:00.000Z',
    description: 'Resend every failed delivery created at or after this time; at most 14 days ago, not in the future',
  })
  @Type(() => Date)
  @IsDate()
  since: Date;
}

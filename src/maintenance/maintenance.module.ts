import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { IdempotencyService } from '../common/idempotency.service';
import { IdempotencyPurge, MAINTENANCE_QUEUE } from './idempotency-purge';

/** Worker side: periodic housekeeping, scheduled once per deployment through a BullMQ job scheduler. */
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [IdempotencyService, IdempotencyPurge],
})
export class MaintenanceModule {}

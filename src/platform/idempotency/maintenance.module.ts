import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { IdempotencyPurge } from './idempotency-purge';

/** Worker side: periodic housekeeping, scheduled once per deployment through a BullMQ job scheduler. */
@Module({
  providers: [IdempotencyService, IdempotencyPurge],
})
export class MaintenanceModule {}

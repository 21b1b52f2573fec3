import { Module } from '@nestjs/common';
import { IdempotencyModule } from './idempotency.module';
import { IdempotencyPurge } from './idempotency-purge';

/** Worker side: periodic housekeeping, scheduled once per deployment through a BullMQ job scheduler. */
@Module({
  imports: [IdempotencyModule],
  providers: [IdempotencyPurge],
})
export class MaintenanceModule {}

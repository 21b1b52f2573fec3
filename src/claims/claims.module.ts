import { Module } from '@nestjs/common';
import { IdempotencyService } from '../common/idempotency.service';
import { OutboxModule } from '../outbox/outbox.module';
import { ClaimsController } from './claims.controller';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';

@Module({
  imports: [OutboxModule],
  controllers: [ClaimsController],
  providers: [ClaimsRepository, ClaimsService, IdempotencyService],
  exports: [ClaimsRepository, ClaimsService],
})
export class ClaimsModule {}

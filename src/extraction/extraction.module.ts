import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { IdempotencyModule } from '../platform/idempotency/idempotency.module';
import { ExtractionController } from './extraction.controller';
import { RateLimitModule } from '../platform/rate-limit/rate-limits';
import { ExtractionService } from './extraction.service';

/** POST /v1/extractions: sentences, check-worthiness, candidate claims. */
@Module({
  imports: [ClaimsModule, RateLimitModule, IdempotencyModule],
  controllers: [ExtractionController],
  providers: [ExtractionService],
  exports: [ExtractionService],
})
export class ExtractionModule {}

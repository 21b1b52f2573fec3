import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { IdempotencyService } from '../platform/idempotency/idempotency.service';
import { ExtractionController } from './extraction.controller';
import { RateLimitModule } from '../platform/rate-limit/rate-limits';
import { ExtractionService } from './extraction.service';

/** POST /v1/extractions: sentences, check-worthiness, candidate claims. */
@Module({
  imports: [ClaimsModule, RateLimitModule],
  controllers: [ExtractionController],
  providers: [ExtractionService, IdempotencyService],
  exports: [ExtractionService],
})
export class ExtractionModule {}

import { Module } from '@nestjs/common';
import { IdempotencyService } from '../common/idempotency.service';
import { OutboxModule } from '../outbox/outbox.module';
import { ClaimsController } from './claims.controller';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';
import { ClaimMatcher } from './matching/claim-matcher.service';
import { DuplicatesController } from './matching/duplicates.controller';
import { MatchingRepository } from './matching/matching.repository';

@Module({
  imports: [OutboxModule],
  controllers: [ClaimsController, DuplicatesController],
  providers: [ClaimsRepository, ClaimsService, IdempotencyService, ClaimMatcher, MatchingRepository],
  exports: [ClaimsRepository, ClaimsService, MatchingRepository],
})
export class ClaimsModule {}

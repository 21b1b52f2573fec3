import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../platform/idempotency/idempotency.module';
import { OutboxModule } from '../platform/outbox/outbox.module';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';
import { ClaimLifecycleModule } from './lifecycle/claim-lifecycle.module';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { VerdictsRepository } from '../verdicts/verdicts.repository';
import { ClaimMatcher } from './matching/claim-matcher.service';
import { DuplicatesController } from './matching/duplicates.controller';
import { MatchingRepository } from './matching/matching.repository';

@Module({
  imports: [OutboxModule, ClaimLifecycleModule, IdempotencyModule],
  controllers: [ClaimsController, DuplicatesController],
  // The evidence and verdict repositories answer the claim detail (counts, the verdict in force).
  providers: [ClaimsService, ClaimMatcher, MatchingRepository, EvidenceRepository, VerdictsRepository],
  exports: [ClaimLifecycleModule, ClaimsService, MatchingRepository],
})
export class ClaimsModule {}

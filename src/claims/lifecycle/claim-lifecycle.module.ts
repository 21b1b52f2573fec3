import { Module } from '@nestjs/common';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { ClaimsRepository } from '../claims.repository';
import { ClaimLifecycle } from './claim-lifecycle';

/** The claims table and the claim's lifecycle, without routes: for the workers and every feature that moves a claim. */
@Module({
  imports: [OutboxModule],
  providers: [ClaimsRepository, ClaimLifecycle],
  exports: [ClaimsRepository, ClaimLifecycle],
})
export class ClaimLifecycleModule {}

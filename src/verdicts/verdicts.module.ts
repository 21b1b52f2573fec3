import { Module } from '@nestjs/common';
import { VerdictReadsService } from './verdict-reads.service';
import { ClaimsModule } from '../claims/claims.module';
import { OrganizationSettingsRepository } from '../organizations/organization-settings.repository';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { TasksModule } from '../tasks/tasks.module';
import { VerdictsController } from './verdicts.controller';
import { VerdictsRepository } from './verdicts.repository';
import { VerdictsService } from './verdicts.service';

/** Verdict versions, publication, corrections, retractions, dismissals and ClaimReview. */
@Module({
  imports: [ClaimsModule, TasksModule],
  controllers: [VerdictsController],
  providers: [
    VerdictsRepository,
    VerdictsService,
    VerdictReadsService,
    OrganizationSettingsRepository,
    EvidenceRepository,
  ],
  exports: [VerdictsRepository, VerdictsService, VerdictReadsService, OrganizationSettingsRepository],
})
export class VerdictsModule {}

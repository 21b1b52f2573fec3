import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { SourcesController } from './sources.controller';
import { SourcesService } from './sources.service';
import { ResearchRunsRepository } from './research-runs.repository';
import { ResearchRequestService } from './research-request.service';
import { ResearchResultsService } from './research-results.service';
import { ResearchController } from './research.controller';

/** HTTP side of research: evidence, re-runs, runs, the archive and fact-check sources, providers. */
@Module({
  imports: [ClaimsModule, EvidenceModule],
  controllers: [ResearchController, SourcesController],
  providers: [ResearchRunsRepository, ResearchRequestService, ResearchResultsService, SourcesService],
})
export class ResearchApiModule {}

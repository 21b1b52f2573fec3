import { Module } from '@nestjs/common';
import { ClaimLifecycleModule } from '../claims/lifecycle/claim-lifecycle.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { OwnVerdictsHandler } from '../evidence/providers/fact-checks/own-verdicts.handler';
import { TasksModule } from '../tasks/tasks.module';
import { ResearchEventsHandler } from './research-events.handler';
import { ResearchRunsRepository } from './research-runs.repository';
import { ResearchService } from './research.service';
import { ResearchWorker } from './research.worker';

/** Worker side of research: the claim.received handler, the Research queue consumer, the pipeline. */
@Module({
  imports: [EvidenceModule, TasksModule, ClaimLifecycleModule],
  providers: [ResearchService, ResearchRunsRepository, ResearchWorker, ResearchEventsHandler, OwnVerdictsHandler],
  exports: [ResearchService],
})
export class ResearchWorkerModule {}

import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { StanceService } from '../evidence/stance/stance.service';
import { HandlesJob, JobHandler, JobName } from '../platform/queue/jobs';
import { ResearchJobData } from '../platform/queue/queue-names';
import { CLAIM_NOT_FOUND, ResearchService } from './research.service';

/**
 * Runs research jobs. The stance analyzer is loaded at module init, before JobWorkers starts the
 * queue's worker, so the first job does not pay for it.
 */
@Injectable()
@HandlesJob(JobName.Research)
export class ResearchWorker implements JobHandler<JobName.Research>, OnModuleInit {
  private readonly logger = new Logger(ResearchWorker.name);

  constructor(
    private readonly research: ResearchService,
    private readonly stance: StanceService,
  ) {}

  onModuleInit() {
    this.logger.log(`Stance analyzer loaded in ${this.stance.warmUp()} ms`);
  }

  /** What the job keeps in Redis (and the operator's dashboard shows): ids and outcomes, no tenant text such as the rationale. */
  async handle(job: Job<ResearchJobData>) {
    const r = await this.research.research(job.id!, job.data);
    if (r.reason === CLAIM_NOT_FOUND)
      throw new UnrecoverableError(`Refused: organization ${job.data.organizationId} has no claim ${job.data.claimId}`);
    return {
      status: r.status,
      runId: r.runId,
      reason: r.reason,
      label: r.assessment?.label,
      providers: r.providers?.map(({ provider, status }) => ({ provider, status })),
    };
  }
}

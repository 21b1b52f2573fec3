import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { MetricsService } from '../metrics/metrics.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { QueueName, ResearchJobData } from '../queue/queue-names';
import { StanceService } from '../evidence/stance/stance.service';
import { CLAIM_NOT_FOUND, ResearchService } from './research.service';

/**
 * Consumes the Research queue. Built by hand rather than with @Processor so that concurrency and
 * the lock duration come from config: a worker that dies holds its jobs only until the lock
 * expires, then the stalled-job check hands them to another worker (maxStalledCount 5).
 */
@Injectable()
export class ResearchWorker implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ResearchWorker.name);
  private worker?: Worker<ResearchJobData>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly research: ResearchService,
    private readonly metrics: MetricsService,
    private readonly stance: StanceService,
  ) {}

  onModuleInit() {
    this.logger.log(`Stance analyzer loaded in ${this.stance.warmUp()} ms`);
    const { concurrency, lockMs } = this.config.research;
    this.worker = new Worker<ResearchJobData>(QueueName.Research, (job: Job<ResearchJobData>) => this.run(job), {
      connection: { url: this.config.redisUrl, maxRetriesPerRequest: null } as never,
      prefix: this.config.queuePrefix,
      concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
      maxStalledCount: 5,
    });
    this.metrics.observeWorker(this.worker);
    this.worker.on('failed', (job, err) => this.logger.warn(`Research job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
    this.worker.on('error', (err) => this.logger.error(`Research worker error: ${err.message}`));
  }

  /** What the job keeps in Redis (and the operator's dashboard shows): ids and outcomes, no tenant text such as the rationale. */
  private async run(job: Job<ResearchJobData>) {
    const r = await this.research.research(job.id!, job.data);
    if (r.reason === CLAIM_NOT_FOUND) throw new UnrecoverableError(`Refused: organization ${job.data.organizationId} has no claim ${job.data.claimId}`);
    return { status: r.status, runId: r.runId, reason: r.reason, label: r.assessment?.label, providers: r.providers?.map(({ provider, status }) => ({ provider, status })) };
  }

  async onApplicationShutdown() {
    await this.worker?.close();
  }
}

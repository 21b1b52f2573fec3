import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';

/** WorkerHost that logs connection errors once per outage and every failed attempt. Extend it for processors. */
export abstract class LoggedWorkerHost extends WorkerHost {
  protected readonly logger = new Logger(this.constructor.name);
  private down = false;

  @OnWorkerEvent('error')
  onWorkerError(err: Error) {
    if (this.down) return;
    this.down = true;
    this.logger.warn(`Redis unavailable (${err.message}); the worker retries`);
  }

  @OnWorkerEvent('ready')
  onWorkerReady() {
    if (this.down) this.logger.log('Redis connection restored');
    this.down = false;
  }

  @OnWorkerEvent('failed')
  onJobFailed(job: Job | undefined, err: Error) {
    this.logger.warn(`Job ${job?.name ?? '?'} ${job?.id ?? ''} failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`);
  }
}

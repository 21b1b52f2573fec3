import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClaimLifecycle, SYSTEM } from '../claims/lifecycle/claim-lifecycle';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { HandlesJob, JobHandler, JobName, scheduleEvery } from '../platform/queue/jobs';
import { QueueName } from '../platform/queue/queue-names';
import { TaskLeasesRepository } from './task-leases.repository';

/**
 * Every TASK_SWEEP_SECONDS, tasks whose lease expired go back to the pool and their claim from
 * `in_check` back to `ready_for_check`, with a `lease_expired` history row (ClaimLifecycle).
 * Expired tasks are claimable even before a sweep; the sweep makes the claim status true again.
 * A job scheduler, like the idempotency purge: every worker upserts the same one, so the sweep runs
 * once per interval for the deployment however many workers there are; rows are taken with
 * FOR UPDATE SKIP LOCKED all the same.
 */
@Injectable()
@HandlesJob(JobName.SweepLeases)
export class LeaseSweeper implements JobHandler<JobName.SweepLeases>, OnApplicationBootstrap {
  private readonly logger = new Logger(LeaseSweeper.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly leases: TaskLeasesRepository,
    private readonly lifecycle: ClaimLifecycle,
  ) {}

  async onApplicationBootstrap() {
    await scheduleEvery(this.queue, JobName.SweepLeases, this.config.tasks.sweepSeconds, this.logger);
  }

  async handle(): Promise<{ expired: number }> {
    return { expired: await this.sweep() };
  }

  /** One pass; returns how many tasks went back to the pool. */
  sweep(): Promise<number> {
    return this.ds.transaction(async (m) => {
      const expired = await this.leases.expireAcrossTenants(m);
      for (const t of expired) {
        // Task, then claim: the lock order of every task statement.
        const scope = { organizationId: t.organizationId };
        const claim = await this.lifecycle.lock(m, scope, t.claimId);
        await this.lifecycle.transition(m, scope, claim, 'lease_expired', SYSTEM, {
          details: { taskId: t.id, kind: t.kind },
        });
      }
      return expired.length;
    });
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClaimLifecycle, SYSTEM } from '../claims/lifecycle/claim-lifecycle';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { TaskLeasesRepository } from './task-leases.repository';

/**
 * Worker-side timer: every TASK_SWEEP_SECONDS, tasks whose lease expired go back to the pool and
 * their claim from `in_check` back to `ready_for_check`, with a `lease_expired` history row (ClaimLifecycle).
 * Expired tasks are claimable even before a sweep; the sweep makes the claim status true again.
 * Several workers may sweep at once: rows are taken with FOR UPDATE SKIP LOCKED.
 */
@Injectable()
export class LeaseSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeaseSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly leases: TaskLeasesRepository,
    private readonly lifecycle: ClaimLifecycle,
  ) {}

  onApplicationBootstrap() {
    this.schedule();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .catch((err) => this.logger.warn(`Lease sweep failed: ${(err as Error).message}`))
        .finally(() => this.schedule());
    }, this.config.tasks.sweepSeconds * 1000);
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

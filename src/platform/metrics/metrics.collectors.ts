import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { OutboxRepository } from '../outbox/outbox.repository';
import { QueueName } from '../queue/queue-names';
import { MetricsService } from './metrics.service';
import { withTimeout } from '../with-timeout';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** Fills the shared-state gauges at scrape time: queue depths and outbox lag. */
@Injectable()
export class MetricsCollectors implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit() {
    const queues = Object.values(QueueName).map(
      (name) => [name, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })] as const,
    );
    this.metrics.onScrape(async () => {
      await Promise.all(
        queues.map(async ([name, queue]) => {
          const counts = await withTimeout(queue.getJobCounts(...STATES), 1000);
          for (const state of STATES) this.metrics.queueJobs.set({ queue: name, state }, counts[state] ?? 0);
        }),
      );
    });
    this.metrics.onScrape(async () => {
      const row = await this.outbox.pendingAcrossTenants();
      this.metrics.outboxPending.set(row.pending);
      this.metrics.outboxLag.set(row.lag);
    });
  }
}

import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
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
    @InjectDataSource() private readonly ds: DataSource,
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
      const [row] = await this.ds.query(
        `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS lag FROM outbox_events WHERE published_at IS NULL`,
      );
      this.metrics.outboxPending.set(row.pending);
      this.metrics.outboxLag.set(row.lag);
    });
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../platform/metrics/metrics.service';
import { TASK_KINDS } from './task.entity';
import { TaskLeasesRepository } from './task-leases.repository';

/** `corroborate_tasks_open{kind}`: open tasks waiting for a checker or an editor, read at scrape time. */
@Injectable()
export class TasksMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly leases: TaskLeasesRepository,
  ) {}

  onModuleInit() {
    const open = new Gauge({
      name: 'corroborate_tasks_open',
      help: 'Open human tasks by kind (all organizations)',
      labelNames: ['kind'],
      registers: [this.metrics.registry],
    });
    this.metrics.onScrape(async () => {
      const rows = await this.leases.openByKindAcrossTenants();
      for (const kind of TASK_KINDS) open.set({ kind }, Number(rows.find((r) => r.kind === kind)?.count ?? 0));
    });
  }
}

import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job } from 'bullmq';
import { MetricsService } from './metrics.service';

/** Records duration and outcome of every job run by this process's BullMQ workers. */
@Injectable()
export class WorkerMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap() {
    for (const wrapper of this.discovery.getProviders()) {
      const host = wrapper.instance as WorkerHost | undefined;
      if (!(host instanceof WorkerHost)) continue;
      let worker;
      try {
        worker = host.worker;
      } catch {
        continue;
      }
      const queue = worker.name;
      const seconds = (job?: Job) => (job?.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : 0);
      worker.on('completed', (job) => this.metrics.jobDuration.observe({ queue, outcome: 'completed' }, seconds(job)));
      worker.on('failed', (job) => {
        this.metrics.jobFailures.inc({ queue });
        this.metrics.jobDuration.observe({ queue, outcome: 'failed' }, seconds(job));
      });
    }
  }
}

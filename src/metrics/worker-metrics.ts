import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
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
      this.metrics.observeWorker(worker);
    }
  }
}

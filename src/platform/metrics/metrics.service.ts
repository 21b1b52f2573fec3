import { Inject, Injectable } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The process's Prometheus registry and the series every part of the service records into.
 * Series computed from shared state (queue depths, outbox lag, open tasks) are filled at scrape
 * time by collectors registered with `onScrape`, at most once per METRICS_CACHE_SECONDS: scrapes
 * within that window (or arriving together) share one collection, so scraping costs no more SQL or
 * Redis calls however often or by how many scrapers it is done.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly collectors: (() => Promise<void>)[] = [];
  private lastCollection?: { startedAt: number; done: Promise<void> };

  readonly httpRequests = new Counter({
    name: 'corroborate_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'corroborate_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly queueJobs = new Gauge({
    name: 'corroborate_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'corroborate_job_duration_seconds',
    help: 'Job processing time per queue and outcome, in the process that ran it',
    labelNames: ['queue', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: 'corroborate_job_failures_total',
    help: 'Failed job attempts per queue',
    labelNames: ['queue'],
    registers: [this.registry],
  });
  readonly outboxLag = new Gauge({
    name: 'corroborate_outbox_lag_seconds',
    help: 'Age of the oldest unpublished outbox event (0 when none)',
    registers: [this.registry],
  });
  readonly outboxPending = new Gauge({
    name: 'corroborate_outbox_pending_events',
    help: 'Outbox events not yet published to the queue',
    registers: [this.registry],
  });

  readonly providerDuration = new Histogram({
    name: 'corroborate_provider_duration_seconds',
    help: 'Evidence provider search time (all attempts) by provider and outcome',
    labelNames: ['provider', 'status'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly providerFailures = new Counter({
    name: 'corroborate_provider_failures_total',
    help: 'Evidence provider searches that failed or timed out',
    labelNames: ['provider', 'status'],
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'corroborate_webhook_delivery_attempts_total',
    help: 'Webhook delivery job runs by outcome (succeeded, retrying, failed, gone, skipped, cancelled)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    collectDefaultMetrics({ register: this.registry, prefix: 'corroborate_' });
  }

  /** Records duration and outcome of every job a BullMQ worker of this process runs. */
  observeWorker(worker: Worker, queue = worker.name): void {
    const seconds = (job?: Job) => (job?.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : 0);
    worker.on('completed', (job) => this.jobDuration.observe({ queue, outcome: 'completed' }, seconds(job)));
    worker.on('failed', (job) => {
      this.jobFailures.inc({ queue });
      this.jobDuration.observe({ queue, outcome: 'failed' }, seconds(job));
    });
  }

  /** Registers work to run before each scrape (read shared state into gauges). */
  onScrape(collect: () => Promise<void>) {
    this.collectors.push(collect);
  }

  async render(): Promise<string> {
    const last = this.lastCollection;
    if (!last || Date.now() - last.startedAt >= this.config.metricsCacheSeconds * 1000) {
      const done = Promise.all(this.collectors.map((c) => c().catch(() => undefined))).then(() => undefined);
      this.lastCollection = { startedAt: Date.now(), done };
      await done;
    } else {
      await last.done;
    }
    return this.registry.metrics();
  }
}

import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { hostname } from 'node:os';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { Job, UnrecoverableError, Worker, WorkerOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MetricsService } from '../metrics/metrics.service';
import { JOB_HANDLER, JobHandler, JobName, JOBS, RetryLater } from './jobs';
import { attachErrorLogging } from './queue-error-logger';
import { QueueName } from './queue-names';
import { redisConnection } from './queue.module';

/** A job without a handler, or with two: the process must not start. */
export class JobHandlerError extends Error {}

type WorkerTuning = Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>;

/**
 * A killed worker's active jobs are taken again once their lock has expired and the next stalled
 * check of a live worker sees it: within lockMs + lockMs / 2 (12 s with the 8 s defaults). Locks
 * are renewed every lockMs / 2 while the job runs, so a long job keeps its lock.
 */
const recovery = (lockMs: number) => ({
  lockDuration: lockMs,
  stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
});

/**
 * How each queue's worker runs. A worker that dies holds its jobs until their lock expires; the
 * stalled-job check of another worker then takes them again (up to maxStalledCount times).
 */
const TUNING: Record<QueueName, (c: AppConfig) => WorkerTuning> = {
  [QueueName.Events]: (c) => ({ concurrency: c.events.concurrency, ...recovery(c.events.lockMs), maxStalledCount: 5 }),
  [QueueName.Research]: (c) => ({
    concurrency: c.research.concurrency,
    ...recovery(c.research.lockMs),
    maxStalledCount: 5,
  }),
  [QueueName.WebhookDeliveries]: (c) => ({
    concurrency: c.webhooks.concurrency,
    ...recovery(c.webhooks.lockMs),
    maxStalledCount: 10,
  }),
  [QueueName.Maintenance]: () => ({ concurrency: 1 }),
};

/** Finds the one handler of every job among the providers, or says which job has none or two. */
export function findJobHandlers(providers: InstanceWrapper[]): Map<JobName, { label: string; handler: JobHandler }> {
  const found = new Map<JobName, { label: string; handler: JobHandler; type: unknown }>();
  for (const wrapper of providers) {
    const type = wrapper.metatype;
    const name = type ? (Reflect.getMetadata(JOB_HANDLER, type) as JobName | undefined) : undefined;
    if (!name || !wrapper.instance) continue;
    const label = wrapper.name ? String(wrapper.name) : 'a provider';
    const seen = found.get(name);
    if (seen?.type === type) continue; // one class provided by two modules
    if (seen)
      throw new JobHandlerError(
        `Job "${name}" has two handlers, ${seen.label} and ${label}: keep one @HandlesJob(JobName.${keyOf(name)})`,
      );
    if (typeof (wrapper.instance as JobHandler).handle !== 'function')
      throw new JobHandlerError(`${label} is marked @HandlesJob("${name}") but has no handle(job) method`);
    found.set(name, { label, handler: wrapper.instance as JobHandler, type });
  }
  for (const name of Object.values(JobName)) {
    if (!found.has(name))
      throw new JobHandlerError(
        `No handler for job "${name}" (JobName.${keyOf(name)}): add @HandlesJob(JobName.${keyOf(name)}) to the provider that runs it, in a module of the worker`,
      );
  }
  return found;
}

const keyOf = (name: JobName) => Object.entries(JobName).find(([, v]) => v === name)![0];

/**
 * The one place BullMQ workers are built (worker processes only: WorkerModule provides it). At boot
 * it checks that every job has exactly one handler, then starts one worker per queue with the same
 * connection policy (each worker its own connections from REDIS_URL, as BullMQ needs a blocking one
 * per worker, with `maxRetriesPerRequest: null`), its tuning from config, job metrics, and Redis
 * outages logged once. Workers start after every module's init, so handlers warm up first.
 */
@Injectable()
export class JobWorkers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private handlers = new Map<JobName, { label: string; handler: JobHandler }>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit() {
    try {
      this.handlers = findJobHandlers(this.discovery.getProviders());
    } catch (err) {
      this.logger.error((err as Error).message);
      throw err;
    }
  }

  onApplicationBootstrap() {
    for (const queue of Object.values(QueueName)) {
      const byName = new Map<string, JobHandler>();
      for (const [name, { label, handler }] of this.handlers) {
        if (JOBS[name].queue !== queue) continue;
        for (const bullName of JOBS[name].names ?? [name]) byName.set(bullName, handler);
        this.logger.debug(`${queue}: ${name} => ${label}`);
      }
      if (byName.size) this.workers.push(this.start(queue, byName));
    }
  }

  async beforeApplicationShutdown() {
    await Promise.all(this.workers.map((w) => w.close()));
  }

  private start(queue: QueueName, byName: Map<string, JobHandler>): Worker {
    const run = async (job: Job, token?: string) => {
      const handler = byName.get(job.name);
      if (!handler) {
        this.logger.warn({ jobId: job.id, name: job.name, queue }, 'Job refused: no job of that name in this queue');
        throw new UnrecoverableError(`Refused: queue ${queue} has no job named ${job.name}`);
      }
      return handler.handle(job, token);
    };
    const worker = new Worker(queue, run, {
      // Jobs record the process that runs them (processedBy): the dashboard and the drills see who had a job.
      name: `${hostname()}:${process.pid}`,
      connection: redisConnection(this.config),
      prefix: this.config.queuePrefix,
      ...TUNING[queue](this.config),
      settings: {
        backoffStrategy: (_attempts: number, _type?: string, err?: Error) =>
          err instanceof RetryLater ? err.delayMs : 5000,
      },
    });
    attachErrorLogging(worker, `worker ${queue}`, this.logger);
    this.metrics.observeWorker(worker);
    worker.on('failed', (job, err) => {
      // A RetryLater is an outcome its handler already recorded (a receiver's failure), not a fault here.
      if (!(err instanceof RetryLater))
        this.logger.warn(
          `Job ${job?.name ?? '?'} ${job?.id ?? ''} failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`,
        );
    });
    return worker;
  }
}

import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/platform/config/config';
import { CoreModule } from '../../src/core.module';
import { MaintenanceModule } from '../../src/platform/idempotency/maintenance.module';
import { EventJobHandler } from '../../src/platform/outbox/event-job.handler';
import { EVENT_REACTIONS } from '../../src/platform/outbox/event-reactions';
import { JobWorkers } from '../../src/platform/queue/job-workers';
import { HandlesJob, JobName } from '../../src/platform/queue/jobs';
import { TasksWorkerModule } from '../../src/tasks/tasks-worker.module';
import { WebhooksWorkerModule } from '../../src/webhooks/webhooks-worker.module';
import { WorkerModule } from '../../src/worker.module';
import { startTestApp } from '../helpers/app';
import { waitFor } from '../helpers/wait';

/** A worker process, composed without the research module: nothing handles research jobs. */
@Module({
  imports: [DiscoveryModule, WebhooksWorkerModule, TasksWorkerModule, MaintenanceModule],
  providers: [JobWorkers, EventJobHandler, { provide: EVENT_REACTIONS, useValue: {} }],
})
class WorkerWithoutResearch {}

/** A second class claiming the research job. */
@Injectable()
@HandlesJob(JobName.Research)
class AnotherResearchHandler {
  handle() {
    return Promise.resolve();
  }
}

/** Boots `module` as a worker on the test PostgreSQL and Redis; resolves with its init error, if any. */
async function bootError(module: object, extra: object[] = []): Promise<Error | undefined> {
  const config = loadConfig({
    ...process.env,
    ROLE: 'worker',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `j${randomBytes(4).toString('hex')}`,
  });
  const app = await Test.createTestingModule({
    imports: [CoreModule.forRoot(config), module as never],
    providers: extra as never[],
  }).compile();
  app.useLogger(false);
  try {
    await app.init();
    return undefined;
  } catch (err) {
    return err as Error;
  } finally {
    // Nest's close() first awaits the init, so after a failed one it throws that error again and closes
    // nothing: the database pool and the Redis connections stayed open and Jest never exited (in band).
    // Forgetting the failed init lets close() run every shutdown hook.
    (app as unknown as { initializationPromise?: Promise<void> }).initializationPromise = undefined;
    await app.close();
  }
}

describe('job registry (integration)', () => {
  it('a worker with a job nobody handles does not start, and says which job and what to add', async () => {
    const err = await bootError(WorkerWithoutResearch);
    expect(err?.message).toBe(
      'No handler for job "research" (JobName.Research): add @HandlesJob(JobName.Research) to the provider that runs it, in a module of the worker',
    );
  });

  it('a worker with two handlers for one job does not start, and names both', async () => {
    const err = await bootError(WorkerModule, [AnotherResearchHandler]);
    expect(err?.message).toMatch(
      /^Job "research" has two handlers, (ResearchWorker and AnotherResearchHandler|AnotherResearchHandler and ResearchWorker): keep one @HandlesJob\(JobName\.Research\)$/,
    );
  });

  it('the complete worker starts', async () => {
    expect(await bootError(WorkerModule)).toBeUndefined();
  });

  it('refuses, without retry, a job whose name no job of its queue has', async () => {
    const app = await startTestApp({ ROLE: 'worker' });
    const queue = new Queue('maintenance', {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null },
      prefix: app.queuePrefix,
    });
    try {
      await queue.add('drop-everything', {}, { jobId: 'unknown-name', attempts: 5 });
      const reason = await waitFor(
        'the unknown job to fail',
        async () => (await queue.getJob('unknown-name'))?.failedReason,
        15000,
      );
      expect(reason).toBe('Refused: queue maintenance has no job named drop-everything');
      expect((await queue.getJob('unknown-name'))!.attemptsMade).toBe(1);
    } finally {
      await queue.close();
      await app.close();
    }
  });
});

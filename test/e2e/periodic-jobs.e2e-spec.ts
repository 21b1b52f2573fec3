import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { sleep } from '../../src/local/processes';
import { JobName } from '../../src/platform/queue/jobs';
import { QueueName } from '../../src/platform/queue/queue-names';
import { buildDist, ServiceProcess, startServiceProcess, stopServiceProcesses } from '../helpers/processes';
import { waitFor } from '../helpers/wait';

const PERIODIC = [JobName.SweepLeases, JobName.ReconcileDeliveries, JobName.PurgeIdempotencyKeys] as const;

/** Periodic work is scheduled once for the deployment: with three worker processes, each job runs once per interval, not three times. */
describe('periodic jobs with several workers (e2e)', () => {
  const workers: ServiceProcess[] = [];
  afterAll(async () => {
    await stopServiceProcesses(workers, 'SIGTERM');
  });

  it('three workers run the lease sweep, the delivery reconciler and the idempotency purge once per interval', async () => {
    buildDist();
    const prefix = `pj${randomBytes(4).toString('hex')}`;
    const env = {
      ROLE: 'worker',
      QUEUE_PREFIX: prefix,
      TASK_SWEEP_SECONDS: '1',
      WEBHOOK_RECONCILE_SECONDS: '1',
      IDEMPOTENCY_PURGE_SECONDS: '1',
    };
    for (let i = 0; i < 3; i++) workers.push(await startServiceProcess(env));
    const queue = new Queue(QueueName.Maintenance, {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null },
      prefix,
    });
    try {
      const completed = async () => (await queue.getJobs(['completed'], 0, 1000)).filter((j) => j.finishedOn);
      // Every worker is up and has upserted the schedulers once the first runs are done.
      await waitFor(
        'the first periodic runs',
        async () => {
          const names = new Set((await completed()).map((j) => j.name));
          return PERIODIC.every((n) => names.has(n));
        },
        30_000,
      );
      const from = Date.now();
      await sleep(8000);
      const to = Date.now();
      const jobs = (await completed()).filter((j) => j.finishedOn! >= from && j.finishedOn! < to);
      const seconds = (to - from) / 1000;
      const counts = Object.fromEntries(PERIODIC.map((n) => [n, jobs.filter((j) => j.name === n).length]));
      // Once a second each: about 8 in 8 s (the first may shift by one); three times that if each worker ran its own.
      const bounds = { min: Math.floor(seconds) - 3, max: Math.ceil(seconds) + 1 };
      for (const n of PERIODIC) {
        expect(counts[n]).toBeGreaterThanOrEqual(bounds.min);
        expect(counts[n]).toBeLessThanOrEqual(bounds.max);
      }
      expect(workers.map((w) => w.child.exitCode)).toEqual([null, null, null]); // all three stayed up
    } finally {
      await queue.close();
    }
  }, 120_000);
});

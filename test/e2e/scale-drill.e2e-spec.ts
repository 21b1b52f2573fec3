import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '../../src/platform/queue/queue-names';
import { createDataSource } from '../../src/schema/data-source';
import { checkWebhooksAgainst } from '../helpers/contract';
import { newOrg } from '../helpers/factories';
import { fakeServer, FakeServer, json } from '../helpers/fake-server';
import { client, Res } from '../helpers/http';
import { buildDist, ServiceProcess, startServiceProcess, stopServiceProcesses } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const CLAIMS = 24;
const PROVIDER_RATE = 4;
const SLOT_LIMIT = 2;
const SLOW_MS = 700;
/** The default locks (8 s) and stalled check (every 4 s): a killed worker's jobs are taken again within 12 s. */
const RECOVERY_MS = 12_000;
/**
 * What a loaded machine adds (the test's polling every 100 ms, a busy event loop in the workers);
 * with it the drill holds the promise: taken again within 15 s by default.
 */
const SLACK_MS = 3_000;

/**
 * The multi-process drill (issue 17): two API processes behind a round-robin client and three
 * worker processes (the compiled service, each its own OS process) on one PostgreSQL and one
 * Redis. A burst of claims, then of verdicts, fans out to three receivers, one of them slow; one
 * API process and one worker are SIGKILLed in the middle. Afterwards every claim was researched
 * once, every (event, subscription) has exactly one successful attempt, no task went to two
 * checkers; the slow receiver never saw more concurrent requests than its per-subscription limit,
 * the search provider's rate summed over the workers stayed under its limit, and the killed
 * worker's jobs were taken again within the configured time.
 */
describe('scale drill: 2 API processes, 3 workers, one killed of each (e2e)', () => {
  const apis: ServiceProcess[] = [];
  const workers: ServiceProcess[] = [];
  const receivers: WebhookReceiver[] = [];
  const queues: Queue[] = [];
  let search: FakeServer;
  const searches: number[] = [];
  let ds: DataSource;

  afterAll(async () => {
    await stopServiceProcesses([...apis, ...workers], 'SIGTERM');
    await Promise.all(queues.map((q) => q.close()));
    for (const r of receivers) await r.stop();
    await search?.close();
    await ds?.destroy();
  });

  it('keeps one truth and its limits while an API process and a worker are killed mid-burst', async () => {
    buildDist();
    const prefix = `sd${randomBytes(4).toString('hex')}`;
    ds = createDataSource(process.env.DATABASE_URL!, 3);
    await ds.initialize();
    // A search engine that answers in 300 ms with one result per claim (so each claim has one evidence row).
    search = await fakeServer((req, res) => {
      searches.push(Date.now());
      const q = new URL(req.url!, 'http://x').searchParams.get('q') ?? '';
      setTimeout(
        () =>
          json(res, 200, {
            results: [{ url: `https://news.example/${encodeURIComponent(q)}`, title: q, content: q, engine: 'fake' }],
            unresponsive_engines: [],
          }),
        300,
      ).unref();
    });
    const common = {
      QUEUE_PREFIX: prefix,
      WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY!,
      ALLOW_PRIVATE_NETWORKS: 'true',
      LOG_LEVEL: 'error',
    };
    const apiEnv = {
      ...common,
      ROLE: 'api',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_INTAKE_PER_MINUTE: '100000',
      MATCH_DUPLICATE_THRESHOLD: '1',
    };
    const workerEnv = {
      ...common,
      ROLE: 'worker',
      OUTBOX_POLL_MS: '100',
      RESEARCH_CONCURRENCY: '4',
      SEARXNG_BASE_URL: search.url,
      PROVIDER_ATTEMPTS: '1',
      PROVIDER_RATE_PER_SECOND: String(PROVIDER_RATE),
      WEBHOOK_PER_SUBSCRIPTION_CONCURRENCY: String(SLOT_LIMIT),
      WEBHOOK_RETRY_SCHEDULE: '1,1,1,1,1,1,1,1',
      WEBHOOK_TIMEOUT_MS: '5000',
    };
    // Each process is tracked as soon as it runs, so that afterAll stops it even when another fails to start.
    const start = (env: Record<string, string>, into: ServiceProcess[]) =>
      startServiceProcess(env).then((p) => void into.push(p));
    await Promise.all([
      start(apiEnv, apis),
      start(apiEnv, apis),
      start(workerEnv, workers),
      start(workerEnv, workers),
      start(workerEnv, workers),
    ]);
    await checkWebhooksAgainst(apis[0].url);
    const connection = { url: process.env.REDIS_URL!, maxRetriesPerRequest: null };
    for (const name of [QueueName.Events, QueueName.Research, QueueName.WebhookDeliveries])
      queues.push(new Queue(name, { connection, prefix }));

    // The test's own load balancer: round robin over the API processes, skipping one that does not answer.
    const dead = new Set<number>();
    let turn = 0;
    const rr = (key: string) => {
      const clients = apis.map((a) => client(a.url, key));
      const call = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
        for (let tries = 0; ; tries++) {
          const i = turn++ % clients.length;
          if (dead.has(i)) continue;
          try {
            return await clients[i].call(method, path, body, headers);
          } catch (err) {
            if (tries > 6) throw err;
            dead.add(i); // connection refused or reset: the next process takes the request
          }
        }
      };
      return {
        post: (p: string, b?: unknown, h?: Record<string, string>): Promise<Res> => call('POST', p, b, h),
        get: (p: string): Promise<Res> => call('GET', p),
      };
    };

    const org = await newOrg({ ds, url: apis[0].url });
    const admin = rr(org.adminKey);
    const editor = rr((await org.newKey('editor')).key);
    const checkers = await Promise.all([0, 1, 2].map(async () => rr((await org.newKey('checker')).key)));
    const reviewer = rr((await org.newKey('editor')).key);

    // Three desk-level subscribers: fast, flaky (every 4th request answers 500) and slow.
    const fast = await new WebhookReceiver().start();
    const flaky = await new WebhookReceiver((n) => (n % 4 === 3 ? { status: 500 } : { status: 204 })).start();
    const slow = await new WebhookReceiver(() => ({ status: 204, delayMs: SLOW_MS })).start();
    receivers.push(fast, flaky, slow);
    const subscriptions: string[] = [];
    for (const r of receivers) {
      const res = await admin.post('/v1/webhooks', { url: r.url, events: ['claim.received', 'verdict.published'] });
      expect(res.status).toBe(201);
      subscriptions.push(res.body.id);
    }

    // The burst of claims, 6 at a time, each with its Idempotency-Key (a retry on the other API is safe).
    // The second API process is SIGKILLed once a third of them are in.
    const ids = new Set<string>();
    let next = 0;
    let apiKilled = false;
    const submit = async () => {
      while (next < CLAIMS) {
        const i = next++;
        if (i >= CLAIMS / 3 && !apiKilled) {
          apiKilled = true;
          apis[1].child.kill('SIGKILL');
        }
        const res = await editor.post(
          '/v1/claims',
          { text: `The town of Drillham ${i} opened ${i + 7} new bridges over the river in 2024`, language: 'en' },
          { 'idempotency-key': `drill-claim-${i}` },
        );
        expect(res.status).toBe(202);
        ids.add(res.body.id);
      }
    };
    await Promise.all(Array.from({ length: 6 }, submit));
    expect(await apis[1].exited).toBe('SIGKILL');
    expect(ids.size).toBe(CLAIMS);
    const claimIds = [...ids];

    // Checkers take checks from several processes at once; editors approve: a burst of verdicts.
    const taken: { task: string; by: number }[] = [];
    const checkerLoop = async (c: (typeof checkers)[number], by: number) => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM verdicts WHERE claim_id = ANY($1)`, [claimIds]);
        if (n >= CLAIMS) return;
        const res = await c.post('/v1/tasks/next', { kinds: ['check'] });
        if (res.status === 204) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        expect(res.status).toBe(200);
        taken.push({ task: res.body.id, by });
        const evidence = await c.get(`/v1/claims/${res.body.claimId}/evidence`);
        const done = await c.post(`/v1/tasks/${res.body.id}/complete`, {
          leaseToken: res.body.leaseToken,
          rating: 'false',
          title: 'No new bridges',
          summary: 'The council denied it.',
          evidenceIds: evidence.body.data.map((e: { id: string }) => e.id),
        });
        expect(done.status).toBe(200);
      }
    };
    const reviewLoop = async () => {
      const deadline = Date.now() + 120_000;
      let approved = 0;
      while (approved < CLAIMS && Date.now() < deadline) {
        const res = await reviewer.post('/v1/tasks/next', { kinds: ['review'] });
        if (res.status === 204) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        expect(res.status).toBe(200);
        const done = await reviewer.post(`/v1/tasks/${res.body.id}/complete`, {
          leaseToken: res.body.leaseToken,
          decision: 'approve',
        });
        expect(done.status).toBe(200);
        approved++;
      }
    };

    // SIGKILL one worker while it has deliveries in flight (the slow receiver keeps some active).
    const workerName = (w: ServiceProcess) => `${hostname()}:${w.child.pid}`;
    const victim = workers[0];
    const activeOf = async (name: string) =>
      (await Promise.all(queues.map((q) => q.getActive(0, 1000)))).flat().filter((j) => j.processedBy === name);
    const killWorker = async () => {
      const held = await waitFor(
        'the first worker with deliveries in flight',
        async () => {
          const jobs = await activeOf(workerName(victim));
          return jobs.some((j) => j.queueName === QueueName.WebhookDeliveries) ? jobs : null;
        },
        60_000,
        50,
      );
      victim.child.kill('SIGKILL');
      const killedAt = Date.now();
      await victim.exited;
      return { held: held.map((j) => ({ queue: j.queueName, id: j.id! })), killedAt };
    };
    // Recovery: each job the killed worker held is taken by another worker (or done) within the
    // configured time, watched from the kill on, while the checkers and reviewers go on working.
    const retakenAfterKill = async (kill: Awaited<ReturnType<typeof killWorker>>) =>
      Promise.all(
        kill.held.map(async ({ queue, id }) => {
          const q = queues.find((x) => x.name === queue)!;
          await waitFor(
            `job ${queue}/${id} taken again`,
            async () => {
              const job = await Job.fromId(q, id);
              return !job || !!job.finishedOn || (job.processedBy !== workerName(victim) && !!job.processedBy);
            },
            RECOVERY_MS + 30_000,
            100,
          );
          return { queue, id, ms: Date.now() - kill.killedAt };
        }),
      );
    const [retaken] = await Promise.all([
      killWorker().then(retakenAfterKill),
      ...checkers.map((c, i) => checkerLoop(c, i)),
      reviewLoop(),
    ]);
    console.log(`drill: jobs of the killed worker taken again after ${JSON.stringify(retaken)}`);
    for (const r of retaken) expect(r.ms).toBeLessThanOrEqual(RECOVERY_MS + SLACK_MS);

    // Every delivery done: CLAIMS claim.received + CLAIMS verdict.published events, to each subscriber.
    const deliveries = async () =>
      ds.query(
        `SELECT d.event_type, d.status, (SELECT count(*)::int FROM webhook_attempts a WHERE a.delivery_id = d.id AND a.success) AS ok
           FROM webhook_deliveries d WHERE d.subscription_id = ANY($1)`,
        [subscriptions],
      ) as Promise<{ event_type: string; status: string; ok: number }[]>;
    await waitFor(
      'every delivery succeeded',
      async () => {
        const rows = await deliveries();
        return rows.length === 2 * CLAIMS * 3 && rows.every((r) => r.status === 'succeeded');
      },
      120_000,
      250,
    );
    const rows = await deliveries();
    expect(rows.filter((r) => r.ok !== 1)).toEqual([]); // exactly one successful attempt per (event, subscription)
    const pairs = await ds.query(
      `SELECT event_id, subscription_id, count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = ANY($1)
        GROUP BY 1, 2 HAVING count(*) > 1`,
      [subscriptions],
    );
    expect(pairs).toEqual([]);
    for (const r of receivers) {
      const events = new Set(
        r.requests.map((q) => (JSON.parse(q.body) as { id?: string; data?: unknown }).id ?? q.headers['webhook-id']),
      );
      expect(events.size).toBeGreaterThanOrEqual(2 * CLAIMS);
    }

    // Every claim researched once: one run, one check task, one research_completed.
    const perClaim = async (sql: string) =>
      (await ds.query(sql, [claimIds])).map((r: { n: number }) => r.n).sort() as number[];
    expect(
      await perClaim(`SELECT count(*)::int AS n FROM research_runs WHERE claim_id = ANY($1) GROUP BY claim_id`),
    ).toEqual(Array(CLAIMS).fill(1));
    // No duplicate evidence: one row per URL of each claim (a claim's searches may find several URLs).
    const evidence: { n: number; u: number }[] = await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT url)::int AS u FROM evidence WHERE claim_id = ANY($1) GROUP BY claim_id`,
      [claimIds],
    );
    expect(evidence).toHaveLength(CLAIMS);
    for (const e of evidence) expect(e.n).toBe(e.u);
    expect(
      await perClaim(
        `SELECT count(*)::int AS n FROM tasks WHERE claim_id = ANY($1) AND kind = 'check' GROUP BY claim_id`,
      ),
    ).toEqual(Array(CLAIMS).fill(1));
    expect(
      await perClaim(
        `SELECT count(*)::int AS n FROM outbox_events WHERE claim_id = ANY($1) AND type = 'claim.research_completed' GROUP BY claim_id`,
      ),
    ).toEqual(Array(CLAIMS).fill(1));
    // No task was handed to two checkers.
    expect(new Set(taken.map((t) => t.task)).size).toBe(taken.length);
    expect(taken).toHaveLength(CLAIMS);

    // Limits held across the processes.
    const span = (searches[searches.length - 1] - searches[0]) / 1000;
    const rate = (searches.length - PROVIDER_RATE) / Math.max(span, 0.001);
    console.log(
      `drill: slow receiver at most ${slow.maxInFlight} requests at once (limit ${SLOT_LIMIT}); ` +
        `${searches.length} searches in ${span.toFixed(1)} s, ${rate.toFixed(2)}/s (limit ${PROVIDER_RATE}/s)`,
    );
    expect(slow.maxInFlight).toBeLessThanOrEqual(SLOT_LIMIT);
    expect(slow.maxInFlight).toBe(SLOT_LIMIT); // the limit was reached: the test could see more
    expect(rate).toBeLessThanOrEqual(PROVIDER_RATE * 1.25);
    expect(workers.slice(1).map((w) => w.child.exitCode)).toEqual([null, null]);
    expect(apis[0].child.exitCode).toBeNull();
  }, 300_000);
});

import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { fakeServer, FakeServer, json } from '../helpers/fake-server';
import { buildDist, ServiceProcess, startServiceProcess, stopServiceProcesses } from '../helpers/processes';
import { waitFor } from '../helpers/wait';

const RATE = 4;
const CLAIMS = 32;

/** A provider's politeness limit holds summed over every worker process, not per process. */
describe('provider rate limit across workers (e2e)', () => {
  let api: TestApp;
  let search: FakeServer;
  const at: number[] = [];
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    buildDist();
    search = await fakeServer((_req, res) => {
      at.push(Date.now());
      json(res, 200, { results: [], unresponsive_engines: [] });
    });
  }, 120_000);
  afterAll(async () => {
    await stopServiceProcesses(workers, 'SIGTERM');
    await api?.close();
    await search.close();
  });

  it(`two workers together start at most ${RATE} searches a second`, async () => {
    const prefix = `r${randomBytes(4).toString('hex')}`;
    api = await startTestApp({
      ROLE: 'api',
      QUEUE_PREFIX: prefix,
      MATCH_DUPLICATE_THRESHOLD: '1',
      RATE_LIMIT_INTAKE_PER_MINUTE: '100000',
    });
    const env = {
      ROLE: 'worker',
      QUEUE_PREFIX: prefix,
      OUTBOX_POLL_MS: '100',
      RESEARCH_CONCURRENCY: '16',
      ALLOW_PRIVATE_NETWORKS: 'true',
      SEARXNG_BASE_URL: search.url,
      PROVIDER_ATTEMPTS: '1',
      PROVIDER_RATE_PER_SECOND: String(RATE),
    };
    workers.push(await startServiceProcess(env), await startServiceProcess(env));
    const editor = (await (await newOrg(api)).newKey('editor')).api;
    for (let i = 0; i < CLAIMS; i++) {
      const res = await editor.post('/v1/claims', {
        text: `Town ${i} built ${i + 3} bridges over the river in 2023`,
        language: 'en',
      });
      expect(res.status).toBe(202);
    }
    await waitFor('every search', async () => at.length >= CLAIMS, 90_000);
    // Fixed one-second windows: the first window's RATE calls start at once, then RATE a second.
    const seconds = (at[CLAIMS - 1] - at[0]) / 1000;
    const perSecond = (CLAIMS - RATE) / Math.max(seconds, 0.001);
    console.log(`provider rate: ${CLAIMS} searches, ${perSecond.toFixed(2)}/s (limit ${RATE}/s)`);
    expect(perSecond).toBeLessThanOrEqual(RATE * 1.25); // per-process limits gave about twice RATE
  }, 180_000);
});

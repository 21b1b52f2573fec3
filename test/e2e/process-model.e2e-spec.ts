import { randomBytes } from 'node:crypto';
import { sleep } from '../../src/local/processes';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { buildDist, ServiceProcess, startServiceProcess, stopServiceProcesses } from '../helpers/processes';
import { waitFor } from '../helpers/wait';

/** ROLE=api and ROLE=worker as separate OS processes, and their graceful shutdown on SIGTERM. */
describe('process model (e2e)', () => {
  let ctx: TestApp; // used only for the database handle and factories
  const started: ServiceProcess[] = [];
  beforeAll(async () => {
    buildDist();
    ctx = await startTestApp({ ROLE: 'api' });
  });
  afterAll(async () => {
    await stopServiceProcesses(started, 'SIGKILL'); // a failed assertion leaves them running
    await ctx.close();
  });

  it('an API process takes a claim, a separate worker process relays its event; both stop cleanly on SIGTERM', async () => {
    const prefix = `p${randomBytes(4).toString('hex')}`;
    // Bound beyond loopback, as a deployment is, and without PUBLIC_BASE_URL: it says so at boot.
    const api = await startServiceProcess({ ROLE: 'api', QUEUE_PREFIX: prefix, HOST: '0.0.0.0' });
    started.push(api);
    const warning = `PUBLIC_BASE_URL is not set: a ClaimReview published by an organization without a public URL template links to http://localhost:${new URL(api.url).port}/v1/claims/{claimId}/claim-review`;
    await waitFor('the warning about PUBLIC_BASE_URL', () => api.output().includes(warning), 5000);
    const org = await newOrg({ ds: ctx.ds, url: api.url });
    const res = await org.admin.post('/v1/claims', { text: 'A claim that crosses two processes' });
    expect(res.status).toBe(202);
    await sleep(800);
    const unpublished = await ctx.ds.query(`SELECT published_at FROM outbox_events WHERE claim_id = $1`, [res.body.id]);
    expect(unpublished[0].published_at).toBeNull(); // the API process has no relay

    const worker = await startServiceProcess({ ROLE: 'worker', QUEUE_PREFIX: prefix, OUTBOX_POLL_MS: '100' });
    started.push(worker);
    let published = null;
    for (let i = 0; i < 100 && !published; i++) {
      await sleep(100);
      published = (await ctx.ds.query(`SELECT published_at FROM outbox_events WHERE claim_id = $1`, [res.body.id]))[0]
        .published_at;
    }
    expect(published).not.toBeNull();
    // the worker serves no HTTP, and publishes no ClaimReview
    expect(worker.output()).not.toContain('listening');
    expect(worker.output()).not.toContain('PUBLIC_BASE_URL');

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    const [apiExit, workerExit] = await Promise.all([api.exited, worker.exited]);
    expect({
      apiExit,
      workerExit,
      out: apiExit === 0 && workerExit === 0 ? '' : api.output() + worker.output(),
    }).toEqual({ apiExit: 0, workerExit: 0, out: '' });
  });
});

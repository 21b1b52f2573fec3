import { Queue } from 'bullmq';
import { join } from 'node:path';
import { freePort, sleep } from '../../src/local/processes';
import { RedisServer } from '../../src/local/redis-server';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { waitFor } from '../helpers/wait';

/** The transactional outbox: a 2xx claim is never lost, even when Redis is down at that moment. */
describe('outbox (e2e)', () => {
  let redis: RedisServer;
  let app: TestApp;
  let queue: Queue;

  beforeAll(async () => {
    redis = new RedisServer(join(process.env.TEST_TMP_DIR!, `redis-outbox-${process.pid}`), await freePort());
    await redis.start();
    app = await startTestApp({ REDIS_URL: redis.url, ROLE: 'all' });
    queue = new Queue('events', {
      connection: { url: redis.url, maxRetriesPerRequest: null },
      prefix: app.queuePrefix,
    });
    queue.on('error', () => undefined); // this test stops Redis on purpose
  });
  afterAll(async () => {
    await queue?.close();
    await app?.close();
    await redis?.stop();
  });

  const jobsFor = async (eventId: string) => {
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
    return jobs.filter((j) => j.id === eventId || j.data?.eventId === eventId);
  };

  it('publishes claim.received to BullMQ with the event id as job id', async () => {
    const org = await newOrg(app);
    const claim = (await org.admin.post('/v1/claims', { text: 'The minister said unemployment fell by 3%' })).body;
    const [event] = await app.ds.query(`SELECT id FROM outbox_events WHERE claim_id = $1`, [claim.id]);
    await waitFor(
      'publication',
      async () =>
        (await app.ds.query(`SELECT published_at FROM outbox_events WHERE id = $1`, [event.id]))[0].published_at,
    );
    const jobs = await jobsFor(event.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].name).toBe('claim.received');
    expect(jobs[0].data).toEqual({ eventId: event.id, type: 'claim.received', organizationId: org.organizationId });
  });

  it('with Redis stopped, intake still answers 202 and stores the claim; once Redis is back the job appears exactly once', async () => {
    const org = await newOrg(app);
    await redis.stop();
    const started = Date.now();
    const res = await org.admin.post('/v1/claims', {
      text: 'Les États-Unis ont retiré leurs troupes de 15 bases en Irak',
    });
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5000);
    const [event] = await app.ds.query(`SELECT id, published_at FROM outbox_events WHERE claim_id = $1`, [res.body.id]);
    expect(event.published_at).toBeNull();
    const ready = await fetch(`${app.url}/health/ready`);
    expect(ready.status).toBe(503);

    // Several relay passes fail meanwhile; the event stays unpublished.
    await sleep(1500);
    expect(
      (await app.ds.query(`SELECT published_at FROM outbox_events WHERE id = $1`, [event.id]))[0].published_at,
    ).toBeNull();

    await redis.start();
    await waitFor(
      'publication after Redis returns',
      async () =>
        (await app.ds.query(`SELECT published_at FROM outbox_events WHERE id = $1`, [event.id]))[0].published_at,
      30_000,
    );
    // Let any command queued while Redis was down run, then count.
    await sleep(1000);
    expect(await jobsFor(event.id)).toHaveLength(1);
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
  });

  it('never double-publishes in effect: a relay pass over an already-added event adds no job', async () => {
    const org = await newOrg(app);
    const claim = (await org.admin.post('/v1/claims', { text: 'Inflation reached 5% in 2025' })).body;
    const [event] = await app.ds.query(`SELECT id FROM outbox_events WHERE claim_id = $1`, [claim.id]);
    await waitFor(
      'publication',
      async () =>
        (await app.ds.query(`SELECT published_at FROM outbox_events WHERE id = $1`, [event.id]))[0].published_at,
    );
    // Simulate a relay that crashed after adding the job but before marking the row.
    await app.ds.query(`UPDATE outbox_events SET published_at = NULL WHERE id = $1`, [event.id]);
    await waitFor(
      're-publication',
      async () =>
        (await app.ds.query(`SELECT published_at FROM outbox_events WHERE id = $1`, [event.id]))[0].published_at,
    );
    expect(await jobsFor(event.id)).toHaveLength(1);
  });
});

import { sleep } from '../../src/local/processes';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { client } from '../helpers/http';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

describe('metrics (e2e)', () => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    app = await startTestApp({
      ROLE: 'all',
      METRICS_TOKEN: 'scrape-token-0123456789',
      ALLOW_PRIVATE_NETWORKS: 'true',
      METRICS_CACHE_SECONDS: '0',
    });
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver.stop();
    await app.close();
  });

  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(series + ' '));
    return line ? Number(line.split(' ').pop()) : undefined;
  };

  it('exposes HTTP, queue, job and outbox series after traffic, behind the metrics token', async () => {
    const org = await newOrg(app);
    expect(
      (await org.admin.post('/v1/webhooks', { url: receiver.url, events: ['claim.received'], scope: 'all' })).status,
    ).toBe(201);
    for (let i = 0; i < 3; i++)
      expect((await org.admin.post('/v1/claims', { text: `Metrics claim number ${i} about 15 bases` })).status).toBe(
        202,
      );
    await org.admin.get('/v1/claims/not-a-uuid');
    // The relay publishes, the events worker runs the jobs, research runs and records its own events: wait
    // (polled, the machine may be busy) until the claims are researched and every event is relayed and handled.
    // The database first, the scrape after: an idle queue then covers every event relayed before the check.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ n: busy }] = await app.ds.query(
        `SELECT count(*)::int AS n FROM claims WHERE organization_id = $1 AND status IN ('received', 'researching')`,
        [org.organizationId],
      );
      const [{ n: pending }] = await app.ds.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE organization_id = $1 AND published_at IS NULL`,
        [org.organizationId],
      );
      const m = (await client(app.url).get('/metrics', { authorization: 'Bearer scrape-token-0123456789' })).text;
      const events = (state: string) => value(m, `corroborate_queue_jobs{queue="events",state="${state}"}`) ?? 0;
      const idle = events('waiting') + events('active') + events('delayed') + events('prioritized') === 0;
      if ((events('completed') >= 1 && idle && busy === 0 && pending === 0) || Date.now() > deadline) break;
      await sleep(200);
    }
    await sleep(300); // the last relayed events are handled

    expect((await client(app.url).get('/metrics')).status).toBe(401);
    const res = await client(app.url).get('/metrics', { authorization: 'Bearer scrape-token-0123456789' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = res.text;
    expect(text).toMatch(/corroborate_http_requests_total\{method="POST",route="\/v1\/claims",status="202"\} 3/);
    expect(text).toMatch(/corroborate_http_requests_total\{method="GET",route="\/v1\/claims\/:id",status="400"\} 1/);
    expect(text).toMatch(
      /corroborate_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/v1\/claims",status="202"\} \d+/,
    );
    // The relay sends one organization's pending events as one job (a batch), so the 3 claim.received events
    // and research's claim.research_completed events may be as few as 2 jobs. This app's queues have a prefix of
    // their own and its one process runs every job: the queue's completed count (read from Redis) and the
    // process's job-duration count (recorded by its worker) must agree.
    const completed = Number(/corroborate_queue_jobs\{queue="events",state="completed"\} (\d+)/.exec(text)?.[1]);
    expect(completed).toBeGreaterThanOrEqual(2);
    expect(
      Number(/corroborate_job_duration_seconds_count\{queue="events",outcome="completed"\} (\d+)/.exec(text)?.[1]),
    ).toBe(completed);
    // Both outbox gauges count the whole deployment: other test files share the database and write outbox rows
    // at any moment, so only their presence and form are asserted here (this organization's rows were relayed above).
    expect(value(text, 'corroborate_outbox_pending_events')).toEqual(expect.any(Number));
    expect(value(text, 'corroborate_outbox_pending_events')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^corroborate_outbox_lag_seconds \d+(\.\d+)?$/m);
    expect(text).toContain('corroborate_process_resident_memory_bytes');
    // webhook deliveries by outcome, research provider latency, open tasks by kind
    await waitFor('webhook deliveries', () => receiver.ofType('claim.received').length >= 3, 15_000);
    const later = (await client(app.url).get('/metrics', { authorization: 'Bearer scrape-token-0123456789' })).text;
    expect(
      Number(/corroborate_webhook_delivery_attempts_total\{outcome="succeeded"\} (\d+)/.exec(later)?.[1]),
    ).toBeGreaterThanOrEqual(3);
    expect(later).toMatch(/corroborate_provider_duration_seconds_count\{provider="archive",status="ok"\} [1-9]/);
    expect(later).toMatch(/corroborate_job_duration_seconds_count\{queue="research",outcome="completed"\} [1-9]/);
    expect(Number(/corroborate_tasks_open\{kind="check"\} (\d+)/.exec(later)?.[1])).toBeGreaterThanOrEqual(3);
  });
});

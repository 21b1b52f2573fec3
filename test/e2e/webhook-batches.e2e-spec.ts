import { Queue } from 'bullmq';
import { startTestApp, type TestApp } from '../helpers/app';
import { newOrg, type OrgCtx } from '../helpers/factories';
import { WebhookReceiver, type Answer, type ReceivedRequest } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

/**
 * The deliveries one fan-out creates for a subscription share one delivery job (docs/webhooks.md,
 * "Deliveries by the batch"): it sends their first attempts one after the other and records them in
 * one statement. What must hold: a batch whose receiver fails halfway loses and duplicates no
 * delivery (each failure leaves for a job of its own and is retried with the same webhook-id), and a
 * slow receiver's batch hands the deliveries it did not reach in time to a few new batches, so they
 * go side by side up to the subscription's limit (and not to a job each).
 */
describe('webhook deliveries by the batch (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;
  let deliveries: Queue;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    app = await startTestApp({
      ROLE: 'all',
      ALLOW_PRIVATE_NETWORKS: 'true',
      OUTBOX_POLL_MS: '300',
      WEBHOOK_RETRY_SCHEDULE: '0.3,0.3',
      WEBHOOK_SLOW_DOWN_SECONDS: '0',
      WEBHOOK_CONCURRENCY: '4',
      WEBHOOK_PER_SUBSCRIPTION_CONCURRENCY: '2',
    });
    org = await newOrg(app);
    deliveries = new Queue('webhook-deliveries', {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null },
      prefix: app.queuePrefix,
    });
  });
  afterAll(async () => {
    await deliveries?.close();
    for (const r of receivers) await r.stop();
    await app?.close();
  });

  /** A subscription to claim.dismissed at a new receiver answering as `answer` says. */
  async function subscriber(answer: (n: number, req: ReceivedRequest) => Answer) {
    const r = await new WebhookReceiver(answer).start();
    receivers.push(r);
    const res = await org.admin.post('/v1/webhooks', { url: r.url, events: ['claim.dismissed'] });
    expect(res.status).toBe(201);
    return { receiver: r, subscriptionId: res.body.id as string };
  }

  const rowsOf = (subscriptionId: string) =>
    app.ds.query(
      `SELECT d.event_id AS "eventId", d.status, d.batch_job AS "batchJob", d.attempt_count AS "attemptCount",
              array_agg(a.success ORDER BY a.attempt_number) AS successes, array_agg(a.attempt_number ORDER BY a.attempt_number) AS numbers
         FROM webhook_deliveries d JOIN webhook_attempts a ON a.delivery_id = d.id
        WHERE d.subscription_id = $1 GROUP BY d.id`,
      [subscriptionId],
    ) as Promise<
      {
        eventId: string;
        status: string;
        batchJob: string | null;
        attemptCount: number;
        successes: boolean[];
        numbers: number[];
      }[]
    >;

  it('a batch whose receiver fails halfway loses and duplicates no delivery: each failure is retried on its own', async () => {
    const failFirst = new Set<string>();
    const { receiver, subscriptionId } = await subscriber((_n, req) => {
      const id = String(req.headers['webhook-id']);
      if (failFirst.has(id)) {
        failFirst.delete(id);
        return { status: 503 };
      }
      return { status: 200 };
    });
    const ids = await org.newDismissedEvents(20);
    ids.filter((_, i) => i % 2 === 1).forEach((id) => failFirst.add(id));
    const failing = new Set(failFirst);

    await waitFor(
      'every delivery to succeed',
      async () => (await rowsOf(subscriptionId)).filter((r) => r.status === 'succeeded').length === 20,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1000)); // a request sent twice would have come by now
    const rows = await rowsOf(subscriptionId);
    expect(rows).toHaveLength(20);
    // One batch job sent the first attempts of all twenty.
    expect(new Set(rows.map((r) => r.batchJob)).size).toBe(1);
    expect(rows[0].batchJob).toMatch(/^whb-/);
    for (const r of rows) {
      const requests = receiver.requests.filter((q) => q.headers['webhook-id'] === r.eventId);
      if (failing.has(r.eventId)) {
        // The failed first attempt, then one retry by the delivery's own job: the same webhook-id.
        expect({ successes: r.successes, numbers: r.numbers, requests: requests.length }).toEqual({
          successes: [false, true],
          numbers: [1, 2],
          requests: 2,
        });
        expect(await deliveries.getJob(`whd-${await deliveryId(r.eventId, subscriptionId)}-0`)).toBeDefined();
      } else {
        expect({ successes: r.successes, numbers: r.numbers, requests: requests.length }).toEqual({
          successes: [true],
          numbers: [1],
          requests: 1,
        });
      }
    }
    expect(receiver.requests).toHaveLength(30);
  });

  it("a slow receiver's batch hands the deliveries it did not reach in time to new batches, side by side up to the limit", async () => {
    // 20 deliveries at 150 ms each would take 3 s in one batch, one at a time; the batch sends for
    // 1 s at most (about 7), then the rest leave it in pieces of about as many, two at a time (the
    // subscription's limit).
    const { receiver, subscriptionId } = await subscriber(() => ({ status: 200, delayMs: 150 }));
    const ids = await org.newDismissedEvents(20);
    await waitFor(
      'every delivery to succeed',
      async () => (await rowsOf(subscriptionId)).filter((r) => r.status === 'succeeded').length === 20,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const rows = await rowsOf(subscriptionId);
    // A few batches, and no delivery got a job of its own (13 would have, one per delivery not reached).
    const batches = new Set(rows.map((r) => r.batchJob));
    expect(batches.size).toBeGreaterThan(1);
    expect(batches.size).toBeLessThanOrEqual(8);
    for (const r of rows)
      expect(await deliveries.getJob(`whd-${await deliveryId(r.eventId, subscriptionId)}-0`)).toBeUndefined();
    for (const r of rows)
      expect({ successes: r.successes, numbers: r.numbers }).toEqual({ successes: [true], numbers: [1] });
    const sent = new Map<string, number>();
    for (const q of receiver.requests)
      sent.set(String(q.headers['webhook-id']), (sent.get(String(q.headers['webhook-id'])) ?? 0) + 1);
    expect([...sent.keys()].sort()).toEqual([...ids].sort());
    expect([...sent.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.maxInFlight).toBe(2);
  });

  it('event jobs that overlap (the relay retrying a growing backlog during a Redis outage) deliver every event, each once', async () => {
    const { receiver, subscriptionId } = await subscriber(() => ({ status: 200 }));
    const ids = await org.newDismissedEvents(5, { published: true }); // left to the jobs added here, as the relay's queued retries
    const events = new Queue('events', {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null },
      prefix: app.queuePrefix,
    });
    try {
      const organizationId = org.organizationId;
      await events.add(
        'claim.dismissed',
        { eventId: ids[0], organizationId, type: 'claim.dismissed' },
        { jobId: ids[0] },
      );
      await waitFor('the first event delivered', () => receiver.requests.length === 1, 10_000);
      // The same first event again, now among the rest: its batch job must be a new one.
      await events.add('events', { eventIds: ids, organizationId }, { jobId: `evb-overlap-${ids[0]}` });
      await waitFor('every event delivered', () => receiver.requests.length >= 5, 10_000); // the reconciler waits 60 s
    } finally {
      await events.close();
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests.map((q) => q.headers['webhook-id']).sort()).toEqual([...ids].sort());
    expect((await rowsOf(subscriptionId)).every((r) => r.status === 'succeeded')).toBe(true);
  });

  async function deliveryId(eventId: string, subscriptionId: string): Promise<string> {
    const [row] = await app.ds.query(`SELECT id FROM webhook_deliveries WHERE event_id = $1 AND subscription_id = $2`, [
      eventId,
      subscriptionId,
    ]);
    return row.id;
  }
});

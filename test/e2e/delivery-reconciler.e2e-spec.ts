import { Queue } from 'bullmq';
import { newOrg, OrgCtx } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

/**
 * A delivery whose job was never added (its fan-out ran out of retries, or Redis lost the job) is
 * sent by the reconciler after its interval, once; one waiting for a retry due later, or in its
 * batch job, is left alone.
 */
describe('delivery reconciler (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'all', ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RECONCILE_SECONDS: '1' });
    org = await newOrg(app);
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await app.close();
    await receiver.stop();
  });

  /** A pending delivery row as the fan-out writes it, with no job (no route or job can leave one so: written by hand). */
  const strandedDelivery = async (subscriptionId: string, nextAttemptAt: string | null) => {
    const row = await org.newDelivery(subscriptionId, {
      nextAttemptAt: nextAttemptAt ? new Date(nextAttemptAt) : null,
      createdAt: new Date(Date.now() - 5000),
    });
    return row.eventId;
  };

  it('sends a pending delivery that has no job, exactly once, and leaves a scheduled retry alone', async () => {
    const nr = await org.newKey('newsroom');
    const sub = await nr.api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    expect(sub.status).toBe(201);
    const stranded = await strandedDelivery(sub.body.id, null);
    const later = await strandedDelivery(sub.body.id, new Date(Date.now() + 3600_000).toISOString());

    const got = await waitFor(
      'the stranded delivery',
      () => receiver.requests.find((r) => r.headers['webhook-id'] === stranded),
      20_000,
    );
    expect(JSON.parse(got!.body)).toMatchObject({ type: 'webhook.ping', data: { webhookId: sub.body.id } });
    // Several more reconciler intervals: nothing is sent again, and the retry due later is not sent early.
    await new Promise((r) => setTimeout(r, 4000));
    expect(receiver.requests.filter((r) => r.headers['webhook-id'] === stranded)).toHaveLength(1);
    expect(receiver.requests.filter((r) => r.headers['webhook-id'] === later)).toHaveLength(0);
    const [row] = await app.ds.query(
      `SELECT d.status, count(a.*)::int AS attempts FROM webhook_deliveries d LEFT JOIN webhook_attempts a ON a.delivery_id = d.id
        WHERE d.event_id = $1 GROUP BY d.status`,
      [stranded],
    );
    expect(row).toEqual({ status: 'succeeded', attempts: 1 });
  });
  it('leaves a delivery waiting in its batch job alone, and sends one whose batch job is gone', async () => {
    const nr = await org.newKey('newsroom');
    const sub = await nr.api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    expect(sub.status).toBe(201);
    const createdAt = new Date(Date.now() - 5000);
    const waiting = await org.newDelivery(sub.body.id, { batchJob: `whb-waiting-${sub.body.id}`, createdAt });
    const orphan = await org.newDelivery(sub.body.id, { batchJob: `whb-gone-${sub.body.id}`, createdAt });
    const queue = new Queue('webhook-deliveries', {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null },
      prefix: app.queuePrefix,
    });
    try {
      // The batch job of `waiting` runs in 5 s, as a batch behind a backlog would; the reconciler runs every second.
      const added = Date.now();
      await queue.add(
        'deliver',
        { batchJob: waiting.batchJob!, organizationId: org.organizationId },
        { jobId: waiting.batchJob!, delay: 5000 },
      );
      const sentTo = (d: { eventId: string }) => receiver.requests.filter((r) => r.headers['webhook-id'] === d.eventId);
      await waitFor('the delivery whose batch job is gone', () => sentTo(orphan)[0], 20_000);
      const got = await waitFor('the delivery of the waiting batch', () => sentTo(waiting)[0], 20_000);
      expect(got!.at - added).toBeGreaterThanOrEqual(4500); // by its batch job, not earlier by the reconciler
      await new Promise((r) => setTimeout(r, 2000));
      expect([sentTo(waiting).length, sentTo(orphan).length]).toEqual([1, 1]);
      expect(await queue.getJob(`whd-${waiting.id}-0`)).toBeUndefined();
    } finally {
      await queue.close();
    }
  });
  it('reaches a stranded delivery behind more than a pass of older deliveries whose job is still waiting', async () => {
    // Another organization's slow receiver: 600 deliveries (a pass checks 500), older, all in one batch job that
    // waits; each pass finds them live. The stranded delivery comes after them: a pass that always started from the
    // oldest would never reach it.
    const other = await newOrg(app);
    const busy = await (await other.newKey('newsroom')).api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    const nr = await org.newKey('newsroom');
    const sub = await nr.api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    expect([busy.status, sub.status]).toEqual([201, 201]);
    const batchJob = `whb-backlog-${busy.body.id}`;
    await other.newDeliveries(busy.body.id, 600, { batchJob, createdAt: new Date(Date.now() - 60_000) });
    const queue = new Queue('webhook-deliveries', {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null },
      prefix: app.queuePrefix,
    });
    try {
      await queue.add(
        'deliver',
        { batchJob, organizationId: other.organizationId },
        { jobId: batchJob, delay: 600_000 },
      );
      const stranded = await strandedDelivery(sub.body.id, null);
      await waitFor(
        'the stranded delivery',
        () => receiver.requests.find((r) => r.headers['webhook-id'] === stranded),
        20_000,
      );
      const [{ n }] = await app.ds.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending'`,
        [busy.body.id],
      );
      expect(n).toBe(600); // the backlog waits for its batch job: none of it was given a job of its own
    } finally {
      await (await queue.getJob(batchJob))?.remove();
      await queue.close();
      // The backlog must not stay pending in the shared database, where other files' reconcilers would read it.
      await app.ds.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [busy.body.id]);
    }
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/schema/data-source';
import { WebhookSubscription } from '../../src/webhooks/webhook-subscription.entity';
import { WebhooksRepository } from '../../src/webhooks/webhooks.repository';
import { dbContext, DbContext, factories } from '../helpers/db-context';

/**
 * The statements that read deliveries by id during a burst that follows a quiet spell: the table's
 * statistics were taken when no delivery was pending, and thousands are pending now. The fan-out's
 * lookup of the events' existing deliveries, a batch's record statement and a cancellation must go
 * by id or by (event, subscription), not walk the pending deliveries. Each was planned as a scan of
 * the whole `webhook_deliveries_pending` index, O(backlog) per statement, and the webhooks
 * benchmark's second round ran at half the first's speed (docs/benchmarks.md, session 13). Each test
 * was seen to fail with the statement as it was (3,010 to 6,010 index entries read).
 */
describe('webhook deliveries under a backlog (integration)', () => {
  let ctx: DbContext;
  let ds: DataSource; // one connection: the statement and the statistics flush run on the same backend
  let subscriptionId: string;

  const pendingIndexReads = async () => {
    await ds.query(`SELECT pg_stat_force_next_flush()`);
    const [row] = await ds.query<{ n: string }[]>(
      `SELECT idx_tup_read AS n FROM pg_stat_user_indexes WHERE indexrelname = 'webhook_deliveries_pending'`,
    );
    return Number(row.n);
  };

  /** Fan-out input: `count` new claim.dismissed events, no claim row, the same body for every reader. */
  const fanOutInput = (count: number) =>
    Array.from({ length: count }, () => ({
      event: {
        eventId: randomUUID(),
        type: 'claim.dismissed',
        organizationId: ctx.organizationId,
        claimId: null,
        claimNewsroomId: null,
      },
      isVerdict: false,
      bodies: {
        desk: '{"type":"claim.dismissed"}',
        own: '{"type":"claim.dismissed"}',
        other: '{"type":"claim.dismissed"}',
      },
    }));

  beforeAll(async () => {
    ctx = await dbContext();
    ds = await createDataSource(process.env.DATABASE_URL!, 1).initialize();
    const sub = await ds.getRepository(WebhookSubscription).save({
      organizationId: ctx.organizationId,
      newsroomId: null,
      url: 'https://receiver.example/hook',
      events: ['*'],
      scope: 'all',
      secretEncrypted: 'not used here',
    });
    subscriptionId = sub.id;
    const rows = factories(ctx.ds, ctx.organizationId);
    // The quiet spell: only delivered rows when the statistics are taken.
    await rows.newDeliveries(subscriptionId, 3000, { status: 'succeeded' });
    await ds.query(`ANALYZE webhook_deliveries`);
    // The burst: a backlog of pending deliveries the statistics do not know of.
    await rows.newDeliveries(subscriptionId, 3000);
  });

  afterAll(async () => {
    // The backlog goes with its subscription (deliveries and attempts cascade): left pending, its
    // thousands of rows would be the oldest the reconciler of a later suite finds, ahead of that suite's.
    if (subscriptionId) await ds.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [subscriptionId]);
    await ds?.destroy();
    await ctx?.close();
  });

  it('creates the deliveries of new events without reading the pending backlog', async () => {
    const repo = new WebhooksRepository(ds);
    const events = fanOutInput(5);
    const before = await pendingIndexReads();
    const first = await repo.fanOut(ctx.organizationId, events, 'whb-test-');
    // Run again (a replayed event job): the same deliveries, found pending, nothing new.
    const again = await repo.fanOut(ctx.organizationId, events, 'whb-again-');
    const read = (await pendingIndexReads()) - before;

    expect(first).toHaveLength(5);
    expect(first.every((d) => d.batchJob === `whb-test-${subscriptionId}`)).toBe(true);
    expect(again.map((d) => d.id).sort()).toEqual(first.map((d) => d.id).sort());
    expect(read).toBeLessThan(100);
  });

  it('records the attempts of a batch without reading the pending backlog', async () => {
    const repo = new WebhooksRepository(ds);
    const created = await repo.fanOut(ctx.organizationId, fanOutInput(5), 'whb-record-');
    const before = await pendingIndexReads();
    const recorded = await repo.recordAttempts(
      created.map((d) => ({
        id: d.id,
        generation: d.generation,
        attemptCount: 0,
        status: 'succeeded' as const,
        success: true,
        statusCode: 204,
        latencyMs: 3,
        responseBody: '',
        error: null,
        nextAttemptAt: null,
      })),
    );
    const read = (await pendingIndexReads()) - before;

    expect(recorded.size).toBe(5);
    expect(read).toBeLessThan(100);
  });

  it('cancels deliveries without reading the pending backlog', async () => {
    const repo = new WebhooksRepository(ds);
    const created = await repo.fanOut(ctx.organizationId, fanOutInput(5), 'whb-cancel-');
    const before = await pendingIndexReads();
    await repo.cancelDeliveries(created);
    const read = (await pendingIndexReads()) - before;

    const rows = await ds.query<{ status: string }[]>(`SELECT status FROM webhook_deliveries WHERE id = ANY($1)`, [
      created.map((d) => d.id),
    ]);
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill('cancelled'));
    expect(read).toBeLessThan(100);
  });
});

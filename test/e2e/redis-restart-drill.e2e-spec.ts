import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, sleep } from '../../src/local/processes';
import { RedisServer } from '../../src/local/redis-server';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

const CLAIMS = 160;
const WORDS = [
  'river',
  'budget',
  'hospital',
  'vaccine',
  'election',
  'airport',
  'harvest',
  'railway',
  'census',
  'tariff',
  'glacier',
  'museum',
  'stadium',
  'pension',
  'mine',
  'ferry',
];
const word = () => WORDS[randomBytes(1)[0] % WORDS.length];

/**
 * Fault drill: Redis (AOF on) is restarted in the middle of a burst of intake while research and webhook
 * deliveries are running. Every accepted claim must still be researched once, and every event delivered
 * exactly once successfully per subscription.
 */
describe('fault drill: Redis restarted during a burst of intake and delivery (e2e)', () => {
  let redis: RedisServer;
  let app: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    redis = new RedisServer(join(process.env.TEST_TMP_DIR!, `redis-restart-${process.pid}`), await freePort());
    await redis.start();
    app = await startTestApp({
      ROLE: 'all',
      REDIS_URL: redis.url,
      ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '1,1,1,2,2,2,5,5',
      RESEARCH_CONCURRENCY: '4',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_INTAKE_PER_MINUTE: '1000000',
      MATCH_DUPLICATE_THRESHOLD: '1',
    });
    receiver = await new WebhookReceiver().start();
  }, 60_000);
  afterAll(async () => {
    await receiver?.stop();
    if (redis && !redis.running) await redis.start(); // a failed run may leave it stopped
    await app?.close();
    await redis?.stop();
  });

  it('researches every claim and delivers every event once, across the restart', async () => {
    const org = await newOrg(app);
    const hook = await org.admin.post('/v1/webhooks', {
      url: receiver.url,
      events: ['claim.received', 'claim.research_completed'],
      scope: 'all',
    });
    expect(hook.status).toBe(201);

    const ids: string[] = [];
    const statuses: number[] = [];
    let next = 0;
    const submitter = async () => {
      while (next < CLAIMS) {
        const i = next++;
        const res = await org.admin.post('/v1/claims', {
          text: `Report ${randomBytes(4).toString('hex')} says the ${word()} ${word()} cost ${i * 7 + 13} million in ${word()} ${randomBytes(3).toString('hex')}`,
          language: 'en',
        });
        statuses.push(res.status);
        if (res.status === 202) ids.push(res.body.id);
        await sleep(20);
      }
    };
    const burst = Promise.all(Array.from({ length: 4 }, submitter));

    // Restart Redis while the burst is in flight and deliveries and research are under way.
    await waitFor('burst under way', () => receiver.requests.length >= 10 && ids.length >= CLAIMS / 3, 60_000);
    await redis.stop();
    await sleep(2000);
    await redis.start();
    await burst;
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    expect(ids).toHaveLength(CLAIMS);

    await waitFor(
      'every claim researched',
      async () => {
        const [{ n }] = await app.ds.query(
          `SELECT count(*)::int AS n FROM claims WHERE id = ANY($1) AND status = 'ready_for_check'`,
          [ids],
        );
        return n === CLAIMS;
      },
      120_000,
    );
    await waitFor(
      'every event delivered',
      () =>
        receiver.ofType('claim.research_completed').length >= CLAIMS &&
        receiver.ofType('claim.received').length >= CLAIMS,
      120_000,
    );
    await sleep(1500); // late duplicates, if any, would arrive now

    const claimIdsOf = (type: string) =>
      receiver.ofType(type).map((r) => {
        const { data } = JSON.parse(r.body) as { data: { claim?: { id: string }; claimId?: string } };
        return data.claim?.id ?? data.claimId;
      });
    for (const type of ['claim.received', 'claim.research_completed']) {
      const got = claimIdsOf(type);
      expect(new Set(got)).toEqual(new Set(ids));
      expect(got).toHaveLength(CLAIMS);
    }
    // Exactly one successful attempt per (event, subscription), one research run and one completion per claim.
    const [counts] = await app.ds.query(
      `SELECT (SELECT count(*)::int FROM webhook_deliveries WHERE subscription_id = $2) AS deliveries,
              (SELECT count(*)::int FROM webhook_deliveries WHERE subscription_id = $2 AND status = 'succeeded') AS succeeded,
              (SELECT count(*)::int FROM (SELECT a.delivery_id FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
                 WHERE d.subscription_id = $2 AND a.success GROUP BY a.delivery_id, d.generation HAVING count(*) > 1) x) AS double_successes,
              (SELECT count(DISTINCT claim_id)::int FROM research_runs WHERE claim_id = ANY($1)) AS researched,
              (SELECT count(*)::int FROM claim_history WHERE claim_id = ANY($1) AND action = 'research_completed') AS completions`,
      [ids, hook.body.id],
    );
    expect(counts).toEqual({
      deliveries: 2 * CLAIMS,
      succeeded: 2 * CLAIMS,
      double_successes: 0,
      researched: CLAIMS,
      completions: CLAIMS,
    });
  }, 300_000);
});

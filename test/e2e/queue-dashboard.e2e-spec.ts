import { randomBytes, randomUUID } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg, OrgCtx } from '../helpers/factories';
import { client } from '../helpers/http';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

const OPERATOR_TOKEN = `op_${randomBytes(24).toString('base64url')}`;
const operator = (baseUrl: string) => client(baseUrl, OPERATOR_TOKEN);
const basic = (password: string) => ({
  authorization: `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`,
});

describe('queue dashboard without an operator token (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'api' })));
  afterAll(() => app.close());

  it('is not mounted: 404 for everyone, admin keys included', async () => {
    const org = await newOrg(app);
    expect((await org.admin.get('/admin/queues')).status).toBe(404);
    expect((await org.admin.get('/admin/queues/api/queues')).status).toBe(404);
    expect((await client(app.url).get('/admin/queues')).status).toBe(404);
  });
});

describe('queue dashboard for the operator, and jobs that carry ids (e2e)', () => {
  let app: TestApp;
  let orgA: OrgCtx;
  let orgB: OrgCtx;
  const queues: Queue[] = [];
  const receivers: WebhookReceiver[] = [];
  const queue = (name: string) => {
    const q = new Queue(name, {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null } as never,
      prefix: app.queuePrefix,
    });
    queues.push(q);
    return q;
  };
  const receiver = async () => {
    const r = await new WebhookReceiver().start();
    receivers.push(r);
    return r;
  };
  const failedReason = (q: Queue, jobId: string) =>
    waitFor(`job ${jobId} to fail`, async () => (await q.getJob(jobId))?.failedReason, 15000);

  beforeAll(async () => {
    app = await startTestApp({
      ROLE: 'all',
      ALLOW_PRIVATE_NETWORKS: 'true',
      QUEUE_DASHBOARD_TOKEN: OPERATOR_TOKEN,
      WEBHOOK_RETRY_SCHEDULE: '0.2',
    });
    orgA = await newOrg(app);
    orgB = await newOrg(app);
  });
  afterAll(async () => {
    for (const q of queues) await q.close();
    await app.close();
    for (const r of receivers) await r.stop();
  });

  it('refuses every organization key, whatever its role, and opens with the operator token', async () => {
    for (const org of [orgA, orgB]) {
      for (const key of [
        { api: org.admin },
        ...(await Promise.all((['editor', 'checker', 'newsroom'] as const).map((r) => org.newKey(r)))),
      ]) {
        for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
          const res = await key.api.get(path);
          expect(res.status).toBe(401);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
        }
      }
    }
    const anonymous = await client(app.url).get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await client(app.url).get('/admin/queues', basic('not-the-token'))).status).toBe(401);
    expect((await client(app.url, `${OPERATOR_TOKEN}x`).get('/admin/queues')).status).toBe(401);

    const page = await operator(app.url).get('/admin/queues');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    expect((await client(app.url).get('/admin/queues', basic(OPERATOR_TOKEN))).status).toBe(200);
    const list = await operator(app.url).get('/admin/queues/api/queues');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain('webhook-deliveries');
  });

  it('is read-only by default: no add, pause, empty, clean or obliterate, even for the operator', async () => {
    const op = operator(app.url);
    const forgedId = randomUUID();
    const attempts = [
      op.post('/admin/queues/api/queues/events/add', { name: 'verdict.published', data: { eventId: forgedId } }),
      op.put('/admin/queues/api/queues/webhook-deliveries/pause'),
      op.put('/admin/queues/api/queues/webhook-deliveries/empty'),
      op.put('/admin/queues/api/queues/webhook-deliveries/clean/completed'),
      op.put('/admin/queues/api/queues/webhook-deliveries/obliterate'),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(405);
    expect(await queue('webhook-deliveries').isPaused()).toBe(false);
    const events = await queue('events').getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    expect(events.filter((j) => JSON.stringify(j.data).includes(forgedId))).toHaveLength(0);
  });

  it('keeps no claim text in any job: the queues hold ids, the rows stay in PostgreSQL', async () => {
    const nr = await orgA.newKey('newsroom');
    const r = await receiver();
    expect((await nr.api.post('/v1/webhooks', { url: r.url, events: ['claim.received'] })).status).toBe(201);
    const secretText = `Le viaduc de Quimperlé-${randomBytes(4).toString('hex')} a coûté 42 millions d'euros en 2021`;
    const submitted = await nr.api.post('/v1/claims', { text: secretText, speaker: { name: 'Un élu confidentiel' } });
    expect(submitted.status).toBe(202);
    await waitFor('the claim.received delivery', () => r.requests.length >= 1, 15000);
    const [row] = await app.ds.query(`SELECT id FROM outbox_events WHERE claim_id = $1 AND type = 'claim.received'`, [
      submitted.body.id,
    ]);
    const research = queue('research');
    await waitFor(
      'the research job',
      async () => ['completed', 'failed'].includes(await research.getJobState(`research-${row.id}`)),
      30000,
    );

    const jobs: Job[] = [];
    for (const name of ['events', 'research', 'webhook-deliveries'])
      jobs.push(...(await queue(name).getJobs(['completed', 'failed', 'waiting', 'active', 'delayed'])));
    const ours = jobs.filter((j) => JSON.stringify(j.data).includes(submitted.body.id) || j.id === row.id);
    expect(ours.length).toBeGreaterThanOrEqual(2);
    const event = jobs.find((j) => j.id === row.id)!;
    expect(event.data).toEqual({ eventId: row.id, organizationId: orgA.organizationId, type: 'claim.received' });
    for (const j of jobs) {
      const stored = JSON.stringify([j.data, j.returnvalue, j.failedReason]);
      expect(stored).not.toContain('Quimperlé');
      expect(stored).not.toContain('confidentiel');
    }
    // What the operator's dashboard shows of the job: ids, never the claim.
    const shown = await operator(app.url).get(`/admin/queues/api/queues/events/${row.id}`);
    expect(shown.status).toBe(200);
    expect(shown.text.includes(orgA.organizationId)).toBe(true);
    expect(shown.text.includes('Quimperlé')).toBe(false);
  });

  it("refuses a forged event job naming another organization's rows, and forged delivery and research jobs", async () => {
    // Organization B: a newsroom with a claim and a subscription to verdict events.
    const nrB = await orgB.newKey('newsroom');
    const rB = await receiver();
    expect((await nrB.api.post('/v1/webhooks', { url: rB.url, events: ['*'] })).status).toBe(201);
    const claimB = (
      await nrB.api.post('/v1/claims', {
        text: `Le port de Brest a accueilli ${randomBytes(2).readUInt16BE()} navires de croisière cette année`,
      })
    ).body;
    await waitFor("B's claim.received", () => rB.ofType('claim.received').length === 1, 15000);
    // Organization A: a delivered event of its own.
    const nrA = await orgA.newKey('newsroom');
    const rA = await receiver();
    expect((await nrA.api.post('/v1/webhooks', { url: rA.url, events: ['claim.received'] })).status).toBe(201);
    const claimA = (
      await nrA.api.post('/v1/claims', {
        text: `La ligne de tram de Caen transporte ${randomBytes(2).readUInt16BE()} voyageurs par jour`,
      })
    ).body;
    await waitFor("A's claim.received", () => rA.ofType('claim.received').length === 1, 15000);
    const [eventA] = await app.ds.query(
      `SELECT id FROM outbox_events WHERE claim_id = $1 AND type = 'claim.received'`,
      [claimA.id],
    );
    const [deliveryA] = await app.ds.query(`SELECT id, generation FROM webhook_deliveries WHERE event_id = $1`, [
      eventA.id,
    ]);

    const events = queue('events');
    const forgedVerdict = {
      eventId: randomUUID(),
      organizationId: orgB.organizationId,
      type: 'verdict.published',
      // What the attack put in the job: a whole forged payload. The worker must never use it.
      claimId: claimB.id,
      timestamp: new Date().toISOString(),
      data: {
        claim: { ...claimB, newsroomId: nrB.newsroomId },
        verdict: { id: randomUUID(), rating: 'true' },
        claimReview: {
          '@type': 'ClaimReview',
          url: 'https://forged.example/review',
          claimReviewed: claimB.text,
          reviewRating: { '@type': 'Rating', alternateName: 'True', ratingValue: 5, bestRating: 5, worstRating: 1 },
          datePublished: '2026-01-01',
          author: { '@type': 'Organization', name: 'Forger' },
        },
      },
    };
    await events.add('verdict.published', forgedVerdict, { jobId: 'forged-verdict' });
    // A's real event, claimed for B.
    await events.add(
      'claim.received',
      { eventId: eventA.id, organizationId: orgB.organizationId, type: 'claim.received' },
      { jobId: 'forged-cross-org' },
    );
    // A's real event under the wrong type.
    await events.add(
      'verdict.published',
      { eventId: eventA.id, organizationId: orgA.organizationId, type: 'verdict.published' },
      { jobId: 'forged-type' },
    );
    // A's real delivery, claimed for B.
    const deliveries = queue('webhook-deliveries');
    await deliveries.add(
      'deliver',
      { deliveryId: deliveryA.id, generation: deliveryA.generation, organizationId: orgB.organizationId },
      { jobId: 'forged-delivery' },
    );
    // A's claim, researched for B.
    const research = queue('research');
    await research.add(
      'research',
      { organizationId: orgB.organizationId, claimId: claimA.id, trigger: 'rerun' },
      { jobId: 'forged-research' },
    );

    expect(await failedReason(events, 'forged-verdict')).toMatch(/^Refused/);
    expect(await failedReason(events, 'forged-cross-org')).toMatch(/^Refused/);
    expect(await failedReason(events, 'forged-type')).toMatch(/^Refused/);
    expect(await failedReason(deliveries, 'forged-delivery')).toMatch(/^Refused/);
    expect(await failedReason(research, 'forged-research')).toMatch(/^Refused/);
    for (const id of ['forged-verdict', 'forged-cross-org', 'forged-type'])
      expect((await events.getJob(id))!.attemptsMade).toBe(1);

    await new Promise((r) => setTimeout(r, 1000));
    expect(rB.ofType('verdict.published')).toHaveLength(0);
    expect(rB.ofType('claim.received')).toHaveLength(1);
    expect(rA.requests).toHaveLength(1);
    expect(
      await app.ds.query(`SELECT 1 FROM webhook_deliveries WHERE event_id = $1`, [forgedVerdict.eventId]),
    ).toHaveLength(0);
    expect(
      await app.ds.query(`SELECT 1 FROM fact_checks WHERE organization_id = $1`, [orgB.organizationId]),
    ).toHaveLength(0);
    expect(
      await app.ds.query(`SELECT 1 FROM webhook_deliveries WHERE organization_id = $1 AND event_id = $2`, [
        orgB.organizationId,
        eventA.id,
      ]),
    ).toHaveLength(0);
    expect(await app.ds.query(`SELECT 1 FROM research_runs WHERE job_id = 'forged-research'`)).toHaveLength(0);
  });
});

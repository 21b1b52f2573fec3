import { Queue } from 'bullmq';
import { startTestApp, type TestApp } from '../helpers/app';
import { newOrg, type OrgCtx } from '../helpers/factories';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

/**
 * The relay hands several events of one organization to one job (outbox-relay.ts `eventJobs`), and
 * the events worker runs their reactions together (event-job.handler.ts). Nothing may be lost or
 * doubled by that: each event is delivered once, an event whose reaction fails does not hold the
 * others back, and a batch naming another organization's event is refused.
 */
describe('event batches (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;
  let queue: Queue;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'all', ALLOW_PRIVATE_NETWORKS: 'true', OUTBOX_POLL_MS: '300' });
    org = await newOrg(app);
    queue = new Queue('events', {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null },
      prefix: app.queuePrefix,
    });
    receiver = await new WebhookReceiver().start();
    const sub = await org.admin.post('/v1/webhooks', { url: receiver.url, events: ['*'], scope: 'all' });
    expect(sub.status).toBe(201);
  });
  afterAll(async () => {
    await queue?.close();
    await receiver?.stop();
    await app?.close();
  });

  const deliveredIds = () => receiver.requests.map((r) => String(r.headers['webhook-id']));

  it('relays a burst in shared jobs and delivers each event exactly once', async () => {
    const ids = await org.newDismissedEvents(30);
    await waitFor('every event delivered', () => ids.every((id) => deliveredIds().includes(id)), 30_000);
    await new Promise((r) => setTimeout(r, 1000)); // a second delivery would come by now
    for (const id of ids) expect(deliveredIds().filter((x) => x === id)).toHaveLength(1);
    const jobs = await queue.getJobs(['completed', 'active', 'waiting']);
    const batches = jobs.filter((j) => j.name === 'events' && ids.includes(j.data.eventIds?.[0]));
    expect(batches.length).toBeGreaterThan(0);
    const inBatches = batches.flatMap((j) => j.data.eventIds as string[]);
    expect(inBatches.length).toBeGreaterThan(batches.length); // several events per job
    expect(new Set(inBatches).size).toBe(inBatches.length);
  });

  it('an event whose reaction fails does not hold back the others of its batch: it is retried in a job of its own', async () => {
    // First in the batch: a re-run whose research job id BullMQ refuses (a ':'), so its reaction throws.
    const [poison, ...rest] = await org.newDismissedEvents(9, {
      first: { type: 'claim.received', data: { trigger: 'rerun', jobId: 'bad:id' } },
    });
    await waitFor('the other events delivered', () => rest.every((id) => deliveredIds().includes(id)), 20_000);
    const own = await waitFor(
      "the failed event's own job to run",
      async () => {
        const job = await queue.getJob(poison);
        return job && job.attemptsMade >= 1 ? job : undefined;
      },
      20_000,
    );
    expect(own!.data).toEqual({ eventId: poison, organizationId: org.organizationId, type: 'claim.received' });
    expect(own!.failedReason).toMatch(/cannot contain/);
    expect(deliveredIds()).not.toContain(poison);
    // The batch was not retried as a whole for its one failure: the others arrived once each.
    await new Promise((r) => setTimeout(r, 1000));
    for (const id of rest) expect(deliveredIds().filter((x) => x === id)).toHaveLength(1);
  });

  it('refuses a batch job naming an event of another organization, without retry', async () => {
    const other = await newOrg(app);
    const [foreign] = await other.newEvents([{ type: 'claim.dismissed', claimId: null, data: {} }]);
    const [mine] = await org.newEvents([{ type: 'claim.dismissed', claimId: null, data: {} }]);
    const job = await queue.add('events', { eventIds: [mine, foreign], organizationId: org.organizationId });
    const failed = await waitFor(
      'the forged job to fail',
      async () => {
        const j = await queue.getJob(job.id!);
        return j?.failedReason ? j : undefined;
      },
      15_000,
    );
    expect(failed!.failedReason).toMatch(/does not have every event/);
    expect(failed!.attemptsMade).toBe(1);
  });
});

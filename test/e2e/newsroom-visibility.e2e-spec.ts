import { Webhook } from 'standardwebhooks';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg, OrgCtx } from '../helpers/factories';
import { Client } from '../helpers/http';
import { waitFor } from '../helpers/wait';
import { ReceivedRequest, WebhookReceiver } from '../helpers/webhook-receiver';

/**
 * Inside an organization a newsroom key is shown only the claims it could read over REST: its own,
 * and those with a public verdict. Matching still links duplicates across newsrooms for the desk,
 * and webhooks still fan verdicts out to scope `all`, but what a newsroom receives is trimmed to that.
 */
const TEXT = 'Les Etats-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak';
const REWORDED = 'Les États-Unis ont retiré leurs troupes de 15 bases en Irak';

const svixHeaders = (r: ReceivedRequest) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});
const bodyOf = (r: ReceivedRequest) =>
  JSON.parse(r.body) as { type: string; data: Record<string, unknown> & { claim?: Record<string, unknown> } };

describe("what a newsroom is shown of other newsrooms' claims (e2e)", () => {
  let app: TestApp;
  const receivers: WebhookReceiver[] = [];
  const receiver = async () => {
    const r = await new WebhookReceiver().start();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'all', ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE: '0.2,0.2,0.2' });
  });
  afterAll(async () => {
    await app.close();
    for (const r of receivers) await r.stop();
  });

  /** Research done, the check task claimed, completed and approved by the workflow API: the claim's verdict is published. */
  async function publish(org: OrgCtx, claimId: string, reader: Client): Promise<string> {
    await waitFor(
      'research of the claim',
      async () => (await reader.get(`/v1/claims/${claimId}`)).body.status === 'ready_for_check',
      60000,
    );
    const [task] = await app.ds.query(
      `SELECT id FROM tasks WHERE claim_id = $1 AND kind = 'check' AND status = 'open'`,
      [claimId],
    );
    const checker = (await org.newKey('checker')).api;
    const editor = (await org.newKey('editor')).api;
    const claimed = await checker.post(`/v1/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    const done = await checker.post(`/v1/tasks/${task.id}/complete`, {
      leaseToken: claimed.body.leaseToken,
      rating: 'false',
      summary: 'Le CENTCOM a démenti tout retrait.',
    });
    expect(done.status).toBe(200);
    const review = await editor.post(`/v1/tasks/${done.body.nextTaskId}/claim`);
    expect(review.status).toBe(200);
    const approved = await editor.post(`/v1/tasks/${done.body.nextTaskId}/complete`, {
      leaseToken: review.body.leaseToken,
      decision: 'approve',
    });
    expect(approved.status).toBe(200);
    return done.body.verdictId as string;
  }

  it("never shows a newsroom another newsroom's unpublished claim (id or score) through matching, REST or webhooks; the desk keeps the link", async () => {
    const org = await newOrg(app);
    const a = await org.newKey('newsroom');
    const b = await org.newKey('newsroom');
    const editor = await org.newKey('editor');
    const rb = await receiver();
    const rDesk = await receiver();
    await b.api.post('/v1/webhooks', { url: rb.url, events: ['*'], scope: 'own' });
    await org.admin.post('/v1/webhooks', { url: rDesk.url, events: ['claim.duplicate', 'claim.received'] });

    const original = (
      await a.api.post('/v1/claims', { text: TEXT, context: 'Dépêche interne', externalId: 'A-1', tags: ['irak'] })
    ).body;
    const hidden = original.id as string;

    // One request per intake route, each naming a text that matches A's claim.
    const single = await b.api.post('/v1/claims', { text: TEXT + ' !' });
    expect(single.status).toBe(202);
    expect(single.body).toMatchObject({ status: 'duplicate', duplicateOf: null, similar: [], matchedVerdict: null });
    const similar = await b.api.post('/v1/claims', { text: REWORDED });
    expect(similar.status).toBe(202);
    // Listed: B's own duplicate, without the claim it duplicates; not listed: A's claim.
    expect(similar.body).toMatchObject({
      status: 'received',
      duplicateOf: null,
      similar: [expect.objectContaining({ id: single.body.id, duplicateOf: null })],
    });
    const batch = await b.api.post('/v1/claims/batch', {
      claims: [{ text: TEXT.toUpperCase() }, { text: REWORDED + '.' }],
    });
    expect(batch.status).toBe(202);
    expect(
      batch.body.results.map((r: { claim: { status: string; duplicateOf: string | null } }) => [
        r.claim.status,
        r.claim.duplicateOf,
      ]),
    ).toEqual([
      ['duplicate', null],
      ['duplicate', similar.body.id], // B's own claim is B's to see
    ]);
    const extraction = await b.api.post('/v1/extractions', { text: `${TEXT}.`, submit: true, minScore: 0 });
    expect(extraction.status).toBe(202);
    expect(extraction.body.submitted).toBe(1);
    expect(extraction.body.candidates[0].claim).toMatchObject({ status: 'duplicate', duplicateOf: null });
    const bDuplicates = [single.body.id, batch.body.results[0].claim.id, extraction.body.candidates[0].claim.id];

    // What B reads back over REST.
    const detail = await b.api.get(`/v1/claims/${single.body.id}`);
    expect(detail.body).toMatchObject({ status: 'duplicate', duplicateOf: null, verdict: null });
    const list = await b.api.get('/v1/claims?limit=200');
    const history = await b.api.get(`/v1/claims/${single.body.id}/history`);
    expect(history.body.data[0]).toMatchObject({ action: 'received', toStatus: 'duplicate' });
    expect(history.body.data[0].details ?? {}).not.toHaveProperty('score');

    // An editor unlinks one of B's duplicates: B's claim.received does not say from what.
    expect(
      (await editor.api.post(`/v1/claims/${bDuplicates[2]}/unlink-duplicate`, { reason: 'Autre période' })).status,
    ).toBe(200);
    const unlinkedHistory = await b.api.get(`/v1/claims/${bDuplicates[2]}/history`);

    await waitFor(
      "B's claim events",
      async () =>
        rb.ofType('claim.duplicate').length >= 4 && rb.requests.some((r) => bodyOf(r).data.unlinkedFrom !== undefined),
      30000,
    );
    await waitFor("the desk's claim.duplicate events", async () => rDesk.ofType('claim.duplicate').length >= 4, 30000);
    for (const res of [single, similar, batch, extraction, detail, list, history, unlinkedHistory])
      expect(res.text).not.toContain(hidden);
    for (const r of rb.requests) expect(r.body).not.toContain(hidden);
    const bDuplicateEvents = rb.ofType('claim.duplicate').map((r) => bodyOf(r).data);
    expect(bDuplicateEvents).toContainEqual(
      expect.objectContaining({
        duplicateOf: null,
        score: null,
        claim: expect.objectContaining({ id: single.body.id, duplicateOf: null }),
      }),
    );
    expect(rb.requests.map((r) => bodyOf(r).data).find((d) => d.unlinkedFrom !== undefined)).toMatchObject({
      unlinkedFrom: null,
      claim: { id: bDuplicates[2] },
    });

    // The desk still sees the link, in REST and in its own webhook events.
    expect((await editor.api.get(`/v1/claims/${single.body.id}`)).body.duplicateOf).toBe(hidden);
    expect((await editor.api.get(`/v1/claims/${single.body.id}/history`)).body.data[0].details).toMatchObject({
      duplicateOf: hidden,
      score: expect.any(Number),
    });
    expect(
      (await editor.api.post('/v1/claims', { text: REWORDED + ' ?' })).body.similar.map((s: { id: string }) => s.id),
    ).toContain(hidden);
    const deskEvent = rDesk
      .ofType('claim.duplicate')
      .map((r) => bodyOf(r).data)
      .find((d) => (d.claim as { id: string }).id === single.body.id);
    expect(deskEvent).toMatchObject({ duplicateOf: hidden, score: expect.any(Number), claim: { duplicateOf: hidden } });

    // Once A's claim has a published verdict it is public: B may be shown it.
    await publish(org, hidden, a.api);
    const after = await b.api.get(`/v1/claims/${single.body.id}`);
    expect(after.body).toMatchObject({ duplicateOf: hidden, verdict: { claimId: hidden, status: 'published' } });
    const later = await b.api.post('/v1/claims', { text: TEXT + ' ?!' });
    expect(later.body).toMatchObject({ status: 'duplicate', duplicateOf: hidden, matchedVerdict: { claimId: hidden } });
    // The verdict reaches B (its duplicates follow it) with A's claim as public view only.
    const verdict = await waitFor('the verdict at B', async () => rb.ofType('verdict.published')[0], 30000);
    expect(bodyOf(verdict).data.claim).toMatchObject({ id: hidden, text: TEXT });
    expect(bodyOf(verdict).data.claim).not.toHaveProperty('context');
    expect(verdict.body).not.toContain('Dépêche interne');
  }, 120000);

  it("trims another newsroom's private claim fields from the verdict events of a scope-all subscription, signed as sent", async () => {
    const org = await newOrg(app);
    const a = await org.newKey('newsroom');
    const b = await org.newKey('newsroom');
    const editor = await org.newKey('editor');
    const ra = await receiver();
    const rAll = await receiver();
    const rDesk = await receiver();
    const verdictEvents = ['verdict.published', 'verdict.corrected', 'verdict.retracted'];
    await a.api.post('/v1/webhooks', { url: ra.url, events: verdictEvents, scope: 'own' });
    const { body: subAll } = await b.api.post('/v1/webhooks', { url: rAll.url, events: verdictEvents, scope: 'all' });
    await org.admin.post('/v1/webhooks', { url: rDesk.url, events: verdictEvents });

    const privateFields = {
      context: 'Source confidentielle: conseiller du ministre',
      externalId: 'cms-4711-secret',
      tags: ['enquete-en-cours'],
    };
    const claim = (
      await a.api.post('/v1/claims', {
        text: 'Le budget de la défense a augmenté de 12 % en 2024',
        sourceUrl: 'https://news.example/budget',
        ...privateFields,
      })
    ).body;
    const v1 = await publish(org, claim.id, a.api);
    const corrected = await editor.api.post(`/v1/claims/${claim.id}/corrections`, {
      rating: 'mostly_false',
      summary: 'Hausse de 10 %.',
      reason: 'Chiffre révisé',
    });
    expect(corrected.status).toBe(201);
    expect(
      (await editor.api.post(`/v1/verdicts/${corrected.body.id}/retract`, { reason: 'Source retirée' })).status,
    ).toBe(200);

    const all3 = (r: WebhookReceiver) => verdictEvents.every((t) => r.ofType(t).length === 1);
    await waitFor('the verdict events', async () => all3(ra) && all3(rAll) && all3(rDesk), 30000);

    for (const type of verdictEvents) {
      const [atB] = rAll.ofType(type);
      const data = bodyOf(atB).data;
      expect(data.claim).toMatchObject({
        id: claim.id,
        status: type === 'verdict.retracted' ? 'retracted' : 'published',
        text: claim.text,
        sourceUrl: 'https://news.example/budget',
      });
      for (const field of ['context', 'externalId', 'tags', 'newsroomId', 'priority', 'assessment'])
        expect(data.claim).not.toHaveProperty(field);
      for (const value of [privateFields.context, privateFields.externalId, privateFields.tags[0]])
        expect(atB.body).not.toContain(value);
      expect(data).toMatchObject({ verdict: { claimId: claim.id }, claimReview: { '@type': 'ClaimReview' } });
      // The signature covers the trimmed body B received.
      expect(() => new Webhook(subAll.secret).verify(atB.body, svixHeaders(atB))).not.toThrow();

      // A's own subscription and the desk still get the claim whole.
      for (const full of [ra, rDesk])
        expect(bodyOf(full.ofType(type)[0]).data.claim).toMatchObject({ ...privateFields, newsroomId: a.newsroomId });
    }
    expect(bodyOf(rAll.ofType('verdict.published')[0]).data.verdict).toMatchObject({ id: v1, status: 'published' });
    // Redelivery sends the stored, trimmed body again.
    const delivery = (await b.api.get(`/v1/webhooks/${subAll.id}/deliveries`)).body.data[0];
    expect((await b.api.post(`/v1/webhooks/${subAll.id}/deliveries/${delivery.id}/redeliver`)).status).toBe(202);
    await waitFor('the redelivery', async () => rAll.requests.length === 4, 30000);
    expect(rAll.requests[3].body).not.toContain(privateFields.externalId);
  }, 120000);
});

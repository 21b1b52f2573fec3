import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { Client } from '../helpers/http';
import { waitFor } from '../helpers/wait';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { Webhook } from 'standardwebhooks';
import type { Claim } from '../../src/claims/claim.entity';
import { factories } from '../helpers/db-context';

const DEMO = JSON.parse(readFileSync(join(__dirname, '..', '..', 'samples', 'demo-archive.json'), 'utf8'));
const SEED_CLAIM = 'Les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak';
const LEASE_SECONDS = 2;

/** A claim waiting for a checker, with its open check task (the factories of the medium tier). */
async function readyClaim(
  ds: DataSource,
  organizationId: string,
  o: { text?: string; language?: string; priority?: number } = {},
): Promise<{ claimId: string; taskId: string }> {
  const rows = factories(ds, organizationId);
  const claim = await rows.newClaim({
    ...(o.text ? { text: o.text } : {}),
    language: o.language ?? 'fr',
    speakerName: 'Jean Dupont',
    claimDate: '2020-02-01',
    sourceUrl: 'https://news.example/a',
    appearances: ['https://social.example/p/1'],
  });
  const task = await rows.newTask(claim, { priority: o.priority ?? 1 });
  return { claimId: claim.id, taskId: task.id };
}

async function checkAndPublish(
  checker: Client,
  reviewer: Client,
  taskId: string,
  verdict: Record<string, unknown> = {},
) {
  const claimed = await checker.post(`/v1/tasks/${taskId}/claim`);
  expect(claimed.status).toBe(200);
  const done = await checker.post(`/v1/tasks/${taskId}/complete`, {
    leaseToken: claimed.body.leaseToken,
    rating: 'false',
    summary: 'Le CENTCOM a démenti.',
    ...verdict,
  });
  expect(done.status).toBe(200);
  const review = await reviewer.post(`/v1/tasks/${done.body.nextTaskId}/claim`);
  expect(review.status).toBe(200);
  const approved = await reviewer.post(`/v1/tasks/${done.body.nextTaskId}/complete`, {
    leaseToken: review.body.leaseToken,
    decision: 'approve',
  });
  expect(approved.status).toBe(200);
  return done.body.verdictId as string;
}

describe('checker workflow (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      ROLE: 'all',
      ALLOW_PRIVATE_NETWORKS: 'true',
      TASK_LEASE_SECONDS: String(LEASE_SECONDS),
      TASK_SWEEP_SECONDS: '1',
      METRICS_PUBLIC: 'true',
      METRICS_CACHE_SECONDS: '0',
    });
  });
  afterAll(() => app.close());

  it('runs the whole story: submit, research, check with heartbeat, review by a second key, published with history and event', async () => {
    const org = await newOrg(app);
    const editor = (await org.newKey('editor')).api;
    expect((await editor.post('/v1/sources/documents', DEMO)).status).toBe(201);
    const nr = await org.newKey('newsroom');
    const checker = await org.newKey('checker');
    const reviewer = await org.newKey('editor');

    const submitted = await nr.api.post('/v1/claims', {
      text: SEED_CLAIM,
      priority: 'high',
      speaker: { name: 'Un porte-parole' },
      sourceUrl: 'https://news.example/irak',
    });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;
    await waitFor(
      'ready_for_check',
      async () => (await nr.api.get(`/v1/claims/${id}`)).body.status === 'ready_for_check',
    );

    const task = await checker.api.post('/v1/tasks/next', { kinds: ['check'] });
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({
      kind: 'check',
      status: 'claimed',
      claimId: id,
      assigneeKeyId: checker.keyId,
      leaseToken: expect.any(String),
      leaseExpiresAt: expect.any(String),
    });
    expect((await nr.api.get(`/v1/claims/${id}`)).body.status).toBe('in_check');

    const hb = await checker.api.post(`/v1/tasks/${task.body.id}/heartbeat`, { leaseToken: task.body.leaseToken });
    expect(hb.status).toBe(200);
    expect(new Date(hb.body.leaseExpiresAt).getTime()).toBeGreaterThanOrEqual(
      new Date(task.body.leaseExpiresAt).getTime(),
    );

    const evidence = (await checker.api.get(`/v1/claims/${id}/evidence`)).body.data;
    expect(evidence.length).toBeGreaterThan(0);
    const foreign = await readyClaim(app.ds, org.organizationId);
    const otherEvidence = await factories(app.ds, org.organizationId).newEvidence({ id: foreign.claimId } as Claim);
    const bad = await checker.api.post(`/v1/tasks/${task.body.id}/complete`, {
      leaseToken: task.body.leaseToken,
      rating: 'false',
      summary: 'x',
      evidenceIds: [otherEvidence.id],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'evidenceIds', message: `${otherEvidence.id} is not evidence of this claim` },
    ]);
    expect(
      (
        await checker.api.post(`/v1/tasks/${task.body.id}/complete`, {
          leaseToken: task.body.leaseToken,
          rating: 'nonsense',
          summary: 'x',
        })
      ).status,
    ).toBe(400);

    const done = await checker.api.post(`/v1/tasks/${task.body.id}/complete`, {
      leaseToken: task.body.leaseToken,
      rating: 'mixed',
      title: 'Retrait d’Irak',
      summary: 'Un retrait annoncé puis démenti par le CENTCOM.',
      evidenceIds: [evidence[0].id],
      sources: ['https://centcom.example/statement'],
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', verdictId: expect.any(String), nextTaskId: expect.any(String) });
    expect((await nr.api.get(`/v1/claims/${id}`)).body.status).toBe('in_review');
    // A checker cannot review; the reviewer gets the review task from the pool.
    expect((await checker.api.post('/v1/tasks/next', { kinds: ['review'] })).status).toBe(403);
    const review = await reviewer.api.post('/v1/tasks/next', { kinds: ['review'] });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ id: done.body.nextTaskId, kind: 'review', verdictId: done.body.verdictId });
    const approved = await reviewer.api.post(`/v1/tasks/${review.body.id}/complete`, {
      leaseToken: review.body.leaseToken,
      decision: 'approve',
    });
    expect(approved.status).toBe(200);

    const detail = (await nr.api.get(`/v1/claims/${id}`)).body;
    expect(detail.status).toBe('published');
    expect(detail.verdict).toMatchObject({ id: done.body.verdictId, status: 'published', rating: 'mixed' });
    expect(detail.evidenceCounts.total).toBeGreaterThan(0);
    expect(detail.evidenceCounts.total).toBe(
      detail.evidenceCounts.supports + detail.evidenceCounts.refutes + detail.evidenceCounts.neutral,
    );
    const history = (await nr.api.get(`/v1/claims/${id}/history`)).body.data.map(
      (h: { action: string; toStatus: string }) => [h.action, h.toStatus],
    );
    expect(history).toEqual([
      ['received', 'received'],
      ['research_started', 'researching'],
      ['research_completed', 'ready_for_check'],
      ['check_claimed', 'in_check'],
      ['verdict_drafted', 'in_review'],
      ['review_claimed', 'in_review'],
      ['verdict_published', 'published'],
    ]);
    const events = await app.ds.query(
      `SELECT data FROM outbox_events WHERE claim_id = $1 AND type = 'verdict.published'`,
      [id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({
      claim: { id, status: 'published', newsroomId: nr.newsroomId },
      verdict: {
        id: done.body.verdictId,
        status: 'published',
        version: 1,
        rating: 'mixed',
        authorKeyId: checker.keyId,
        reviewerKeyId: reviewer.keyId,
        evidenceIds: [evidence[0].id],
      },
      claimReview: { '@type': 'ClaimReview', reviewRating: { alternateName: 'Mixed', ratingValue: 3 } },
    });
    // The newsroom reads the published verdict and its ClaimReview.
    const verdicts = await nr.api.get(`/v1/claims/${id}/verdicts`);
    expect(verdicts.body.data.map((v: { status: string }) => v.status)).toEqual(['published']);
    const cr = await nr.api.get(`/v1/claims/${id}/claim-review`);
    expect(cr.status).toBe(200);
    expect(cr.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    expect(cr.body).toEqual(events[0].data.claimReview);
  });

  it('race: 50 concurrent next calls over 10 open tasks give exactly 10 claims, one holder each, and 40 × 204', async () => {
    const org = await newOrg(app);
    const tasks = await Promise.all(Array.from({ length: 10 }, () => readyClaim(app.ds, org.organizationId)));
    const keys = await Promise.all(Array.from({ length: 5 }, () => org.newKey('checker')));
    const calls = Array.from({ length: 50 }, (_, i) => keys[i % 5]).map(async (k) => ({
      key: k.keyId,
      res: await k.api.post('/v1/tasks/next', {}),
    }));
    const results = await Promise.all(calls);
    const ok = results.filter((r) => r.res.status === 200);
    expect(results.filter((r) => r.res.status === 204)).toHaveLength(40);
    expect(ok).toHaveLength(10);
    expect(new Set(ok.map((r) => r.res.body.id))).toEqual(new Set(tasks.map((t) => t.taskId)));
    const rows: { id: string; status: string; assignee_key_id: string }[] = await app.ds.query(
      `SELECT id, status, assignee_key_id FROM tasks WHERE organization_id = $1`,
      [org.organizationId],
    );
    for (const r of ok)
      expect(rows.find((x) => x.id === r.res.body.id)).toMatchObject({ status: 'claimed', assignee_key_id: r.key });
    const claims = await app.ds.query(`SELECT DISTINCT status FROM claims WHERE organization_id = $1`, [
      org.organizationId,
    ]);
    // The open-task gauge counts open tasks of every organization, like the table.
    // (The sweep may reopen expired tasks meanwhile: the gauge is between the counts before and after.)
    const openChecks = async () =>
      (await app.ds.query(`SELECT count(*)::int AS n FROM tasks WHERE status = 'open' AND kind = 'check'`))[0]
        .n as number;
    const before = await openChecks();
    const metrics = await fetch(`${app.url}/metrics`).then((r) => r.text());
    const after = await openChecks();
    const gauge = Number(/corroborate_tasks_open\{kind="check"\} (\d+)/.exec(metrics)?.[1]);
    expect(gauge).toBeGreaterThanOrEqual(before);
    expect(gauge).toBeLessThanOrEqual(after);
    expect(metrics).toMatch(/corroborate_tasks_open\{kind="review"\} \d+/);
    expect(claims).toEqual([{ status: 'in_check' }]);
    // Claiming a held task by id is a conflict.
    expect(
      (await keys[0].api.post(`/v1/tasks/${ok.find((r) => r.key !== keys[0].keyId)!.res.body.id}/claim`)).status,
    ).toBe(409);
  });

  it('lease: an expired lease returns the task to the pool; the old holder heartbeat and complete get 409', async () => {
    const org = await newOrg(app);
    const { claimId, taskId } = await readyClaim(app.ds, org.organizationId);
    const a = await org.newKey('checker');
    const b = await org.newKey('checker');
    const held = await a.api.post(`/v1/tasks/${taskId}/claim`);
    expect(held.status).toBe(200);
    expect((await b.api.post(`/v1/tasks/${taskId}/claim`)).status).toBe(409);
    // The sweep (every second) returns it once the 2 s lease is over; the claim goes back too.
    await waitFor(
      'task back in the pool',
      async () => (await app.ds.query(`SELECT status FROM tasks WHERE id = $1`, [taskId]))[0].status === 'open',
      10000,
    );
    expect((await a.api.get(`/v1/claims/${claimId}`)).body.status).toBe('ready_for_check');
    const history = (await a.api.get(`/v1/claims/${claimId}/history`)).body.data.map(
      (h: { action: string }) => h.action,
    );
    expect(history).toEqual(['check_claimed', 'lease_expired']);
    expect((await a.api.post(`/v1/tasks/${taskId}/heartbeat`, { leaseToken: held.body.leaseToken })).status).toBe(409);
    expect(
      (
        await a.api.post(`/v1/tasks/${taskId}/complete`, {
          leaseToken: held.body.leaseToken,
          rating: 'false',
          summary: 'late',
        })
      ).status,
    ).toBe(409);
    // Another checker takes it; the stale holder stays fenced out even after re-claiming is possible.
    const again = await b.api.post('/v1/tasks/next', {});
    expect(again.body.id).toBe(taskId);
    expect((await a.api.post(`/v1/tasks/${taskId}/release`, { leaseToken: held.body.leaseToken })).status).toBe(409);
    const rel = await b.api.post(`/v1/tasks/${taskId}/release`, {
      leaseToken: again.body.leaseToken,
      note: 'not my language',
    });
    expect(rel.status).toBe(200);
    expect(rel.body).toMatchObject({ status: 'open', assigneeKeyId: null });
    expect(rel.body.leaseToken).toBeUndefined();
    const mine = await b.api.get('/v1/tasks?assignee=me&status=claimed');
    expect(mine.body.data).toEqual([]);
  });

  it('four-eyes: the author cannot approve their own verdict; a rejection opens a new check task', async () => {
    const org = await newOrg(app);
    const { claimId, taskId } = await readyClaim(app.ds, org.organizationId);
    const author = await org.newKey('editor');
    const other = await org.newKey('editor');
    const claimed = await author.api.post(`/v1/tasks/${taskId}/claim`);
    const done = await author.api.post(`/v1/tasks/${taskId}/complete`, {
      leaseToken: claimed.body.leaseToken,
      rating: 'false',
      summary: 'Faux.',
    });
    expect(done.status).toBe(200);
    expect((await author.api.post('/v1/tasks/next', { kinds: ['review'] })).status).toBe(204);
    expect((await author.api.post(`/v1/tasks/${done.body.nextTaskId}/claim`)).status).toBe(403);
    // The author may edit the draft while nobody reviews it; nobody else may.
    expect((await other.api.patch(`/v1/verdicts/${done.body.verdictId}`, { summary: 'Not mine' })).status).toBe(403);
    const edited = await author.api.patch(`/v1/verdicts/${done.body.verdictId}`, {
      summary: 'Faux, selon le CENTCOM.',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'draft', rating: 'false', summary: 'Faux, selon le CENTCOM.' });

    const review = await other.api.post(`/v1/tasks/${done.body.nextTaskId}/claim`);
    expect(review.status).toBe(200);
    expect((await author.api.patch(`/v1/verdicts/${done.body.verdictId}`, { summary: 'Too late' })).status).toBe(409);
    expect(
      (
        await other.api.post(`/v1/tasks/${review.body.id}/complete`, {
          leaseToken: review.body.leaseToken,
          decision: 'reject',
        })
      ).status,
    ).toBe(400);
    const rejected = await other.api.post(`/v1/tasks/${review.body.id}/complete`, {
      leaseToken: review.body.leaseToken,
      decision: 'reject',
      note: 'Cite the CENTCOM statement',
    });
    expect(rejected.status).toBe(200);
    expect((await other.api.get(`/v1/claims/${claimId}`)).body.status).toBe('ready_for_check');
    const open = await other.api.get('/v1/tasks?status=open&kind=check');
    expect(open.body.data).toEqual([
      expect.objectContaining({
        id: rejected.body.nextTaskId,
        claimId,
        note: 'Cite the CENTCOM statement',
        verdictId: done.body.verdictId,
      }),
    ]);
    const v = await other.api.get(`/v1/verdicts/${done.body.verdictId}`);
    expect(v.body).toMatchObject({
      status: 'rejected',
      reviewNote: 'Cite the CENTCOM statement',
      reviewerKeyId: other.keyId,
    });
  });

  it('ClaimReview: French labels, url from the template, numeric and non-numeric ratings, 75-character claimReviewed', async () => {
    const org = await newOrg(app);
    expect(
      (
        await org.admin.put('/v1/settings/rating-scale', {
          ratings: [
            { key: 'false', labels: { fr: 'Faux', en: 'False' } },
            { key: 'misleading', labels: { fr: 'Trompeur' } },
          ],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await org.admin.put('/v1/settings/organization', {
          publicUrlTemplate: 'https://desk.example/verifications/{claimId}',
        })
      ).status,
    ).toBe(200);
    expect(
      (await org.admin.put('/v1/settings/organization', { name: 'Desk FR', url: 'https://desk.example' })).body,
    ).toMatchObject({ name: 'Desk FR', publicUrlTemplate: 'https://desk.example/verifications/{claimId}' });
    expect(
      (await org.admin.put('/v1/settings/organization', { publicUrlTemplate: 'https://desk.example/no-placeholder' }))
        .status,
    ).toBe(400);
    expect(
      (await org.admin.put('/v1/settings/rating-scale', { ratings: [{ key: 'nope', labels: { fr: 'x' } }] })).status,
    ).toBe(400);
    const checker = await org.newKey('checker');
    expect((await checker.api.put('/v1/settings/rating-scale', { ratings: [] })).status).toBe(403);
    const editor = await org.newKey('editor');

    const long =
      'Les États-Unis ont lancé le retrait de leurs forces de quinze bases militaires en Irak selon un communiqué officiel';
    const { claimId, taskId } = await readyClaim(app.ds, org.organizationId, { text: long });
    await checkAndPublish(checker.api, editor.api, taskId, { rating: 'false' });
    const cr = (await checker.api.get(`/v1/claims/${claimId}/claim-review`)).body;
    expect(cr).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `https://desk.example/verifications/${claimId}`,
      author: { '@type': 'Organization', name: 'Desk FR', url: 'https://desk.example' },
      inLanguage: 'fr',
      datePublished: expect.any(String),
      itemReviewed: {
        '@type': 'Claim',
        author: { name: 'Jean Dupont' },
        datePublished: '2020-02-01',
        firstAppearance: { url: 'https://news.example/a' },
        appearance: [{ url: 'https://news.example/a' }, { url: 'https://social.example/p/1' }],
      },
      reviewRating: {
        '@type': 'Rating',
        alternateName: 'Faux',
        ratingValue: 1,
        bestRating: 5,
        worstRating: 1,
        ratingExplanation: 'Le CENTCOM a démenti.',
      },
    });
    expect([...cr.claimReviewed].length).toBeLessThanOrEqual(75);
    expect(long.startsWith(cr.claimReviewed.replace(/…$/, ''))).toBe(true);

    const second = await readyClaim(app.ds, org.organizationId, { text: 'Court' });
    await checkAndPublish(checker.api, editor.api, second.taskId, { rating: 'misleading' });
    const cr2 = (await checker.api.get(`/v1/claims/${second.claimId}/claim-review`)).body;
    expect(cr2.claimReviewed).toBe('Court');
    expect(cr2.reviewRating).toEqual({
      '@type': 'Rating',
      alternateName: 'Trompeur',
      ratingExplanation: 'Le CENTCOM a démenti.',
    });
  });

  it('corrections and retractions keep versions, serve the current one and emit events; dismissal cancels tasks', async () => {
    const org = await newOrg(app);
    const checker = await org.newKey('checker');
    const editor = await org.newKey('editor');
    const { claimId, taskId } = await readyClaim(app.ds, org.organizationId);
    const v1 = await checkAndPublish(checker.api, editor.api, taskId);

    expect(
      (
        await checker.api.post(`/v1/claims/${claimId}/corrections`, {
          rating: 'mostly_false',
          summary: 'x',
          reason: 'y',
        })
      ).status,
    ).toBe(403);
    expect(
      (await editor.api.post(`/v1/claims/${claimId}/corrections`, { rating: 'mostly_false', summary: 'Nuancé.' }))
        .status,
    ).toBe(400);
    const corrected = await editor.api.post(`/v1/claims/${claimId}/corrections`, {
      rating: 'mostly_false',
      summary: 'Nuancé.',
      reason: 'Un retrait partiel a eu lieu',
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({
      status: 'published',
      version: 2,
      previousVersionId: v1,
      reason: 'Un retrait partiel a eu lieu',
    });
    const versions = (await editor.api.get(`/v1/claims/${claimId}/verdicts`)).body.data;
    expect(
      versions.map((v: { id: string; status: string; version: number; rating: string }) => [
        v.id,
        v.status,
        v.version,
        v.rating,
      ]),
    ).toEqual([
      [v1, 'superseded', 1, 'false'],
      [corrected.body.id, 'published', 2, 'mostly_false'],
    ]);
    const cr = (await editor.api.get(`/v1/claims/${claimId}/claim-review`)).body;
    expect(cr.reviewRating).toMatchObject({
      alternateName: 'Mostly false',
      ratingValue: 2,
      ratingExplanation: 'Nuancé.',
    });
    expect(cr.dateModified).toEqual(expect.any(String));
    // Published and superseded versions are never edited in place: 409 through the API, refused by the database too.
    expect((await editor.api.patch(`/v1/verdicts/${corrected.body.id}`, { rating: 'true' })).status).toBe(409);
    expect((await editor.api.patch(`/v1/verdicts/${v1}`, { summary: 'rewritten' })).status).toBe(409);
    await expect(
      app.ds.query(`UPDATE verdicts SET rating = 'true' WHERE id = $1`, [corrected.body.id]),
    ).rejects.toThrow(/content cannot change/);
    await expect(app.ds.query(`UPDATE verdicts SET status = 'published' WHERE id = $1`, [v1])).rejects.toThrow(
      /superseded for good/,
    );
    expect((await editor.api.get(`/v1/verdicts/${v1}`)).body).toMatchObject({
      status: 'superseded',
      rating: 'false',
      summary: 'Le CENTCOM a démenti.',
    });
    expect((await editor.api.post(`/v1/verdicts/${v1}/retract`, { reason: 'old' })).status).toBe(409);

    expect((await editor.api.post(`/v1/claims/${claimId}/dismiss`, { reason: 'published claims stay' })).status).toBe(
      409,
    );
    const retracted = await editor.api.post(`/v1/verdicts/${corrected.body.id}/retract`, {
      reason: 'Source withdrawn',
    });
    expect(retracted.status).toBe(200);
    expect(retracted.body).toMatchObject({ status: 'retracted', reason: 'Source withdrawn' });
    expect((await editor.api.get(`/v1/claims/${claimId}/claim-review`)).status).toBe(404);
    expect((await editor.api.post(`/v1/verdicts/${corrected.body.id}/retract`, { reason: 'again' })).status).toBe(409);
    expect(
      (await editor.api.post(`/v1/claims/${claimId}/corrections`, { rating: 'true', summary: 'x', reason: 'y' }))
        .status,
    ).toBe(409);

    const events = await app.ds.query(
      `SELECT type, data FROM outbox_events WHERE claim_id = $1 AND type LIKE 'verdict.%' ORDER BY created_at, id`,
      [claimId],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'verdict.published',
      'verdict.corrected',
      'verdict.retracted',
    ]);
    expect(events[1].data).toMatchObject({
      verdict: { id: corrected.body.id, version: 2 },
      previous: { id: v1, version: 1 },
      claimReview: { reviewRating: { ratingValue: 2 } },
      claim: { id: claimId },
    });
    const history = (await editor.api.get(`/v1/claims/${claimId}/history`)).body.data.map(
      (h: { action: string; reason: string | null }) => [h.action, h.reason],
    );
    expect(history.slice(-2)).toEqual([
      ['verdict_corrected', 'Un retrait partiel a eu lieu'],
      ['verdict_retracted', 'Source withdrawn'],
    ]);

    // Dismissal of an unpublished claim: tasks cancelled, history, claim.dismissed event.
    const other = await readyClaim(app.ds, org.organizationId);
    expect((await checker.api.post(`/v1/claims/${other.claimId}/dismiss`, { reason: 'x' })).status).toBe(403);
    const dismissed = await editor.api.post(`/v1/claims/${other.claimId}/dismiss`, { reason: 'Not check-worthy' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.status).toBe('dismissed');
    expect(await app.ds.query(`SELECT status FROM tasks WHERE id = $1`, [other.taskId])).toEqual([
      { status: 'cancelled' },
    ]);
    const ev = await app.ds.query(`SELECT data FROM outbox_events WHERE claim_id = $1 AND type = 'claim.dismissed'`, [
      other.claimId,
    ]);
    expect(ev).toEqual([
      {
        data: {
          claim: expect.objectContaining({ id: other.claimId, status: 'dismissed' }),
          reason: 'Not check-worthy',
        },
      },
    ]);
  });

  it('delivers verdict.published with the claim, the verdict and its ClaimReview to the newsroom webhook (own scope)', async () => {
    const org = await newOrg(app);
    const nr = await org.newKey('newsroom');
    const other = await org.newKey('newsroom');
    const receiver = await new WebhookReceiver().start();
    const otherReceiver = await new WebhookReceiver().start();
    try {
      const sub = await nr.api.post('/v1/webhooks', { url: receiver.url, events: ['verdict.published'] });
      expect(sub.status).toBe(201);
      expect(
        (await other.api.post('/v1/webhooks', { url: otherReceiver.url, events: ['verdict.published'] })).status,
      ).toBe(201);
      const { claimId, taskId } = await readyClaim(app.ds, org.organizationId);
      await app.ds.query(`UPDATE claims SET newsroom_id = $1 WHERE id = $2`, [nr.newsroomId, claimId]);
      const verdictId = await checkAndPublish(
        (await org.newKey('checker')).api,
        (await org.newKey('editor')).api,
        taskId,
      );
      await waitFor('the verdict.published delivery', async () => receiver.requests.length >= 1, 15000);
      const req = receiver.requests[0];
      const payload = new Webhook(sub.body.secret).verify(req.body, {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      }) as { type: string; data: Record<string, any> };
      expect(payload.type).toBe('verdict.published');
      expect(payload.data.claim).toMatchObject({ id: claimId, status: 'published', newsroomId: nr.newsroomId });
      expect(payload.data.verdict).toMatchObject({ id: verdictId, status: 'published', version: 1 });
      expect(payload.data.claimReview).toEqual((await nr.api.get(`/v1/claims/${claimId}/claim-review`)).body);
      await new Promise((r) => setTimeout(r, 500));
      expect(otherReceiver.requests).toHaveLength(0);
    } finally {
      await receiver.stop();
      await otherReceiver.stop();
    }
  });

  it("a claim linked as a duplicate serves its canonical claim's ClaimReview", async () => {
    const org = await newOrg(app);
    const a = await org.newKey('newsroom');
    const b = await org.newKey('newsroom');
    const text = 'Le CENTCOM a démenti tout retrait des troupes américaines des bases en Irak';
    const canonical = (await a.api.post('/v1/claims', { text, language: 'fr' })).body;
    await waitFor(
      'canonical ready_for_check',
      async () => (await a.api.get(`/v1/claims/${canonical.id}`)).body.status === 'ready_for_check',
    );
    const dup = await b.api.post('/v1/claims', { text, language: 'fr' });
    // Linked, but not named to B while A's claim has no public verdict (docs/intake.md).
    expect(dup.body).toMatchObject({ status: 'duplicate', duplicateOf: null });
    const [{ duplicate_of_id: linked }] = await app.ds.query(`SELECT duplicate_of_id FROM claims WHERE id = $1`, [
      dup.body.id,
    ]);
    expect(linked).toBe(canonical.id);
    expect((await b.api.get(`/v1/claims/${dup.body.id}/claim-review`)).status).toBe(404);
    const [{ id: taskId }] = await app.ds.query(`SELECT id FROM tasks WHERE claim_id = $1 AND kind = 'check'`, [
      canonical.id,
    ]);
    await checkAndPublish((await org.newKey('checker')).api, (await org.newKey('editor')).api, taskId);
    const own = await a.api.get(`/v1/claims/${canonical.id}/claim-review`);
    expect(own.status).toBe(200);
    const followed = await b.api.get(`/v1/claims/${dup.body.id}/claim-review`);
    expect(followed.status).toBe(200);
    expect(followed.body).toEqual(own.body);
    expect((await b.api.get(`/v1/claims/${dup.body.id}`)).body.duplicateOf).toBe(canonical.id);
  });

  it('isolates organizations: other tenants see 404', async () => {
    const a = await newOrg(app);
    const b = await newOrg(app);
    const { claimId, taskId } = await readyClaim(app.ds, a.organizationId);
    const bEditor = (await b.newKey('editor')).api;
    expect((await bEditor.post(`/v1/tasks/${taskId}/claim`)).status).toBe(404);
    expect((await bEditor.get(`/v1/claims/${claimId}/verdicts`)).status).toBe(404);
    expect((await bEditor.post(`/v1/claims/${claimId}/dismiss`, { reason: 'x' })).status).toBe(404);
    expect((await bEditor.post('/v1/tasks/next', {})).status).toBe(204);
  });
});

describe('checker workflow with REVIEW_ALLOW_SELF_APPROVAL (one-person desk)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'api', REVIEW_ALLOW_SELF_APPROVAL: 'true' })));
  afterAll(() => app.close());

  it('lets the author review and publish their own verdict', async () => {
    const org = await newOrg(app);
    const { claimId, taskId } = await readyClaim(app.ds, org.organizationId);
    const solo = (await org.newKey('editor')).api;
    await checkAndPublish(solo, solo, taskId);
    expect((await solo.get(`/v1/claims/${claimId}`)).body.status).toBe('published');
  });
});

describe('checker workflow: the rows written by next and complete', () => {
  // ROLE=api: no lease sweeper, so an expired lease stays `claimed` until someone takes it over.
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'api' })));
  afterAll(() => app.close());

  const history = async (claimId: string) =>
    app.ds.query(
      `SELECT action, from_status AS "from", to_status AS "to", actor_key_id AS actor, reason, details FROM claim_history WHERE claim_id = $1 ORDER BY id`,
      [claimId],
    );

  it('claim status, history rows, verdict draft, review task and response; a takeover of an expired lease is recorded', async () => {
    const org = await newOrg(app);
    const a = await org.newKey('checker');
    const b = await org.newKey('checker');
    const { claimId, taskId } = await readyClaim(app.ds, org.organizationId, { priority: 2 });
    const ev = await factories(app.ds, org.organizationId).newEvidence({ id: claimId } as Claim, {
      stance: 'refutes',
      stanceScore: 0.9,
    });

    const first = await a.api.post('/v1/tasks/next', {});
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      id: taskId,
      kind: 'check',
      status: 'claimed',
      claimId,
      verdictId: null,
      priority: 2,
      language: 'fr',
      note: null,
      assigneeKeyId: a.keyId,
      leaseExpiresAt: expect.any(String),
      leaseToken: expect.any(String),
      createdAt: expect.any(String),
      completedAt: null,
    });
    expect(await history(claimId)).toEqual([
      {
        action: 'check_claimed',
        from: 'ready_for_check',
        to: 'in_check',
        actor: a.keyId,
        reason: null,
        details: { taskId },
      },
    ]);

    // The lease expires; b takes the task over: a new token, the claim stays in_check (no write), the takeover is in the history.
    await app.ds.query(`UPDATE tasks SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [taskId]);
    const [{ updated_at: before }] = await app.ds.query(`SELECT updated_at FROM claims WHERE id = $1`, [claimId]);
    const second = await b.api.post('/v1/tasks/next', {});
    expect(second.body).toMatchObject({ id: taskId, status: 'claimed', assigneeKeyId: b.keyId });
    expect(second.body.leaseToken).not.toBe(first.body.leaseToken);
    expect(await app.ds.query(`SELECT status, updated_at FROM claims WHERE id = $1`, [claimId])).toEqual([
      { status: 'in_check', updated_at: before },
    ]);
    expect((await history(claimId))[1]).toEqual({
      action: 'check_claimed',
      from: 'in_check',
      to: 'in_check',
      actor: b.keyId,
      reason: null,
      details: { taskId, previousLeaseExpired: true },
    });

    // Fencing: the first holder's token no longer completes the task.
    const stale = await a.api.post(`/v1/tasks/${taskId}/complete`, {
      leaseToken: first.body.leaseToken,
      rating: 'false',
      summary: 'late',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toMatch(/lease-lost$/);

    const done = await b.api.post(`/v1/tasks/${taskId}/complete`, {
      leaseToken: second.body.leaseToken,
      rating: 'false',
      title: 'Faux',
      summary: 'Démenti.',
      evidenceIds: [ev.id, ev.id],
      sources: ['https://centcom.example/s'],
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      id: taskId,
      kind: 'check',
      status: 'done',
      claimId,
      verdictId: expect.any(String),
      priority: 2,
      language: 'fr',
      note: null,
      assigneeKeyId: b.keyId,
      leaseExpiresAt: null,
      createdAt: first.body.createdAt,
      completedAt: expect.any(String),
      nextTaskId: expect.any(String),
    });
    const { verdictId, nextTaskId } = done.body;
    expect(
      await app.ds.query(
        `SELECT status, assignee_key_id, lease_token, lease_expires_at, completed_at IS NOT NULL AS completed FROM tasks WHERE id = $1`,
        [taskId],
      ),
    ).toEqual([
      { status: 'done', assignee_key_id: b.keyId, lease_token: null, lease_expires_at: null, completed: true },
    ]);
    expect(
      await app.ds.query(
        `SELECT organization_id, claim_id, status, version, rating, title, summary, evidence_ids, sources, author_key_id, reviewer_key_id, review_note, previous_version_id, reason, claim_review, published_at
         FROM verdicts WHERE id = $1`,
        [verdictId],
      ),
    ).toEqual([
      {
        organization_id: org.organizationId,
        claim_id: claimId,
        status: 'draft',
        version: null,
        rating: 'false',
        title: 'Faux',
        summary: 'Démenti.',
        evidence_ids: [ev.id],
        sources: ['https://centcom.example/s'],
        author_key_id: b.keyId,
        reviewer_key_id: null,
        review_note: null,
        previous_version_id: null,
        reason: null,
        claim_review: null,
        published_at: null,
      },
    ]);
    expect(
      await app.ds.query(
        `SELECT organization_id, claim_id, kind, status, priority, language, verdict_id, note, assignee_key_id, lease_token FROM tasks WHERE id = $1`,
        [nextTaskId],
      ),
    ).toEqual([
      {
        organization_id: org.organizationId,
        claim_id: claimId,
        kind: 'review',
        status: 'open',
        priority: 2,
        language: 'fr',
        verdict_id: verdictId,
        note: null,
        assignee_key_id: null,
        lease_token: null,
      },
    ]);
    expect((await app.ds.query(`SELECT status FROM claims WHERE id = $1`, [claimId]))[0].status).toBe('in_review');
    expect((await history(claimId))[2]).toEqual({
      action: 'verdict_drafted',
      from: 'in_check',
      to: 'in_review',
      actor: b.keyId,
      reason: null,
      details: { taskId, verdictId, rating: 'false', reviewTaskId: nextTaskId },
    });
    expect(await history(claimId)).toHaveLength(3);
    // Completing twice is a conflict and writes nothing; neither next nor complete writes an event.
    expect(
      (
        await b.api.post(`/v1/tasks/${taskId}/complete`, {
          leaseToken: second.body.leaseToken,
          rating: 'false',
          summary: 'again',
        })
      ).status,
    ).toBe(409);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM verdicts WHERE claim_id = $1`, [claimId])).toEqual([
      { n: 1 },
    ]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM outbox_events WHERE claim_id = $1`, [claimId])).toEqual([
      { n: 0 },
    ]);
  });

  it('concurrent completions with the same token: one draft, one review task, one history row', async () => {
    const org = await newOrg(app);
    const checker = await org.newKey('checker');
    const { claimId, taskId } = await readyClaim(app.ds, org.organizationId);
    const held = await checker.api.post(`/v1/tasks/${taskId}/claim`);
    expect(held.status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        checker.api.post(`/v1/tasks/${taskId}/complete`, {
          leaseToken: held.body.leaseToken,
          rating: 'false',
          summary: `Try ${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM verdicts WHERE claim_id = $1`, [claimId])).toEqual([
      { n: 1 },
    ]);
    expect(await app.ds.query(`SELECT kind, status FROM tasks WHERE claim_id = $1 ORDER BY kind`, [claimId])).toEqual([
      { kind: 'check', status: 'done' },
      { kind: 'review', status: 'open' },
    ]);
    expect((await history(claimId)).map((h: { action: string }) => h.action)).toEqual([
      'check_claimed',
      'verdict_drafted',
    ]);
  });
});

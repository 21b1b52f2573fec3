import { createHash } from 'node:crypto';
import { newOrg, OrgCtx } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';

const FIRST = 'Les Etats-Unis ont lancé le retrait de leurs forces de 15 bases militaires';
const REWORDED = 'Les États-Unis ont retiré leurs troupes de 15 bases en Irak';
const UNRELATED = 'Le chômage a baissé de 2 points en France en 2024';

describe('claim matching at intake (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    // API only: these tests read claims and events right after intake; research (a worker) would change them.
    app = await startTestApp({ ROLE: 'api' });
  });
  afterAll(() => app.close());

  const events = (claimId: string) =>
    app.ds.query(`SELECT type, data FROM outbox_events WHERE claim_id = $1 ORDER BY created_at`, [claimId]);

  it('lists a reworded rumour as similar and an unrelated claim as neither', async () => {
    const org = await newOrg(app);
    const ed = await org.newKey('editor');
    const first = await ed.api.post('/v1/claims', { text: FIRST });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'received', duplicateOf: null, similar: [], matchedVerdict: null });

    const second = await ed.api.post('/v1/claims', { text: REWORDED });
    expect(second.status).toBe(202);
    expect(second.body.status).toBe('received');
    expect(second.body.duplicateOf).toBeNull();
    expect(second.body.similar).toEqual([
      expect.objectContaining({ id: first.body.id, status: 'received', text: FIRST, duplicateOf: null }),
    ]);
    expect(second.body.similar[0].score).toBeGreaterThanOrEqual(0.35);
    expect(second.body.similar[0].score).toBeLessThan(0.75);

    const unrelated = await ed.api.post('/v1/claims', { text: UNRELATED });
    expect(unrelated.body).toMatchObject({ status: 'received', duplicateOf: null, similar: [] });
    expect((await events(unrelated.body.id)).map((e: { type: string }) => e.type)).toEqual(['claim.received']);
  });

  it('links a near-identical claim as duplicate of the canonical one, with claim.duplicate and no claim.received', async () => {
    const org = await newOrg(app);
    const nr = await org.newKey('newsroom');
    const canonical = await nr.api.post('/v1/claims', { text: REWORDED });
    const dup = await nr.api.post('/v1/claims', {
      text: 'les etats unis ont retiré LEURS troupes de 15 bases en Irak !',
    });
    expect(dup.status).toBe(202);
    expect(dup.body).toMatchObject({ status: 'duplicate', duplicateOf: canonical.body.id });
    expect((await events(dup.body.id)).map((e: { type: string }) => e.type)).toEqual(['claim.duplicate']);
    const [event] = await events(dup.body.id);
    expect(event.data).toMatchObject({
      duplicateOf: canonical.body.id,
      claim: { id: dup.body.id, status: 'duplicate' },
    });
    expect(event.data.score).toBeGreaterThanOrEqual(0.75);
    const history = await nr.api.get(`/v1/claims/${dup.body.id}/history`);
    expect(history.body.data[0]).toMatchObject({
      action: 'received',
      toStatus: 'duplicate',
      details: { duplicateOf: canonical.body.id },
    });

    // A rewording that matches the duplicate best still links to the canonical claim.
    const third = await nr.api.post('/v1/claims', {
      text: 'Les États-Unis ont retiré leurs troupes de 15 bases en Irak.',
    });
    expect(third.body).toMatchObject({ status: 'duplicate', duplicateOf: canonical.body.id });

    // Different numbers are never duplicates, only similar.
    const other = await nr.api.post('/v1/claims', {
      text: 'Les États-Unis ont retiré leurs troupes de 16 bases en Irak',
    });
    expect(other.body).toMatchObject({ status: 'received', duplicateOf: null });
    expect(other.body.similar.map((s: { id: string }) => s.id)).toContain(canonical.body.id);

    // Another organization never matches.
    const stranger = await newOrg(app);
    const elsewhere = await stranger.admin.post('/v1/claims', { text: REWORDED });
    expect(elsewhere.body).toMatchObject({ status: 'received', duplicateOf: null, similar: [] });
  });

  it("shows a newsroom key another newsroom's claim only once its verdict is public, and never its text", async () => {
    const org = await newOrg(app);
    const a = await org.newKey('newsroom');
    const b = await org.newKey('newsroom');
    const mine = await a.api.post('/v1/claims', { text: FIRST });
    const theirs = await b.api.post('/v1/claims', { text: REWORDED });
    expect(theirs.body.similar).toEqual([]);
    const dupOfOther = await b.api.post('/v1/claims', { text: FIRST + '.' });
    expect(dupOfOther.body).toMatchObject({ status: 'duplicate', duplicateOf: null });
    // The desk still sees the link (test/e2e/newsroom-visibility.e2e-spec.ts covers the rest).
    const [row] = await app.ds.query(`SELECT duplicate_of_id FROM claims WHERE id = $1`, [dupOfOther.body.id]);
    expect(row.duplicate_of_id).toBe(mine.body.id);

    // The verdict workflow is another feature: publish by hand.
    await org.newVerdict({ id: mine.body.id }, { status: 'published', version: 1, publishedAt: new Date() });
    await app.ds.query(`UPDATE claims SET status = 'published' WHERE id = $1`, [mine.body.id]);
    const later = await b.api.post('/v1/claims', { text: REWORDED + '.' });
    expect(later.body.similar).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: mine.body.id, text: null })]),
    );
    expect(later.body.matchedVerdict).toMatchObject({ claimId: mine.body.id });
  });

  it('lets an editor unlink a wrong duplicate, which then starts its own research', async () => {
    const org: OrgCtx = await newOrg(app);
    const nr = await org.newKey('newsroom');
    const ed = await org.newKey('editor');
    await nr.api.post('/v1/claims', { text: UNRELATED });
    const dup = await nr.api.post('/v1/claims', { text: UNRELATED + ' !' });
    expect(dup.body.status).toBe('duplicate');

    expect((await nr.api.post(`/v1/claims/${dup.body.id}/unlink-duplicate`, {})).status).toBe(403);
    const stranger = await newOrg(app);
    expect((await stranger.admin.post(`/v1/claims/${dup.body.id}/unlink-duplicate`, {})).status).toBe(404);

    const res = await ed.api.post(`/v1/claims/${dup.body.id}/unlink-duplicate`, { reason: 'Different period' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: dup.body.id, status: 'received', duplicateOf: null });
    expect((await events(dup.body.id)).map((e: { type: string }) => e.type)).toEqual([
      'claim.duplicate',
      'claim.received',
    ]);
    const history = await ed.api.get(`/v1/claims/${dup.body.id}/history`);
    expect(history.body.data[1]).toMatchObject({
      action: 'duplicate_unlinked',
      fromStatus: 'duplicate',
      toStatus: 'received',
      reason: 'Different period',
      actorKeyId: ed.keyId,
    });

    const again = await ed.api.post(`/v1/claims/${dup.body.id}/unlink-duplicate`, {});
    expect(again.status).toBe(409);
  });

  it('marks a claim that matches a published verdict', async () => {
    const org = await newOrg(app);
    const ed = await org.newKey('editor');
    const checked = await ed.api.post('/v1/claims', { text: FIRST });
    // The verdict workflow is another feature: publish by hand.
    await app.ds.query(`UPDATE claims SET status = 'published' WHERE id = $1`, [checked.body.id]);
    const res = await ed.api.post('/v1/claims', { text: REWORDED });
    expect(res.body.matchedVerdict).toMatchObject({
      claimId: checked.body.id,
      claimReview: `/v1/claims/${checked.body.id}/claim-review`,
    });
    const dup = await ed.api.post('/v1/claims', { text: FIRST.toUpperCase() });
    expect(dup.body).toMatchObject({
      status: 'duplicate',
      duplicateOf: checked.body.id,
      matchedVerdict: { claimId: checked.body.id },
    });
    const unrelated = await ed.api.post('/v1/claims', { text: UNRELATED });
    expect(unrelated.body.matchedVerdict).toBeNull();
  });

  it('never links to a dismissed claim, only lists it as similar', async () => {
    const org = await newOrg(app);
    const ed = await org.newKey('editor');
    const dismissed = await ed.api.post('/v1/claims', { text: UNRELATED });
    await app.ds.query(`UPDATE claims SET status = 'dismissed' WHERE id = $1`, [dismissed.body.id]);
    const again = await ed.api.post('/v1/claims', { text: UNRELATED });
    expect(again.body).toMatchObject({ status: 'received', duplicateOf: null });
    expect(again.body.similar).toEqual([expect.objectContaining({ id: dismissed.body.id, status: 'dismissed' })]);
  });

  it('links exactly one of two copies of a rumour submitted at the same moment', async () => {
    const org = await newOrg(app);
    const ed = await org.newKey('editor');
    const text = "Le gouvernement a supprimé 12 000 postes d'enseignants depuis 2017";
    const [a, b] = await Promise.all([ed.api.post('/v1/claims', { text }), ed.api.post('/v1/claims', { text })]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const statuses = [a.body.status, b.body.status].sort();
    expect(statuses).toEqual(['duplicate', 'received']);
    const [canonical, dup] = a.body.status === 'received' ? [a.body, b.body] : [b.body, a.body];
    expect(dup.duplicateOf).toBe(canonical.id);
  });

  it('matches the items of a batch against each other', async () => {
    const org = await newOrg(app);
    const nr = await org.newKey('newsroom');
    const res = await nr.api.post('/v1/claims/batch', {
      claims: [{ text: UNRELATED }, { text: UNRELATED.toLowerCase() }, { text: REWORDED }],
    });
    expect(res.body.results.map((r: { claim: { status: string } }) => r.claim.status)).toEqual([
      'received',
      'duplicate',
      'received',
    ]);
    expect(res.body.results[1].claim.duplicateOf).toBe(res.body.results[0].claim.id);
  });

  it('still finds the duplicate among 5,000 claims of the organization', async () => {
    // Index use at 100,000 claims is shown by bench/matching.bench.ts (EXPLAIN ANALYZE in its output).
    const org = await newOrg(app);
    const md5 = (x: number) => createHash('md5').update(String(x)).digest('hex');
    await org.newClaims(5000, (i) => {
      const t = `claim ${md5(i + 1)} about ${md5((i + 1) * 7)} in ${(i + 1) % 97}`;
      return { text: t, normalizedText: t, matchText: t, language: 'en' };
    });
    // And matching still answers right among them.
    const ed = await org.newKey('editor');
    const first = await ed.api.post('/v1/claims', { text: REWORDED });
    expect(first.body).toMatchObject({ status: 'received', similar: [] });
    expect((await ed.api.post('/v1/claims', { text: REWORDED + '.' })).body).toMatchObject({
      status: 'duplicate',
      duplicateOf: first.body.id,
    });
  });
});

describe('claim matching thresholds (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api', MATCH_DUPLICATE_THRESHOLD: '0.4', MATCH_SIMILAR_THRESHOLD: '0.1' });
  });
  afterAll(() => app.close());

  it('follows MATCH_DUPLICATE_THRESHOLD and MATCH_SIMILAR_THRESHOLD', async () => {
    const org = await newOrg(app);
    const ed = await org.newKey('editor');
    const first = await ed.api.post('/v1/claims', { text: FIRST });
    const second = await ed.api.post('/v1/claims', { text: REWORDED });
    expect(second.body).toMatchObject({ status: 'duplicate', duplicateOf: first.body.id });
    const unrelated = await ed.api.post('/v1/claims', { text: UNRELATED });
    expect(unrelated.body).toMatchObject({ status: 'received', duplicateOf: null, similar: [] });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newOrg, OrgCtx } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';
import { Client } from '../helpers/http';
import { waitFor } from '../helpers/wait';

const DEMO = JSON.parse(readFileSync(join(__dirname, '..', '..', 'samples', 'demo-archive.json'), 'utf8'));
const SEED_CLAIM = 'Les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak';

async function readyClaim(api: Client, id: string) {
  return waitFor(`claim ${id} ready_for_check`, async () => {
    const r = await api.get(`/v1/claims/${id}`);
    return r.body.status === 'ready_for_check' ? r.body : null;
  });
}

describe('research pipeline (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;
  let editor: Client;
  /** The seed claim of the first test (submitting its text again in this organization would make a duplicate). */
  let seedClaimId: string;

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'all' });
    org = await newOrg(app);
    editor = (await org.newKey('editor')).api;
    const ingest = await editor.post('/v1/sources/documents', DEMO);
    expect(ingest.status).toBe(201);
    expect(ingest.body).toEqual({ created: DEMO.documents.length, updated: 0 });
  });
  afterAll(() => app.close());

  it('finds the denial and the report of the seed claim and assesses it as conflicting, then opens a check task', async () => {
    const nr = await org.newKey('newsroom');
    const submitted = await nr.api.post('/v1/claims', { text: SEED_CLAIM, priority: 'high' });
    expect(submitted.status).toBe(202);
    const claim = await readyClaim(nr.api, submitted.body.id);
    seedClaimId = claim.id;
    expect(claim.assessment).toMatchObject({
      label: 'conflicting',
      counts: expect.objectContaining({ supports: expect.any(Number), refutes: expect.any(Number) }),
    });
    expect(claim.assessment.confidence).toBeGreaterThan(0);

    const ev = await nr.api.get(`/v1/claims/${claim.id}/evidence`);
    expect(ev.status).toBe(200);
    const byUrl = Object.fromEntries(ev.body.data.map((e: { url: string }) => [e.url, e]));
    const denial = byUrl['https://demo.corroborate.example/2020/02/centcom-dement-retrait'];
    const report = byUrl['https://demo.corroborate.example/2020/02/irak-retrait-15-bases'];
    expect(denial).toMatchObject({ provider: 'archive', stance: 'refutes', publisher: 'Demo Défense', language: 'fr' });
    expect(denial.rationale).toMatch(/^Refutes: the source denies it \(.*"a démenti"/);
    expect(report).toMatchObject({ provider: 'archive', stance: 'supports' });
    expect(report.rationale).toMatch(/^Supports: .*15 bases/);
    expect(byUrl['https://demo.corroborate.example/2020/03/recette-galette']).toBeUndefined();
    for (const e of ev.body.data)
      expect(e).toEqual(
        expect.objectContaining({
          stanceScore: expect.any(Number),
          relevance: expect.any(Number),
          retrievedAt: expect.any(String),
          snippet: expect.any(String),
        }),
      );

    const history = await nr.api.get(`/v1/claims/${claim.id}/history`);
    expect(history.body.data.map((h: { action: string; toStatus: string }) => [h.action, h.toStatus])).toEqual([
      ['received', 'received'],
      ['research_started', 'researching'],
      ['research_completed', 'ready_for_check'],
    ]);
    const tasks = await app.ds.query(
      `SELECT kind, status, priority, language, organization_id FROM tasks WHERE claim_id = $1`,
      [claim.id],
    );
    expect(tasks).toEqual([
      { kind: 'check', status: 'open', priority: 2, language: 'fr', organization_id: org.organizationId },
    ]);
    const events = await app.ds.query(
      `SELECT data FROM outbox_events WHERE claim_id = $1 AND type = 'claim.research_completed'`,
      [claim.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].data.assessment).toMatchObject({ label: 'conflicting', counts: claim.assessment.counts });

    const runs = await nr.api.get(`/v1/claims/${claim.id}/research-runs`);
    expect(runs.body.data).toHaveLength(1);
    expect(runs.body.data[0]).toMatchObject({ trigger: 'claim.received', status: 'completed', attempts: 1 });
    const archive = runs.body.data[0].providers.find((p: { provider: string }) => p.provider === 'archive');
    expect(archive).toMatchObject({ status: 'ok', attempts: 1, latencyMs: expect.any(Number) });
    expect(runs.body.data[0].providers.find((p: { provider: string }) => p.provider === 'searxng')).toMatchObject({
      status: 'skipped',
    });
  });

  it('finds, for the French seed claim, the English report and the English denial, and assesses it as conflicting', async () => {
    // The seed article's case: its denial was first published in English, and so was the report.
    const desk = await newOrg(app);
    const deskEditor = (await desk.newKey('editor')).api;
    const english = [
      {
        url: 'https://wire.example/2020/02/us-begins-pulling-troops-from-15-iraq-bases',
        title: 'US begins pulling troops from 15 bases in Iraq',
        language: 'en',
        publisher: 'Wire Example',
        publishedAt: '2020-02-13T09:00:00Z',
        body: "The United States has begun withdrawing its forces from 15 military bases in Iraq, Ali al-Ghanemi, a member of the Iraqi parliament's security and defence committee, told Sky News Arabia. Washington would keep only the two largest bases, Ain al-Asad and a base near Erbil.",
      },
      {
        ...DEMO.documents.find((d: { url: string }) => d.url.endsWith('us-denies-iraq-withdrawal')),
        publisher: 'Demo Defense',
      },
      DEMO.documents.find((d: { url: string }) => d.url.endsWith('recette-galette')),
    ];
    expect((await deskEditor.post('/v1/sources/documents', { documents: english })).status).toBe(201);
    const submitted = await deskEditor.post('/v1/claims', { text: SEED_CLAIM, language: 'fr' });
    const claim = await readyClaim(deskEditor, submitted.body.id);
    const ev = (await deskEditor.get(`/v1/claims/${claim.id}/evidence`)).body.data;
    const byUrl = Object.fromEntries(ev.map((e: { url: string }) => [e.url, e]));
    const report = byUrl['https://wire.example/2020/02/us-begins-pulling-troops-from-15-iraq-bases'];
    const denial = byUrl['https://demo.corroborate.example/2020/02/us-denies-iraq-withdrawal'];
    expect(report).toMatchObject({
      provider: 'archive',
      language: 'en',
      crossLanguage: true,
      stance: 'supports',
      analyzer: 'builtin',
      stanceDisagreement: false,
    });
    expect(report.rationale).toMatch(/^Supports: .*"15 bases" for the claim.s "15 bases".*The source is in English/);
    expect(denial).toMatchObject({ provider: 'archive', language: 'en', crossLanguage: true, stance: 'refutes' });
    expect(denial.rationale).toMatch(/^Refutes: the source denies it \(.*"denied".*The source is in English/);
    expect(byUrl['https://demo.corroborate.example/2020/03/recette-galette']).toBeUndefined();
    expect(claim.assessment).toMatchObject({
      label: 'conflicting',
      counts: expect.objectContaining({ supports: 1, refutes: 1 }),
      sources: { supports: 1, refutes: 1 },
    });
  });

  it("pages evidence by relevance and never uses another organization's archive", async () => {
    const claim = await readyClaim(editor, seedClaimId);
    const all = (await editor.get(`/v1/claims/${claim.id}/evidence`)).body.data;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await editor.get(`/v1/claims/${claim.id}/evidence?limit=1`);
    expect(first.body.data).toEqual([all[0]]);
    const second = await editor.get(`/v1/claims/${claim.id}/evidence?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.data).toEqual([all[1]]);
    const refutes = await editor.get(`/v1/claims/${claim.id}/evidence?stance=refutes`);
    expect(refutes.body.data.every((e: { stance: string }) => e.stance === 'refutes')).toBe(true);
    expect((await editor.get(`/v1/claims/${claim.id}/evidence?cursor=bogus!`)).status).toBe(400);

    const other = await newOrg(app);
    const theirs = await other.admin.post('/v1/claims', { text: SEED_CLAIM });
    const theirClaim = await readyClaim(other.admin, theirs.body.id);
    expect(theirClaim.assessment.label).toBe('not_enough_evidence');
    expect((await other.admin.get(`/v1/claims/${theirClaim.id}/evidence`)).body.data).toEqual([]);
    expect((await other.admin.get('/v1/sources/documents?q=irak')).body.data).toEqual([]);
    expect((await other.admin.get('/v1/sources/documents')).body.data).toEqual([]);
    expect((await editor.get('/v1/sources/documents?limit=2')).body.data).toHaveLength(2);
  });

  it('says not_enough_evidence when nothing relates to the claim', async () => {
    const res = await editor.post('/v1/claims', {
      text: 'Le prix du ticket de métro a doublé à Lyon en 2023',
      language: 'fr',
    });
    const claim = await readyClaim(editor, res.body.id);
    expect(claim.assessment).toMatchObject({ label: 'not_enough_evidence', counts: { supports: 0, refutes: 0 } });
  });

  it('re-runs research on request without duplicating evidence or tasks', async () => {
    const res = await editor.post('/v1/claims', {
      text: 'The Pentagon denied that US troops were withdrawing from bases in Iraq',
      language: 'en',
    });
    const claim = await readyClaim(editor, res.body.id);
    const before = (await editor.get(`/v1/claims/${claim.id}/evidence`)).body.data;
    expect(before.length).toBeGreaterThan(0);

    const nr = await org.newKey('newsroom');
    expect((await nr.api.post(`/v1/claims/${claim.id}/research`)).status).toBe(403); // newsroom role
    const checker = await org.newKey('checker');
    expect((await checker.api.post(`/v1/claims/${claim.id}/research`)).status).toBe(403);

    const again = await editor.post(`/v1/claims/${claim.id}/research`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ claimId: claim.id, status: 'queued' });
    await waitFor('second run completed', async () => {
      const runs = await editor.get(`/v1/claims/${claim.id}/research-runs`);
      return runs.body.data.length === 2 && runs.body.data.every((r: { status: string }) => r.status === 'completed');
    });
    const after = (await editor.get(`/v1/claims/${claim.id}/evidence`)).body.data;
    expect(after.map((e: { id: string }) => e.id).sort()).toEqual(before.map((e: { id: string }) => e.id).sort());
    const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM tasks WHERE claim_id = $1`, [claim.id]);
    expect(n).toBe(1);
    expect((await editor.get(`/v1/claims/${claim.id}`)).body.status).toBe('ready_for_check');

    const other = await newOrg(app);
    expect((await other.admin.post(`/v1/claims/${claim.id}/research`)).status).toBe(404);
    expect((await other.admin.get(`/v1/claims/${claim.id}/evidence`)).status).toBe(404);
  });

  it('uses imported fact-checks: a match rated false refutes the claim', async () => {
    const bad = await editor.post('/v1/sources/fact-checks', [
      { '@type': 'ClaimReview', url: 'not a url', reviewRating: {} },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['[0].url', '[0].claimReviewed', '[0].reviewRating.alternateName']),
    );
    const imported = await editor.post('/v1/sources/fact-checks', {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://checks.example/2021/vaccine-5g',
      claimReviewed: 'Les vaccins contre le Covid-19 contiennent une puce 5G',
      datePublished: '2021-03-02',
      inLanguage: 'fr',
      author: { '@type': 'Organization', name: 'Demo Fact' },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'Faux' },
    });
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ created: 1, updated: 0, skipped: [] });
    const res = await editor.post('/v1/claims', {
      text: 'Les vaccins contre le Covid-19 contiennent une puce 5G',
      language: 'fr',
    });
    const claim = await readyClaim(editor, res.body.id);
    const ev = (await editor.get(`/v1/claims/${claim.id}/evidence`)).body.data;
    expect(ev).toEqual([
      expect.objectContaining({
        provider: 'fact-checks',
        stance: 'refutes',
        publisher: 'Demo Fact',
        url: 'https://checks.example/2021/vaccine-5g',
      }),
    ]);
    expect(ev[0].rationale).toContain('"Faux"');
    expect(claim.assessment.label).toBe('refuted');
  });

  it('searches the archive accent-insensitively with stemming and upserts by url', async () => {
    const found = await editor.get('/v1/sources/documents?q=' + encodeURIComponent('etats-unis base') + '&language=fr');
    expect(found.status).toBe(200);
    expect(found.body.data[0].url).toBe('https://demo.corroborate.example/2020/02/irak-retrait-15-bases');
    // Without a language, each document is matched in its own language's stemming (it was `simple`:
    // "base" did not find the French "bases", stemmed "bas").
    const anyLanguage = await editor.get('/v1/sources/documents?q=' + encodeURIComponent('etats-unis base'));
    expect(anyLanguage.body.data.map((d: { url: string }) => d.url)).toContain(
      'https://demo.corroborate.example/2020/02/irak-retrait-15-bases',
    );
    const again = await editor.post('/v1/sources/documents', {
      documents: [{ ...DEMO.documents[5], title: 'La vraie galette' }],
    });
    expect(again.body).toEqual({ created: 0, updated: 1 });
    expect((await editor.post('/v1/sources/documents', { documents: [] })).status).toBe(400);
    expect(
      (
        await editor.post('/v1/sources/documents', {
          documents: [{ url: 'x', title: '', body: 'b', language: 'french' }],
        })
      ).status,
    ).toBe(400);
    const checker = await org.newKey('checker');
    expect((await checker.api.get('/v1/sources/documents?q=irak')).status).toBe(403);
    const providers = await editor.get('/v1/providers');
    expect(providers.body.data.map((p: { name: string; enabled: boolean }) => [p.name, p.enabled])).toEqual([
      ['archive', true],
      ['fact-checks', true],
      ['google-factcheck', false],
      ['mediawiki', false],
      ['searxng', false],
    ]);
    expect(providers.body.data[0].recent).toMatchObject({ ok: expect.any(Number), failed: 0 });
  });
});

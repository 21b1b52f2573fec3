import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newOrg } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';
import { Client } from '../helpers/http';
import { fakeServer, FakeServer, json } from '../helpers/fake-server';
import { waitFor } from '../helpers/wait';

const recorded = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'providers', `${name}.json`), 'utf8');
type Mode = 'ok' | 'fail';

describe('external evidence providers against recorded responses (e2e)', () => {
  let app: TestApp;
  let editor: Client;
  let google: FakeServer;
  let wiki: FakeServer;
  let searx: FakeServer;
  let mode: Mode = 'ok';

  beforeAll(async () => {
    google = await fakeServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      if (
        u.pathname !== '/v1alpha1/claims:search' ||
        u.searchParams.get('key') !== 'test-key' ||
        !u.searchParams.get('query')
      )
        return json(res, 400, { error: { message: 'bad request' } });
      if (mode === 'fail') return json(res, 500, { error: { message: 'backend error' } });
      const lang = u.searchParams.get('languageCode');
      if (lang !== 'en' && lang !== 'fr') return json(res, 400, { error: { message: 'bad languageCode' } });
      json(res, 200, recorded(lang === 'fr' ? 'google-factcheck-fr' : 'google-factcheck'));
    });
    wiki = await fakeServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      const edition = /^\/(en|fr)\/w\/api\.php$/.exec(u.pathname)?.[1];
      if (!edition || u.searchParams.get('list') !== 'search')
        return json(res, 400, { error: { code: 'badparams', info: 'bad' } });
      if (mode === 'fail') return; // hangs: never answers
      json(res, 200, recorded(edition === 'fr' ? 'mediawiki-fr' : 'mediawiki'));
    });
    searx = await fakeServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      if (u.pathname !== '/search' || u.searchParams.get('format') !== 'json') return json(res, 403, 'forbidden');
      if (mode === 'fail')
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Too many requests</html>');
      json(res, 200, recorded(u.searchParams.get('language') === 'fr' ? 'searxng-fr' : 'searxng'));
    });
    app = await startTestApp({
      ROLE: 'all',
      ALLOW_PRIVATE_NETWORKS: 'true',
      GOOGLE_FACTCHECK_API_KEY: 'test-key',
      GOOGLE_FACTCHECK_BASE_URL: google.url,
      MEDIAWIKI_BASE_URL: `${wiki.url}/{lang}/w/api.php`,
      SEARXNG_BASE_URL: searx.url,
      PROVIDER_TIMEOUT_MS: '1500',
      PROVIDER_ATTEMPTS: '2',
      PROVIDER_BACKOFF_MS: '50',
    });
    editor = (await (await newOrg(app)).newKey('editor')).api;
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([google.close(), wiki.close(), searx.close()]);
  });

  async function research(text: string, language = 'en') {
    const res = await editor.post('/v1/claims', { text, language });
    expect(res.status).toBe(202);
    const claim = await waitFor('ready_for_check', async () => {
      const r = await editor.get(`/v1/claims/${res.body.id}`);
      return r.body.status === 'ready_for_check' ? r.body : null;
    });
    const evidence = (await editor.get(`/v1/claims/${claim.id}/evidence`)).body.data;
    const [run] = (await editor.get(`/v1/claims/${claim.id}/research-runs`)).body.data;
    const outcome = Object.fromEntries(run.providers.map((p: { provider: string }) => [p.provider, p]));
    return { claim, evidence, outcome };
  }

  it("turns each provider's results into evidence with stance and rationale", async () => {
    mode = 'ok';
    const { claim, evidence, outcome } = await research('The United States withdrew its troops from 15 bases in Iraq');
    for (const p of ['google-factcheck', 'mediawiki', 'searxng'])
      expect(outcome[p]).toMatchObject({ status: 'ok', attempts: 1, candidates: expect.any(Number) });
    const byUrl = Object.fromEntries(evidence.map((e: { url: string }) => [e.url, e]));
    expect(byUrl['https://check.example/2020/02/us-15-bases-iraq']).toMatchObject({
      provider: 'google-factcheck',
      stance: 'refutes',
      publisher: 'Demo Check',
      language: 'en',
      publishedAt: '2020-02-14T00:00:00.000Z',
    });
    expect(byUrl['https://check.example/2020/02/us-15-bases-iraq'].rationale).toContain('"False"');
    // (the French edition's article is evidence too: the English one by its page id)
    const wikiEv = evidence.find((e: { url: string }) => e.url.includes('curid=63021234'));
    expect(wikiEv).toMatchObject({
      provider: 'mediawiki',
      title: 'Withdrawal of United States troops from Iraq (2020–2021)',
    });
    expect(wikiEv.snippet).not.toContain('<span');
    expect(wikiEv.snippet).toContain('& partners');
    expect(evidence.find((e: { title: string }) => e.title === 'Baking')).toBeUndefined();
    expect(byUrl['https://news.example/2020/02/us-withdraws-troops-15-bases-iraq']).toMatchObject({
      provider: 'searxng',
      stance: 'supports',
      publisher: 'news.example',
    });
    expect(byUrl['https://wire.example/2020/02/pentagon-denies']).toMatchObject({
      provider: 'searxng',
      stance: 'refutes',
    });
    expect(claim.assessment.label).toBe('conflicting');
    expect(google.requests.some((r) => r.url.includes('languageCode=en') && r.url.includes('pageSize=10'))).toBe(true);
  });

  // The other language (issue 16): each provider is also asked in French, with the English claim's
  // terms carried across by the bilingual lexicon, and the French results are scored in French.
  const params = (r: { url: string }) => new URL(r.url, 'http://x').searchParams;
  it('also searches every provider in the other language with the claim carried across, and says so', async () => {
    mode = 'ok';
    const { evidence } = await research('The United States pulled its troops out of 15 bases in Iraq');
    const carried = (q: string | null) => !!q && /Irak/.test(q) && /États-Unis/.test(q) && /\b15\b/.test(q);
    const gFr = google.requests.map(params).find((p) => p.get('languageCode') === 'fr' && carried(p.get('query')));
    expect(gFr).toBeDefined();
    expect(gFr!.get('query')).not.toMatch(/Iraq|troops/);
    expect(wiki.requests.some((r) => r.url.startsWith('/fr/w/api.php') && carried(params(r).get('srsearch')))).toBe(
      true,
    );
    expect(searx.requests.some((r) => params(r).get('language') === 'fr' && carried(params(r).get('q')))).toBe(true);

    const byUrl = Object.fromEntries(evidence.map((e: { url: string }) => [e.url, e]));
    const inFrench = {
      language: 'fr',
      crossLanguage: true,
      rationale: expect.stringContaining('The source is in French'),
    };
    expect(byUrl['https://verif.example/2020/02/etats-unis-15-bases-irak']).toMatchObject({
      ...inFrench,
      provider: 'google-factcheck',
      stance: 'refutes',
    });
    expect(byUrl['https://verif.example/2020/02/etats-unis-15-bases-irak'].rationale).toContain('"Faux"');
    expect(evidence.find((e: { url: string }) => e.url.includes('curid=13579246'))).toMatchObject({
      ...inFrench,
      provider: 'mediawiki',
      stance: 'supports',
    });
    expect(byUrl['https://depeche.example/2020/02/le-pentagone-dement']).toMatchObject({
      ...inFrench,
      provider: 'searxng',
      stance: 'refutes',
      rationale: expect.stringContaining('"a démenti"'),
    });
    // The English results stay English and are not marked.
    expect(byUrl['https://news.example/2020/02/us-withdraws-troops-15-bases-iraq']).toMatchObject({
      language: 'en',
      crossLanguage: false,
    });
  });

  it('and the reverse: a French claim asks the providers in English and scores the English results in English', async () => {
    mode = 'ok';
    const { evidence } = await research('Les États-Unis ont retiré leurs troupes de 15 bases en Irak', 'fr');
    const carried = (q: string | null) => !!q && /Iraq/.test(q) && /United States/.test(q) && /troops/.test(q);
    expect(google.requests.map(params).some((p) => p.get('languageCode') === 'en' && carried(p.get('query')))).toBe(
      true,
    );
    expect(wiki.requests.some((r) => r.url.startsWith('/en/w/api.php') && carried(params(r).get('srsearch')))).toBe(
      true,
    );
    expect(searx.requests.some((r) => params(r).get('language') === 'en' && carried(params(r).get('q')))).toBe(true);

    const byUrl = Object.fromEntries(evidence.map((e: { url: string }) => [e.url, e]));
    const inEnglish = {
      language: 'en',
      crossLanguage: true,
      rationale: expect.stringContaining('The source is in English'),
    };
    expect(byUrl['https://check.example/2020/02/us-15-bases-iraq']).toMatchObject({ ...inEnglish, stance: 'refutes' });
    expect(byUrl['https://news.example/2020/02/us-withdraws-troops-15-bases-iraq']).toMatchObject({
      ...inEnglish,
      stance: 'supports',
    });
    expect(byUrl['https://wire.example/2020/02/pentagon-denies']).toMatchObject({
      ...inEnglish,
      stance: 'refutes',
      rationale: expect.stringContaining('"denied"'),
    });
    expect(evidence.find((e: { url: string }) => e.url.includes('curid=63021234'))).toMatchObject(inEnglish);
    expect(byUrl['https://depeche.example/2020/02/le-pentagone-dement']).toMatchObject({
      language: 'fr',
      crossLanguage: false,
    });
  });

  it('records a provider that fails (500), hangs past its timeout or answers garbage, and still completes the claim', async () => {
    mode = 'fail';
    const { claim, evidence, outcome } = await research('Unemployment in Iraq fell by 3 points in 2019');
    expect(claim.status).toBe('ready_for_check');
    expect(outcome['google-factcheck']).toMatchObject({ status: 'failed', attempts: 2, error: 'HTTP 500' });
    expect(outcome.mediawiki).toMatchObject({ status: 'timeout', attempts: 2 });
    expect(outcome.mediawiki.latencyMs).toBeGreaterThanOrEqual(3000);
    expect(outcome.searxng).toMatchObject({ status: 'failed', attempts: 2, error: 'Response is not JSON' });
    expect(outcome.archive).toMatchObject({ status: 'ok' });
    expect(evidence).toEqual([]);
    expect(claim.assessment.label).toBe('not_enough_evidence');
    const providers = (await editor.get('/v1/providers')).body.data;
    expect(providers.find((p: { name: string }) => p.name === 'mediawiki')).toMatchObject({
      enabled: true,
      timeoutMs: 1500,
      recent: expect.objectContaining({ ok: 3, timeout: 1 }), // the three runs above, then this one
    });
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newOrg, OrgCtx } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';

const ARTICLE = readFileSync(join(__dirname, '../../samples/seed-article-fr.txt'), 'utf8');

interface Sentence {
  index: number;
  text: string;
  start: number;
  end: number;
  score: number;
  checkWorthy: boolean;
  features: { name: string; weight: number; matches: string[] }[];
}

describe('extractions (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;

  beforeAll(async () => {
    app = await startTestApp();
    org = await newOrg(app);
  });
  afterAll(() => app.close());

  it('returns the sentences of the seed article with exact offsets, scores and features', async () => {
    const nr = await org.newKey('newsroom');
    const res = await nr.api.post('/v1/extractions', { text: ARTICLE, url: 'https://news.example/otan-irak' });
    expect(res.status).toBe(200);
    expect(res.body.language).toBe('fr');
    const sentences: Sentence[] = res.body.sentences;
    expect(sentences.length).toBe(25);
    for (const s of sentences) expect(ARTICLE.slice(s.start, s.end)).toBe(s.text);

    const find = (needle: string) => {
      const s = sentences.find((x) => x.text.includes(needle));
      if (!s) throw new Error(`no sentence with ${needle}`);
      return s;
    };
    const bases = find('15 bases militaires');
    const km = find('180 km');
    const centcom = find('(CENTCOM) a démenti');
    for (const s of [bases, km, centcom]) {
      expect(s.score).toBeGreaterThan(0.5);
      expect(s.checkWorthy).toBe(true);
    }
    expect(km.features.map((f) => f.name)).toEqual(expect.arrayContaining(['number', 'quantity', 'attribution']));
    expect(centcom.features.find((f) => f.name === 'attribution')?.matches).toContain('a démenti');

    const narrative = [
      find('A présent, ils pourraient y revenir.'),
      find("Les médias parlent de l'arrivée"),
      find("Les soldats de l'Otan pourraient partiellement"),
    ];
    for (const s of narrative) {
      expect(s.score).toBeLessThan(0.5);
      expect(s.score).toBeLessThan(Math.min(bases.score, km.score, centcom.score));
    }
    expect(res.body.candidates.map((c: { sentenceIndex: number }) => c.sentenceIndex)).toEqual(
      sentences.filter((s) => s.checkWorthy).map((s) => s.index),
    );
    // Analysis alone stores nothing.
    expect((await nr.api.get('/v1/claims')).body.data).toEqual([]);
  });

  it('submits the candidates as claims with the article as appearance and the speaker', async () => {
    const nr = await org.newKey('newsroom');
    const url = 'https://news.example/otan-irak-2';
    const res = await nr.api.post('/v1/extractions', {
      text: ARTICLE,
      url,
      title: "Retrait américain d'Irak",
      submit: true,
      minScore: 0.7,
    });
    expect(res.status).toBe(202);
    expect(res.body.submitted).toBeGreaterThanOrEqual(3);
    expect(res.body.submitted).toBe(res.body.candidates.length);
    for (const c of res.body.candidates) {
      expect(c.score).toBeGreaterThanOrEqual(0.7);
      expect(c.claim).toMatchObject({
        text: c.text,
        sourceUrl: url,
        appearances: [url],
        context: "Retrait américain d'Irak",
        language: 'fr',
      });
    }
    const stoltenberg = res.body.candidates.find((c: { text: string }) => c.text.includes('Jens Stoltenberg'));
    expect(stoltenberg.claim.speaker).toEqual({ name: 'Jens Stoltenberg', role: null });
    const list = await nr.api.get('/v1/claims?limit=100');
    expect(list.body.data).toHaveLength(res.body.submitted);
  });

  it('replays a retried submission with the same Idempotency-Key instead of submitting twice', async () => {
    const nr = await org.newKey('newsroom');
    const body = {
      text: "Le chômage a baissé de 2 points en 2024, selon l'Insee. Je pense que c'est bien.",
      submit: true,
    };
    const first = await nr.api.post('/v1/extractions', body, { 'idempotency-key': 'article-42' });
    expect(first.status).toBe(202);
    expect(first.body.submitted).toBe(1);
    const again = await nr.api.post('/v1/extractions', body, { 'idempotency-key': 'article-42' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.candidates[0].claim.id).toBe(first.body.candidates[0].claim.id);
    expect((await nr.api.get('/v1/claims')).body.data).toHaveLength(1);
  });

  it('lets only newsroom and editor keys extract', async () => {
    const checker = await org.newKey('checker');
    expect(
      (await checker.api.post('/v1/extractions', { text: 'Le chômage a baissé de 2 points en 2024.' })).status,
    ).toBe(403);
    const editor = await org.newKey('editor');
    expect(
      (await editor.api.post('/v1/extractions', { text: 'Le chômage a baissé de 2 points en 2024.' })).status,
    ).toBe(200);
  });

  describe('bad input', () => {
    let api: OrgCtx['admin'];
    beforeAll(async () => {
      api = (await org.newKey('editor')).api;
    });

    it('refuses empty text with 400 naming the field', async () => {
      const res = await api.post('/v1/extractions', { text: '' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.errors[0].path).toBe('text');
      expect((await api.post('/v1/extractions', {})).status).toBe(400);
    });

    it('refuses 1 MB of text with 413 and 300,000 characters with 400', async () => {
      const big = await api.post('/v1/extractions', { text: 'Les faits sont têtus. '.repeat(50_000) });
      expect(big.status).toBe(413);
      const long = await api.post('/v1/extractions', { text: 'a'.repeat(300_000) });
      expect(long.status).toBe(400);
      expect(long.body.errors[0].path).toBe('text');
    });

    it('cuts text with no sentence boundary into bounded pieces', async () => {
      const text = 'mot '.repeat(25_000);
      const res = await api.post('/v1/extractions', { text });
      expect(res.status).toBe(200);
      expect(res.body.sentences.length).toBeGreaterThanOrEqual(100);
      for (const s of res.body.sentences as Sentence[]) {
        expect(s.end - s.start).toBeLessThanOrEqual(1000);
        expect(text.slice(s.start, s.end)).toBe(s.text);
      }
    });

    it('refuses binary garbage with 400', async () => {
      const garbage = randomBytes(4096).toString('latin1');
      const res = await api.post('/v1/extractions', { text: garbage });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual({ path: 'text', message: expect.stringMatching(/control character/) });
      const notJson = await api.post('/v1/extractions', randomBytes(64).toString('base64'), {
        'content-type': 'application/octet-stream',
      });
      expect(notJson.status).toBe(415);
    });

    it('answers only emoji with a well-formed empty result', async () => {
      const res = await api.post('/v1/extractions', { text: '😀🎉🔥 👍👍 !!! 🇫🇷' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ sentences: [], candidates: [] });
      const submitted = await api.post('/v1/extractions', { text: '😀🎉🔥', submit: true });
      expect(submitted.status).toBe(202);
      expect(submitted.body).toMatchObject({ sentences: [], candidates: [], submitted: 0 });
    });

    it('refuses a bad minScore and unknown fields', async () => {
      expect((await api.post('/v1/extractions', { text: 'Le chômage a baissé.', minScore: 2 })).status).toBe(400);
      expect((await api.post('/v1/extractions', { text: 'Le chômage a baissé.', minScore: '0.5' })).status).toBe(400);
      expect((await api.post('/v1/extractions', { text: 'Le chômage a baissé.', bogus: 1 })).status).toBe(400);
    });
  });
});

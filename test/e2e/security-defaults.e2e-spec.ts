import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { client } from '../helpers/http';

const waitingResearchJobs = (text: string) =>
  Number(/corroborate_queue_jobs\{queue="research",state="waiting"\} (\d+)/.exec(text)?.[1]);

describe('metrics exposure (e2e)', () => {
  it('without METRICS_TOKEN (production config), /metrics is off: 404 problem+json', async () => {
    const app = await startTestApp({ ROLE: 'api' });
    try {
      const res = await client(app.url).get('/metrics');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.text).not.toContain('corroborate_');
    } finally {
      await app.close();
    }
  });

  it('with METRICS_TOKEN, /metrics needs it: 401 problem+json without, 200 with', async () => {
    const app = await startTestApp({ ROLE: 'api', METRICS_TOKEN: 'scrape-token-0123456789' });
    try {
      const anonymous = await client(app.url).get('/metrics');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      expect((await client(app.url).get('/metrics', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(
        401,
      );
      const res = await client(app.url).get('/metrics', { authorization: 'Bearer scrape-token-0123456789' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('corroborate_http_requests_total');
    } finally {
      await app.close();
    }
  });

  it('scrapes within METRICS_CACHE_SECONDS share one collection of the queue and outbox gauges', async () => {
    // ROLE=api: no worker consumes the research queue, so a job added stays waiting.
    const app = await startTestApp({ ROLE: 'api', METRICS_PUBLIC: 'true', METRICS_CACHE_SECONDS: '10' });
    const queue = new Queue('research', {
      connection: { url: process.env.REDIS_URL!, maxRetriesPerRequest: null },
      prefix: app.queuePrefix,
    });
    try {
      const first = await client(app.url).get('/metrics');
      expect(first.status).toBe(200);
      expect(waitingResearchJobs(first.text)).toBe(0);
      await queue.add('research', { organizationId: randomBytes(4).toString('hex') });
      const within = await client(app.url).get('/metrics');
      expect(waitingResearchJobs(within.text)).toBe(0); // not collected again
      await new Promise((r) => setTimeout(r, 10_500));
      const after = await client(app.url).get('/metrics');
      expect(waitingResearchJobs(after.text)).toBe(1);
    } finally {
      await queue.close();
      await app.close();
    }
  }, 60_000);
});

describe('API key prefixes (e2e)', () => {
  it('an operator-chosen BOOTSTRAP_ADMIN_KEY is listed with at most its first 4 characters, also when stored with a longer prefix before', async () => {
    const chosen = 'Newsdesk_' + randomBytes(12).toString('hex').slice(0, 15); // 24 characters, the shortest allowed
    let app: TestApp = await startTestApp({ ROLE: 'api', BOOTSTRAP_ADMIN_KEY: chosen });
    try {
      const listed = await client(app.url, chosen).get('/v1/api-keys');
      expect(listed.status).toBe(200);
      const prefixes: string[] = listed.body.data.map((k: { prefix: string }) => k.prefix);
      expect(prefixes).toEqual([chosen.slice(0, 4)]);
      // A key stored before the bound kept 12 characters: the next start shortens it.
      await app.ds.query(`UPDATE api_keys SET prefix = $1 WHERE prefix = $2`, [
        chosen.slice(0, 12),
        chosen.slice(0, 4),
      ]);
    } finally {
      await app.close();
    }
    app = await startTestApp({ ROLE: 'api', BOOTSTRAP_ADMIN_KEY: chosen });
    try {
      const listed = await client(app.url, chosen).get('/v1/api-keys');
      expect(listed.body.data.map((k: { prefix: string }) => k.prefix)).toEqual([chosen.slice(0, 4)]);
      // Generated keys keep `cbk_` and 8 of their 43 random characters.
      const created = await client(app.url, chosen).post('/v1/api-keys', { name: 'generated', role: 'editor' });
      expect(created.status).toBe(201);
      expect(created.body.prefix).toBe(created.body.key.slice(0, 12));
    } finally {
      await app.close();
    }
  });
});

describe('idempotency record expiry (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'all', IDEMPOTENCY_PURGE_SECONDS: '1' })));
  afterAll(() => app.close());

  const rows = (keyId: string) =>
    app.ds.query(`SELECT key FROM idempotency_keys WHERE api_key_id = $1 ORDER BY key`, [keyId]) as Promise<
      { key: string }[]
    >;

  it('the periodic purge deletes records older than IDEMPOTENCY_KEY_TTL_HOURS (24) and keeps recent ones', async () => {
    const org = await newOrg(app);
    const nr = await org.newKey('newsroom');
    expect(
      (await nr.api.post('/v1/claims', { text: 'An old claim sent with a key' }, { 'idempotency-key': 'old' })).status,
    ).toBe(202);
    expect(
      (await nr.api.post('/v1/claims', { text: 'A recent claim sent with a key' }, { 'idempotency-key': 'recent' }))
        .status,
    ).toBe(202);
    await app.ds.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE api_key_id = $1 AND key = 'old'`,
      [nr.keyId],
    );
    const deadline = Date.now() + 30_000;
    while ((await rows(nr.keyId)).length > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await rows(nr.keyId)).toEqual([{ key: 'recent' }]);
  }, 60_000);

  it('a retry after expiry is a new request, before or after the purge', async () => {
    const org = await newOrg(app);
    const nr = await org.newKey('newsroom');
    const body = { text: 'A claim retried two days later' };
    const first = await nr.api.post('/v1/claims', body, { 'idempotency-key': 'late' });
    expect(first.status).toBe(202);
    await app.ds.query(`UPDATE idempotency_keys SET created_at = now() - interval '48 hours' WHERE api_key_id = $1`, [
      nr.keyId,
    ]);
    const late = await nr.api.post('/v1/claims', body, { 'idempotency-key': 'late' });
    expect(late.status).toBe(202);
    expect(late.headers.get('idempotent-replayed')).toBeNull();
    expect(late.body.id).not.toBe(first.body.id);
    // and the new record is replayed as usual
    const again = await nr.api.post('/v1/claims', body, { 'idempotency-key': 'late' });
    expect(again.body.id).toBe(late.body.id);
  });
});

describe('extraction response size (e2e)', () => {
  /** The bound stated in docs/intake.md for an analysis of any accepted article (200,000 characters at most). */
  const ONE_MB = 1024 * 1024;
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'api', RATE_LIMIT_INTAKE_PER_MINUTE: '100000' })));
  afterAll(() => app.close());

  it('a 200 KB article of short check-worthy sentences answers under 1 MB, saying what it left out; what it lists is exact', async () => {
    const org = await newOrg(app);
    const editor = await org.newKey('editor');
    const sentence = (i: number) => `Le taux de chômage a baissé de ${i % 90} % en ${1950 + (i % 70)}. `;
    let text = '';
    let count = 0;
    while (text.length + sentence(count).length <= 200_000) text += sentence(count++);
    const res = await editor.api.post('/v1/extractions', { text });
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(ONE_MB);
    expect(res.body).toMatchObject({ sentenceCount: count, sentencesTruncated: true, candidatesTruncated: true });
    expect(res.body.sentences.length).toBeGreaterThan(500);
    expect(res.body.candidateCount).toBeGreaterThan(res.body.candidates.length);
    res.body.sentences.forEach((s: { index: number; start: number; end: number; text: string }, i: number) => {
      expect(s.index).toBe(i);
      expect(text.slice(s.start, s.end)).toBe(s.text);
    });
    expect(res.body.candidates[0]).toMatchObject({ sentenceIndex: 0, text: sentence(0).trim() });

    const submitted = await editor.api.post('/v1/extractions', { text, submit: true });
    expect(submitted.status).toBe(202);
    expect(submitted.body.submitted).toBe(100);
    expect(submitted.body.candidates.slice(0, 100).every((c: { claim: { id: string } | null }) => c.claim?.id)).toBe(
      true,
    );
    expect(Buffer.byteLength(submitted.text)).toBeLessThanOrEqual(ONE_MB + 512 * 1024); // plus the 100 submitted claims
  }, 120_000);

  it('a typical 200 KB article is answered whole, under 1 MB', async () => {
    const org = await newOrg(app);
    const editor = await org.newKey('editor');
    const article = readFileSync(join(__dirname, '../../samples/seed-article-fr.txt'), 'utf8');
    let text = '';
    for (let i = 0; text.length + article.length + 2 <= 200_000; i++)
      text += article.replace(/15/g, String(15 + i)) + '\n\n';
    const res = await editor.api.post('/v1/extractions', { text });
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(ONE_MB);
    expect(res.body).toMatchObject({ sentencesTruncated: false, candidatesTruncated: false });
    expect(res.body.sentences).toHaveLength(res.body.sentenceCount);
    expect(res.body.candidates).toHaveLength(res.body.candidateCount);
  }, 120_000);
});

import { newOrg, OrgCtx } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';

describe('claims intake (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;

  beforeAll(async () => {
    // API only: with a worker, research would start and add history rows and events these tests do not expect.
    app = await startTestApp({ ROLE: 'api' });
    org = await newOrg(app);
  });
  afterAll(() => app.close());

  it('stores a claim, detects its language, records history and the claim.received event', async () => {
    const nr = await org.newKey('newsroom');
    const res = await nr.api.post('/v1/claims', {
      text: '  Les États-Unis ont retiré leurs troupes de 15 bases en Irak  ',
      sourceUrl: 'https://news.example/a/1',
      speaker: { name: 'Un responsable', role: 'official' },
      priority: 'high',
      tags: ['Irak'],
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/v1/claims/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'received',
      language: 'fr',
      languageDetected: true,
      text: 'Les États-Unis ont retiré leurs troupes de 15 bases en Irak',
      priority: 'high',
      tags: ['irak'],
      newsroomId: nr.newsroomId,
      speaker: { name: 'Un responsable', role: 'official' },
    });

    const got = await nr.api.get(`/v1/claims/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(res.body.id);

    const history = await nr.api.get(`/v1/claims/${res.body.id}/history`);
    expect(history.body.data).toEqual([
      expect.objectContaining({ action: 'received', fromStatus: null, toStatus: 'received', actorKeyId: nr.keyId }),
    ]);

    const events = await app.ds.query(`SELECT type, data FROM outbox_events WHERE claim_id = $1`, [res.body.id]);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('claim.received');
    expect(events[0].data.claim.id).toBe(res.body.id);
  });

  it('keeps the given language and detects English', async () => {
    const ed = await org.newKey('editor');
    const en = await ed.api.post('/v1/claims', { text: 'The United States withdrew its troops from 15 bases in Iraq' });
    expect(en.body.language).toBe('en');
    const given = await ed.api.post('/v1/claims', { text: 'The United States withdrew its troops', language: 'fr' });
    expect(given.body).toMatchObject({ language: 'fr', languageDetected: false });
  });

  it('lists with filters and cursor pagination, newest first', async () => {
    const nr = await org.newKey('newsroom');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await nr.api.post('/v1/claims', {
            text: `Claim number ${i} about unemployment figures`,
            priority: i % 2 ? 'urgent' : 'low',
          })
        ).body.id,
      );
    const page1 = await nr.api.get('/v1/claims?limit=2');
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3]]);
    const page2 = await nr.api.get(`/v1/claims?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.data.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const page3 = await nr.api.get(`/v1/claims?limit=2&cursor=${page2.body.nextCursor}`);
    expect(page3.body.data.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect(page3.body.nextCursor).toBeNull();

    const urgent = await nr.api.get('/v1/claims?priority=urgent');
    expect(urgent.body.data.map((c: { id: string }) => c.id).sort()).toEqual([ids[1], ids[3]].sort());
    const q = await nr.api.get('/v1/claims?q=NUMBER%203');
    expect(q.body.data.map((c: { id: string }) => c.id)).toEqual([ids[3]]);
    const future = await nr.api.get('/v1/claims?since=2999-01-01T00:00:00Z');
    expect(future.body.data).toEqual([]);
    const status = await nr.api.get('/v1/claims?status=published');
    expect(status.body.data).toEqual([]);
  });

  it('takes a batch with per-item results', async () => {
    const nr = await org.newKey('newsroom');
    const res = await nr.api.post('/v1/claims/batch', {
      claims: [
        { text: 'Inflation reached 5% in 2025 in France' },
        { text: 42 },
        { text: 'Le chômage a baissé de 2 points', language: 'fr' },
        { text: 'x', bogus: true },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toBe(2);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([202, 400, 202, 400]);
    expect(res.body.results[1].errors[0].path).toBe('text');
    expect(res.body.results[3].errors.map((e: { path: string }) => e.path).sort()).toEqual(['bogus', 'text']);
    const list = await nr.api.get('/v1/claims');
    expect(list.body.data).toHaveLength(2);
  });

  it('rejects a batch of more than 100 claims whole', async () => {
    const nr = await org.newKey('newsroom');
    const res = await nr.api.post('/v1/claims/batch', {
      claims: Array.from({ length: 101 }, (_, i) => ({ text: `claim ${i} text` })),
    });
    expect(res.status).toBe(400);
    expect((await nr.api.get('/v1/claims')).body.data).toHaveLength(0);
  });
});

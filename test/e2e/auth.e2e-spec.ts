import { randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg, OrgCtx } from '../helpers/factories';
import { client } from '../helpers/http';

describe('auth and tenancy (e2e)', () => {
  let app: TestApp;
  let orgA: OrgCtx;
  let orgB: OrgCtx;

  beforeAll(async () => {
    app = await startTestApp();
    orgA = await newOrg(app);
    orgB = await newOrg(app);
  });
  afterAll(() => app.close());

  it('answers 401 problem+json without a key, with a malformed header and with an unknown key', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Basic abc' },
      { authorization: 'Bearer cbk_doesnotexist' },
      { authorization: 'Bearer ' },
    ]) {
      const res = await client(app.url).get('/v1/me', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('GET /v1/me says who the key is', async () => {
    const nr = await orgA.newKey('newsroom');
    const me = await nr.api.get('/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: nr.keyId,
      role: 'newsroom',
      organizationId: orgA.organizationId,
      newsroomId: nr.newsroomId,
    });
  });

  it('admin creates newsrooms and keys; the secret is shown once and stored only as a hash', async () => {
    const nr = await orgA.admin.post('/v1/newsrooms', { name: 'Le Quotidien', url: 'https://lequotidien.example' });
    expect(nr.status).toBe(201);
    expect((await orgA.admin.post('/v1/newsrooms', { name: 'Le Quotidien' })).status).toBe(409);
    const created = await orgA.admin.post('/v1/api-keys', {
      name: 'LQ integration',
      role: 'newsroom',
      newsroomId: nr.body.id,
      languages: ['fr'],
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^cbk_[A-Za-z0-9_-]{43}$/);
    expect(created.body.prefix).toBe(created.body.key.slice(0, 12));

    const rows = await app.ds.query(`SELECT * FROM api_keys WHERE id = $1`, [created.body.id]);
    expect(JSON.stringify(rows)).not.toContain(created.body.key);
    expect(JSON.stringify(rows)).not.toContain(created.body.key.slice(12));
    expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await orgA.admin.get('/v1/api-keys');
    expect(listed.status).toBe(200);
    expect(listed.body.data.find((k: { id: string }) => k.id === created.body.id)).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    const me = await client(app.url, created.body.key).get('/v1/me');
    expect(me.body).toMatchObject({ role: 'newsroom', newsroomId: nr.body.id, languages: ['fr'] });
  });

  it('validates key creation: newsroom keys need a newsroom of the organization', async () => {
    expect((await orgA.admin.post('/v1/api-keys', { name: 'x', role: 'newsroom' })).status).toBe(400);
    const other = await orgB.newNewsroom();
    expect((await orgA.admin.post('/v1/api-keys', { name: 'x', role: 'newsroom', newsroomId: other })).status).toBe(
      400,
    );
    expect((await orgA.admin.post('/v1/api-keys', { name: 'x', role: 'superuser' })).status).toBe(400);
  });

  it('a revoked key gets 401', async () => {
    const ed = await orgA.newKey('editor');
    expect((await ed.api.get('/v1/me')).status).toBe(200);
    const del = await orgA.admin.delete(`/v1/api-keys/${ed.keyId}`);
    expect(del.status).toBe(200);
    expect(del.body.revokedAt).not.toBeNull();
    const after = await ed.api.get('/v1/me');
    expect(after.status).toBe(401);
    // another organization cannot revoke (or learn of) this organization's keys
    const other = await orgA.newKey('checker');
    expect((await orgB.admin.delete(`/v1/api-keys/${other.keyId}`)).status).toBe(404);
    expect((await other.api.get('/v1/me')).status).toBe(200);
  });

  it('a newsroom key cannot read, list or guess another newsroom’s or organization’s claims (404)', async () => {
    const nr1 = await orgA.newKey('newsroom');
    const nr2 = await orgA.newKey('newsroom');
    const nrB = await orgB.newKey('newsroom');
    const edA = await orgA.newKey('editor');
    const c1 = (await nr1.api.post('/v1/claims', { text: 'Claim of newsroom one about 15 bases' })).body.id;
    const cB = (await nrB.api.post('/v1/claims', { text: 'Claim of the other organization' })).body.id;

    expect((await nr1.api.get(`/v1/claims/${c1}`)).status).toBe(200);
    for (const [api, id] of [
      [nr2.api, c1],
      [nrB.api, c1],
      [nr1.api, cB],
      [edA.api, cB],
      [orgA.admin, cB],
    ] as const) {
      for (const path of [`/v1/claims/${id}`, `/v1/claims/${id}/history`]) {
        const res = await api.get(path);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect((await nr1.api.get(`/v1/claims/${randomUUID()}`)).status).toBe(404);

    const list2 = await nr2.api.get('/v1/claims');
    expect(list2.body.data.map((c: { id: string }) => c.id)).not.toContain(c1);
    const list2filtered = await nr2.api.get(`/v1/claims?newsroomId=${nr1.newsroomId}`);
    expect(list2filtered.body.data).toEqual([]);
    const listB = await orgB.admin.get('/v1/claims');
    expect(listB.body.data.map((c: { id: string }) => c.id)).toEqual([cB]);
    // the desk (editor) sees every newsroom's claims of its own organization
    const listEd = await edA.api.get('/v1/claims?limit=200');
    expect(listEd.body.data.map((c: { id: string }) => c.id)).toContain(c1);
  });

  it('newsroom lists are scoped to the organization', async () => {
    const a = await orgA.admin.get('/v1/newsrooms?limit=200');
    const b = await orgB.admin.get('/v1/newsrooms?limit=200');
    const idsA = a.body.data.map((n: { id: string }) => n.id);
    for (const n of b.body.data) expect(idsA).not.toContain(n.id);
  });

  // Every route and the roles allowed on it; all other roles must get 403.
  const ROUTES: {
    method: 'get' | 'post' | 'delete' | 'patch' | 'put';
    path: string;
    body?: unknown;
    allowed: string[];
  }[] = [
    { method: 'get', path: '/v1/me', allowed: ['admin', 'editor', 'checker', 'newsroom'] },
    {
      method: 'post',
      path: '/v1/claims',
      body: { text: 'A claim for role checks' },
      allowed: ['admin', 'editor', 'newsroom'],
    },
    {
      method: 'post',
      path: '/v1/claims/batch',
      body: { claims: [{ text: 'A claim for role checks' }] },
      allowed: ['admin', 'editor', 'newsroom'],
    },
    { method: 'get', path: '/v1/claims', allowed: ['admin', 'editor', 'checker', 'newsroom'] },
    { method: 'get', path: `/v1/claims/${randomUUID()}`, allowed: ['admin', 'editor', 'checker', 'newsroom'] },
    { method: 'get', path: `/v1/claims/${randomUUID()}/history`, allowed: ['admin', 'editor', 'checker', 'newsroom'] },
    { method: 'post', path: `/v1/claims/${randomUUID()}/unlink-duplicate`, body: {}, allowed: ['admin', 'editor'] },
    {
      method: 'post',
      path: '/v1/extractions',
      body: { text: 'Le chômage a baissé de 2 points en 2024.' },
      allowed: ['admin', 'editor', 'newsroom'],
    },
    { method: 'post', path: '/v1/newsrooms', body: { name: `nr-${randomUUID()}` }, allowed: ['admin'] },
    { method: 'get', path: '/v1/newsrooms', allowed: ['admin'] },
    { method: 'post', path: '/v1/api-keys', body: { name: 'k', role: 'checker' }, allowed: ['admin'] },
    { method: 'get', path: '/v1/api-keys', allowed: ['admin'] },
    // Checker workflow (issue 4)
    { method: 'post', path: '/v1/tasks/next', body: { languages: ['xx'] }, allowed: ['admin', 'editor', 'checker'] },
    { method: 'get', path: '/v1/tasks', allowed: ['admin', 'editor', 'checker'] },
    { method: 'post', path: `/v1/tasks/${randomUUID()}/claim`, allowed: ['admin', 'editor', 'checker'] },
    {
      method: 'post',
      path: `/v1/tasks/${randomUUID()}/heartbeat`,
      body: { leaseToken: randomUUID() },
      allowed: ['admin', 'editor', 'checker'],
    },
    {
      method: 'post',
      path: `/v1/tasks/${randomUUID()}/release`,
      body: { leaseToken: randomUUID() },
      allowed: ['admin', 'editor', 'checker'],
    },
    {
      method: 'post',
      path: `/v1/tasks/${randomUUID()}/complete`,
      body: { leaseToken: randomUUID() },
      allowed: ['admin', 'editor', 'checker'],
    },
    { method: 'get', path: `/v1/claims/${randomUUID()}/verdicts`, allowed: ['admin', 'editor', 'checker', 'newsroom'] },
    {
      method: 'get',
      path: `/v1/claims/${randomUUID()}/claim-review`,
      allowed: ['admin', 'editor', 'checker', 'newsroom'],
    },
    { method: 'get', path: `/v1/verdicts/${randomUUID()}`, allowed: ['admin', 'editor', 'checker', 'newsroom'] },
    {
      method: 'patch',
      path: `/v1/verdicts/${randomUUID()}`,
      body: { summary: 's' },
      allowed: ['admin', 'editor', 'checker'],
    },
    {
      method: 'post',
      path: `/v1/claims/${randomUUID()}/corrections`,
      body: { rating: 'false', summary: 's', reason: 'r' },
      allowed: ['admin', 'editor'],
    },
    { method: 'post', path: `/v1/claims/${randomUUID()}/dismiss`, body: { reason: 'r' }, allowed: ['admin', 'editor'] },
    {
      method: 'post',
      path: `/v1/verdicts/${randomUUID()}/retract`,
      body: { reason: 'r' },
      allowed: ['admin', 'editor'],
    },
    { method: 'get', path: '/v1/settings', allowed: ['admin', 'editor', 'checker', 'newsroom'] },
    { method: 'put', path: '/v1/settings/rating-scale', body: { ratings: [] }, allowed: ['admin'] },
    { method: 'put', path: '/v1/settings/organization', body: {}, allowed: ['admin'] },
    { method: 'delete', path: `/v1/api-keys/${randomUUID()}`, allowed: ['admin'] },
    {
      method: 'post',
      path: '/v1/webhooks',
      body: { url: 'https://93.184.216.34/hook', events: ['*'] },
      allowed: ['admin', 'newsroom'],
    },
    { method: 'get', path: '/v1/webhooks', allowed: ['admin', 'newsroom'] },
    { method: 'get', path: `/v1/webhooks/${randomUUID()}`, allowed: ['admin', 'newsroom'] },
    {
      method: 'patch',
      path: `/v1/webhooks/${randomUUID()}`,
      body: { status: 'paused' },
      allowed: ['admin', 'newsroom'],
    },
    { method: 'delete', path: `/v1/webhooks/${randomUUID()}`, allowed: ['admin', 'newsroom'] },
    { method: 'post', path: `/v1/webhooks/${randomUUID()}/rotate-secret`, allowed: ['admin', 'newsroom'] },
    { method: 'post', path: `/v1/webhooks/${randomUUID()}/ping`, allowed: ['admin', 'newsroom'] },
    { method: 'get', path: `/v1/webhooks/${randomUUID()}/deliveries`, allowed: ['admin', 'newsroom'] },
    { method: 'get', path: `/v1/webhooks/${randomUUID()}/secret`, allowed: ['admin', 'newsroom'] },
    { method: 'get', path: `/v1/webhooks/${randomUUID()}/stats`, allowed: ['admin', 'newsroom'] },
    {
      method: 'post',
      path: `/v1/webhooks/${randomUUID()}/recover`,
      body: { since: new Date(Date.now() - 3600_000).toISOString() },
      allowed: ['admin', 'newsroom'],
    },
    {
      method: 'get',
      path: `/v1/webhooks/${randomUUID()}/deliveries/${randomUUID()}`,
      allowed: ['admin', 'newsroom'],
    },
    {
      method: 'post',
      path: `/v1/webhooks/${randomUUID()}/deliveries/${randomUUID()}/redeliver`,
      allowed: ['admin', 'newsroom'],
    },
    { method: 'get', path: `/v1/claims/${randomUUID()}/evidence`, allowed: ['admin', 'editor', 'checker', 'newsroom'] },
    {
      method: 'get',
      path: `/v1/claims/${randomUUID()}/research-runs`,
      allowed: ['admin', 'editor', 'checker', 'newsroom'],
    },
    { method: 'post', path: `/v1/claims/${randomUUID()}/research`, allowed: ['admin', 'editor'] },
    {
      method: 'post',
      path: '/v1/sources/documents',
      body: {
        documents: [
          { url: 'https://archive.example/roles', title: 'Roles', body: 'Role check document', language: 'en' },
        ],
      },
      allowed: ['admin', 'editor'],
    },
    { method: 'get', path: '/v1/sources/documents', allowed: ['admin', 'editor'] },
    {
      method: 'post',
      path: '/v1/sources/fact-checks',
      body: {
        url: 'https://checks.example/roles',
        claimReviewed: 'Role check claim',
        reviewRating: { alternateName: 'False' },
      },
      allowed: ['admin', 'editor'],
    },
    { method: 'get', path: '/v1/providers', allowed: ['admin', 'editor'] },
  ];

  it.each(ROUTES)('enforces roles on $method $path', async ({ method, path, body, allowed }) => {
    for (const role of ['admin', 'editor', 'checker', 'newsroom'] as const) {
      const k = role === 'admin' ? { api: orgA.admin } : await orgA.newKey(role);
      const b =
        body && typeof body === 'object' && 'name' in body && path === '/v1/newsrooms'
          ? { name: `nr-${randomUUID()}` }
          : body;
      const res =
        method === 'get'
          ? await k.api.get(path)
          : method === 'delete'
            ? await k.api.delete(path)
            : method === 'patch'
              ? await k.api.patch(path, b)
              : method === 'put'
                ? await k.api.put(path, b)
                : await k.api.post(path, b);
      if (allowed.includes(role)) expect([200, 201, 202, 204, 404]).toContain(res.status);
      else {
        expect(res.status).toBe(403);
        expect(res.body.type).toContain('forbidden');
      }
    }
  });

  it('the role table above covers every route of the OpenAPI document, and every route declares bearer auth', async () => {
    const doc = (await client(app.url).get('/docs/openapi.json')).body;
    const tested = new Set(
      ROUTES.map(
        (r) => `${r.method.toUpperCase()} ${r.path.split('?')[0].replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}`,
      ),
    );
    expect(Object.keys(doc.paths).length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, { security?: unknown[] }>>(doc.paths)) {
      if (path.startsWith('/health') || path.startsWith('/docs') || path === '/metrics') continue;
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{id}')}`;
        if (!tested.has(key)) missing.push(key);
        expect({ key, security: op.security }).toEqual({ key, security: [{ bearer: [] }] });
      }
    }
    expect(missing).toEqual([]);
  });

  it('health and docs need no key', async () => {
    const anon = client(app.url);
    expect((await anon.get('/health/live')).status).toBe(200);
    const ready = await anon.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
    const doc = await anon.get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect((await anon.get('/docs')).status).toBe(200);
  });
});

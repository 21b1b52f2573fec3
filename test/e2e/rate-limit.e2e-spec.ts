import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { client } from '../helpers/http';

describe('rate limits (e2e)', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    // Two API replicas on the same Redis and prefix, as behind a load balancer.
    const shared = {
      ROLE: 'api',
      QUEUE_PREFIX: `rl${randomBytes(3).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '6',
      RATE_LIMIT_INTAKE_PER_MINUTE: '4',
    };
    a = await startTestApp(shared);
    b = await startTestApp(shared);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('answers 429 problem+json with Retry-After after the burst, the budget shared by two API instances', async () => {
    const org = await newOrg(a);
    const k = await org.newKey('checker');
    const onA = client(a.url, k.key);
    const onB = client(b.url, k.key);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await onA.get('/v1/me')).status, (await onB.get('/v1/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const limited = await onB.get('/v1/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await onA.get('/v1/me')).status).toBe(429);
    // another key has its own budget
    const other = await org.newKey('checker');
    expect((await client(a.url, other.key).get('/v1/me')).status).toBe(200);
  });

  it('limits intake per claim: a batch spends one point per claim', async () => {
    const org = await newOrg(a);
    const nr = await org.newKey('newsroom');
    const batch = await client(a.url, nr.key).post('/v1/claims/batch', {
      claims: [
        { text: 'first claim of a flood' },
        { text: 'second claim of a flood' },
        { text: 'third claim of a flood' },
      ],
    });
    expect(batch.status).toBe(202);
    expect((await client(b.url, nr.key).post('/v1/claims', { text: 'fourth claim of a flood' })).status).toBe(202);
    const refused = await client(a.url, nr.key).post('/v1/claims', { text: 'fifth claim of a flood' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    const stored = await a.ds.query(`SELECT count(*)::int AS n FROM claims WHERE organization_id = $1`, [
      org.organizationId,
    ]);
    expect(stored[0].n).toBe(4);
  });
});

import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { client, Res } from '../helpers/http';

/** An article of `n` check-worthy sentences, each a distinct claim. */
const article = (n: number, seed: string) =>
  Array.from(
    { length: n },
    (_, i) => `Le chômage a baissé de ${i + 2} points en ${2000 + i} dans la région ${seed}, selon l'Insee.`,
  ).join(' ');

function expectRateLimited(res: Res) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
}

describe('intake budgets and authentication failures (e2e)', () => {
  let app: TestApp;
  const claimsOf = async (organizationId: string) =>
    (await app.ds.query(`SELECT count(*)::int AS n FROM claims WHERE organization_id = $1`, [organizationId]))[0]
      .n as number;

  beforeAll(async () => {
    app = await startTestApp({
      ROLE: 'api',
      RATE_LIMIT_PER_MINUTE: '1000',
      RATE_LIMIT_INTAKE_PER_MINUTE: '6',
      RATE_LIMIT_ORG_INTAKE_PER_MINUTE: '9',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '5',
      TRUST_PROXY: '127.0.0.1',
    });
  });
  afterAll(() => app.close());

  it('charges an extraction with submit: true one intake point per claim it creates, refusing one larger than the budget left', async () => {
    const org = await newOrg(app);
    const nr = await org.newKey('newsroom');
    // 8 claims against a budget of 6: refused whole, nothing stored.
    const tooBig = await nr.api.post('/v1/extractions', { text: article(8, 'nord'), submit: true });
    expectRateLimited(tooBig);
    expect(await claimsOf(org.organizationId)).toBe(0);

    const other = await org.newKey('newsroom');
    const four = await other.api.post('/v1/extractions', { text: article(4, 'sud'), submit: true });
    expect(four.status).toBe(202);
    expect(four.body.submitted).toBe(4);
    // 4 of 6 spent: a batch of 3 is refused, one of 2 fits.
    expectRateLimited(
      await other.api.post('/v1/claims/batch', {
        claims: [{ text: 'claim one of three' }, { text: 'claim two of three' }, { text: 'claim three of three' }],
      }),
    );
    expect(
      (
        await other.api.post('/v1/claims/batch', {
          claims: [{ text: 'claim one of two' }, { text: 'claim two of two' }],
        })
      ).status,
    ).toBe(202);
    expect(await claimsOf(org.organizationId)).toBe(6);
  });

  it('gives an organization an intake budget of its own, beside each key', async () => {
    const org = await newOrg(app);
    const first = await org.newKey('newsroom');
    const second = await org.newKey('newsroom');
    const batch = (n: number, tag: string) => ({
      claims: Array.from({ length: n }, (_, i) => ({ text: `organization budget claim ${tag} number ${i}` })),
    });
    expect((await first.api.post('/v1/claims/batch', batch(6, 'a'))).status).toBe(202);
    // The second key has 6 of its own, but the organization only 3 left of 9.
    const refused = await second.api.post('/v1/claims/batch', batch(4, 'b'));
    expectRateLimited(refused);
    expect(refused.body.detail).toMatch(/organization/);
    expect((await second.api.post('/v1/claims/batch', batch(3, 'c'))).status).toBe(202);
    expect(await claimsOf(org.organizationId)).toBe(9);
    // Another organization is not charged for it.
    const elsewhere = await (await newOrg(app)).newKey('newsroom');
    expect((await elsewhere.api.post('/v1/claims/batch', batch(6, 'd'))).status).toBe(202);
  });

  it('limits requests with missing or invalid keys per client address; a valid key from that address still works', async () => {
    const org = await newOrg(app);
    const valid = await org.newKey('checker');
    // Each test request names its client address (TRUST_PROXY names the loopback proxy, so X-Forwarded-For is believed).
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const anonymous = client(app.url);
    const bogus = client(app.url, 'cbk_this-key-does-not-exist-0000000000000000000');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await bogus.get('/v1/claims', from('203.0.113.7'))).status);
    for (let i = 0; i < 2; i++)
      statuses.push((await anonymous.get('/v1/claims', { ...from('203.0.113.7'), authorization: 'Basic abc' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await bogus.get('/v1/claims', from('203.0.113.7'));
    expectRateLimited(limited);
    expectRateLimited(await anonymous.get('/v1/me', from('203.0.113.7')));
    // A valid key from the same address is neither counted nor refused.
    for (let i = 0; i < 3; i++)
      expect((await client(app.url, valid.key).get('/v1/me', from('203.0.113.7'))).status).toBe(200);
    // Another address has its own budget.
    expect((await bogus.get('/v1/claims', from('203.0.113.8'))).status).toBe(401);
  });
});

describe('client addresses without a trusted proxy (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'api', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3' })));
  afterAll(() => app.close());

  it('ignores X-Forwarded-For by default, so a flood cannot dodge the per-address limit by naming new addresses', async () => {
    const bogus = client(app.url, 'cbk_this-key-does-not-exist-0000000000000000000');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await bogus.get('/v1/claims', { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

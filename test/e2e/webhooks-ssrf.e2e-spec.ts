import { newOrg, OrgCtx } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';

// Subscription-time checks with private networks NOT allowed (production). Connection-time checks and
// hostnames resolving to each class are in src/platform/http/safe-http.spec.ts (same client, fixed DNS answers).
describe('webhook URLs are refused when they would reach a non-public address (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api', ALLOW_PRIVATE_NETWORKS: 'false' });
    org = await newOrg(app);
  });
  afterAll(() => app.close());

  it.each([
    ['http instead of https', 'http://93.184.216.34/hook'],
    ['loopback', 'https://127.0.0.1/hook'],
    ['loopback name', 'https://localhost/hook'],
    ['private 10/8', 'https://10.1.2.3/hook'],
    ['private 172.16/12', 'https://172.20.0.1/hook'],
    ['private 192.168/16', 'https://192.168.1.10/hook'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data'],
    ['link-local IPv6', 'https://[fe80::1]/hook'],
    ['CGNAT 100.64/10', 'https://100.64.0.1/hook'],
    ['unique-local fc00::/7', 'https://[fd12:3456::1]/hook'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hook'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['IPv4-compatible IPv6 loopback', 'https://[::127.0.0.1]/hook'],
    ['IPv4-compatible IPv6 of a public address (the whole deprecated ::/96)', 'https://[::93.184.216.34]/hook'],
    ['NAT64 of loopback', 'https://[64:ff9b::127.0.0.1]/hook'],
    ['6to4', 'https://[2002:7f00:1::1]/hook'],
    ['Teredo', 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook'],
    ['site-local fec0::/10 (deprecated)', 'https://[fec0::1]/hook'],
    ['documentation 2001:db8::/32', 'https://[2001:db8::1]/hook'],
    ['0.0.0.0', 'https://0.0.0.0/hook'],
    ['multicast', 'https://224.0.0.251/hook'],
    ['reserved', 'https://240.0.0.1/hook'],
    ['single-label host', 'https://intranet/hook'],
  ])('refuses %s (%s) with 400', async (_what, url) => {
    const nr = await org.newKey('newsroom');
    const res = await nr.api.post('/v1/webhooks', { url, events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'url' })]);
    const count = await app.ds.query(
      `SELECT count(*)::int AS n FROM webhook_subscriptions WHERE organization_id = $1 AND url = $2`,
      [org.organizationId, url],
    );
    expect(count[0].n).toBe(0);
  });

  it('says why an IPv4-compatible address is refused, in a problem+json', async () => {
    const nr = await org.newKey('newsroom');
    const res = await fetch(app.url + '/v1/webhooks', {
      method: 'POST',
      headers: { authorization: `Bearer ${nr.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://[::127.0.0.1]/', events: ['*'] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { detail: string; errors: { path: string; message: string }[] };
    expect(body.detail).toContain('IPv4-compatible');
    expect(body.errors).toEqual([{ path: 'url', message: expect.stringContaining('IPv4-compatible') }]);
  });

  it('accepts a public https address, and checks a new URL again on PATCH', async () => {
    const nr = await org.newKey('newsroom');
    const ok = await nr.api.post('/v1/webhooks', { url: 'https://93.184.216.34/hook', events: ['verdict.published'] });
    expect(ok.status).toBe(201);
    const bad = await nr.api.patch(`/v1/webhooks/${ok.body.id}`, { url: 'https://10.0.0.1/hook' });
    expect(bad.status).toBe(400);
    expect((await nr.api.get(`/v1/webhooks/${ok.body.id}`)).body.url).toBe('https://93.184.216.34/hook');
  });
});

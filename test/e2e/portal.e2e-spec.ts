import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES } from '../../src/platform/queue/queue-names';
import { startTestApp, type TestApp } from '../helpers/app';
import { newOrg, type OrgCtx } from '../helpers/factories';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

const FORM = 'application/x-www-form-urlencoded';
const PASSWORD = 'correct horse battery staple';

jest.setTimeout(120_000);

/**
 * The newsroom portal over plain HTTP (docs/portal.md): portal links (single use, expiry,
 * revocation, read-only), the newsroom isolation of a portal session, and the REST routes the
 * portal uses: recover (bounds, idempotency, another newsroom's id), stats, secret, delivery detail.
 */
describe('newsroom portal (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;
  let other: OrgCtx;
  let receiver: WebhookReceiver;
  let failing = true;

  beforeAll(async () => {
    app = await startTestApp({ ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE: '0.2' });
    org = await newOrg(app);
    other = await newOrg(app);
    receiver = await new WebhookReceiver(() =>
      failing ? { status: 503, body: 'maintenance: back soon' } : { status: 204 },
    ).start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await app?.close();
  });

  const form = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': FORM, ...headers },
      body: new URLSearchParams(body).toString(),
    });
  const page = (path: string, cookie: string) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', headers: { cookie } });
  const csrfOf = (html: string) => /"X-CSRF-Token": "([^"]+)"/.exec(html)![1];

  async function editorSession(o: OrgCtx) {
    const email = `editor-${randomBytes(4).toString('hex')}@example.org`;
    await o.newPerson({ email, displayName: 'Eve Editor', role: 'editor', language: 'en', password: PASSWORD });
    const res = await form('/console/sign-in', { email, password: PASSWORD, next: '/console/portal-links' });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const csrf = csrfOf(await (await page('/console/portal-links', cookie)).text());
    return { cookie, csrf };
  }

  async function issueLink(
    editor: { cookie: string; csrf: string },
    newsroomId: string,
    extra: Record<string, string> = {},
  ): Promise<string> {
    const res = await form(
      '/console/portal-links',
      { _csrf: editor.csrf, newsroomId, label: 'CMS team', expiresInMinutes: '60', language: 'en', ...extra },
      { cookie: editor.cookie },
    );
    const html = await res.text();
    expect(res.status).toBe(201);
    return /id="issued-link" class="link-box" readonly value="([^"]+)"/.exec(html)![1];
  }

  /** Opens a portal link: the page, then its button; returns the session cookie and CSRF token. */
  async function enter(url: string) {
    const path = new URL(url).pathname;
    expect((await fetch(`${app.url}${path}`)).status).toBe(200);
    const res = await form(path, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/portal/endpoints');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const html = await (await page('/console/portal/endpoints', cookie)).text();
    return { cookie, csrf: csrfOf(html), html };
  }

  it('a portal link works once, expires, can be revoked; its session sees only its newsroom', async () => {
    const editor = await editorSession(org);
    const mine = await org.newNewsroom('Le Quotidien');
    const theirs = await org.newKey('newsroom');
    const theirHook = await theirs.api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    expect(theirHook.status).toBe(201);
    const foreignHook = await other.admin.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    const theirClaim = await org.newClaim({
      newsroomId: theirs.newsroomId,
      text: 'Secret claim of another newsroom',
      language: 'en',
      status: 'received',
    });

    const url = await issueLink(editor, mine);
    const s = await enter(url);
    // Used: refused the second time (page 404, post 409), and no second session.
    const path = new URL(url).pathname;
    expect((await fetch(`${app.url}${path}`)).status).toBe(404);
    const again = await form(path, {});
    expect(again.status).toBe(409);
    expect(again.headers.get('set-cookie')).toBeNull();

    // The session is the newsroom's: another newsroom's endpoint, events and claims are 404, console screens 403.
    expect((await page(`/console/portal/endpoints/${theirHook.body.id}`, s.cookie)).status).toBe(404);
    expect((await page(`/console/portal/endpoints/${foreignHook.body.id}`, s.cookie)).status).toBe(404);
    expect((await page(`/console/portal/claims/${theirClaim.id}`, s.cookie)).status).toBe(404);
    expect((await page(`/v1/webhooks/${theirHook.body.id}`, s.cookie)).status).toBe(404);
    expect((await page(`/v1/webhooks/${theirHook.body.id}/deliveries`, s.cookie)).status).toBe(404);
    for (const screen of ['/console/queue', '/console/portal-links', '/console/admin/people', '/console/archive'])
      expect({ screen, status: (await page(screen, s.cookie)).status }).toEqual({ screen, status: 403 });
    const me = (await (await page('/v1/me', s.cookie)).json()) as { role: string; newsroomId: string };
    expect({ role: me.role, newsroomId: me.newsroomId }).toEqual({ role: 'newsroom', newsroomId: mine });

    // An endpoint made in the portal belongs to the link's newsroom.
    const created = await form(
      '/console/portal/endpoints',
      { _csrf: s.csrf, url: receiver.url, description: 'CMS', events: 'webhook.ping', headers: 'X-Cms-Token: abc' },
      { cookie: s.cookie },
    );
    expect(created.status).toBe(201);
    const [row] = await app.ds.query(
      `SELECT newsroom_id, headers FROM webhook_subscriptions WHERE organization_id = $1 AND description = 'CMS'`,
      [org.organizationId],
    );
    expect(row).toEqual({ newsroom_id: mine, headers: { 'x-cms-token': 'abc' } });
    // Reserved headers and SSRF refusals are shown with their reason.
    const reserved = await form(
      '/console/portal/endpoints',
      { _csrf: s.csrf, url: receiver.url, headers: 'webhook-id: forged' },
      { cookie: s.cookie },
    );
    expect(reserved.status).toBe(400);
    expect(await reserved.text()).toContain('is set by the service and cannot be overridden');

    // Revoked: the session it opened ends at once.
    const [link] = await app.ds.query(`SELECT id FROM portal_links WHERE newsroom_id = $1`, [mine]);
    const revoke = await form(
      `/console/portal-links/${link.id}/revoke`,
      { _csrf: editor.csrf },
      { cookie: editor.cookie },
    );
    expect(revoke.status).toBe(200);
    expect((await page('/v1/me', s.cookie)).status).toBe(401);

    // Expired before use: refused; revoked before use: refused.
    const late = await issueLink(editor, mine);
    await app.ds.query(`UPDATE portal_links SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    expect((await form(new URL(late).pathname, {})).status).toBe(409);
    const revokedFirst = await issueLink(editor, mine);
    const [fresh] = await app.ds.query(`SELECT id FROM portal_links WHERE used_at IS NULL AND expires_at > now()`);
    await form(`/console/portal-links/${fresh.id}/revoke`, { _csrf: editor.csrf }, { cookie: editor.cookie });
    expect((await form(new URL(revokedFirst).pathname, {})).status).toBe(409);

    // Another organization's editor cannot revoke this organization's link.
    const foreignEditor = await editorSession(other);
    const cross = await form(
      `/console/portal-links/${link.id}/revoke`,
      { _csrf: foreignEditor.csrf },
      { cookie: foreignEditor.cookie },
    );
    expect(cross.status).toBe(404);
  });

  it('newsroom people: an admin invites one with their newsroom; they sign in to the portal and see only that newsroom', async () => {
    const email = `admin-${randomBytes(4).toString('hex')}@example.org`;
    await org.newPerson({ email, displayName: 'Ada Admin', role: 'admin', language: 'en', password: PASSWORD });
    const signedIn = await form('/console/sign-in', { email, password: PASSWORD, next: '/console/admin/people' });
    const admin = signedIn.headers.get('set-cookie')!.split(';')[0];
    const csrf = csrfOf(await (await page('/console/admin/people', admin)).text());
    const mine = await org.newNewsroom('La Voix du Nord');
    const theirs = await org.newKey('newsroom');
    const theirHook = await theirs.api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    const engineer = `cms-${randomBytes(4).toString('hex')}@example.org`;
    const invite = (extra: Record<string, string>) =>
      form(
        '/console/admin/people',
        { _csrf: csrf, email: engineer, displayName: 'Jeanne CMS', role: 'newsroom', language: 'fr', ...extra },
        { cookie: admin },
      );
    // A newsroom person needs a newsroom of the organization; a desk person cannot have one.
    const without = await invite({ newsroomId: '' });
    expect(without.status).toBe(400);
    expect(await without.text()).toContain('choose the newsroom of a newsroom person');
    const foreign = await other.newNewsroom('Not ours');
    expect((await invite({ newsroomId: foreign })).status).toBe(400);
    expect((await invite({ role: 'checker', newsroomId: mine })).status).toBe(400);
    const invited = await invite({ newsroomId: mine });
    expect(invited.status).toBe(201);
    const link = /id="issued-link" class="link-box" readonly value="([^"]+)"/.exec(await invited.text())![1];
    const set = await form(new URL(link).pathname, { password: PASSWORD });
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toBe('/console/portal/endpoints');
    // Signing in later also lands in the portal, whatever page was asked for at the desk.
    const back = await form('/console/sign-in', { email: engineer, password: PASSWORD, next: '/console/queue' });
    expect(back.headers.get('location')).toBe('/console/portal/endpoints');
    const cookie = back.headers.get('set-cookie')!.split(';')[0];
    const me = await (await fetch(`${app.url}/v1/me`, { headers: { cookie } })).json();
    expect(me).toEqual(expect.objectContaining({ role: 'newsroom', newsroomId: mine }));
    expect((await page(`/console/portal/endpoints/${theirHook.body.id}`, cookie)).status).toBe(404);
    expect((await fetch(`${app.url}/v1/webhooks/${theirHook.body.id}`, { headers: { cookie } })).status).toBe(404);
    expect((await page('/console/queue', cookie)).status).toBe(403);
    expect((await page('/console/portal/endpoints', cookie)).status).toBe(200);
    // Their role is not changed into a desk role (nor a desk person's into newsroom).
    const [{ id }] = await app.ds.query(`SELECT id FROM people WHERE email = $1`, [engineer]);
    expect(
      (await form(`/console/admin/people/${id}/role`, { _csrf: csrf, role: 'editor' }, { cookie: admin })).status,
    ).toBe(400);
  });

  it('a read-only link can look but not change anything', async () => {
    const editor = await editorSession(org);
    const key = await org.newKey('newsroom');
    const hook = await key.api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    const s = await enter(await issueLink(editor, key.newsroomId!, { readOnly: 'true' }));
    expect(s.html).toContain(hook.body.url);
    expect((await page(`/console/portal/endpoints/${hook.body.id}`, s.cookie)).status).toBe(200);
    const attempts = [
      ['/console/portal/endpoints', { url: receiver.url }],
      [`/console/portal/endpoints/${hook.body.id}/status`, { status: 'paused' }],
      [`/console/portal/endpoints/${hook.body.id}/rotate`, {}],
      [`/console/portal/endpoints/${hook.body.id}/secret`, { confirm: 'yes' }],
      [`/console/portal/endpoints/${hook.body.id}/delete`, { confirm: 'yes' }],
      [`/console/portal/endpoints/${hook.body.id}/test`, { type: 'webhook.ping' }],
      ['/console/portal/claims', { text: 'Le chômage a baissé de 3 % en 2025' }],
    ] as const;
    for (const [path, body] of attempts)
      expect({ path, status: (await form(path, { _csrf: s.csrf, ...body }, { cookie: s.cookie })).status }).toEqual({
        path,
        status: 403,
      });
    const rest = await fetch(`${app.url}/v1/webhooks/${hook.body.id}`, {
      method: 'PATCH',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'paused' }),
    });
    expect(rest.status).toBe(403);
    const [after] = await app.ds.query(`SELECT status FROM webhook_subscriptions WHERE id = $1`, [hook.body.id]);
    expect(after.status).toBe('active');
    expect((await form('/console/sign-out', { _csrf: s.csrf }, { cookie: s.cookie })).status).toBe(303);
  });

  it('POST /v1/webhooks/:id/recover resends failed deliveries once, within bounds; another newsroom gets 404', async () => {
    failing = true;
    const nr = await org.newKey('newsroom');
    const hook = await nr.api.post('/v1/webhooks', { url: receiver.url, events: ['*'], headers: { 'x-cms': 'one' } });
    const id = hook.body.id as string;
    for (let i = 0; i < 3; i++) expect((await nr.api.post(`/v1/webhooks/${id}/ping`)).status).toBe(202);
    await waitFor(
      'three failed deliveries',
      async () => (await nr.api.get(`/v1/webhooks/${id}/deliveries?status=failed`)).body.data.length === 3,
      20_000,
    );
    const [failed] = (await nr.api.get(`/v1/webhooks/${id}/deliveries?status=failed`)).body.data;
    const detail = await nr.api.get(`/v1/webhooks/${id}/deliveries/${failed.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503]);
    expect(detail.body.attempts[0].responseBody).toBe('maintenance: back soon');
    expect(detail.body.attempts[0].requestHeaders).toMatchObject({ 'x-cms': 'one', 'webhook-id': failed.eventId });
    expect(detail.body.payload.type).toBe('webhook.ping');
    const stats = await nr.api.get(`/v1/webhooks/${id}/stats`);
    expect(stats.body.last24h).toMatchObject({ attempts: 6, succeeded: 0, failed: 6, successRate: 0 });
    expect(stats.body.failingStreak).toBe(6);

    // Bounds: since is required, not in the future, at most 14 days ago.
    expect((await nr.api.post(`/v1/webhooks/${id}/recover`, {})).status).toBe(400);
    expect((await nr.api.post(`/v1/webhooks/${id}/recover`, { since: new Date(Date.now() + 60_000) })).status).toBe(
      400,
    );
    expect(
      (await nr.api.post(`/v1/webhooks/${id}/recover`, { since: new Date(Date.now() - 15 * 86400_000) })).status,
    ).toBe(400);
    // Another newsroom's key, another organization's: 404.
    const since = new Date(Date.now() - 3600_000).toISOString();
    expect((await (await org.newKey('newsroom')).api.post(`/v1/webhooks/${id}/recover`, { since })).status).toBe(404);
    expect((await other.admin.post(`/v1/webhooks/${id}/recover`, { since })).status).toBe(404);

    failing = false;
    const statuses = await app.ds.query(
      `SELECT status, generation FROM webhook_deliveries WHERE subscription_id = $1`,
      [id],
    );
    expect(statuses.map((d: { status: string }) => d.status)).toEqual(['failed', 'failed', 'failed']);
    const first = await nr.api.post(`/v1/webhooks/${id}/recover`, { since });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ recovered: 3, remaining: 0, since });
    const second = await nr.api.post(`/v1/webhooks/${id}/recover`, { since });
    expect(second.body.recovered).toBe(0);
    await waitFor(
      'recovered deliveries',
      async () => (await nr.api.get(`/v1/webhooks/${id}/deliveries?status=succeeded`)).body.data.length === 3,
      20_000,
    );
    const acked = receiver.requests.filter((r) => r.headers['x-cms'] === 'one').slice(-3);
    expect(new Set(acked.map((r) => r.headers['webhook-id'])).size).toBe(3);
    const third = await nr.api.post(`/v1/webhooks/${id}/recover`, { since });
    expect(third.body.recovered).toBe(0);
    expect(receiver.requests.filter((r) => r.headers['x-cms'] === 'one')).toHaveLength(9);
  });

  it('recover takes at most 500 deliveries per call and says how many are left', async () => {
    failing = false;
    const nr = await org.newKey('newsroom');
    const hook = await nr.api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    await org.newDeliveries(hook.body.id, 501, { status: 'failed', attemptCount: 12 });
    const since = new Date(Date.now() - 3600_000).toISOString();
    const first = await nr.api.post(`/v1/webhooks/${hook.body.id}/recover`, { since });
    expect(first.body).toEqual({ recovered: 500, remaining: 1, since });
    const second = await nr.api.post(`/v1/webhooks/${hook.body.id}/recover`, { since });
    expect(second.body).toEqual({ recovered: 1, remaining: 0, since });
  });

  it('the event catalog shows every type the service sends, each example valid against the schema shown beside it', async () => {
    const editor = await editorSession(org);
    const nr = await org.newNewsroom('Catalogue');
    const s = await enter(await issueLink(editor, nr));
    const html = await (await page('/console/portal/catalog', s.cookie)).text();
    const unescape = (x: string) =>
      x
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const shown = [...html.matchAll(/<section class="card event-type" id="([^"]+)"[\s\S]*?<\/section>/g)].map((m) => ({
      type: m[1],
      schema: JSON.parse(unescape(/<pre class="snippet schema"[^>]*>([\s\S]*?)<\/pre>/.exec(m[0])![1])),
      example: JSON.parse(unescape(/<pre class="snippet example"[^>]*>([\s\S]*?)<\/pre>/.exec(m[0])![1])),
    }));
    // Every event type the service sends is in the catalog (a new type without its entry fails here).
    expect(shown.map((e) => e.type).sort()).toEqual([...EVENT_TYPES].sort());
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const e of shown) {
      expect(e.example).toEqual(expect.objectContaining({ type: e.type }));
      const validate = ajv.compile(e.schema);
      expect({ type: e.type, valid: validate(e.example), errors: validate.errors ?? null }).toEqual({
        type: e.type,
        valid: true,
        errors: null,
      });
    }
    // And the check can fail: an example missing a required field is refused by the schema shown.
    const first = shown[0];
    const { type: _t, ...withoutType } = first.example;
    expect(ajv.compile(first.schema)(withoutType)).toBe(false);
  });

  it('test events of every catalog type, secret on demand, rotation overlap verifying with both secrets', async () => {
    failing = false;
    const nr = await org.newKey('newsroom');
    const receiver = await new WebhookReceiver().start();
    const hook = await nr.api.post('/v1/webhooks', { url: receiver.url, events: ['*'] });
    const id = hook.body.id as string;
    const before = receiver.requests.length;
    for (const type of EVENT_TYPES)
      expect({ type, status: (await nr.api.post(`/v1/webhooks/${id}/ping?type=${type}`)).status }).toEqual({
        type,
        status: 202,
      });
    await waitFor('test events', () => receiver.requests.length >= before + EVENT_TYPES.length, 20_000);
    const got = receiver.requests.slice(before).map((r) => JSON.parse(r.body).type);
    expect(got.sort()).toEqual([...EVENT_TYPES].sort());

    const oldSecret = (await nr.api.get(`/v1/webhooks/${id}/secret`)).body.secret as string;
    expect(oldSecret).toBe(hook.body.secret);
    const rotated = await nr.api.post(`/v1/webhooks/${id}/rotate-secret`);
    const shown = await nr.api.get(`/v1/webhooks/${id}/secret`);
    expect(shown.body).toEqual({
      secret: rotated.body.secret,
      previousSecret: oldSecret,
      previousSecretExpiresAt: rotated.body.previousSecretExpiresAt,
    });
    const n = receiver.requests.length;
    await nr.api.post(`/v1/webhooks/${id}/ping`);
    await waitFor('ping after rotation', () => receiver.requests.length > n, 20_000);
    const r = receiver.requests[n];
    for (const secret of [oldSecret, rotated.body.secret])
      expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    await receiver.stop();
  });
});

import { randomBytes } from 'node:crypto';
import { runCli } from '../../src/cli/cli';
import { FIRST_ADMIN_EMAIL, firstAdminSignIn } from '../../src/people/first-admin';
import type { Role } from '../../src/platform/tenancy/role';
import { startTestApp, type TestApp } from '../helpers/app';
import { newOrg, type OrgCtx } from '../helpers/factories';

const PASSWORD = 'correct horse battery staple';
const FORM = 'application/x-www-form-urlencoded';

/** Sessions and people over plain HTTP (no browser): cookies, CSRF, expiry, the first admin, the CLI. */
describe('console sessions (HTTP)', () => {
  let app: TestApp;
  let org: OrgCtx;
  const bootstrapKey = `bk_${randomBytes(24).toString('base64url')}`;

  beforeAll(async () => {
    app = await startTestApp({ BOOTSTRAP_ADMIN_KEY: bootstrapKey, TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '30' });
    org = await newOrg(app);
  });
  afterAll(() => app?.close());

  const post = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': FORM, origin: app.url, ...headers },
      body: new URLSearchParams(body).toString(),
    });

  async function person(email: string, role: Role = 'checker') {
    return (await org.newPerson({ email, displayName: 'Pat', role, language: 'en', password: PASSWORD })).id;
  }

  /** Signs in; returns the cookie to send back and the page's CSRF token. */
  async function signIn(email: string, headers: Record<string, string> = {}) {
    const res = await post('/console/sign-in', { email, password: PASSWORD, next: '/console/queue' }, headers);
    expect(res.status).toBe(303);
    const setCookie = res.headers.get('set-cookie')!;
    const cookie = setCookie.split(';')[0];
    const page = await (await fetch(`${app.url}/console/queue`, { headers: { cookie } })).text();
    const csrf = /"X-CSRF-Token": "([^"]+)"/.exec(page)![1];
    return { cookie, setCookie, csrf };
  }

  it('npm start makes the first admin person: an invitation link while it has no password, then the email to sign in with', async () => {
    const first = await firstAdminSignIn(app.ds, bootstrapKey, app.url, 168);
    const link = /at (http\S+\/console\/invitation\/\S+)/.exec(first.join('\n'))![1];
    expect(first[0]).toBe(`  Console:   ${app.url}/console`);
    // Each start prints a new link; the previous one stops working.
    const second = await firstAdminSignIn(app.ds, bootstrapKey, app.url, 168);
    const link2 = /at (http\S+\/console\/invitation\/\S+)/.exec(second.join('\n'))![1];
    expect((await fetch(link)).status).toBe(404);
    expect((await fetch(link2)).status).toBe(200);
    const set = await post(new URL(link2).pathname, { password: PASSWORD });
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toMatch(/^\/console\/queue/);
    expect((await post(new URL(link2).pathname, { password: PASSWORD })).status).toBe(409); // single use
    expect(await firstAdminSignIn(app.ds, bootstrapKey, app.url, 168)).toEqual([
      `  Console:   ${app.url}/console`,
      `  Sign in:   as ${FIRST_ADMIN_EMAIL} (admins invite the others under People)`,
    ]);
    // The admin is in the bootstrap key's organization.
    const [row] = await app.ds.query(
      `SELECT p.role FROM people p JOIN api_keys k ON k.organization_id = p.organization_id WHERE p.email = $1 AND k.key_hash IS NOT NULL LIMIT 1`,
      [FIRST_ADMIN_EMAIL],
    );
    expect(row.role).toBe('admin');
  });

  it('sets an HttpOnly SameSite=Lax cookie, Secure over HTTPS, with a new id at every sign-in; the password never comes back', async () => {
    const email = `cookie-${randomBytes(3).toString('hex')}@example.org`;
    await person(email);
    const plain = await signIn(email);
    expect(plain.setCookie).toMatch(/^corroborate_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const https = await signIn(email, { 'x-forwarded-proto': 'https', origin: app.url.replace('http:', 'https:') });
    expect(https.setCookie).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    expect(https.cookie).not.toBe(plain.cookie);
    const [{ n }] = await app.ds.query(
      `SELECT count(*)::int AS n FROM sessions s JOIN people p ON p.id = s.person_id WHERE p.email = $1`,
      [email],
    );
    expect(n).toBe(2);
    const me = await fetch(`${app.url}/v1/me`, { headers: { cookie: plain.cookie } });
    expect(JSON.stringify(await me.json())).not.toMatch(/scrypt|password/i);
  });

  it('REST calls made with a session are the person’s, and state-changing ones need the CSRF token and the same origin', async () => {
    const email = `rest-${randomBytes(3).toString('hex')}@example.org`;
    const id = await person(email);
    const s = await signIn(email);
    const me = await fetch(`${app.url}/v1/me`, { headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ keyId: id, role: 'checker', organizationId: org.organizationId });
    const next = (headers: Record<string, string>) =>
      fetch(`${app.url}/v1/tasks/next`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    const noToken = await next({});
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { detail: string }).detail).toMatch(/CSRF/);
    expect((await next({ 'x-csrf-token': s.csrf, origin: 'https://evil.example' })).status).toBe(403);
    expect((await next({ 'x-csrf-token': s.csrf, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await next({ 'x-csrf-token': s.csrf, origin: app.url })).status).toBe(204);
    // A form body is for the console only: the API stays JSON.
    const form = await fetch(`${app.url}/v1/tasks/next`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': FORM, 'x-csrf-token': s.csrf },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
  });

  it('ends sessions: sign-out, idle timeout, absolute expiry; the console sends them to sign-in and back', async () => {
    const email = `end-${randomBytes(3).toString('hex')}@example.org`;
    await person(email);
    const out = await signIn(email);
    expect((await post('/console/sign-out', { _csrf: out.csrf }, { cookie: out.cookie })).status).toBe(303);
    expect((await fetch(`${app.url}/v1/me`, { headers: { cookie: out.cookie } })).status).toBe(401);

    const idle = await signIn(email);
    await app.ds.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE revoked_at IS NULL`);
    const page = await fetch(`${app.url}/console/queue?kind=check`, {
      headers: { cookie: idle.cookie },
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(
      `/console/sign-in?next=${encodeURIComponent('/console/queue?kind=check')}&ended=1`,
    );
    // The queue's own refresh (htmx) is told where to go with HX-Redirect: back to the page it was on.
    const idle2 = await signIn(email);
    await app.ds.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE revoked_at IS NULL`);
    const fragment = await fetch(`${app.url}/console/queue/rows?kind=check`, {
      headers: { cookie: idle2.cookie, 'hx-request': 'true', referer: `${app.url}/console/queue?kind=check` },
      redirect: 'manual',
    });
    expect(fragment.status).toBe(401);
    expect(fragment.headers.get('hx-redirect')).toBe(
      `/console/sign-in?next=${encodeURIComponent('/console/queue?kind=check')}&ended=1`,
    );

    const old = await signIn(email);
    await app.ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL`);
    expect((await fetch(`${app.url}/v1/me`, { headers: { cookie: old.cookie } })).status).toBe(401);
    // Back after signing in again: only to a console path of this site (no open redirect).
    const back = await post('/console/sign-in', { email, password: PASSWORD, next: '//evil.example/console/x' });
    expect(back.headers.get('location')).toBe('/console/queue');
  });

  it('npm run cli -- create-person prints an invitation link; bad input is a clear message', async () => {
    const email = `cli-${randomBytes(3).toString('hex')}@example.org`;
    const out = await runCli(
      [
        'create-person',
        '--organization',
        org.organizationId,
        '--email',
        email,
        '--name',
        'Camille',
        '--base-url',
        app.url,
      ],
      process.env.DATABASE_URL!,
    );
    const link = /Invitation \(single use, until [^)]+\): (\S+)/.exec(out)![1];
    expect(out).toContain(`Person: Camille <${email}> (admin,`);
    expect((await fetch(link)).status).toBe(200);
    await expect(
      runCli(
        ['create-person', '--organization', org.organizationId, '--email', 'nope', '--name', 'X'],
        process.env.DATABASE_URL!,
      ),
    ).rejects.toThrow(/--email: email must be an address/);
    await expect(
      runCli(
        ['create-person', '--organization', org.organizationId, '--email', email, '--name', 'X'],
        process.env.DATABASE_URL!,
      ),
    ).rejects.toThrow(/already has an account/);
  });
});

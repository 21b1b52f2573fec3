import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { launchChromium } from '../helpers/browser';
import { newOrg, type OrgCtx } from '../helpers/factories';
import { startOidcProvider, type TestIdentityProvider } from '../helpers/oidc-provider';
import { waitFor } from '../helpers/wait';

const SHOTS = join(__dirname, '..', '..', 'docs', 'console');
const PASSWORD = 'correct horse battery staple';
const CLIENT = { clientId: 'corroborate-desk', clientSecret: 'a-client-secret-of-the-desk-at-its-provider' };
const ALICE = { email: 'alice@lequotidien.test', password: 'alice-at-the-idp', name: 'Alice Vérificatrice' };
const BOB = { email: 'bob@partner.test', password: 'bob-at-the-idp', name: 'Bob Editor' };
const MALLORY = { email: 'mallory@elsewhere.test', password: 'mallory-at-the-idp', name: 'Mallory' };

jest.setTimeout(180_000);

/**
 * Single sign-on in Chromium, against a real OpenID provider run by the test (oidc-provider):
 * an admin configures it in the settings page; a person of the organization's domain joins through
 * it (PKCE S256, state and nonce); a wrong state, a replayed callback, a replayed code, an ID token
 * for another audience and an unknown domain are each refused with a clear page; an invited person
 * keeps the invitation's role; a person removed from the provider's directory cannot sign in again;
 * password sign-in turned off refuses people's passwords (not the admin's).
 */
describe('single sign-on with the desk identity provider (browser)', () => {
  let app: TestApp;
  let idp: TestIdentityProvider;
  let browser: Browser;
  let org: OrgCtx;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ALLOW_PRIVATE_NETWORKS: 'true' });
    idp = await startOidcProvider({ ...CLIENT, redirectUri: `${app.url}/console/sso/callback` });
    await idp.setUsers([ALICE, BOB, MALLORY]);
    browser = await launchChromium();
    org = await newOrg(app);
    await org.newPerson({ email: 'ada-sso@example.org', displayName: 'Ada Admin', role: 'admin', password: PASSWORD });
    await org.newPerson({
      email: 'carl-sso@example.org',
      displayName: 'Carl Checker',
      role: 'checker',
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
    await app?.close();
  });

  const fresh = async () => (await browser.newContext()).newPage();
  const signInWithPassword = async (page: Page, email: string) => {
    await page.goto(`${app.url}/console/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };
  /** From the console's sign-in page to the provider's login form, as a person would. */
  const startSso = async (page: Page, email: string) => {
    await page.goto(`${app.url}/console/sign-in`);
    await page.getByLabel('Work address').fill(email);
    await page.getByRole('button', { name: 'Continue with single sign-on' }).click();
  };
  const atProvider = async (page: Page, who: { email: string; password: string }) => {
    await page.waitForURL(`${idp.issuer}/**`);
    await page.getByLabel('Directory email').fill(who.email);
    await page.getByLabel('Directory password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in at the provider' }).click();
  };
  /**
   * Alice signs in at the provider; its answer (the callback URL with the code) is kept, not followed.
   * Playwright does not route redirects, so the test takes the login post itself and follows the
   * provider's redirects in the browser's context (its cookies) up to the callback.
   */
  const answerOf = async (page: Page) => {
    let answer = '';
    const pattern = `${idp.issuer}/interaction/*/login`;
    await page.route(pattern, async (route) => {
      let res = await route.fetch({ maxRedirects: 0 });
      for (let hop = 0; hop < 5 && !answer; hop++) {
        const location = new URL(res.headers()['location'], idp.issuer).href;
        if (location.startsWith(`${app.url}/console/sso/callback`)) answer = location;
        else res = await page.request.get(location, { maxRedirects: 0 });
      }
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'held by the test' });
    });
    await startSso(page, ALICE.email);
    await atProvider(page, ALICE);
    await waitFor('the provider to answer', async () => answer !== '', 15_000, 50);
    await page.unroute(pattern);
    return answer;
  };
  const refusal = (page: Page) => page.getByRole('alert').innerText();
  const personOf = async (email: string) =>
    (await app.ds.query(`SELECT role, display_name, organization_id FROM people WHERE email = $1`, [email]))[0];

  it('is configured by an admin, and lets a person of the domain join through PKCE with state and nonce', async () => {
    const admin = await fresh();
    await signInWithPassword(admin, 'ada-sso@example.org');
    await admin.goto(`${app.url}/console/admin/settings`);
    expect(await admin.getByLabel('Redirect URI to register at the provider').inputValue()).toBe(
      `${app.url}/console/sso/callback`,
    );
    // An issuer that does not answer discovery is refused, and nothing is saved.
    await admin.getByLabel('Issuer URL').fill('http://127.0.0.1:9/nothing-here');
    await admin.getByLabel('Client ID').fill(CLIENT.clientId);
    await admin.getByLabel('Client secret').fill(CLIENT.clientSecret);
    await admin.getByLabel('Email domains whose people may join').fill('lequotidien.test');
    await admin.getByRole('button', { name: 'Save single sign-on' }).click();
    expect(await admin.locator('#se-issuer').innerText()).toContain('discovery document could not be read');
    expect(
      (await app.ds.query(`SELECT 1 FROM sso_configs WHERE organization_id = $1`, [org.organizationId])).length,
    ).toBe(0);

    await admin.getByLabel('Issuer URL').fill(idp.issuer);
    await admin.getByLabel('Client secret').fill(CLIENT.clientSecret);
    await admin.getByRole('button', { name: 'Save single sign-on' }).click();
    expect(await admin.getByRole('status').innerText()).toContain('Single sign-on is saved');
    const [stored] = await app.ds.query(`SELECT client_secret_encrypted FROM sso_configs WHERE organization_id = $1`, [
      org.organizationId,
    ]);
    expect(stored.client_secret_encrypted).toMatch(/^v1\./);
    expect(stored.client_secret_encrypted).not.toContain(CLIENT.clientSecret);
    expect(await admin.content()).not.toContain(CLIENT.clientSecret);
    await admin.screenshot({ path: join(SHOTS, 'sso-settings.png'), fullPage: true });

    const page = await fresh();
    const authorizations: URL[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${idp.issuer}/auth`)) authorizations.push(new URL(r.url()));
    });
    await startSso(page, ALICE.email);
    await atProvider(page, ALICE);
    await page.waitForURL(`${app.url}/console/queue`);
    expect(await page.getByText('Alice Vérificatrice').first().isVisible()).toBe(true);
    const auth = authorizations[0].searchParams;
    expect(auth.get('code_challenge_method')).toBe('S256');
    expect(auth.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(auth.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(auth.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(auth.get('client_id')).toBe(CLIENT.clientId);
    expect(await personOf(ALICE.email)).toMatchObject({ role: 'checker', organization_id: org.organizationId });
  });

  it('refuses a wrong state, a replayed callback and a replayed code, each with a clear page', async () => {
    const page = await fresh();
    let callback = '';
    page.on('request', (r) => {
      if (r.url().startsWith(`${app.url}/console/sso/callback`)) callback = r.url();
    });
    await startSso(page, ALICE.email);
    await atProvider(page, ALICE);
    await page.waitForURL(`${app.url}/console/queue`);
    const used = new URL(callback);

    // The same callback again: its state was used once.
    const again = await page.goto(callback);
    expect(again!.status()).toBe(400);
    expect(await refusal(page)).toContain('already used');
    // A state the service never issued.
    const wrong = await page.goto(`${app.url}/console/sso/callback?code=abc&state=not-a-state-we-issued`);
    expect(wrong!.status()).toBe(400);
    expect(await refusal(page)).toContain('unknown, expired');

    // A new sign-in whose provider answer carries the old code: the provider refuses to redeem it twice.
    const other = await fresh();
    const answer = await answerOf(other);
    const replayed = new URL(answer);
    replayed.searchParams.set('code', used.searchParams.get('code')!);
    const res = await other.goto(replayed.href);
    expect(res!.status()).toBe(401);
    expect(await refusal(other)).toContain('refused this sign-in code');

    // The provider's answer opened in a browser that did not start the sign-in (no binding cookie).
    const stranger = await fresh();
    const elsewhere = await stranger.goto(await answerOf(await fresh()));
    expect(elsewhere!.status()).toBe(400);
    expect(await refusal(stranger)).toContain('started in another browser');
  });

  it('refuses an ID token issued for another audience, and an email of an unknown domain', async () => {
    await idp.setTokenAudience('some-other-application');
    try {
      const page = await fresh();
      await startSso(page, ALICE.email);
      await atProvider(page, ALICE);
      await page.waitForURL(`${app.url}/console/sso/callback*`);
      expect(await refusal(page)).toContain('issued for another application');
    } finally {
      await idp.setTokenAudience(null);
    }

    const page = await fresh();
    await startSso(page, ALICE.email);
    await atProvider(page, MALLORY);
    await page.waitForURL(`${app.url}/console/sso/callback*`);
    expect(await refusal(page)).toContain('domain is not one of your organization');
    expect(await personOf(MALLORY.email)).toBeUndefined();
    await page.screenshot({ path: join(SHOTS, 'sso-refused.png'), fullPage: true });

    // An email that no organization signs in for does not even leave the console.
    const nowhere = await fresh();
    await startSso(nowhere, 'someone@nowhere.test');
    expect(await refusal(nowhere)).toContain('No organization signs in with single sign-on for this email');
  });

  it("gives an invited person the invitation's role, and refuses a person removed from the provider", async () => {
    const admin = await fresh();
    await signInWithPassword(admin, 'ada-sso@example.org');
    await admin.goto(`${app.url}/console/admin/people`);
    await admin.getByLabel('Email', { exact: true }).fill(BOB.email);
    await admin.getByLabel('Name', { exact: true }).fill('Bob Editor');
    await admin.getByLabel('Role', { exact: true }).selectOption('editor');
    await admin.getByRole('button', { name: 'Create the invitation' }).click();
    await admin.locator('#issued-link').waitFor();

    const bob = await fresh();
    await startSso(bob, BOB.email);
    await atProvider(bob, BOB);
    await bob.waitForURL(`${app.url}/console/queue`);
    expect(await personOf(BOB.email)).toMatchObject({ role: 'editor', organization_id: org.organizationId });

    // Alice leaves the desk: she is removed from its directory and cannot sign in again.
    await idp.setUsers([BOB, MALLORY]);
    const alice = await fresh();
    await startSso(alice, ALICE.email);
    await atProvider(alice, ALICE);
    expect(await alice.getByRole('alert').innerText()).toContain('Unknown person');
    await alice.getByRole('button', { name: 'Cancel and go back' }).click();
    await alice.waitForURL(`${app.url}/console/sso/callback*`);
    expect(await refusal(alice)).toContain('did not sign you in');
    expect(alice.url()).not.toContain('/console/queue');
  });

  it("turns password sign-in off for the organization's people, not for its admins", async () => {
    const admin = await fresh();
    await signInWithPassword(admin, 'ada-sso@example.org');
    await admin.goto(`${app.url}/console/admin/settings`);
    await admin.getByLabel('People may also sign in with a password').uncheck();
    await admin.getByRole('button', { name: 'Save single sign-on' }).click();
    expect(await admin.getByRole('status').innerText()).toContain('Single sign-on is saved');

    const carl = await fresh();
    await signInWithPassword(carl, 'carl-sso@example.org');
    expect(await refusal(carl)).toContain('signs in with single sign-on only');
    expect(carl.url()).toContain('/console/sign-in');
    // A wrong password still says only that (the organization's choice is told to whoever knows the password).
    await carl.getByLabel('Email', { exact: true }).fill('carl-sso@example.org');
    await carl.getByLabel('Password', { exact: true }).fill('not the password at all');
    await carl.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await refusal(carl)).toContain('Wrong email or password');

    const again = await fresh();
    await signInWithPassword(again, 'ada-sso@example.org');
    await again.waitForURL(`${app.url}/console/queue`);
  });

  it('limits sign-ins started from one address (each stores a sign-in under way)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${app.url}/console/sso/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: ALICE.email, next: '/console/queue' }),
        redirect: 'manual',
      });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(30);
  });
});

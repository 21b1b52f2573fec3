import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../src/people/password';
import { launchChromium } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { newOrg, type OrgCtx } from '../helpers/factories';

const SHOTS = join(__dirname, '..', '..', 'docs', 'console');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const HOSTILE = `Le ministre a dit <script>window.__pwned = 1</script> "><img src=x onerror="window.__pwned = 2"> <a href="javascript:window.__pwned=3">lien</a>`;
const PASSWORD = 'correct horse battery staple';

jest.setTimeout(180_000);

describe('console (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let org: OrgCtx;
  let other: OrgCtx;
  const emailOf = (who: string) => `${who}-${org.organizationId.slice(0, 8)}@example.org`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ SIGN_IN_FAILURES_PER_ACCOUNT: '3', TASK_LEASE_SECONDS: '600' });
    browser = await launchChromium();
    org = await newOrg(app);
    other = await newOrg(app);
    await app.ds.query(
      `INSERT INTO people (organization_id, email, display_name, role, language, password_hash) VALUES ($1, $2, 'Ada Admin', 'admin', 'en', $3)`,
      [org.organizationId, emailOf('admin'), await hashPassword(PASSWORD)],
    );
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A claim ready for check with its open check task, written as research leaves them. */
  async function claimWithTask(o: OrgCtx, text: string, language = 'fr'): Promise<{ claimId: string; taskId: string }> {
    const [c] = await app.ds.query(
      `INSERT INTO claims (organization_id, text, normalized_text, language, status, speaker_name) VALUES ($1, $2, lower($2), $3, 'ready_for_check', 'Jean <b>Dupont</b>') RETURNING id`,
      [o.organizationId, text, language],
    );
    const [t] = await app.ds.query(
      `INSERT INTO tasks (organization_id, claim_id, kind, language, priority) VALUES ($1, $2, 'check', $3, 3) RETURNING id`,
      [o.organizationId, c.id, language],
    );
    return { claimId: c.id, taskId: t.id };
  }

  /** A page that records every console response's headers and any script that runs from the content. */
  async function newPage(
    ctx: BrowserContext,
  ): Promise<{ page: Page; consoleResponses: { url: string; headers: Record<string, string> }[]; dialogs: string[] }> {
    const page = await ctx.newPage();
    const consoleResponses: { url: string; headers: Record<string, string> }[] = [];
    const dialogs: string[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/console') && r.request().resourceType() === 'document')
        consoleResponses.push({ url: r.url(), headers: r.headers() });
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return { page, consoleResponses, dialogs };
  }

  async function signIn(page: Page, email: string, password = PASSWORD) {
    await page.goto(`${app.url}/console/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function axe(page: Page, screen: string) {
    await page.evaluate(AXE);
    const violations: { id: string; impact: string; help: string; nodes: unknown[] }[] = await page.evaluate(
      async () => (await (globalThis as any).axe.run()).violations,
    );
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help}`);
    expect(bad).toEqual([]);
  }

  async function shoot(page: Page, name: string) {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  it('the story: invite, set a password, sign in, see the queue, take the next task; hostile text stays text; headers on every page; axe', async () => {
    const hostile = await claimWithTask(org, HOSTILE);
    const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const admin = await newPage(adminCtx);
    await shoot(admin.page, 'unused').catch(() => undefined);
    await admin.page.goto(`${app.url}/console/sign-in`);
    await axe(admin.page, 'sign-in');
    await shoot(admin.page, 'sign-in');
    await signIn(admin.page, emailOf('admin'));
    await admin.page.waitForURL(/\/console\/queue/);

    await admin.page.getByRole('link', { name: 'People' }).click();
    await admin.page.getByLabel('Name').fill('Chloé Checker');
    await admin.page.getByLabel('Email', { exact: true }).fill(emailOf('checker'));
    await admin.page.getByLabel('Language of the console').selectOption('en');
    await admin.page.getByRole('button', { name: 'Create the invitation' }).click();
    const link = await admin.page.locator('#issued-link').inputValue();
    expect(link).toMatch(/\/console\/invitation\/[A-Za-z0-9_-]{43}$/);
    await axe(admin.page, 'people');
    await shoot(admin.page, 'people');

    const checkerCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const checker = await newPage(checkerCtx);
    await checker.page.addInitScript(() => ((globalThis as any).__pwned = 0));
    await checker.page.goto(link);
    await axe(checker.page, 'set-password');
    await shoot(checker.page, 'set-password');
    await checker.page.getByLabel(/New password/).fill(PASSWORD);
    await checker.page.getByRole('button', { name: /Save the password/ }).click();
    await checker.page.waitForURL(/\/console\/queue/);
    await expect(checker.page.getByText('Your password is set.')).toBeTruthy();

    // The hostile claim is shown as its text: no script ran, no element was injected.
    const row = checker.page.locator(`tr:has(a[href="/console/claims/${hostile.claimId}"])`);
    await row.waitFor();
    expect(await row.locator('a').first().textContent()).toBe(HOSTILE);
    expect(await checker.page.locator('#queue-rows img, #queue-rows script, a[href^="javascript:"]').count()).toBe(0);
    expect(await checker.page.evaluate(() => (globalThis as any).__pwned)).toBe(0);
    await axe(checker.page, 'queue');
    await shoot(checker.page, 'queue');
    await checker.page.setViewportSize({ width: 390, height: 844 });
    await shoot(checker.page, 'queue-phone');
    await checker.page.setViewportSize({ width: 1280, height: 800 });

    // A REST call with the session is the person's (GET /v1/me answers with the person's id).
    const me = await checker.page.request.get(`${app.url}/v1/me`);
    expect(me.status()).toBe(200);
    const [person] = await app.ds.query(`SELECT id FROM people WHERE email = $1`, [emailOf('checker')]);
    expect((await me.json()).keyId).toBe(person.id);

    // Another person (the admin) watches the queue: the task taken by the checker leaves it by itself.
    await admin.page.goto(`${app.url}/console/queue`);
    const adminRow = admin.page.locator(`tr:has(a[href="/console/claims/${hostile.claimId}"])`);
    await adminRow.waitFor();
    await checker.page.getByRole('button', { name: 'Take the next task' }).click();
    await checker.page.waitForURL(new RegExp(`/console/claims/${hostile.claimId}`));
    expect(await checker.page.getByText(/You hold this task until/).count()).toBe(1);
    expect(await checker.page.locator('blockquote.claim').textContent()).toBe(HOSTILE);
    expect(await checker.page.evaluate(() => (globalThis as any).__pwned)).toBe(0);
    await axe(checker.page, 'claim');
    await shoot(checker.page, 'claim');
    const [task] = await app.ds.query(`SELECT status, assignee_key_id FROM tasks WHERE id = $1`, [hostile.taskId]);
    expect(task).toEqual({ status: 'claimed', assignee_key_id: person.id });
    await adminRow.waitFor({ state: 'detached', timeout: 20_000 });

    // Giving it back puts it in the queue again.
    await checker.page.getByRole('button', { name: 'Give the task back' }).click();
    await checker.page.waitForURL(/\/console\/queue\?done=released/);
    expect(await checker.page.getByText('The task is back in the queue.').count()).toBe(1);

    // A checker cannot open the admin screens (403 page) nor another organization's claim (404 page).
    const forbidden = await checker.page.goto(`${app.url}/console/admin/people`);
    expect(forbidden!.status()).toBe(403);
    expect(await checker.page.getByRole('alert').textContent()).toContain('You do not have access to this page.');
    await axe(checker.page, 'error');
    await shoot(checker.page, 'forbidden');
    const foreign = await claimWithTask(other, 'Une affirmation d’un autre organisme');
    const notFound = await checker.page.goto(`${app.url}/console/claims/${foreign.claimId}`);
    expect(notFound!.status()).toBe(404);
    expect(await checker.page.getByRole('alert').textContent()).toContain('does not exist');

    for (const r of [...admin.consoleResponses, ...checker.consoleResponses]) {
      expect({ url: r.url, csp: r.headers['content-security-policy'] }).toEqual({
        url: r.url,
        csp: expect.stringContaining("frame-ancestors 'none'"),
      });
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(admin.consoleResponses.length + checker.consoleResponses.length).toBeGreaterThan(8);
    expect([...admin.dialogs, ...checker.dialogs]).toEqual([]);
    await adminCtx.close();
    await checkerCtx.close();
  });

  it('refuses a cross-site form post made with a valid session cookie', async () => {
    await claimWithTask(org, 'Le chômage a baissé de 10 % en un an', 'fr');
    await app.ds.query(
      `INSERT INTO people (organization_id, email, display_name, role, language, password_hash) VALUES ($1, $2, 'Xavier', 'checker', 'fr', $3)`,
      [org.organizationId, emailOf('xsite'), await hashPassword(PASSWORD)],
    );
    const ctx = await browser.newContext();
    const { page } = await newPage(ctx);
    await signIn(page, emailOf('xsite'));
    await page.waitForURL(/\/console\/queue/);
    // The attacker's page, on another origin, posts the "take the next task" form to the console.
    const evil: Server = createServer((_, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<form id="f" method="post" action="${app.url}/console/queue/next"><button>go</button></form>`),
    );
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    try {
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/console/queue/next')),
        page.click('button'),
      ]);
      expect(answer.status()).toBe(403);
      expect(await page.getByRole('alert').textContent()).toContain('envoyé depuis un autre site');
      const [held] = await app.ds.query(
        `SELECT count(*)::int AS n FROM tasks t JOIN people p ON p.id = t.assignee_key_id WHERE p.email = $1`,
        [emailOf('xsite')],
      );
      expect(held.n).toBe(0);
    } finally {
      evil.close();
      await ctx.close();
    }
  });

  it("ends a deactivated person's open session on its next request", async () => {
    await app.ds.query(
      `INSERT INTO people (organization_id, email, display_name, role, language, password_hash) VALUES ($1, $2, 'Dora', 'checker', 'en', $3)`,
      [org.organizationId, emailOf('dora'), await hashPassword(PASSWORD)],
    );
    const doraCtx = await browser.newContext();
    const dora = await newPage(doraCtx);
    await signIn(dora.page, emailOf('dora'));
    await dora.page.waitForURL(/\/console\/queue/);

    const adminCtx = await browser.newContext();
    const admin = await newPage(adminCtx);
    await signIn(admin.page, emailOf('admin'));
    await admin.page.goto(`${app.url}/console/admin/people`);
    await admin.page.getByRole('button', { name: 'Deactivate: Dora' }).click();
    expect(await admin.page.getByText('Dora is deactivated; their sessions have ended.').count()).toBe(1);

    await dora.page.goto(`${app.url}/console/queue?kind=check`);
    expect(new URL(dora.page.url()).pathname).toBe('/console/sign-in');
    expect(new URL(dora.page.url()).searchParams.get('next')).toBe('/console/queue?kind=check');
    expect(await dora.page.getByRole('alert').textContent()).toContain('Your session has ended');
    // Signing in again is refused too: the account is deactivated.
    await signIn(dora.page, emailOf('dora'));
    expect(await dora.page.getByRole('alert').textContent()).toContain('Wrong email or password');
    await doraCtx.close();
    await adminCtx.close();
  });

  it('throttles sign-in per account with a clear message, then returns to the page asked for', async () => {
    await app.ds.query(
      `INSERT INTO people (organization_id, email, display_name, role, language, password_hash) VALUES ($1, $2, 'Théo', 'checker', 'fr', $3)`,
      [org.organizationId, emailOf('theo'), await hashPassword(PASSWORD)],
    );
    const ctx = await browser.newContext();
    const { page } = await newPage(ctx);
    for (let i = 0; i < 3; i++) {
      await signIn(page, emailOf('theo'), 'not the password at all');
      expect(await page.getByRole('alert').textContent()).toContain('Wrong email or password');
    }
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/console/sign-in') && r.request().method() === 'POST'),
      signIn(page, emailOf('theo')),
    ]);
    expect(answer.status()).toBe(429);
    expect(await page.getByRole('alert').textContent()).toMatch(
      /Too many failed sign-ins\. Wait \d+ minutes and try again\./,
    );
    await axe(page, 'sign-in (throttled)');
    await shoot(page, 'sign-in-throttled');

    // An expired session (no cookie here) goes to sign-in and, once signed in, back to the page asked for.
    await ctx.clearCookies();
    await page.goto(`${app.url}/console/queue?language=fr`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.getByLabel('Email').fill(emailOf('admin'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/queue\?language=fr$/);
    await ctx.close();
  });
});

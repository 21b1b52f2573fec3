import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { newOrg, type OrgCtx } from '../helpers/factories';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';
import { Webhook } from 'standardwebhooks';

const SHOTS = join(__dirname, '..', '..', 'docs', 'portal');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'correct horse battery staple';

jest.setTimeout(180_000);

/** The portal in Chromium: an editor issues a link, the engineer adds an endpoint and reads its failed attempts. */
describe('newsroom portal (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let org: OrgCtx;
  let receiver: WebhookReceiver;
  /** The receiver fails (500 with a body) until the engineer "fixes" it; then it acknowledges (204). */
  let fixed = false;
  const acknowledged: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE: '0.2' });
    browser = await launchChromium();
    org = await newOrg(app);
    receiver = await new WebhookReceiver((_n, req) => {
      if (!fixed) return { status: 500, body: '{"error":"database is down"}' };
      acknowledged.push(String(req.headers['webhook-id']));
      return { status: 204 };
    }).start();
    await org.newPerson({
      email: 'eve-portal@example.org',
      displayName: 'Eve Editor',
      role: 'editor',
      language: 'en',
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.stop();
    await app?.close();
  });

  async function axe(page: Page, screen: string) {
    await page.evaluate(AXE);
    const violations: { id: string; impact: string; help: string }[] = await page.evaluate(
      async () => (await (globalThis as any).axe.run()).violations,
    );
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${screen}: ${v.id} ${v.help}`),
    ).toEqual([]);
  }
  /** The endpoint's current signing secret, shown on demand behind its confirmation. */
  async function receiverSecret(page: Page, endpointUrl: string) {
    await page.goto(endpointUrl);
    await page.getByLabel('I want to see the secret').check();
    await page.getByRole('button', { name: 'Show the signing secret' }).click();
    return page.locator('#secret').inputValue();
  }
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('editor issues a link; the engineer adds an endpoint, sees failed attempts, fixes the receiver, resends, recovers, rotates the secret', async () => {
    const newsroom = await org.newNewsroom('Le Quotidien');
    const editor = await (await browser.newContext()).newPage();
    await editor.goto(`${app.url}/console/sign-in`);
    await editor.getByLabel('Email').fill('eve-portal@example.org');
    await editor.getByLabel('Password').fill(PASSWORD);
    await editor.getByRole('button', { name: 'Sign in' }).click();
    await editor.goto(`${app.url}/console/portal-links`);
    await editor.getByLabel('Newsroom').selectOption(newsroom);
    await editor.getByLabel('For whom').fill('Jeanne, CMS team');
    await editor.getByRole('button', { name: 'Issue a portal link' }).click();
    const link = await editor.locator('#issued-link').inputValue();
    await axe(editor, 'portal links');
    await shoot(editor, 'portal-links');

    const page = await (await browser.newContext()).newPage();
    await page.goto(link);
    await axe(page, 'enter');
    await page.getByRole('button', { name: 'Open the portal' }).click();
    await page.waitForURL(/\/console\/portal\/endpoints$/);
    await page.getByRole('link', { name: 'Add an endpoint' }).click();
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('Description').fill('CMS');
    await page.getByLabel('Custom headers').fill('X-Cms-Token: a3f9');
    await axe(page, 'endpoint form');
    await page.getByRole('button', { name: 'Add an endpoint' }).click();
    await expect(page.locator('#secret').inputValue()).resolves.toMatch(/^whsec_/);
    await page.getByRole('link', { name: 'Back to the endpoint' }).click();
    const endpointUrl = page.url();
    const ids = () => [...new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])))];
    const attemptsOf = (id: string) => receiver.requests.filter((r) => r.headers['webhook-id'] === id).length;
    // Two test events, each failing its attempts (the retry schedule is one retry after 0.2 s).
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await waitFor('two failed attempts', () => ids().length === 1 && attemptsOf(ids()[0]) >= 2, 20_000);
    await page.getByLabel('Test event type').selectOption('claim.received');
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await waitFor('two failed attempts of the second', () => ids().length === 2 && attemptsOf(ids()[1]) >= 2, 20_000);
    await page.waitForTimeout(500);
    await page.reload();
    await axe(page, 'endpoint');
    await shoot(page, 'endpoint');
    await page.locator('tr.message a').first().click();
    await expect(page.locator('.status-code').first().textContent()).resolves.toBe('500');
    await expect(page.locator('.response-body').first().textContent()).resolves.toContain('database is down');
    await axe(page, 'message');
    await shoot(page, 'message-failed');
    // The engineer fixes their server, resends this message, then recovers everything failed in the last hour.
    fixed = true;
    await page.getByRole('button', { name: 'Resend (same webhook-id)' }).click();
    await waitFor('resend', () => acknowledged.length >= 1, 20_000);
    await page.goto(endpointUrl);
    await page.getByLabel('Recover failed messages since').selectOption('1h');
    await page.getByRole('button', { name: 'Recover', exact: true }).click();
    await waitFor('recover', () => acknowledged.length >= 2, 20_000);
    await page.waitForTimeout(1500); // anything sent twice would arrive by now
    expect(ids()).toHaveLength(2);
    expect([...acknowledged].sort()).toEqual([...ids()].sort()); // every event acknowledged exactly once per webhook-id
    await shoot(page, 'endpoint-recovered');

    // Rotation: the page says until when the old secret signs; a delivery in the overlap verifies with both.
    const oldSecret = (await receiverSecret(page, endpointUrl))!;
    await page.goto(endpointUrl);
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    const newSecret = await page.locator('#secret').inputValue();
    expect(await page.locator('#previous-secret').inputValue()).toBe(oldSecret);
    expect(newSecret).not.toBe(oldSecret);
    await expect(page.locator('#overlap').textContent()).resolves.toMatch(/\d/);
    await axe(page, 'rotated secret');
    await shoot(page, 'secret-rotated');
    await page.goto(endpointUrl);
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await waitFor('delivery after rotation', () => acknowledged.length >= 3, 20_000);
    const last = receiver.requests[receiver.requests.length - 1];
    const headers = Object.fromEntries(Object.entries(last.headers).map(([k, v]) => [k, String(v)]));
    expect(new Webhook(newSecret).verify(last.body, headers)).toBeTruthy();
    expect(new Webhook(oldSecret).verify(last.body, headers)).toBeTruthy();
    await page.goto(`${app.url}/console/portal/catalog`);
    await axe(page, 'catalog');
    await shoot(page, 'catalog');
    await page.goto(`${app.url}/console/portal/claims`);
    await axe(page, 'claims');
    await shoot(page, 'claims');
  });
});

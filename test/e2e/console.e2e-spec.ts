import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { newOrg, type OrgCtx } from '../helpers/factories';
import { waitFor } from '../helpers/wait';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { Webhook } from 'standardwebhooks';

const SHOTS = join(__dirname, '..', '..', 'docs', 'console');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const HOSTILE = `Le ministre a dit <script>window.__pwned = 1</script> "><img src=x onerror="window.__pwned = 2"> <a href="javascript:window.__pwned=3">lien</a>`;
const PASSWORD = 'correct horse battery staple';
const DEMO = JSON.parse(readFileSync(join(__dirname, '..', '..', 'samples', 'demo-archive.json'), 'utf8'));
const SEED_ARTICLE = readFileSync(join(__dirname, '..', '..', 'samples', 'seed-article-fr.txt'), 'utf8');
const SEED_CLAIM = 'Les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak';

jest.setTimeout(180_000);

describe('console (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let org: OrgCtx;
  let other: OrgCtx;
  /** Every /console response any page of this file received (pages, htmx fragments, assets, errors). */
  const everyResponse: { url: string; status: number; headers: Record<string, string> }[] = [];
  const emailOf = (who: string) => `${who}-${org.organizationId.slice(0, 8)}@example.org`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({
      SIGN_IN_FAILURES_PER_ACCOUNT: '3',
      TASK_LEASE_SECONDS: '600',
      ALLOW_PRIVATE_NETWORKS: 'true',
    });
    browser = await launchChromium();
    org = await newOrg(app);
    other = await newOrg(app);
    await org.newPerson({
      email: emailOf('admin'),
      displayName: 'Ada Admin',
      role: 'admin',
      language: 'en',
      password: PASSWORD,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A claim ready for check with its open check task, written as research leaves them. */
  async function claimWithTask(o: OrgCtx, text: string, language = 'fr'): Promise<{ claimId: string; taskId: string }> {
    const c = await o.newClaim({ text, language, status: 'ready_for_check', speakerName: 'Jean <b>Dupont</b>' });
    const t = await o.newTask(c, { priority: 3 });
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
      if (!new URL(r.url()).pathname.startsWith('/console')) return;
      everyResponse.push({ url: r.url(), status: r.status(), headers: r.headers() });
      if (r.request().resourceType() === 'document') consoleResponses.push({ url: r.url(), headers: r.headers() });
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

  /** As the signed-in admin on this page: invites a person and returns the link shown once. */
  async function invite(page: Page, name: string, email: string, role: 'checker' | 'editor', language = 'en') {
    await page.goto(`${app.url}/console/admin/people`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption(role);
    await page.getByLabel('Language of the console').selectOption(language);
    await page.getByRole('button', { name: 'Create the invitation' }).click();
    return page.locator('#issued-link').inputValue();
  }

  /** A new browser (context) that opens the invitation link, sets its password and lands on the queue, signed in. */
  async function acceptInvitation(link: string, viewport = { width: 1280, height: 800 }) {
    const ctx = await browser.newContext({ viewport, locale: 'en-GB' });
    const p = await newPage(ctx);
    await p.page.goto(link);
    await p.page.getByLabel(/New password/).fill(PASSWORD);
    await p.page.getByRole('button', { name: /Save the password/ }).click();
    await p.page.waitForURL(/\/console\/queue/);
    return { ctx, ...p };
  }

  const personId = async (email: string) =>
    (await app.ds.query(`SELECT id FROM people WHERE email = $1`, [email]))[0].id as string;

  it('the story by two people: invitations, check citing two sources, rejection with a note, revision, approval, verdict.published webhook, ClaimReview', async () => {
    const desk = await newOrg(app);
    const mail = (who: string) => `${who}-${desk.organizationId.slice(0, 8)}@example.org`;
    await desk.newPerson({
      email: mail('admin'),
      displayName: 'Ada Admin',
      role: 'admin',
      language: 'en',
      password: PASSWORD,
    });
    // The machines' side, through the REST API: the archive, a newsroom's webhook, the seed claim.
    const apiEditor = (await desk.newKey('editor')).api;
    expect((await apiEditor.post('/v1/sources/documents', DEMO)).status).toBe(201);
    const nr = await desk.newKey('newsroom');
    const receiver = await new WebhookReceiver().start();
    const { body: sub } = await nr.api.post('/v1/webhooks', { url: receiver.url, events: ['verdict.published'] });
    const submitted = await nr.api.post('/v1/claims', {
      text: SEED_CLAIM,
      priority: 'urgent',
      speaker: { name: 'Un porte-parole' },
    });
    expect(submitted.status).toBe(202);
    const claimId: string = submitted.body.id;

    // The admin invites a checker and an editor; each sets a password on their link and is signed in.
    const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const admin = await newPage(adminCtx);
    await signIn(admin.page, mail('admin'));
    await admin.page.waitForURL(/\/console\/queue/);
    const checkerLink = await invite(admin.page, 'Chloé Checker', mail('chloe'), 'checker');
    const editorLink = await invite(admin.page, 'Émile Editor', mail('emile'), 'editor');
    expect(checkerLink).not.toBe(editorLink);
    const checker = await acceptInvitation(checkerLink);
    const editor = await acceptInvitation(editorLink);
    // A link works once.
    const again = await editor.page.goto(editorLink);
    expect(again!.status()).toBe(404);
    await editor.page.goto(`${app.url}/console/queue`);
    const [chloeId, emileId] = [await personId(mail('chloe')), await personId(mail('emile'))];

    await waitFor(
      'ready_for_check',
      async () => (await nr.api.get(`/v1/claims/${claimId}`)).body.status === 'ready_for_check',
    );

    // The checker takes the next task: the researched seed claim, with its evidence.
    await checker.page.goto(`${app.url}/console/queue`);
    await checker.page.getByRole('button', { name: 'Take the next task' }).click();
    await checker.page.waitForURL(new RegExp(`/console/claims/${claimId}`));
    expect(await checker.page.locator('blockquote.claim').textContent()).toBe(SEED_CLAIM);
    const sources = checker.page.locator('ol.evidence > li');
    expect(await sources.count()).toBeGreaterThanOrEqual(2);
    const firstLink = sources.first().locator('a[target="_blank"]');
    expect(await firstLink.getAttribute('rel')).toContain('noopener');
    expect(await sources.first().locator('.badge').textContent()).toMatch(/^(Supports|Refutes|Neutral)$/);
    // The history says what happened: an arrow only where the status changed, the submission not "Received → Received".
    const history = checker.page.locator('#h-history + ol > li');
    expect(await history.first().textContent()).toMatch(/ · Submitted → Received\s+· /);
    expect(await history.last().textContent()).toMatch(/ · Check taken → In check\s+· Chloé Checker\s*$/);
    await axe(checker.page, 'claim workspace');
    await shoot(checker.page, 'claim-workspace');

    // The draft: rating from the scale, title, summary, two sources relied on; kept on the server (reload).
    await checker.page.getByLabel('Rating').selectOption('false');
    await checker.page.getByLabel('Title (optional)').fill('Pas de retrait de 15 bases');
    await checker.page.getByLabel(/^Summary/).fill('Le CENTCOM a démenti tout retrait.');
    const boxes = checker.page.locator('fieldset input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await checker.page.getByText('Draft saved.').waitFor();
    await checker.page.reload();
    expect(await checker.page.getByLabel(/^Summary/).inputValue()).toBe('Le CENTCOM a démenti tout retrait.');
    expect(await boxes.nth(1).isChecked()).toBe(true);
    // A validation error is shown next to its field, the rest of the draft kept.
    await checker.page.getByLabel(/^Summary/).fill('');
    await checker.page.getByRole('button', { name: 'Complete the check' }).click();
    expect(await checker.page.locator('#e-summary').textContent()).toContain('Write the summary');
    expect(await checker.page.getByLabel('Title (optional)').inputValue()).toBe('Pas de retrait de 15 bases');
    await shoot(checker.page, 'draft-error');
    await checker.page.getByLabel(/^Summary/).fill('Le CENTCOM a démenti tout retrait.');
    await checker.page.getByRole('button', { name: 'Complete the check' }).click();
    await checker.page.waitForURL(/done=draftCompleted/);

    // The editor reviews: the draft beside its evidence; a rejection needs a note.
    await editor.page.goto(`${app.url}/console/queue?kind=review`);
    await editor.page.getByRole('button', { name: 'Take the next task' }).click();
    await editor.page.waitForURL(new RegExp(`/console/claims/${claimId}`));
    expect(await editor.page.locator('.verdict-card').textContent()).toContain('Le CENTCOM a démenti tout retrait.');
    expect(await editor.page.locator('.verdict-card li').count()).toBe(2);
    expect(await editor.page.locator('.verdict-card').textContent()).toContain('Chloé Checker');
    await axe(editor.page, 'review');
    await shoot(editor.page, 'review');
    await editor.page.getByRole('button', { name: 'Reject' }).click();
    expect(await editor.page.locator('#e-note').textContent()).toContain('needs a note');
    await editor.page.getByLabel(/Note to the checker/).fill('Citez aussi le communiqué officiel.');
    await editor.page.getByRole('button', { name: 'Reject' }).click();
    await editor.page.waitForURL(/done=rejected/);

    // The checker sees the note on the returned task, revises and completes again.
    await checker.page.goto(`${app.url}/console/queue`);
    await checker.page.getByRole('button', { name: 'Take the next task' }).click();
    await checker.page.waitForURL(new RegExp(`/console/claims/${claimId}`));
    expect(
      await checker.page.getByRole('status').filter({ hasText: 'Returned by the reviewer' }).textContent(),
    ).toContain('Citez aussi le communiqué officiel.');
    expect(await checker.page.getByLabel('Title (optional)').inputValue()).toBe('Pas de retrait de 15 bases');
    await checker.page.getByLabel(/Extra sources/).fill('https://www.centcom.mil/communique');
    await checker.page.getByRole('button', { name: 'Complete the check' }).click();
    await checker.page.waitForURL(/done=draftCompleted/);

    // The editor approves; the published page shows the ClaimReview card and its JSON-LD.
    await editor.page.goto(`${app.url}/console/queue?kind=review`);
    await editor.page.getByRole('button', { name: 'Take the next task' }).click();
    await editor.page.waitForURL(new RegExp(`/console/claims/${claimId}`));
    await editor.page.getByRole('button', { name: 'Approve and publish' }).click();
    await editor.page.waitForURL(new RegExp(`/console/claims/${claimId}/published\\?done=approved`));
    expect(await editor.page.locator('.claim-review .badge').textContent()).toBe('False');
    const jsonLd = JSON.parse((await editor.page.locator('pre.json').textContent())!);
    expect(jsonLd).toMatchObject({
      '@type': 'ClaimReview',
      reviewRating: { ratingValue: 1, alternateName: expect.any(String) },
    });
    await axe(editor.page, 'published');
    await shoot(editor.page, 'published');

    // The newsroom's receiver gets verdict.published, signed (standardwebhooks verifies it).
    const req = await waitFor('verdict.published', async () =>
      receiver.requests.find((r) => r.body.includes('verdict.published')),
    );
    const event = new Webhook(sub.secret).verify(req.body, {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    }) as { type: string; data: { claimId?: string; claim?: { id: string } } };
    expect(event.type).toBe('verdict.published');
    expect(JSON.stringify(event.data)).toContain(claimId);

    // Who did what names the people: the verdict's author and reviewer, the history's actors.
    const [v] = await app.ds.query(
      `SELECT author_key_id, reviewer_key_id, evidence_ids FROM verdicts WHERE claim_id = $1 AND status = 'published'`,
      [claimId],
    );
    expect(v).toMatchObject({ author_key_id: chloeId, reviewer_key_id: emileId });
    expect(v.evidence_ids).toHaveLength(2);
    const actors = await app.ds.query(
      `SELECT action, actor_key_id FROM claim_history WHERE claim_id = $1 AND actor_key_id IS NOT NULL`,
      [claimId],
    );
    expect(actors.filter((a: { actor_key_id: string }) => a.actor_key_id === chloeId).length).toBeGreaterThanOrEqual(2);
    expect(actors.filter((a: { actor_key_id: string }) => a.actor_key_id === emileId).length).toBeGreaterThanOrEqual(2);
    await checker.page.goto(`${app.url}/console/claims/${claimId}`);
    expect(await checker.page.locator('ol.timeline').textContent()).toContain('Émile Editor');

    // Correction (a reason is required, shown next to the field), then retraction.
    await editor.page.goto(`${app.url}/console/claims/${claimId}/published`);
    await editor.page.getByLabel(/^Summary/).fill('Le CENTCOM a démenti tout retrait, le 13 février.');
    await editor.page.getByRole('button', { name: 'Publish the corrected version' }).click();
    expect(await editor.page.locator('#ce-reason').textContent()).toContain('Give the reason');
    await editor.page.getByLabel(/^Summary/).fill('Le CENTCOM a démenti tout retrait, le 13 février.');
    await editor.page.locator('#c-reason').fill('Date du démenti ajoutée.');
    await editor.page.getByRole('button', { name: 'Publish the corrected version' }).click();
    await editor.page.waitForURL(/done=corrected/);
    expect(await editor.page.locator('.claim-review').textContent()).toContain('version 2');
    expect(await editor.page.locator('section[aria-labelledby="h-versions"]').textContent()).toContain('superseded');
    await editor.page.locator('#x-reason').fill('Source retirée par son éditeur.');
    await editor.page.getByRole('button', { name: 'Retract the verdict' }).click();
    await editor.page.waitForURL(/done=retracted/);
    const statuses = await app.ds.query(
      `SELECT version, status FROM verdicts WHERE claim_id = $1 AND version IS NOT NULL ORDER BY version`,
      [claimId],
    );
    expect(statuses).toEqual([
      { version: 1, status: 'superseded' },
      { version: 2, status: 'retracted' },
    ]);
    await receiver.stop();
    for (const c of [adminCtx, checker.ctx, editor.ctx]) await c.close();
  });

  /** A person of the organization with a password, signed in in a new browser context. */
  async function signedIn(o: OrgCtx, who: string, role: 'checker' | 'editor', name: string) {
    const email = `${who}-${o.organizationId.slice(0, 8)}@example.org`;
    await o.newPerson({ email, displayName: name, role, language: 'en', password: PASSWORD });
    const ctx = await browser.newContext({ locale: 'en-GB' });
    const p = await newPage(ctx);
    await signIn(p.page, email);
    await p.page.waitForURL(/\/console\/queue/);
    return { ctx, ...p, id: await personId(email) };
  }

  it('queue filters: kind, language, priority, text, my tasks', async () => {
    const desk = await newOrg(app);
    const a = await claimWithTask(desk, 'Le prix du gazole a triplé', 'fr');
    const b = await claimWithTask(desk, 'Unemployment fell by half', 'en');
    await app.ds.query(`UPDATE tasks SET priority = 1 WHERE id = $1`, [b.taskId]);
    const c = await signedIn(desk, 'fil', 'checker', 'Filou');
    const rows = async (query: string) => {
      await c.page.goto(`${app.url}/console/queue?${query}`);
      return c.page
        .locator('#queue-rows tr[data-task]')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-task')));
    };
    expect((await rows('')).sort()).toEqual([a.taskId, b.taskId].sort());
    expect(await rows('language=en')).toEqual([b.taskId]);
    expect(await rows('q=GAZOLE')).toEqual([a.taskId]);
    expect(await rows('priority=3')).toEqual([a.taskId]);
    expect(await rows('kind=review')).toEqual([]);
    expect(await rows('status=active&mine=1')).toEqual([]);
    await c.page.goto(`${app.url}/console/claims/${a.claimId}`);
    await c.page.getByRole('button', { name: 'Take this task' }).click();
    expect(await rows('status=active&mine=1')).toEqual([a.taskId]);
    expect(await c.page.locator('#queue-rows').textContent()).toContain('you');
    expect(await rows('')).toEqual([b.taskId]); // waiting only: the held task left the list
    await c.ctx.close();
  });

  it('the workspace lists the claims intake matching finds near this one, with their status and score', async () => {
    const desk = await newOrg(app);
    const submit = async (text: string) =>
      (await desk.admin.post('/v1/claims', { text, language: 'en' })).body as { id: string; similar: { id: string }[] };
    const a = await submit('The city council spent 40 million euros on the new football stadium in 2023');
    const b = await submit('The city council spent 45 million euros on the new football stadium in 2023');
    const unrelated = await submit('Rainfall in the north of the country doubled over the winter');
    expect(b.similar.map((s) => s.id)).toEqual([a.id]); // what intake answered: similar, not a duplicate
    const c = await signedIn(desk, 'sim', 'checker', 'Simone');
    await c.page.goto(`${app.url}/console/claims/${b.id}`);
    expect(await c.page.getByRole('heading', { name: 'Similar claims' }).count()).toBe(1);
    expect(await c.page.locator(`a[href="/console/claims/${a.id}"]`).count()).toBe(1);
    expect(await c.page.locator(`a[href="/console/claims/${unrelated.id}"]`).count()).toBe(0);
    await c.page.goto(`${app.url}/console/claims/${unrelated.id}`);
    expect(await c.page.getByRole('heading', { name: 'Similar claims' }).count()).toBe(0);
    await c.ctx.close();
  });

  it('article and archive (editors): candidates picked and submitted as claims; documents added by form and JSONL, then found', async () => {
    const desk = await newOrg(app);
    const e = await signedIn(desk, 'ed', 'editor', 'Edith');
    // Archive: a field error, then a document; JSONL errors name the line; then two documents.
    await e.page.getByRole('link', { name: 'Archive' }).click();
    await e.page.getByLabel('Address (URL)').fill('https://archive.example/a1');
    await e.page.getByLabel('Text', { exact: true }).fill('Le gazole coûte 1,80 euro le litre.');
    await e.page.getByRole('button', { name: 'Add a document' }).click();
    expect(await e.page.locator('#de-title').count()).toBe(1);
    await e.page.getByLabel('Title', { exact: true }).fill('Prix du gazole <script>');
    await e.page.getByRole('button', { name: 'Add a document' }).click();
    expect(await e.page.getByRole('status').textContent()).toContain('1 created');
    const line = (url: string, title: string) =>
      JSON.stringify({ url, title, body: `${title} : le détail.`, language: 'fr' });
    await e.page
      .getByLabel(/One JSON document per line/)
      .fill(`${line('https://archive.example/b1', 'Bases en Irak')}\n{oops`);
    await e.page.getByRole('button', { name: 'Import' }).click();
    expect(await e.page.getByRole('alert').textContent()).toContain('Line 2: not JSON');
    await e.page
      .getByLabel(/One JSON document per line/)
      .fill(
        `${line('https://archive.example/b1', 'Bases en Irak')}\n${line('https://archive.example/b2', 'Retrait démenti')}`,
      );
    await e.page.getByRole('button', { name: 'Import' }).click();
    expect(await e.page.getByRole('status').textContent()).toContain('2 created');
    await e.page.getByLabel(/Words/).fill('gazole');
    await e.page.locator('#s-language').selectOption('fr');
    await e.page.getByRole('button', { name: 'Search' }).click();
    await e.page.waitForURL(/q=gazole/);
    expect(await e.page.locator('ol.evidence li a').allTextContents()).toEqual(['Prix du gazole <script>']);
    await axe(e.page, 'archive');
    await shoot(e.page, 'archive');

    // Article: sentences with check-worthiness, candidates picked, submitted as claims.
    await e.page.getByRole('link', { name: 'Article' }).click();
    await e.page.getByLabel('Text of the article').fill(SEED_ARTICLE);
    await e.page.getByLabel('Language').selectOption('fr');
    await e.page.getByRole('button', { name: 'Find the claims' }).click();
    expect(await e.page.locator('.sentence').count()).toBeGreaterThan(3);
    expect(await e.page.locator('.sentence.worthy').count()).toBeGreaterThan(0);
    const boxes = e.page.locator('input[name="claims"]');
    expect(await boxes.count()).toBeGreaterThan(0);
    const picked = await boxes.first().getAttribute('value');
    for (let i = 1; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
    await axe(e.page, 'article');
    await shoot(e.page, 'article');
    await e.page.getByRole('button', { name: 'Submit the chosen claims' }).click();
    const links = e.page.locator('section[aria-labelledby="h-submitted"] a');
    expect(await links.allTextContents()).toEqual([picked]);
    const claims = await app.ds.query(`SELECT text FROM claims WHERE organization_id = $1`, [desk.organizationId]);
    expect(claims).toEqual([{ text: picked }]);
    // Checkers have neither screen (the API's roles).
    const c = await signedIn(desk, 'ch', 'checker', 'Charlie');
    expect((await c.page.goto(`${app.url}/console/article`))!.status()).toBe(403);
    expect((await c.page.goto(`${app.url}/console/archive`))!.status()).toBe(403);
    await e.ctx.close();
    await c.ctx.close();
  });

  it('two browsers race for one task: exactly one holds it, the other is told it was taken', async () => {
    const desk = await newOrg(app);
    const { claimId, taskId } = await claimWithTask(desk, 'Le prix du gazole a doublé en un an');
    const a = await signedIn(desk, 'ana', 'checker', 'Ana');
    const b = await signedIn(desk, 'bob', 'checker', 'Bob');
    await Promise.all([a, b].map((x) => x.page.goto(`${app.url}/console/claims/${claimId}`)));
    const answers = await Promise.all(
      [a, b].map(async (x) => {
        const [answer] = await Promise.all([
          x.page.waitForResponse((r) => r.url().endsWith(`/console/tasks/${taskId}/claim`)),
          x.page.getByRole('button', { name: 'Take this task' }).click(),
        ]);
        await x.page.waitForLoadState();
        return answer.status();
      }),
    );
    expect(answers.sort()).toEqual([303, 409]);
    const [task] = await app.ds.query(`SELECT assignee_key_id FROM tasks WHERE id = $1`, [taskId]);
    const winner = task.assignee_key_id === a.id ? a : b;
    const loser = winner === a ? b : a;
    expect([a.id, b.id]).toContain(task.assignee_key_id);
    expect(await winner.page.getByText(/You hold this task until/).count()).toBe(1);
    expect(await loser.page.getByRole('alert').textContent()).toContain('Someone else took this task.');
    await axe(loser.page, 'task taken');
    await shoot(loser.page, 'task-taken');
    await a.ctx.close();
    await b.ctx.close();
  });

  it('a lease that expires while the page is open is shown as lost, and the draft survives until the task is taken again', async () => {
    const desk = await newOrg(app);
    const { claimId, taskId } = await claimWithTask(desk, 'La dette publique a dépassé 3 000 milliards');
    const c = await signedIn(desk, 'lea', 'checker', 'Léa');
    await c.page.goto(`${app.url}/console/claims/${claimId}`);
    await c.page.getByRole('button', { name: 'Take this task' }).click();
    await c.page.getByLabel(/^Summary/).fill('Chiffre exact selon l’Insee.');
    await c.page.getByText('Draft saved.').waitFor();
    // The lease runs out (as if the laptop slept): the next heartbeat says so on the page.
    await app.ds.query(`UPDATE tasks SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [taskId]);
    await c.page.evaluate(() =>
      (globalThis as any).document.querySelector('#lease').dispatchEvent(new (globalThis as any).Event('leasecheck')),
    );
    await c.page.getByText('You no longer hold this task').waitFor();
    await shoot(c.page, 'lease-lost');
    // Completing now is refused with a clear message; the draft is still on the server.
    await c.page.getByRole('button', { name: 'Complete the check' }).click();
    expect(await c.page.getByRole('alert').first().textContent()).toContain('You no longer hold this task');
    await c.page.getByRole('button', { name: 'Take this task' }).click();
    expect(await c.page.getByLabel(/^Summary/).inputValue()).toBe('Chiffre exact selon l’Insee.');
    await c.ctx.close();
  });

  it('four-eyes between people: the author of a draft cannot review it, from another session either', async () => {
    const desk = await newOrg(app);
    const { claimId } = await claimWithTask(desk, 'Le nombre de médecins a baissé de 10 %');
    const e1 = await signedIn(desk, 'eve', 'editor', 'Eve');
    await e1.page.goto(`${app.url}/console/claims/${claimId}`);
    await e1.page.getByRole('button', { name: 'Take this task' }).click();
    await e1.page.getByLabel('Rating').selectOption('mostly_false');
    await e1.page.getByLabel(/^Summary/).fill('Il a augmenté.');
    await e1.page.getByRole('button', { name: 'Complete the check' }).click();
    await e1.page.waitForURL(/done=draftCompleted/);
    // A second session of the same person: no review task is offered, and taking it directly is refused.
    const ctx2 = await browser.newContext({ locale: 'en-GB' });
    const e2 = await newPage(ctx2);
    await signIn(e2.page, `eve-${desk.organizationId.slice(0, 8)}@example.org`);
    await e2.page.waitForURL(/\/console\/queue/);
    await e2.page.getByRole('button', { name: 'Take the next task' }).click();
    expect(await e2.page.getByRole('status').textContent()).toContain('No task is waiting for you.');
    await e2.page.goto(`${app.url}/console/claims/${claimId}`);
    const [answer] = await Promise.all([
      e2.page.waitForResponse((r) => r.url().includes('/claim') && r.request().method() === 'POST'),
      e2.page.getByRole('button', { name: 'Take this task' }).click(),
    ]);
    expect(answer.status()).toBe(403);
    const [review] = await app.ds.query(`SELECT status FROM tasks WHERE claim_id = $1 AND kind = 'review'`, [claimId]);
    expect(review.status).toBe('open');
    await e1.ctx.close();
    await ctx2.close();
  });

  it('people and pages: invite, set a password, sign in, see the queue, take the next task; hostile text stays text; headers on every page; axe', async () => {
    const hostile = await claimWithTask(org, HOSTILE);
    await org.newEvidence(
      { id: hostile.claimId },
      {
        url: 'javascript:globalThis.__pwned=4',
        title: HOSTILE,
        snippet: HOSTILE,
        stance: 'refutes',
        stanceScore: 0.9,
        relevance: 0.9,
        rationale: HOSTILE,
      },
    );
    await app.ds.query(`UPDATE tasks SET note = $2 WHERE id = $1`, [hostile.taskId, HOSTILE]);
    const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const admin = await newPage(adminCtx);
    await admin.page.goto(`${app.url}/console/sign-in`);
    await axe(admin.page, 'sign-in');
    // Without a person yet, the browser's language decides (Accept-Language).
    const frCtx = await browser.newContext({ locale: 'fr-FR' });
    const fr = await frCtx.newPage();
    await fr.goto(`${app.url}/console/sign-in`);
    expect(await fr.getByRole('heading', { level: 1 }).textContent()).toBe('Connexion à la console');
    expect(await fr.locator('html').getAttribute('lang')).toBe('fr');
    await axe(fr, 'sign-in (fr)');
    await shoot(fr, 'sign-in-fr');
    await frCtx.close();
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

    // Admin → keys and newsrooms: a newsroom, its key shown once, then revoked (the API refuses it at once).
    await admin.page.getByRole('link', { name: 'Keys' }).click();
    await admin.page.locator('#n-name').fill('Le Quotidien <b>du</b> Nord');
    await admin.page.getByRole('button', { name: 'Add the newsroom' }).click();
    expect(await admin.page.getByRole('status').textContent()).toContain('Le Quotidien <b>du</b> Nord');
    await admin.page.locator('#k-name').fill('Quotidien integration');
    await admin.page.locator('#k-role').selectOption('newsroom');
    await admin.page.getByRole('button', { name: 'Create an API key' }).click();
    expect(await admin.page.locator('#ke-newsroom').textContent()).toContain('newsroomId is required');
    await admin.page.locator('#k-name').fill('Quotidien integration');
    await admin.page.locator('#k-role').selectOption('newsroom');
    await admin.page.locator('#k-newsroom').selectOption({ label: 'Le Quotidien <b>du</b> Nord' });
    await admin.page.getByRole('button', { name: 'Create an API key' }).click();
    const secret = await admin.page.locator('#created-key').inputValue();
    expect(secret).toMatch(/^cbk_[A-Za-z0-9_-]{43}$/);
    const meWithKey = () => fetch(`${app.url}/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(await (await meWithKey()).json()).toMatchObject({ role: 'newsroom', organizationId: org.organizationId });
    await axe(admin.page, 'keys and newsrooms');
    await shoot(admin.page, 'admin-access');
    await admin.page.getByRole('button', { name: 'Revoke: Quotidien integration' }).click();
    expect(await admin.page.getByRole('status').textContent()).toContain('is revoked');
    expect((await meWithKey()).status).toBe(401);
    expect(await admin.page.locator('#created-key').count()).toBe(0); // shown once

    // Admin → settings: a bad URL template is refused next to its field; French labels of the scale saved.
    await admin.page.getByRole('link', { name: 'Settings' }).click();
    await admin.page.locator('#o-publicUrlTemplate').fill('https://desk.example/no-placeholder');
    await admin.page.getByRole('button', { name: 'Save' }).first().click();
    expect(await admin.page.locator('#oe-publicUrlTemplate').textContent()).toContain('{claimId}');
    // Without a template, what a published ClaimReview would link to is said next to the field (this app has no
    // PUBLIC_BASE_URL, so the service's own address: the admin sees it is not a public one).
    expect(await admin.page.locator('#o-url-default').textContent()).toBe(
      'Left empty, a published ClaimReview links to http://localhost:0/v1/claims/{claimId}/claim-review',
    );
    expect(await admin.page.locator('#o-publicUrlTemplate').getAttribute('aria-describedby')).toBe(
      'o-url-default oe-publicUrlTemplate',
    );
    await admin.page.locator('#r-false-fr').fill('Faux <i>archi</i>');
    await admin.page.locator('section[aria-labelledby="h-scale"]').getByRole('button', { name: 'Save' }).click();
    expect(await admin.page.getByRole('status').textContent()).toContain('Saved.');
    const settings = await org.admin.get('/v1/settings');
    expect(settings.body.ratingScale.ratings.find((r: { key: string }) => r.key === 'false').labels.fr).toBe(
      'Faux <i>archi</i>',
    );
    expect(await admin.page.locator('section[aria-labelledby="h-providers"] tbody tr').count()).toBeGreaterThan(0);
    await axe(admin.page, 'settings');
    await shoot(admin.page, 'admin-settings');

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
    // Evidence (title, snippet, rationale, a javascript: URL) and the task's note are text too.
    expect(await checker.page.locator('ol.evidence .snippet').textContent()).toBe(HOSTILE);
    expect(await checker.page.locator('ol.evidence .rationale').textContent()).toBe(HOSTILE);
    expect(await checker.page.locator('ol.evidence a').first().textContent()).toBe(HOSTILE);
    expect(await checker.page.locator('.alert .note').textContent()).toBe(HOSTILE);
    expect(await checker.page.locator('main img, main script, a[href^="javascript:"]').count()).toBe(0);
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
    expect((await checker.page.goto(`${app.url}/console/admin/access`))!.status()).toBe(403);
    expect((await checker.page.goto(`${app.url}/console/admin/settings`))!.status()).toBe(403);
    const unknown = await checker.page.goto(`${app.url}/console/no-such-page`);
    expect({ status: unknown!.status(), type: unknown!.headers()['content-type'] }).toEqual({
      status: 404,
      type: 'text/html; charset=utf-8',
    });
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
    await org.newPerson({
      email: emailOf('xsite'),
      displayName: 'Xavier',
      role: 'checker',
      language: 'fr',
      password: PASSWORD,
    });
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
      await axe(page, 'cross-site refused (fr)');
      await shoot(page, 'cross-site-refused-fr');
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
    await org.newPerson({
      email: emailOf('dora'),
      displayName: 'Dora',
      role: 'checker',
      language: 'en',
      password: PASSWORD,
    });
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
    await org.newPerson({
      email: emailOf('theo'),
      displayName: 'Théo',
      role: 'checker',
      language: 'fr',
      password: PASSWORD,
    });
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
  // Last in the file: it checks what every test above received.
  it('sends the security headers on every console response: pages, fragments, assets, errors', () => {
    const statuses = new Set(everyResponse.map((r) => r.status));
    expect([...statuses]).toEqual(expect.arrayContaining([200, 403, 404, 409]));
    for (const r of everyResponse) {
      expect({ url: r.url, csp: r.headers['content-security-policy'] }).toEqual({
        url: r.url,
        csp: expect.stringContaining("frame-ancestors 'none'"),
      });
      expect({ url: r.url, csp: r.headers['content-security-policy'] }).toEqual({
        url: r.url,
        csp: expect.not.stringMatching(/unsafe-inline|unsafe-eval/),
      });
      expect({ url: r.url, nosniff: r.headers['x-content-type-options'] }).toEqual({ url: r.url, nosniff: 'nosniff' });
    }
    expect(
      everyResponse.filter((r) => r.url.includes('/heartbeat') || r.url.includes('/draft')).length,
    ).toBeGreaterThan(0);
  });
});

/**
 * `npm run demo`: the whole story against a running service (`npm start` in another terminal), or
 * one it starts itself. Loads the demo archive, extracts and submits the claims of the seed article,
 * waits for research, checks and approves a verdict with two people, receives the signed webhook at
 * a local receiver (verified with the standardwebhooks library), and prints the ClaimReview.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { runCli } from '../cli/cli';
import { localDatabaseUrl } from '../local/local-stack';

const ROOT = resolve(__dirname, '..', '..', '..');
const BASE = (process.env.CORROBORATE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
const started = Date.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const step = (n: number, text: string) => console.log(`\n[${elapsed()}] ${n}. ${text}`);

type Json = any;

async function api(
  key: string,
  method: string,
  path: string,
  body?: unknown,
  expect: number[] = [200, 201, 202, 204],
): Promise<Json> {
  const res = await fetch(BASE + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!expect.includes(res.status)) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return { status: res.status, ...(data && typeof data === 'object' && !Array.isArray(data) ? data : { data }) };
}

async function serviceUp(): Promise<boolean> {
  try {
    return (await fetch(`${BASE}/health/ready`)).ok;
  } catch {
    return false;
  }
}

/** Uses the running service, or starts `npm start`'s launcher and waits for it. */
async function ensureService(): Promise<ChildProcess | undefined> {
  if (await serviceUp()) return undefined;
  console.log(`No service answers at ${BASE}: starting one (node dist/src/local/start.js)...`);
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'local', 'start.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error('the service exited during start-up');
    if (await serviceUp()) return child;
    await sleep(500);
  }
  throw new Error('the service did not become ready within 2 minutes');
}

/**
 * Each run works in a desk of its own, so that claims matching an earlier run's are not linked as
 * duplicates: a new organization through the CLI when the database is reachable (npm start's
 * embedded one, or DATABASE_URL), otherwise the bootstrap admin key's organization.
 */
async function adminKey(run: string): Promise<string> {
  const databaseUrl = process.env.DATABASE_URL || localDatabaseUrl();
  if (databaseUrl) {
    try {
      const out = await runCli(['create-organization', '--name', `Demo desk ${run}`], databaseUrl);
      const key = /Admin key \(shown once, store it now\): (\S+)/.exec(out)?.[1];
      if (key) return key;
    } catch (err) {
      console.log(`   (could not create a demo organization: ${(err as Error).message}; using the admin key)`);
    }
  }
  if (process.env.BOOTSTRAP_ADMIN_KEY) return process.env.BOOTSTRAP_ADMIN_KEY;
  const file = join(ROOT, '.data', 'admin.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new Error('No admin key: run `npm start` first (it writes .data/admin.key) or set BOOTSTRAP_ADMIN_KEY');
}

/** A newsroom's webhook endpoint: verifies every request with the Standard Webhooks library. */
async function startReceiver() {
  const received: { id: string; type: string; data: Json; verified: boolean }[] = [];
  let verifier: Webhook | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const event = verifier!.verify(body, req.headers as IncomingHttpHeaders as Record<string, string>) as Json;
        received.push({ id: String(req.headers['webhook-id']), type: event.type, data: event.data, verified: true });
        res.writeHead(204).end();
      } catch {
        received.push({ id: String(req.headers['webhook-id']), type: 'unverified', data: null, verified: false });
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/corroborate`,
    received,
    setSecret: (s: string) => (verifier = new Webhook(s)),
    close: () => new Promise((r) => server.close(r)),
  };
}

async function main() {
  const service = await ensureService();
  const receiver = await startReceiver();
  try {
    const run = Date.now().toString(36);
    step(1, 'Setting up a demo desk, a newsroom and three people (newsroom, checker, editor)');
    const admin = await adminKey(run);
    const newsroom = await api(admin, 'POST', '/v1/newsrooms', {
      name: `Demo newsroom ${run}`,
      url: 'https://newsroom.example',
    });
    const mk = async (role: string, extra: object = {}) =>
      (
        await api(admin, 'POST', '/v1/api-keys', {
          name: `demo ${role} ${run}`,
          role,
          languages: ['fr', 'en'],
          ...extra,
        })
      ).key as string;
    const nrKey = await mk('newsroom', { newsroomId: newsroom.id });
    const checkerKey = await mk('checker');
    const editorKey = await mk('editor');
    await api(
      admin,
      'PUT',
      '/v1/settings/organization',
      {
        name: 'Corroborate demo desk',
        url: 'https://factcheck.example',
        publicUrlTemplate: 'https://factcheck.example/verifications/{claimId}',
      },
      [200],
    ).catch(() => undefined);
    console.log(`   newsroom ${newsroom.id}; keys created for newsroom, checker and editor`);

    step(2, 'The newsroom subscribes a webhook (a local receiver that verifies signatures)');
    const hook = await api(nrKey, 'POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['verdict.published', 'claim.research_completed'],
      scope: 'own',
      description: 'demo receiver',
    });
    receiver.setSecret(hook.secret);
    console.log(`   ${receiver.url} subscribed (secret ${String(hook.secret).slice(0, 10)}…, shown once)`);

    step(3, 'The editor loads the demo archive (news that corroborates and contradicts the seed article)');
    const archive = JSON.parse(readFileSync(join(ROOT, 'samples', 'demo-archive.json'), 'utf8'));
    const ingested = await api(editorKey, 'POST', '/v1/sources/documents', archive);
    console.log(`   ${archive.documents.length} documents ingested (${JSON.stringify(ingested).slice(0, 80)})`);

    step(4, 'The newsroom sends the seed article: sentences scored, check-worthy ones submitted as claims');
    const text = readFileSync(join(ROOT, 'samples', 'seed-article-fr.txt'), 'utf8');
    const extraction = await api(nrKey, 'POST', '/v1/extractions', {
      text,
      language: 'fr',
      url: `https://newsroom.example/articles/irak-${run}`,
      title: 'Irak : retrait américain ?',
      submit: true,
      minScore: 0.5,
    });
    const claims: { id: string; text: string; status: string }[] = extraction.candidates
      .filter((c: Json) => c.claim)
      .map((c: Json) => c.claim);
    console.log(`   ${extraction.sentences.length} sentences, ${claims.length} claims submitted:`);
    for (const c of claims) console.log(`   - [${c.status}] ${c.text.slice(0, 100)}`);
    // The same rumour, as it circulates on social media: a claim of its own.
    const rumour = await api(nrKey, 'POST', '/v1/claims', {
      text: 'Les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak',
      language: 'fr',
      appearances: [`https://social.example/posts/${run}`],
      speaker: { name: 'Ali al-Ghanemi', role: 'député irakien' },
      claimDate: '2020-02-12',
      priority: 'high',
    });
    console.log(
      `   and the rumour as posted on social media: [${rumour.status}] ${rumour.text}${rumour.similar?.length ? ` (similar to ${rumour.similar.length} claim(s) above)` : ''}`,
    );
    claims.push(rumour);
    if (!claims.some((c) => c.status !== 'duplicate'))
      throw new Error('every claim was linked as a duplicate of an earlier one');

    step(5, 'Research: every enabled evidence provider, stance per source, a machine assessment');
    const waitingFor = claims.filter((c) => c.status !== 'duplicate');
    for (let i = 0; ; i++) {
      const states = await Promise.all(
        waitingFor.map(async (c) => (await api(nrKey, 'GET', `/v1/claims/${c.id}`)).status as string),
      );
      const ready = states.filter((s) => s !== 'received' && s !== 'researching').length;
      process.stdout.write(
        `\r   researched ${ready}/${waitingFor.length} ${'█'.repeat(ready)}${'░'.repeat(waitingFor.length - ready)}   `,
      );
      if (ready === waitingFor.length) break;
      if (i > 240) throw new Error('research did not finish within 2 minutes: is a worker running?');
      await sleep(500);
    }
    const details = await Promise.all(waitingFor.map((c) => api(nrKey, 'GET', `/v1/claims/${c.id}`)));
    console.log('');
    for (const d of details)
      console.log(`   ${String(d.assessment?.label ?? d.status).padEnd(20)} ${d.text.slice(0, 90)}`);
    // The story is best told on a claim the sources disagree about.
    const main =
      details.find((d) => d.assessment?.label === 'conflicting') ??
      details.find((d) => /15 bases/.test(d.text)) ??
      details[0];
    console.log(
      `\n   Checking: "${main.text.slice(0, 110)}"\n   assessment: ${main.assessment?.label} (confidence ${main.assessment?.confidence}, ${JSON.stringify(main.assessment?.counts)})`,
    );
    const evidence = (await api(checkerKey, 'GET', `/v1/claims/${main.id}/evidence?limit=50`)).data as Json[];
    for (const e of evidence.slice(0, 6))
      console.log(
        `   ${String(e.stance).padEnd(8)} ${Number(e.stanceScore).toFixed(2)} ${e.title?.slice(0, 70)}\n            ${e.rationale}`,
      );

    step(6, 'A checker claims the check task, heartbeats, and completes it with a verdict citing evidence');
    const open = (await api(checkerKey, 'GET', '/v1/tasks?kind=check&status=open&limit=200')).data as Json[];
    const mine = open.find((t) => t.claimId === main.id);
    if (!mine) throw new Error('no open check task for the claim');
    const task = await api(checkerKey, 'POST', `/v1/tasks/${mine.id}/claim`, {});
    console.log(`   ${open.length} open check task(s); claimed ${task.id}, lease until ${task.leaseExpiresAt}`);
    await api(checkerKey, 'POST', `/v1/tasks/${task.id}/heartbeat`, { leaseToken: task.leaseToken });
    const cited = evidence
      .filter((e) => e.stance !== 'neutral')
      .slice(0, 3)
      .map((e) => e.id);
    const done = await api(checkerKey, 'POST', `/v1/tasks/${task.id}/complete`, {
      leaseToken: task.leaseToken,
      rating: 'misleading',
      title: 'Retrait de 15 bases : une annonce démentie par le CENTCOM',
      summary:
        "Un député irakien a annoncé le retrait américain de 15 bases ; le commandement central américain (CENTCOM) a démenti tout retrait. L'affirmation présente comme un fait une annonce contestée.",
      evidenceIds: cited,
    });
    console.log(
      `   task ${task.id} done; verdict draft ${done.verdictId} (rating: misleading, ${cited.length} sources cited)`,
    );

    step(7, 'An editor (not the author) reviews and approves: the verdict is published');
    const review = await api(editorKey, 'POST', '/v1/tasks/next', { kinds: ['review'] });
    if (review.status === 204) throw new Error('no review task was opened');
    await api(editorKey, 'POST', `/v1/tasks/${review.id}/complete`, {
      leaseToken: review.leaseToken,
      decision: 'approve',
      note: 'Sources vérifiées.',
    });
    console.log(`   claim ${main.id} is now ${(await api(nrKey, 'GET', `/v1/claims/${main.id}`)).status}`);

    step(8, 'The newsroom receives verdict.published, signed (Standard Webhooks)');
    for (
      let i = 0;
      i < 120 && !receiver.received.some((r) => r.type === 'verdict.published' && r.data?.claim?.id === main.id);
      i++
    )
      await sleep(250);
    const arrived = receiver.received.find((r) => r.type === 'verdict.published' && r.data?.claim?.id === main.id);
    if (!arrived) throw new Error('verdict.published did not arrive within 30 s');
    console.log(
      `   webhook-id ${arrived.id}: signature verified with standardwebhooks ✔ (${receiver.received.length} webhook(s) received in all)`,
    );

    step(9, 'The ClaimReview (schema.org JSON-LD) of the published verdict');
    const claimReview = await api(nrKey, 'GET', `/v1/claims/${main.id}/claim-review`);
    delete claimReview.status;
    console.log(JSON.stringify(claimReview, null, 2));

    console.log(
      `\nDone in ${elapsed()}: ${claims.length} claims from one article, researched, one checked, reviewed, published,`,
    );
    console.log('delivered to the newsroom as a signed webhook, and served as ClaimReview.');
    console.log(`  Claim:        ${BASE}/v1/claims/${main.id}`);
    console.log(`  Evidence:     ${BASE}/v1/claims/${main.id}/evidence`);
    console.log(`  History:      ${BASE}/v1/claims/${main.id}/history`);
    console.log(`  ClaimReview:  ${BASE}/v1/claims/${main.id}/claim-review`);
    console.log(`  Deliveries:   ${BASE}/v1/webhooks/${hook.id}/deliveries   (newsroom key)`);
    console.log(
      `  Console:      ${BASE}/console/claims/${main.id}/published   (sign in as a person: npm start prints how)`,
    );
    console.log(
      `  API docs:     ${BASE}/docs     Queues: ${BASE}/admin/queues (operator token, .data/queue-dashboard.token)     Metrics: ${BASE}/metrics`,
    );
  } finally {
    await receiver.close();
    if (service) {
      service.kill('SIGTERM');
      await new Promise((r) => service.once('exit', r));
    }
  }
}

main().catch((err) => {
  console.error(`\nDemo failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});

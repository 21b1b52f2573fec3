import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ApiKeysRepository } from '../src/auth/api-keys.repository';
import { startLocalStack } from '../src/local/local-stack';
import { freePort } from '../src/local/processes';
import { OrganizationsRepository } from '../src/organizations/organizations.repository';
import { hashPassword } from '../src/people/password';
import { createDataSource } from '../src/schema/data-source';
import { flags, median, round, writeResult } from './lib/harness';
import { peakRssOf, startNode, stop } from './lib/processes';

/**
 * console: the time to render the console's two heaviest pages, against the JSON API serving the
 * same data in the same run, on our API process (ROLE=api):
 * - the queue (`GET /console/queue`, the first 100 of 10,000 open check tasks with their claim's
 *   text and holder) against `GET /v1/tasks?status=open&limit=100`;
 * - the claim workspace (`GET /console/claims/:id`, a claim with 200 pieces of evidence, its history,
 *   tasks and assessment) against `GET /v1/claims/:id` + `GET /v1/claims/:id/evidence?limit=200`.
 * Requests are sequential and alternate page / API, so both sides see the same machine load.
 * npm run bench -- console [--quick] [--tasks=N] [--requests=N]
 */
const PASSWORD = 'bench console password';

async function main() {
  const f = flags(process.argv.slice(2));
  const total = Number(f.get('tasks') ?? 10_000);
  const requests = Number(f.get('requests') ?? (f.quick ? 40 : 200));
  const stack = await startLocalStack(process.env);
  const databaseUrl = process.env.DATABASE_URL ?? stack.databaseUrl!;
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const keys = new ApiKeysRepository(ds);
  const { organization } = await new OrganizationsRepository(ds, keys).createWithAdmin(
    `bench console ${randomBytes(3).toString('hex')}`,
  );
  const org = organization.id;
  const { secret } = await keys.create(org, {
    name: 'bench checker',
    role: 'checker',
    newsroomId: null,
    languages: [],
  });
  const email = `bench-${randomBytes(3).toString('hex')}@example.org`;
  await ds.query(
    `INSERT INTO people (organization_id, email, display_name, role, language, password_hash) VALUES ($1, $2, 'Bench', 'checker', 'en', $3)`,
    [org, email, await hashPassword(PASSWORD)],
  );
  await ds.query(
    `WITH c AS (INSERT INTO claims (organization_id, text, normalized_text, language, status)
                SELECT $1, 'Bench queue claim number ' || g || ' about the budget of the city', 'bench queue claim ' || g, 'en', 'ready_for_check'
                  FROM generate_series(1, $2) g RETURNING id)
     INSERT INTO tasks (organization_id, claim_id, kind, status, priority, language) SELECT $1, id, 'check', 'open', 1, 'en' FROM c`,
    [org, total],
  );
  const [{ id: claimId }] = await ds.query(
    `INSERT INTO claims (organization_id, text, normalized_text, language, status)
     VALUES ($1, 'The city spent 3 million dollars on the new bridge in 2024', 'the city spent 3 million dollars', 'en', 'ready_for_check') RETURNING id`,
    [org],
  );
  await ds.query(
    `INSERT INTO evidence (organization_id, claim_id, provider, url, title, snippet, publisher, published_at, language, stance,
                           stance_score, relevance, rationale, retrieved_at)
     SELECT $1, $2, 'archive', 'https://news.example.org/bridge/' || g, 'Bridge report ' || g,
            'The council said the bridge cost about 3 million dollars, according to report ' || g || '.', 'Example News', now(), 'en',
            (ARRAY['supports', 'refutes', 'neutral'])[1 + g % 3], 0.7, 1 - g / 1000.0,
            'The source reports the same figure ("3 million").', now()
       FROM generate_series(1, 200) g`,
    [org, claimId],
  );
  const ours = await startNode(
    'src/main.js',
    {
      ROLE: 'api',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? stack.redisUrl!,
      QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '0',
    },
    (p) => `http://127.0.0.1:${p}/health/live`,
  );
  const base = `http://127.0.0.1:${ours.port}`;
  try {
    const signIn = await fetch(`${base}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams({ email, password: PASSWORD, next: '/console/queue' }).toString(),
    });
    if (signIn.status !== 303) throw new Error(`sign-in answered ${signIn.status}`);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const api = { authorization: `Bearer ${secret}` };

    /** Times one GET (ms), checking its status and reading the whole body. */
    const time = async (path: string, headers: Record<string, string>, check?: (body: string) => boolean) => {
      const t0 = performance.now();
      const r = await fetch(`${base}${path}`, { headers });
      const body = await r.text();
      const ms = performance.now() - t0;
      if (r.status !== 200 || (check && !check(body))) throw new Error(`${path} answered ${r.status}`);
      return { ms, bytes: body.length };
    };
    const sides = {
      queuePage: () =>
        time('/console/queue', { cookie }, (b) => (b.match(/<tr/g) ?? []).length >= 100).then((x) => [x]),
      queueApi: () => time('/v1/tasks?status=open&limit=100', api).then((x) => [x]),
      workspacePage: () =>
        time(`/console/claims/${claimId}`, { cookie }, (b) => b.includes('bridge/200')).then((x) => [x]),
      workspaceApi: () =>
        Promise.all([time(`/v1/claims/${claimId}`, api), time(`/v1/claims/${claimId}/evidence?limit=200`, api)]),
    };
    const samples: Record<keyof typeof sides, number[]> = {
      queuePage: [],
      queueApi: [],
      workspacePage: [],
      workspaceApi: [],
    };
    const bytes: Record<string, number> = {};
    for (let warm = 0; warm < 5; warm++) for (const run of Object.values(sides)) await run();
    for (let i = 0; i < requests; i++)
      for (const [name, run] of Object.entries(sides) as [
        keyof typeof sides,
        () => Promise<{ ms: number; bytes: number }[]>,
      ][]) {
        const parts = await run();
        // The API side of the workspace is two requests a client makes in parallel: its time is the slower one.
        samples[name].push(Math.max(...parts.map((p) => p.ms)));
        bytes[name] = parts.reduce((s, p) => s + p.bytes, 0);
      }
    const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
    const summary = (xs: number[]) => ({ medianMs: round(median(xs)), p95Ms: round(p95(xs)) });
    writeResult('console', {
      openTasks: total,
      evidenceOnClaim: 200,
      requestsPerSide: requests,
      queue: {
        page: summary(samples.queuePage),
        api: summary(samples.queueApi),
        ratioPageOverApi: round(median(samples.queuePage) / median(samples.queueApi), 2),
        bytes: { page: bytes.queuePage, api: bytes.queueApi },
      },
      workspace: {
        page: summary(samples.workspacePage),
        api: summary(samples.workspaceApi),
        ratioPageOverApi: round(median(samples.workspacePage) / median(samples.workspaceApi), 2),
        bytes: { page: bytes.workspacePage, api: bytes.workspaceApi },
      },
      peakRssMb: { oursApi: peakRssOf(ours.child.pid) },
    });
  } finally {
    await stop(ours.child);
    await ds.query(`DELETE FROM outbox_events WHERE organization_id = $1`, [org]).catch(() => undefined);
    await ds.query(`DELETE FROM organizations WHERE id = $1`, [org]).catch(() => undefined);
    await ds.destroy();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { ApiKeysRepository } from '../src/auth/api-keys.repository';
import { createDataSource } from '../src/schema/data-source';
import { startLocalStack } from '../src/local/local-stack';
import { freePort } from '../src/local/processes';
import { OrganizationsRepository } from '../src/organizations/organizations.repository';
import { matchText } from '../src/claims/matching/similarity';
import { seedClaims } from './lib/seed-claims';
import { normalizeForMatching } from '../src/claims/text';
import { claimCorpus } from './lib/claim-corpus';
import { flags, median, round, writeResult } from './lib/harness';
import { serverCounters, STATEMENT_STATS } from './lib/server-counters';
import { alternateRounds, medianCpuMs, peakRssOf, startNode, stop } from './lib/processes';

/**
 * intake: POST /v1/claims on our API (its own process, ROLE=api) against the bare baseline (plain
 * Fastify + JSON schema + the same two inserts in one transaction), at 8 and 64 connections, in
 * alternating rounds. Every request carries a different claim text.
 * Claim texts come from bench/lib/claim-corpus.ts (a newsroom-like Zipf vocabulary); `--corpus=narrow`
 * uses an 80-word vocabulary instead, where every claim resembles hundreds of others (worst case for
 * intake matching), and writes bench/results/intake-narrow.json.
 * The organization is seeded first with claims of the same corpus (`--seed=N`; 10,000, `--quick` 2,000).
 * `--lean` (a diagnostic) puts bench/lib/lean-api-server.ts in place of our API: our intake service
 * and SQL called from plain Fastify, the ceiling of a lighter request path; writes intake-lean.json.
 * npm run bench -- intake [--quick] [--rounds=N] [--seconds=N] [--seed=N] [--corpus=narrow] [--lean] [--cpu-prof=DIR (profile of our API process)]
 */
/** `--corpus=narrow`: the first corpus of this benchmark, kept as a worst case (see docs/benchmarks.md). */
const WORDS =
  'government minister withdrawal troops bases military hospital school budget election senator congress reform pensions unemployment jobs factory workers strike transport train subway storm flood wildfire forest farmers price fuel electricity energy health vaccine police protest court justice law immigration tourism museum festival culture football club match victory defeat bridge river harbour airport tax inflation wages rent housing water drought harvest'.split(
    ' ',
  );
/** Twelve words drawn from 80, plus a number: every claim shares words with 3 % of all others (trigram similarity ≥ 0.3). */
function narrowClaimText(i: number): string {
  const b = randomBytes(12);
  return `${Array.from(b, (x) => WORDS[x % WORDS.length]).join(' ')} ${(i * 7919) % 100000}`;
}

async function main() {
  const f = flags(process.argv.slice(2));
  const seconds = Number(f.get('seconds') ?? (f.quick ? 3 : 10));
  const corpus = f.get('corpus') ?? 'newsroom';
  const newsroomText = claimCorpus(2026);
  const claimText = corpus === 'narrow' ? narrowClaimText : () => newsroomText();
  // pg_stat_statements counts the statements each side runs per request (our embedded server only).
  const stack = await startLocalStack(process.env, {
    redis: true,
    postgresSettings: STATEMENT_STATS,
    freshDatabase: 'bench_intake',
  });
  const databaseUrl = process.env.DATABASE_URL ?? stack.databaseUrl!;
  const redisUrl = process.env.REDIS_URL ?? stack.redisUrl!;
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const counters = await serverCounters(ds, redisUrl);
  const keys = new ApiKeysRepository(ds);
  const { organization, secret } = await new OrganizationsRepository(ds, keys).createWithAdmin(
    `bench intake ${randomBytes(3).toString('hex')}`,
  );
  const { secret: editorKey } = await keys.create(organization.id, {
    name: 'bench editor',
    role: 'editor',
    newsroomId: null,
    languages: ['fr', 'en'],
  });
  void secret;
  // A desk with history: the organization already holds claims (matching searches them), and the
  // planner has statistics for it, as in a running service (a brand-new organization in a nearly
  // empty table made PostgreSQL filter the organization's rows instead of using the trigram index).
  const seeded = Number(f.get('seed') ?? (f.quick ? 2000 : 10000));
  for (let done = 0; done < seeded; done += 1000) {
    const texts = Array.from({ length: Math.min(1000, seeded - done) }, (_, i) => claimText(done + i));
    const norm = texts.map(normalizeForMatching);
    const keys = norm.map(matchText);
    await seedClaims(ds, organization.id, texts, norm, keys, 'en');
  }
  await ds.query('ANALYZE claims');
  const barePort = await freePort();
  const ours = await startNode(
    f.lean ? 'bench/lib/lean-api-server.js' : 'src/main.js',
    {
      ROLE: 'api',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_INTAKE_PER_MINUTE: '1000000',
    },
    (p) => `http://127.0.0.1:${p}/health/live`,
    f.get('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${f.get('cpu-prof')}`] : [],
  );
  const bare = await startNode('bench/lib/bare-intake-server.js', {
    DATABASE_URL: databaseUrl,
    BARE_TOKEN: editorKey,
    BARE_ORG: organization.id,
    PORT: String(barePort),
  });
  let n = 0;
  const run = (port: number, connections: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: `http://127.0.0.1:${port}`,
          connections,
          duration: seconds,
          requests: [
            {
              method: 'POST',
              path: '/v1/claims',
              headers: { authorization: `Bearer ${editorKey}`, 'content-type': 'application/json' },
              setupRequest: (req) => ({ ...req, body: JSON.stringify({ text: claimText(n++), language: 'en' }) }),
            },
          ],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
    });
  const rows: Record<string, unknown>[] = [];
  try {
    for (const connections of [8, 64]) {
      const r = await alternateRounds(
        f.rounds,
        {
          pid: ours.child.pid,
          run: () =>
            counters.counted(
              () => run(ours.port, connections),
              (res) => res.requests.total,
            ),
          operations: (res) => res.requests.total,
        },
        {
          pid: bare.child.pid,
          run: () =>
            counters.counted(
              () => run(bare.port, connections),
              (res) => res.requests.total,
            ),
          operations: (res) => res.requests.total,
        },
      );
      const m = (x: number[]) => round(median(x));
      const summary = (xs: typeof r.ours) => ({
        reqPerSec: m(xs.map((x) => x.requests.average)),
        p50Ms: m(xs.map((x) => x.latency.p50)),
        p99Ms: m(xs.map((x) => x.latency.p99)),
        non2xxOrErrors: xs.reduce((n, x) => n + x.non2xx + x.errors, 0),
        cpuMsPerRequest: medianCpuMs(xs),
        pgStatementsPerRequest: m(xs.map((x) => x.pgStatementsPerOperation ?? 0)),
        pgExecMsPerRequest: m(xs.map((x) => x.pgExecMsPerOperation ?? 0)),
        redisCommandsPerRequest: m(xs.map((x) => x.redisCommandsPerOperation)),
        topStatements: xs[xs.length - 1].topStatements,
      });
      const [o, b] = [summary(r.ours), summary(r.bare)];
      rows.push({
        connections,
        ours: o,
        bare: b,
        ratioReqPerSec: round(o.reqPerSec / b.reqPerSec, 3),
        ratioP99: round(o.p99Ms / b.p99Ms, 3),
      });
    }
    writeResult((corpus === 'narrow' ? 'intake-narrow' : 'intake') + (f.lean ? '-lean' : ''), {
      ...(f.lean
        ? { oursProcess: 'bench/lib/lean-api-server.ts (a diagnostic: our services without the HTTP framework)' }
        : {}),
      corpus,
      seededClaims: seeded,
      rounds: f.rounds,
      secondsPerRun: seconds,
      rateLimiting: 'disabled (RATE_LIMIT_PER_MINUTE=0, intake limit 1,000,000/min)',
      results: rows,
      peakRssMb: { oursApi: peakRssOf(ours.child.pid), bare: peakRssOf(bare.child.pid) },
      goals: { reqPerSecRatioAtLeast: 0.6, p99RatioAtMost: 2, apiRssMbAtMost: 300 },
    });
  } finally {
    await stop(ours.child);
    await stop(bare.child);
    counters.close();
    await ds.query(`DELETE FROM outbox_events WHERE organization_id = $1`, [organization.id]).catch(() => undefined);
    await new OrganizationsRepository(ds, keys).delete({ organizationId: organization.id }).catch(() => undefined);
    await ds.destroy();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

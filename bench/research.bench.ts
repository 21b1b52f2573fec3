import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { ApiKeysRepository } from '../src/auth/api-keys.repository';
import { createDataSource } from '../src/schema/data-source';
import { ArchiveRepository, DocumentInput } from '../src/evidence/providers/archive/archive.repository';
import { startLocalStack } from '../src/local/local-stack';
import { freePort } from '../src/local/processes';
import { OrganizationsRepository } from '../src/organizations/organizations.repository';
import { flags, median, round, writeResult } from './lib/harness';
import { alternateRounds, medianCpuMs, peakRssOf, startNode, stop } from './lib/processes';

/**
 * research: claims through the real pipeline (POST /v1/claims → outbox → research job → archive
 * provider only → evidence, assessment, task → ready_for_check) on our service (one ROLE=all process),
 * against the bare baseline: a loop (same concurrency) running the same archive search and inserting
 * the top results as evidence, then marking the claim ready. Same organization and archive for both.
 * Claims/s and p50/p99 from submission to ready_for_check.
 * npm run bench -- research [--quick] [--documents=N] [--claims=N] [--rounds=N] [--provider-rate=N (PROVIDER_RATE_PER_SECOND)] [--cpu-prof=DIR (profile of our process)]
 */
const TOPIC =
  'government minister withdrawal troops bases military hospital school budget election senator congress reform pensions unemployment jobs factory workers strike transport train subway storm flood wildfire forest farmers price fuel electricity energy health vaccine police protest court justice law immigration tourism museum festival culture football'.split(
    ' ',
  );
const RARE = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}k`);
const pick = <T>(xs: T[]) => xs[randomBytes(2).readUInt16BE() % xs.length];
const words = (n: number, topicShare: number) =>
  Array.from({ length: n }, () => (Math.random() < topicShare ? pick(TOPIC) : pick(RARE))).join(' ');
const CONCURRENCY = 4;

async function main() {
  const f = flags(process.argv.slice(2));
  const documents = Number(f.get('documents') ?? (f.quick ? 10_000 : 100_000));
  const claims = Number(f.get('claims') ?? (f.quick ? 200 : 2000));
  const rounds = Number(f.get('rounds') ?? 2);
  const stack = await startLocalStack(process.env);
  const databaseUrl = process.env.DATABASE_URL ?? stack.databaseUrl!;
  const ds = createDataSource(databaseUrl, 4);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const keys = new ApiKeysRepository(ds);
  const { organization } = await new OrganizationsRepository(ds, keys).createWithAdmin(
    `bench research ${randomBytes(3).toString('hex')}`,
  );
  const org = organization.id;
  const { secret: editorKey } = await keys.create(org, {
    name: 'bench editor',
    role: 'editor',
    newsroomId: null,
    languages: ['fr', 'en'],
  });
  const archive = new ArchiveRepository(ds);
  for (let i = 0; i < documents; i += 1000) {
    const docs: DocumentInput[] = [];
    for (let j = i; j < Math.min(documents, i + 1000); j++)
      docs.push({
        url: `https://bench.example/${j}`,
        title: words(8, 0.3),
        body: `${words(60, 0.1)}. ${words(60, 0.1)}.`,
        language: 'en',
      });
    await archive.upsert(org, docs);
  }
  await ds.query('ANALYZE archive_documents');
  const ours = await startNode(
    'src/main.js',
    {
      ROLE: 'all',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? stack.redisUrl!,
      QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_INTAKE_PER_MINUTE: '1000000',
      OUTBOX_POLL_MS: '100',
      RESEARCH_CONCURRENCY: String(CONCURRENCY),
      ARCHIVE_PROVIDER_ENABLED: 'true',
      FACTCHECKS_PROVIDER_ENABLED: 'false',
      MATCH_DUPLICATE_THRESHOLD: '1',
      ...(f.get('provider-rate') ? { PROVIDER_RATE_PER_SECOND: f.get('provider-rate') } : {}),
    },
    (p) => `http://127.0.0.1:${p}/health/live`,
    f.get('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${f.get('cpu-prof')}`] : [],
  );
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const claimText = () => `The ${pick(TOPIC)} ${pick(TOPIC)} ${words(6, 0.2)} ${randomBytes(3).toString('hex')}`;
  const latencies = async (ids: string[], t0: number) => {
    const rows: { ms: number; done: Date }[] = await ds.query(
      `SELECT extract(epoch FROM (h.created_at - c.created_at)) * 1000 AS ms, h.created_at AS done FROM claims c
         JOIN claim_history h ON h.claim_id = c.id AND h.to_status = 'ready_for_check' WHERE c.id = ANY($1)`,
      [ids],
    );
    const ms = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    const last = Math.max(...rows.map((r) => new Date(r.done).getTime()));
    return {
      done: rows.length,
      perSecond: round(rows.length / ((last - t0) / 1000)),
      p50Ms: round(ms[Math.floor(ms.length / 2)]),
      p99Ms: round(ms[Math.floor(ms.length * 0.99)]),
    };
  };

  const runOurs = async () => {
    const ids: string[] = [];
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < claims) {
          next++;
          const r = await fetch(`http://127.0.0.1:${ours.port}/v1/claims`, {
            method: 'POST',
            headers: { authorization: `Bearer ${editorKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ text: claimText(), language: 'en' }),
          });
          const body = (await r.json()) as { id: string };
          if (r.status === 202) ids.push(body.id);
        }
      }),
    );
    for (;;) {
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM claims WHERE id = ANY($1) AND status = 'ready_for_check'`,
        [ids],
      );
      if (n >= ids.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const [{ evidence }] = await ds.query(`SELECT count(*)::int AS evidence FROM evidence WHERE claim_id = ANY($1)`, [
      ids,
    ]);
    return { ...(await latencies(ids, t0)), evidencePerClaim: round(evidence / ids.length) };
  };

  const runBare = async () => {
    const ids: string[] = [];
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < claims) {
          next++;
          const text = claimText();
          const [c] = await ds.query(
            `INSERT INTO claims (organization_id, text, normalized_text, language, status) VALUES ($1, $2, lower($2), 'en', 'researching') RETURNING id`,
            [org, text],
          );
          ids.push(c.id);
          const docs = await archive.matchClaim(org, text, 'en', 10);
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            for (const d of docs) {
              await client.query(
                `INSERT INTO evidence (organization_id, claim_id, provider, url, title, snippet, language, stance, stance_score, relevance, rationale, retrieved_at)
               VALUES ($1, $2, 'archive', $3, $4, $5, 'en', 'neutral', 0, $6, 'bench', now())`,
                [org, c.id, d.url, d.title, d.body.slice(0, 300), Number(d.rank)],
              );
            }
            await client.query(`UPDATE claims SET status = 'ready_for_check' WHERE id = $1`, [c.id]);
            await client.query(
              `INSERT INTO claim_history (organization_id, claim_id, action, from_status, to_status) VALUES ($1, $2, 'research_completed', 'researching', 'ready_for_check')`,
              [org, c.id],
            );
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }
      }),
    );
    const [{ evidence }] = await ds.query(`SELECT count(*)::int AS evidence FROM evidence WHERE claim_id = ANY($1)`, [
      ids,
    ]);
    return { ...(await latencies(ids, t0)), evidencePerClaim: round(evidence / ids.length) };
  };

  try {
    // CPU per claim: our process (service), this process (the intake client; for bare the whole loop), PostgreSQL, Redis.
    const { ours: o, bare: b } = await alternateRounds(
      rounds,
      { pid: ours.child.pid, run: runOurs, operations: (x) => x.done },
      { run: runBare, operations: (x) => x.done },
    );
    const med = (xs: Awaited<ReturnType<typeof runOurs>>[], k: 'perSecond' | 'p50Ms' | 'p99Ms') =>
      round(median(xs.map((x) => x[k])));
    writeResult('research', {
      documents,
      claims,
      rounds,
      concurrency: CONCURRENCY,
      providers: 'archive only',
      providerRatePerSecond: Number(f.get('provider-rate') ?? 5),
      ours: {
        claimsPerSecond: med(o, 'perSecond'),
        p50Ms: med(o, 'p50Ms'),
        p99Ms: med(o, 'p99Ms'),
        cpuMsPerClaim: medianCpuMs(o),
        rounds: o,
      },
      bare: {
        claimsPerSecond: med(b, 'perSecond'),
        p50Ms: med(b, 'p50Ms'),
        p99Ms: med(b, 'p99Ms'),
        cpuMsPerClaim: medianCpuMs(b),
        rounds: b,
      },
      ratio: round(med(o, 'perSecond') / med(b, 'perSecond'), 3),
      notes: 'ours includes HTTP intake with matching (see intake); bare inserts its claims directly',
      peakRssMb: { oursApiAndWorker: peakRssOf(ours.child.pid) },
      goals: { ratioAtLeast: 0.5 },
    });
  } finally {
    await stop(ours.child);
    await pool.end();
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

/**
 * Claim matching at 100,000 claims in one organization (plus 20,000 in another).
 * `npm run bench:matching` (DATABASE_URL unset: starts a throw-away embedded PostgreSQL).
 *
 * Measures, interleaved in the same process and minute: the real candidate search of
 * MatchingRepository.lockAndFindCandidates (the latest claims with each content token of the claim
 * from `claim_match_keys`, those sharing the rarest tokens ranked by trigram similarity, LIMIT 20)
 * against a bare baseline (an exact btree lookup on (organization_id, external_id)). Size:
 * BENCH_CLAIMS (default 100,000).
 * Prints the plan (EXPLAIN ANALYZE) and writes bench/results/matching.json with medians and the ratio.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { MIN_TRIGRAM } from '../src/claims/matching/claim-matcher.service';
import {
  CANDIDATE_LIMIT,
  CANDIDATES_PER_KEY,
  CANDIDATES_SQL,
  MatchingRepository,
  RANKED_CANDIDATES,
} from '../src/claims/matching/matching.repository';
import { matchKeys, matchText } from '../src/claims/matching/similarity';
import { seedClaims } from './lib/seed-claims';
import { normalizeForMatching } from '../src/claims/text';
import { createDataSource } from '../src/schema/data-source';
import { freePort } from '../src/local/processes';
import { PostgresServer } from '../src/local/postgres-server';
import { claimCorpus } from './lib/claim-corpus';

const N = Number(process.env.BENCH_CLAIMS ?? 100_000);
const ROUNDS = 60;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  let pg: PostgresServer | undefined;
  let root: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    root = mkdtempSync(join(tmpdir(), 'corroborate-bench-'));
    chmodSync(root, 0o755);
    pg = new PostgresServer(join(root, 'pg'), await freePort());
    await pg.start();
    url = await pg.ensureDatabase('bench');
  }
  const ds = createDataSource(url, 2);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const [org] = await ds.query(
      `INSERT INTO organizations (name) VALUES ('bench ' || gen_random_uuid()) RETURNING id`,
    );
    const [other] = await ds.query(
      `INSERT INTO organizations (name) VALUES ('bench other ' || gen_random_uuid()) RETURNING id`,
    );
    const sentence = claimCorpus(42);
    const t0 = Date.now();
    for (const [orgId, count] of [
      [org.id, N],
      [other.id, Math.round(N / 5)],
    ] as [string, number][]) {
      for (let done = 0; done < count; done += 5000) {
        const texts = Array.from({ length: Math.min(5000, count - done) }, () => sentence());
        const norm = texts.map(normalizeForMatching);
        const ids = texts.map((_, i) => `ext-${done + i + 1}`);
        await seedClaims(ds, orgId, texts, norm, norm.map(matchText), 'fr', ids);
      }
    }
    await ds.query('ANALYZE claims');
    console.log(`loaded ${N} + ${Math.round(N / 5)} claims in ${Date.now() - t0} ms`);

    const repo = new MatchingRepository();
    const probes = Array.from({ length: ROUNDS }, () => {
      const key = matchText(normalizeForMatching(sentence()));
      return {
        matchText: key,
        keys: matchKeys(org.id, key, 'fr'),
        minTrigram: MIN_TRIGRAM,
      };
    });
    const run = (fn: (m: EntityManager) => Promise<unknown>) =>
      ds.transaction(async (m) => {
        const s = process.hrtime.bigint();
        await fn(m);
        return Number(process.hrtime.bigint() - s) / 1e6;
      });
    const matching: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      matching.push(await run((m) => repo.lockAndFindCandidates({ organizationId: org.id }, m, probes[i])));
      baseline.push(
        await run((m) =>
          m.query(`SELECT id FROM claims WHERE organization_id = $1 AND external_id = $2`, [
            org.id,
            `ext-${1 + ((i * 997) % N)}`,
          ]),
        ),
      );
    }
    // The plan of the search itself, with the parameters lockAndFindCandidates gives it.
    const plan: { 'QUERY PLAN': string }[] = await ds.transaction(async (m) => {
      const p = probes[0];
      return m.query(`EXPLAIN (ANALYZE, COSTS OFF) ${CANDIDATES_SQL}`, [
        org.id,
        p.matchText,
        p.keys,
        CANDIDATES_PER_KEY,
        RANKED_CANDIDATES,
        p.minTrigram,
        CANDIDATE_LIMIT,
      ]);
    });
    const planText = plan.map((p) => p['QUERY PLAN']).join('\n');
    console.log(planText);
    const result = {
      benchmark: 'claim-matching',
      claimsInOrganization: N,
      rounds: ROUNDS,
      matchingMedianMs: Math.round(median(matching) * 100) / 100,
      baselineMedianMs: Math.round(median(baseline) * 100) / 100,
      ratio: Math.round((median(matching) / median(baseline)) * 10) / 10,
      usesMatchKeysIndex: planText.includes('claim_match_keys'),
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result));
    writeFileSync(
      join(__dirname, '..', '..', 'bench', 'results', 'matching.json'),
      JSON.stringify({ ...result, plan: planText }, null, 2) + '\n',
    );
  } finally {
    await ds.destroy();
    await pg?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Claim matching at 100,000 claims in one organization (plus 20,000 in another).
 * `npm run bench:matching` (DATABASE_URL unset: starts a throw-away embedded PostgreSQL).
 *
 * Measures, interleaved in the same process and minute: the real matching query of
 * MatchingRepository.lockAndFindCandidates (trigram `%` on the accent-folded text, ORDER BY similarity,
 * LIMIT 20) against a bare baseline (an exact btree lookup on (organization_id, external_id)).
 * Prints the plan (EXPLAIN ANALYZE) and writes bench/results/matching.json with medians and the ratio.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { MIN_TRIGRAM } from '../src/claims/matching/claim-matcher.service';
import { MatchingRepository } from '../src/claims/matching/matching.repository';
import { matchText } from '../src/claims/matching/similarity';
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
        await ds.query(
          `INSERT INTO claims (organization_id, text, normalized_text, match_text, language, external_id)
           SELECT $1, t, n, k, 'fr', 'ext-' || ($4::int + ord) FROM unnest($2::text[], $3::text[], $5::text[]) WITH ORDINALITY AS u(t, n, k, ord)`,
          [orgId, texts, texts.map(normalizeForMatching), done, texts.map((t) => matchText(normalizeForMatching(t)))],
        );
      }
    }
    if (process.env.BENCH_SINGLE_COLUMN_INDEX === '1') {
      // Variant for comparison: a trigram index without the organization inside.
      await ds.query('DROP INDEX claims_match_text_trgm');
      await ds.query('CREATE INDEX claims_match_text_trgm ON claims USING gin (match_text gin_trgm_ops)');
    }
    await ds.query('ANALYZE claims');
    console.log(`loaded ${N} + ${Math.round(N / 5)} claims in ${Date.now() - t0} ms`);

    const repo = new MatchingRepository();
    const probes = Array.from({ length: ROUNDS }, () => matchText(normalizeForMatching(sentence())));
    const run = (fn: (m: EntityManager) => Promise<unknown>) =>
      ds.transaction(async (m) => {
        const s = process.hrtime.bigint();
        await fn(m);
        return Number(process.hrtime.bigint() - s) / 1e6;
      });
    const matching: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      matching.push(
        await run((m) => repo.lockAndFindCandidates({ organizationId: org.id }, m, probes[i], MIN_TRIGRAM)),
      );
      baseline.push(
        await run((m) =>
          m.query(`SELECT id FROM claims WHERE organization_id = $1 AND external_id = $2`, [
            org.id,
            `ext-${1 + ((i * 997) % N)}`,
          ]),
        ),
      );
    }
    const plan: { 'QUERY PLAN': string }[] = await ds.transaction(async (m) => {
      await m.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(MIN_TRIGRAM)]);
      return m.query(
        `EXPLAIN (ANALYZE, COSTS OFF) SELECT id, similarity(match_text, $2) AS trigram FROM claims WHERE organization_id = $1 AND match_text % $2 ORDER BY trigram DESC, created_at ASC LIMIT 20`,
        [org.id, probes[0]],
      );
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
      usesTrigramIndex: planText.includes('claims_match_text_trgm'),
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

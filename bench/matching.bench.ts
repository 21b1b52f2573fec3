/**
 * Claim matching at 100,000 claims in one organization (plus 20,000 in another).
 * `npm run bench:matching` (DATABASE_URL unset: starts a throw-away embedded PostgreSQL).
 *
 * Measures, interleaved in the same process and minute: the real matching query of
 * MatchingRepository.candidates (trigram `%` on the accent-folded text, ORDER BY similarity,
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
import { createDataSource } from '../src/database/data-source';
import { freePort } from '../src/local/processes';
import { PostgresServer } from '../src/local/postgres-server';

const N = Number(process.env.BENCH_CLAIMS ?? 100_000);
const ROUNDS = 60;

/**
 * A synthetic corpus shaped like news claims: content words drawn from a vocabulary of 20,000
 * pseudo-words with a Zipf–Mandelbrot distribution (a few frequent, most rare), stop words between them,
 * some numbers. Real topic words are added so probes share vocabulary with the corpus.
 */
const SYLLABLES = 'ba be bi bo bu da de di do du fa fe fi fo ga ge gi go ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze'.split(' ');
const TOPICS = 'gouvernement ministre chomage inflation retraite impots dette budget sante hopital ecole police justice armee troupes bases retrait guerre ukraine russie irak etats unis otan chine europe france election depute senat salaire essence climat vaccin migrants frontiere'.split(' ');
const STOP = 'le la les des de du a ont est sont en dans pour plus the of in to has have is are by'.split(' ');

function rng(seed: number) {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) / 0x1000000;
  };
}
function vocabulary(r: () => number, size: number): string[] {
  const out = new Set<string>(TOPICS);
  while (out.size < size) {
    let w = '';
    const n = 2 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    out.add(w);
  }
  return [...out];
}
/** Zipf–Mandelbrot: the rank-k word has weight 1/(k + 10) (the most frequent content word is in ~8% of claims); sampled by inverse CDF. */
function zipf(r: () => number, words: string[]) {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 1; k <= words.length; k++) cdf.push((total += 1 / (k + 10)));
  return () => {
    const x = r() * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
}
let nextWord: () => string = () => '';
function sentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 10);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r() < 0.4 ? STOP[Math.floor(r() * STOP.length)] : r() < 0.08 ? String(Math.floor(r() * 5000)) : nextWord());
  return out.join(' ');
}

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
    const [org] = await ds.query(`INSERT INTO organizations (name) VALUES ('bench ' || gen_random_uuid()) RETURNING id`);
    const [other] = await ds.query(`INSERT INTO organizations (name) VALUES ('bench other ' || gen_random_uuid()) RETURNING id`);
    const r = rng(42);
    nextWord = zipf(r, vocabulary(r, 20_000));
    const t0 = Date.now();
    for (const [orgId, count] of [[org.id, N], [other.id, Math.round(N / 5)]] as [string, number][]) {
      for (let done = 0; done < count; done += 5000) {
        const texts = Array.from({ length: Math.min(5000, count - done) }, () => sentence(r));
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
    const probes = Array.from({ length: ROUNDS }, () => matchText(normalizeForMatching(sentence(r))));
    const run = (fn: (m: EntityManager) => Promise<unknown>) =>
      ds.transaction(async (m) => {
        const s = process.hrtime.bigint();
        await fn(m);
        return Number(process.hrtime.bigint() - s) / 1e6;
      });
    const matching: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      matching.push(await run((m) => repo.candidates(m, org.id, probes[i], MIN_TRIGRAM)));
      baseline.push(await run((m) => m.query(`SELECT id FROM claims WHERE organization_id = $1 AND external_id = $2`, [org.id, `ext-${1 + (i * 997) % N}`])));
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
    writeFileSync(join(__dirname, '..', '..', 'bench', 'results', 'matching.json'), JSON.stringify({ ...result, plan: planText }, null, 2) + '\n');
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

import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '../src/schema/data-source';
import { ArchiveRepository, DocumentInput } from '../src/evidence/providers/archive/archive.repository';
import { startLocalStack } from '../src/local/local-stack';
import { claimTsQuery } from '../src/evidence/text-search';

/**
 * Archive full-text search at 100,000 documents: median and 99th-percentile latency over 100 claims
 * of the research query (ArchiveRepository.matchClaim, GIN index) against a bare baseline, the same query with index
 * scans disabled (a sequential scan), run in the same process and minute. Reports the ratio.
 * npm run build && node dist/bench/archive-search.bench.js [documents]
 * (BENCH_VARIANT='SELECT …' times another query with the same parameters $1 org, $2 tsquery, $3 language, for comparison.)
 */
const WORDS_FR =
  'gouvernement ministre retrait forces bases militaires Irak hôpital école budget élection député sénat réforme retraites chômage emploi usine salariés grève transport train métro tempête inondation incendie forêt agriculteurs prix carburant électricité énergie santé vaccin maternité police manifestation tribunal justice loi immigration tourisme musée festival culture football club match victoire défaite'.split(
    ' ',
  );
const WORDS_EN =
  'government minister withdrawal troops bases military Iraq hospital school budget election senator congress reform pensions unemployment jobs factory workers strike transport train subway storm flood wildfire forest farmers price fuel electricity energy health vaccine police protest court justice law immigration tourism museum festival culture football club match victory defeat'.split(
    ' ',
  );

function rand(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function sentence(r: () => number, words: string[], n: number) {
  return Array.from({ length: n }, () => words[Math.floor(r() * words.length)]).join(' ');
}

/** A newsroom-like vocabulary: the topic words above plus 30,000 rarer pseudo-words drawn with a Zipf law. */
const RARE = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}k`);
function zipfWord(r: () => number, stopword = 'the'): string {
  // Inverse-CDF of a Zipf(1) law over RARE, approximated: rank = N^u. The 100 most frequent ranks
  // stand for function words, which the text-search configuration drops: a real stopword is emitted.
  const rank = Math.floor(Math.pow(RARE.length, r()));
  return rank <= 100 ? stopword : RARE[Math.min(RARE.length - 1, rank - 1)];
}
function text(r: () => number, words: string[], n: number) {
  return Array.from({ length: n }, () => (r() < 0.03 ? words[Math.floor(r() * words.length)] : zipfWord(r))).join(' ');
}

async function main() {
  const total = Number(process.argv[2] ?? 100_000);
  const stack = await startLocalStack(process.env, { redis: false });
  const ds = createDataSource(process.env.DATABASE_URL ?? stack.databaseUrl!, 4);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const repo = new ArchiveRepository(ds);
  // BENCH_ORG=<id> (with DATABASE_URL): the documents a BENCH_KEEP run left, not written again (the
  // same random stream is drawn, so the claims are the same); BENCH_SKIP_BASELINE=1: ours only.
  const reuse = process.env.BENCH_ORG;
  const org: string =
    reuse ?? (await ds.query(`INSERT INTO organizations (name) VALUES ('bench archive') RETURNING id`))[0].id;
  try {
    const r = rand(42);
    const started = Date.now();
    for (let i = 0; i < total; i += 1000) {
      const docs: DocumentInput[] = [];
      for (let j = i; j < Math.min(total, i + 1000); j++) {
        const fr = j % 2 === 0;
        const words = fr ? WORDS_FR : WORDS_EN;
        docs.push({
          url: `https://bench.example/${j}`,
          title: text(r, words, 8),
          body: `${text(r, words, 60)}. ${text(r, words, 60)}.`,
          language: fr ? 'fr' : 'en',
        });
      }
      if (!reuse) await repo.upsert(org, docs);
    }
    const ingestMs = Date.now() - started;
    // VACUUM too: an earlier run's deleted documents (the DELETE below, the server stopped right after)
    // would otherwise stay in the table and its index and slow both sides.
    if (!reuse) await ds.query('VACUUM ANALYZE archive_documents');
    const claims = Array.from({ length: 100 }, (_, k) =>
      k % 2 === 0
        ? {
            text: `Le ${sentence(r, WORDS_FR, 2)} ${text(r, [], 0)}${Array.from({ length: 5 }, () => zipfWord(r)).join(' ')}`,
            language: 'fr',
          }
        : {
            text: `The ${sentence(r, WORDS_EN, 2)} ${Array.from({ length: 5 }, () => zipfWord(r)).join(' ')}`,
            language: 'en',
          },
    );
    const time = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const ours: number[] = [];
    const variant: number[] = [];
    const baseline: number[] = [];
    const qr = ds.createQueryRunner();
    await qr.connect();
    const plan = await ds.query(
      `EXPLAIN ANALYZE SELECT id FROM archive_documents, to_tsquery('french', $2) q WHERE organization_id = $1 AND search @@ q ORDER BY ts_rank(search, q) DESC LIMIT 20`,
      [org, claimTsQuery(claims[0].text, 'fr')],
    );
    if (process.env.BENCH_EXPLAIN) console.log(plan.map((p: Record<string, string>) => p['QUERY PLAN']).join('\n'));
    const runBaseline = async (c: { text: string; language: string }) => {
      if (process.env.BENCH_SKIP_BASELINE) return;
      await qr.query('SET enable_bitmapscan = off');
      await qr.query('SET enable_indexscan = off');
      baseline.push(
        await time(() =>
          qr.query(
            `SELECT id FROM archive_documents, to_tsquery((CASE $3 WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, $2) q WHERE organization_id = $1 AND search @@ q ORDER BY ts_rank(search, q) DESC LIMIT 20`,
            [org, claimTsQuery(c.text, c.language), c.language],
          ),
        ),
      );
      await qr.query('RESET enable_bitmapscan');
      await qr.query('RESET enable_indexscan');
    };
    // Untimed warm-up, one claim per language, each with a figure: a process's first cross-language
    // query loads the bilingual lexicons and the number recognizers (about 3 s for French, 0.5 s for
    // English on this machine): start-up, not search.
    await repo.matchClaim(org, 'Le gouvernement annonce 300 postes et une réforme du budget', 'fr', 20);
    await repo.matchClaim(org, 'The government announced 300 jobs and a budget reform', 'en', 20);
    for (const [k, c] of claims.entries()) {
      // Interleaved, alternating which goes first, so both see the same machine load and cache.
      if (k % 2) await runBaseline(c);
      ours.push(await time(() => repo.matchClaim(org, c.text, c.language, 20)));
      if (process.env.BENCH_VARIANT)
        variant.push(
          await time(() => ds.query(process.env.BENCH_VARIANT!, [org, claimTsQuery(c.text, c.language), c.language])),
        );
      if (!(k % 2)) await runBaseline(c);
    }
    await qr.release();
    const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
    // Nearest-rank 99th percentile: with 100 queries, the 99th slowest (the slowest but one).
    const p99 = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.99) - 1] : NaN);
    const result = {
      benchmark: 'archive-search',
      documents: total,
      queries: claims.length,
      ingestMs,
      medianMs: +median(ours).toFixed(2),
      p99Ms: +p99(ours).toFixed(2),
      baselineSeqScanMedianMs: +median(baseline).toFixed(2),
      baselineSeqScanP99Ms: +p99(baseline).toFixed(2),
      ratio: +(median(ours) / median(baseline)).toFixed(3),
      at: new Date().toISOString(),
    };
    mkdirSync(join(__dirname, '..', '..', 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(__dirname, '..', '..', 'bench', 'results', 'archive-search.json'),
      JSON.stringify(result, null, 2) + '\n',
    );
    console.log(JSON.stringify(result));
    if (variant.length) console.log(`variant median ${median(variant).toFixed(2)} ms`);
    if (process.env.BENCH_VERBOSE) console.log(ours.map((t, k) => `${k}:${t.toFixed(1)}`).join(' '));
  } finally {
    // BENCH_KEEP=1 keeps the documents (with DATABASE_URL, for looking at plans afterwards).
    if (process.env.BENCH_KEEP || reuse) console.error(`kept organization ${org}`);
    else {
      await ds.query(`DELETE FROM organizations WHERE id = $1`, [org]);
      await ds.query('VACUUM archive_documents');
    }
    await ds.destroy();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

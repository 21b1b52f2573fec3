import { DataSource } from 'typeorm';
import { MIN_TRIGRAM } from '../claims/matching/claim-matcher.service';
import { MatchingRepository } from '../claims/matching/matching.repository';
import { matchText, scorerFor } from '../claims/matching/similarity';
import { normalizeForMatching } from '../claims/text';
import { startLocalStack } from '../local/local-stack';
import { loadConfig } from '../platform/config/config';
import { breakdown, type EvalRow, missesOf } from '../platform/eval/breakdown';
import { readJsonl } from '../platform/eval/read-jsonl';
import { createDataSource } from '../schema/data-source';

export const MATCHING_LABELS = ['duplicate', 'similar', 'distinct'] as const;

interface Pair {
  a: string;
  b: string;
  language: string;
  label: (typeof MATCHING_LABELS)[number];
  kind: string;
  split?: string;
  group?: number;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Precision and recall of "positive" (a set of labels) predicted against gold. */
function binary(rows: EvalRow[], positive: string[]) {
  const isPos = (l: string) => positive.includes(l);
  const tp = rows.filter((r) => isPos(r.predicted) && isPos(r.gold)).length;
  const fp = rows.filter((r) => isPos(r.predicted) && !isPos(r.gold)).length;
  const fn = rows.filter((r) => !isPos(r.predicted) && isPos(r.gold)).length;
  return {
    precision: round(tp + fp ? tp / (tp + fp) : 0),
    recall: round(tp + fn ? tp / (tp + fn) : 0),
    support: tp + fn,
  };
}

/**
 * Intake matching on labelled pairs (test/fixtures/eval/matching.jsonl; `build_matching_set.py`
 * writes it): `a` is the claim already in the organization, `b` the new one. Each pair is scored as
 * intake scores a candidate: the trigram similarity of the two match texts computed by PostgreSQL's
 * pg_trgm (`similarity()`, what the index's `%` compares), the gate of the candidate search
 * (trigram ≥ min(0.3, the similar threshold): below it the index never returns the claim), then
 * `scorerFor` (src/claims/matching/similarity.ts, the function `ClaimMatcher` uses), against the
 * configured thresholds (MATCH_DUPLICATE_THRESHOLD, MATCH_SIMILAR_THRESHOLD). Not exercised: the
 * index itself (its candidate limit and timeout), dismissed canonical claims, and visibility.
 * Reports: accuracy and macro-F1 over the three labels; precision and recall at the duplicate
 * threshold (positive: duplicate) and at the similar threshold (positive: duplicate or similar); per
 * kind (`perCue`) and per split.
 */
export async function evaluateMatching(dataset: string, databaseUrl = process.env.DATABASE_URL) {
  // Only the thresholds are read; the connection settings the configuration requires are not used here.
  const config = loadConfig({
    REDIS_URL: 'redis://127.0.0.1:6379',
    ...process.env,
    DATABASE_URL: databaseUrl || 'postgres://unused@127.0.0.1/unused',
  });
  const { duplicateThreshold, similarThreshold } = config.matching;
  const pairs = readJsonl<Pair>(dataset);
  const stack = databaseUrl ? undefined : await startLocalStack(process.env, { redis: false });
  const ds: DataSource = createDataSource(databaseUrl || stack!.databaseUrl!, 2);
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' }); // pg_trgm comes with the migrations
    const keys = pairs.map((p): [string, string] => [
      matchText(normalizeForMatching(p.a)),
      matchText(normalizeForMatching(p.b)),
    ]);
    const trigrams = await new MatchingRepository().similarities(ds.manager, keys);
    const gate = Math.min(MIN_TRIGRAM, similarThreshold);
    const rows: (EvalRow & { score: number })[] = pairs.map((p, i) => {
      const trigram = trigrams[i];
      const score =
        trigram >= gate
          ? scorerFor(
              normalizeForMatching(p.b),
              p.language,
              duplicateThreshold,
            )({
              trigram,
              matchText: keys[i][0],
              language: p.language,
            })
          : 0;
      const predicted = score >= duplicateThreshold ? 'duplicate' : score >= similarThreshold ? 'similar' : 'distinct';
      return {
        id: `${p.kind}#${p.group ?? i}`,
        language: p.language,
        cue: p.kind,
        split: p.split,
        gold: p.label,
        predicted,
        rationale: `score ${score} (trigram ${round(trigram)}): ${p.a} | ${p.b}`,
        score,
      };
    });
    const atThresholds = (rs: EvalRow[]) => ({
      atDuplicateThreshold: binary(rs, ['duplicate']),
      atSimilarThreshold: binary(rs, ['duplicate', 'similar']),
    });
    const splits = [...new Set(rows.map((r) => r.split).filter((s): s is string => !!s))].sort();
    return {
      errors: missesOf(rows),
      result: {
        n: rows.length,
        ...breakdown(rows, MATCHING_LABELS),
        thresholds: { duplicate: duplicateThreshold, similar: similarThreshold },
        ...atThresholds(rows),
        ...(splits.length
          ? {
              thresholdsPerSplit: Object.fromEntries(
                splits.map((s) => [s, atThresholds(rows.filter((r) => r.split === s))]),
              ),
            }
          : {}),
      },
    };
  } finally {
    await ds.destroy().catch(() => undefined);
    await stack?.stop();
  }
}

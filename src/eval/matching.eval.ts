import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { ClaimsRepository } from '../claims/claims.repository';
import { MIN_TRIGRAM } from '../claims/matching/claim-matcher.service';
import { MatchingRepository } from '../claims/matching/matching.repository';
import { matchKeys, matchText, scorerFor } from '../claims/matching/similarity';
import { OrganizationsRepository } from '../organizations/organizations.repository';
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
 * writes it): `a` is the claim already in the organization, `b` the new one. The `a` claims are
 * stored in a new organization as intake stores them (ClaimsRepository.insert with their match text
 * and match keys); each `b` then goes through intake's own candidate search
 * (MatchingRepository.lockAndFindCandidates: its token probe, per-token cap, rare-token ranking,
 * trigram gate and limit of 20). A pair whose `a` is not among the candidates scores 0; otherwise
 * `scorerFor` (the function ClaimMatcher uses) scores it against the configured thresholds
 * (MATCH_DUPLICATE_THRESHOLD, MATCH_SIMILAR_THRESHOLD). Not exercised: dismissed canonical claims
 * and visibility (the claims are the organization's; the pair's label is about the pair, not about
 * which other claim ranks first). The organization is deleted afterwards.
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
    const keyRepo = new ApiKeysRepository(ds);
    const organizations = new OrganizationsRepository(ds, keyRepo);
    const { organization } = await organizations.createWithAdmin(`eval matching ${randomBytes(3).toString('hex')}`);
    const scope = { organizationId: organization.id };
    const claims = new ClaimsRepository(ds);
    const matching = new MatchingRepository();
    const stored = new Map<string, string>(); // `a` text and language → its claim id
    const storedKey = (p: Pair) => `${p.language}\u0000${p.a}`;
    for (const p of pairs) {
      if (stored.has(storedKey(p))) continue;
      const normalizedText = normalizeForMatching(p.a);
      const key = matchText(normalizedText);
      const claim = await claims.insert(scope, ds.manager, {
        text: p.a,
        normalizedText,
        matchText: key,
        matchKeys: matchKeys(organization.id, key, p.language),
        language: p.language,
      });
      stored.set(storedKey(p), claim.id);
    }
    const gate = Math.min(MIN_TRIGRAM, similarThreshold);
    const rows: (EvalRow & { score: number })[] = [];
    for (const p of pairs) {
      const normalized = normalizeForMatching(p.b);
      const candidates = await ds.transaction((m) =>
        matching.lockAndFindCandidates(scope, m, {
          matchText: matchText(normalized),
          keys: matchKeys(organization.id, matchText(normalized), p.language),
          minTrigram: gate,
        }),
      );
      const found = candidates.find((c) => c.id === stored.get(storedKey(p)));
      const trigram = found?.trigram ?? 0;
      const score = found ? scorerFor(normalized, p.language, duplicateThreshold)(found) : 0;
      const predicted = score >= duplicateThreshold ? 'duplicate' : score >= similarThreshold ? 'similar' : 'distinct';
      rows.push({
        id: `${p.kind}#${p.group ?? rows.length}`,
        language: p.language,
        cue: p.kind,
        split: p.split,
        gold: p.label,
        predicted,
        rationale: `score ${score} (${found ? `trigram ${round(trigram)}` : 'not a candidate'}): ${p.a} | ${p.b}`,
        score,
      });
    }
    await organizations.delete(scope);
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

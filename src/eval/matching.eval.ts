import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { ClaimsRepository } from '../claims/claims.repository';
import { MIN_TRIGRAM } from '../claims/matching/claim-matcher.service';
import { type CandidateBounds, CANDIDATE_BOUNDS, MatchingRepository } from '../claims/matching/matching.repository';
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

/** `npm run eval -- matching-crowded`: claims of the crowd per language (MatchingEvalOptions). */
export const CROWD_PER_LANGUAGE = 3000;

export interface MatchingEvalOptions {
  /**
   * Claims added to the organization per language after the `a` claims, so that the search's caps
   * are reached (the pairs alone never reach them: 24 claims per language). Each holds 4 content
   * words of that language's pairs, drawn with a Zipf distribution over a seeded shuffle of them
   * (a few words in hundreds of claims, most in a few dozen, as in a newsroom), and 3 words of
   * its own. Being later, they are the claims a common word brings first. 0: none.
   */
  crowdPerLanguage?: number;
  /** The search's bounds (default: intake's, CANDIDATE_BOUNDS). */
  bounds?: CandidateBounds;
}

/** A deterministic generator of numbers in [0, 1) (a linear congruential one). */
function seeded(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) / 0x1000000;
  };
}

/** The crowd of one language (MatchingEvalOptions.crowdPerLanguage): texts, deterministic. */
export function crowdTexts(pairs: Pair[], language: string, count: number): string[] {
  const r = seeded(language === 'fr' ? 7 : 11);
  const words = [
    ...new Set(
      pairs
        .filter((p) => p.language === language)
        .flatMap((p) => [p.a, p.b])
        .flatMap((t) => matchText(normalizeForMatching(t)).split(' '))
        .filter((w) => w.length > 1 && !/\d/.test(w)),
    ),
  ];
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  const cdf: number[] = [];
  let total = 0;
  for (let k = 1; k <= words.length; k++) cdf.push((total += 1 / (k + 2)));
  const zipf = () => {
    const x = r() * total;
    const at = cdf.findIndex((c) => c >= x);
    return words[at < 0 ? words.length - 1 : at];
  };
  const letters = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  const own = () =>
    Array.from(
      { length: 3 },
      () => letters[Math.floor(r() * letters.length)] + vowels[Math.floor(r() * vowels.length)],
    ).join('');
  return Array.from({ length: count }, () => {
    const picked = new Set<string>();
    while (picked.size < 4) picked.add(zipf());
    return [...picked, own(), own(), own()].sort(() => r() - 0.5).join(' ');
  });
}

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
 * With `crowdPerLanguage` (`npm run eval -- matching-crowded`), the organization also holds that
 * many later claims per language made of the pairs' words (MatchingEvalOptions), and the report
 * says which share of the new claims' keys is in more claims than the search takes per key.
 * Reports: accuracy and macro-F1 over the three labels; precision and recall at the duplicate
 * threshold (positive: duplicate) and at the similar threshold (positive: duplicate or similar); per
 * kind (`perCue`) and per split.
 */
export async function evaluateMatching(
  dataset: string,
  databaseUrl = process.env.DATABASE_URL,
  { crowdPerLanguage = 0, bounds = CANDIDATE_BOUNDS }: MatchingEvalOptions = {},
) {
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
    const store = (text: string, language: string) => {
      const normalizedText = normalizeForMatching(text);
      const key = matchText(normalizedText);
      return claims.insert(scope, ds.manager, {
        text,
        normalizedText,
        matchText: key,
        matchKeys: matchKeys(organization.id, key, language),
        language,
      });
    };
    for (const p of pairs) {
      if (stored.has(storedKey(p))) continue;
      const claim = await store(p.a, p.language);
      stored.set(storedKey(p), claim.id);
    }
    if (crowdPerLanguage > 0)
      for (const language of [...new Set(pairs.map((p) => p.language))].sort())
        for (const text of crowdTexts(pairs, language, crowdPerLanguage)) await store(text, language);
    // How many of the new claims' keys are in more claims than the search takes per key (the caps reached).
    const postings = new Map<string, number>(
      (
        (await ds.query(
          `SELECT key::text AS key, count(*)::int AS n FROM claim_match_keys WHERE organization_id = $1 GROUP BY key`,
          [organization.id],
        )) as { key: string; n: number }[]
      ).map((r) => [r.key, r.n]),
    );
    const probeKeys = pairs.flatMap((p) =>
      matchKeys(organization.id, matchText(normalizeForMatching(p.b)), p.language),
    );
    const probeKeysAboveCap = round(
      probeKeys.filter((k) => (postings.get(k) ?? 0) > bounds.perKey).length / Math.max(1, probeKeys.length),
    );
    const gate = Math.min(MIN_TRIGRAM, similarThreshold);
    const rows: (EvalRow & { score: number })[] = [];
    for (const p of pairs) {
      const normalized = normalizeForMatching(p.b);
      const candidates = await ds.transaction((m) =>
        matching.lockAndFindCandidates(
          scope,
          m,
          {
            matchText: matchText(normalized),
            keys: matchKeys(organization.id, matchText(normalized), p.language),
            minTrigram: gate,
          },
          undefined,
          bounds,
        ),
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
        crowdPerLanguage,
        bounds,
        probeKeysAboveCap,
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

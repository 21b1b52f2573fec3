import type { Stance } from '../evidence/evidence.entity';

export const ASSESSMENT_LABELS = ['supported', 'refuted', 'conflicting', 'not_enough_evidence'] as const;
export type AssessmentLabel = (typeof ASSESSMENT_LABELS)[number];

export interface Assessment {
  label: AssessmentLabel;
  confidence: number;
  counts: { supports: number; refutes: number; neutral: number; total: number };
  /** Sum of stanceScore × relevance of each side. */
  weights: { supports: number; refutes: number };
  /** Independent sources (distinct publishers, else distinct web sites) that count on each side. */
  sources: { supports: number; refutes: number };
  rationale: string;
}

export interface ScoredEvidence {
  stance: Stance;
  stanceScore: number;
  relevance: number;
  url?: string | null;
  publisher?: string | null;
}

/** Evidence weaker than this on a side does not count for that side. */
const MIN_WEIGHT = 0.25;
/** One piece of evidence weaker than this does not count as a source of its side. */
const MIN_ITEM_WEIGHT = 0.15;
/** The smaller side must reach this share of the larger one for `conflicting`. */
const CONFLICT_SHARE = 0.35;
/**
 * The most confidence a label can have with this many independent sources agreeing: one source is
 * a lead, not a finding (0.55); two independent ones 0.75; three or more 0.95.
 */
const CONFIDENCE_CAP = [0, 0.55, 0.75, 0.95];

/** Who published a source: its publisher, else its web site (host without www). */
export function sourceIdentity(e: Pick<ScoredEvidence, 'url' | 'publisher'>): string {
  if (e.publisher?.trim()) return `p:${e.publisher.trim().toLowerCase()}`;
  try {
    return `h:${new URL(e.url ?? '').hostname.replace(/^www\./, '')}`;
  } catch {
    return `u:${e.url ?? ''}`;
  }
}

/**
 * The machine assessment (AVeriTeC labels) from scored evidence. Each side weighs Σ stanceScore ×
 * relevance and counts its independent sources. Both sides present with comparable weight (the
 * smaller ≥ 35 % of the larger) → conflicting; one side → supported or refuted; none →
 * not_enough_evidence. Confidence grows with the winning side's weight and margin and is capped by
 * how many independent sources agree: a single source keeps its label (a desk wants the lead) but
 * never more than 0.55 confidence, and the rationale says it rests on one source.
 */
export function assess(evidence: ScoredEvidence[]): Assessment {
  const counts = { supports: 0, refutes: 0, neutral: 0, total: evidence.length };
  const weights = { supports: 0, refutes: 0 };
  const ids = { supports: new Set<string>(), refutes: new Set<string>() };
  for (const e of evidence) {
    counts[e.stance]++;
    if (e.stance === 'neutral') continue;
    const w = e.stanceScore * e.relevance;
    weights[e.stance] += w;
    if (w >= MIN_ITEM_WEIGHT) ids[e.stance].add(sourceIdentity(e));
  }
  const s = weights.supports >= MIN_WEIGHT ? weights.supports : 0;
  const r = weights.refutes >= MIN_WEIGHT ? weights.refutes : 0;
  const w = { supports: round(weights.supports), refutes: round(weights.refutes) };
  const sources = { supports: s ? Math.max(1, ids.supports.size) : 0, refutes: r ? Math.max(1, ids.refutes.size) : 0 };
  const cap = (n: number) => CONFIDENCE_CAP[Math.min(n, CONFIDENCE_CAP.length - 1)];
  const base = { counts, weights: w, sources };
  if (!s && !r) {
    return {
      label: 'not_enough_evidence',
      confidence: round(Math.max(0.5, 1 - (weights.supports + weights.refutes))),
      ...base,
      rationale: `No source weighs enough for or against the claim (${counts.total} related source(s)).`,
    };
  }
  if (s && r && Math.min(s, r) / Math.max(s, r) >= CONFLICT_SHARE) {
    const balance = Math.min(s, r) / Math.max(s, r);
    return {
      label: 'conflicting',
      confidence: round(Math.min(cap(Math.min(sources.supports, sources.refutes) + 1), 0.5 + 0.5 * balance)),
      ...base,
      rationale: `${sources.supports} independent source(s) support and ${sources.refutes} refute the claim with comparable weight.`,
    };
  }
  const supported = s > r;
  const win = supported ? s : r;
  const lose = supported ? r : s;
  const n = supported ? sources.supports : sources.refutes;
  const confidence = round(Math.min(cap(n), (0.5 + 0.5 * (1 - lose / win)) * Math.min(1, 0.4 + win)));
  const single = n === 1 ? ' (a single source: to be confirmed)' : '';
  return supported
    ? {
        label: 'supported',
        confidence,
        ...base,
        rationale: `${n} independent source(s) support the claim${single}${counts.refutes ? `, ${counts.refutes} weaker one(s) refute it` : ''}.`,
      }
    : {
        label: 'refuted',
        confidence,
        ...base,
        rationale: `${n} independent source(s) refute the claim${single}${counts.supports ? `, ${counts.supports} weaker one(s) support it` : ''}.`,
      };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

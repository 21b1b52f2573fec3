import type { Stance } from '../evidence/evidence.entity';

export const ASSESSMENT_LABELS = ['supported', 'refuted', 'conflicting', 'not_enough_evidence'] as const;
export type AssessmentLabel = (typeof ASSESSMENT_LABELS)[number];

export interface Assessment {
  label: AssessmentLabel;
  confidence: number;
  counts: { supports: number; refutes: number; neutral: number; total: number };
  /** Sum of stanceScore × relevance of each side. */
  weights: { supports: number; refutes: number };
  rationale: string;
}

/** Evidence weaker than this on a side does not count for that side. */
const MIN_WEIGHT = 0.25;
/** The smaller side must reach this share of the larger one for `conflicting`. */
const CONFLICT_SHARE = 0.35;

/**
 * The machine assessment (AVeriTeC labels) from scored evidence: each side weighs stanceScore ×
 * relevance; both sides present and comparable → conflicting; one side → supported or refuted;
 * none → not_enough_evidence. Confidence grows with the winning side's weight and margin.
 */
export function assess(evidence: { stance: Stance; stanceScore: number; relevance: number }[]): Assessment {
  const counts = { supports: 0, refutes: 0, neutral: 0, total: evidence.length };
  const weights = { supports: 0, refutes: 0 };
  for (const e of evidence) {
    counts[e.stance]++;
    if (e.stance !== 'neutral') weights[e.stance] += e.stanceScore * e.relevance;
  }
  const s = weights.supports >= MIN_WEIGHT ? weights.supports : 0;
  const r = weights.refutes >= MIN_WEIGHT ? weights.refutes : 0;
  const w = { supports: round(weights.supports), refutes: round(weights.refutes) };
  if (!s && !r) {
    return { label: 'not_enough_evidence', confidence: round(Math.max(0.5, 1 - (weights.supports + weights.refutes))), counts, weights: w, rationale: `No source weighs enough for or against the claim (${counts.total} related source(s)).` };
  }
  if (s && r && Math.min(s, r) / Math.max(s, r) >= CONFLICT_SHARE) {
    return { label: 'conflicting', confidence: round(Math.min(0.95, 0.5 + 0.5 * (Math.min(s, r) / Math.max(s, r)))), counts, weights: w, rationale: `${counts.supports} source(s) support and ${counts.refutes} refute the claim with comparable weight.` };
  }
  const supported = s > r;
  const win = supported ? s : r;
  const lose = supported ? r : s;
  const confidence = round(Math.min(0.95, (0.5 + 0.5 * (1 - lose / win)) * Math.min(1, 0.4 + win)));
  return supported
    ? { label: 'supported', confidence, counts, weights: w, rationale: `${counts.supports} source(s) support the claim${counts.refutes ? `, ${counts.refutes} weaker one(s) refute it` : ''}.` }
    : { label: 'refuted', confidence, counts, weights: w, rationale: `${counts.refutes} source(s) refute the claim${counts.supports ? `, ${counts.supports} weaker one(s) support it` : ''}.` };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

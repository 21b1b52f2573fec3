import { classificationScores } from './metrics';

/** One scored line of an eval set. */
export interface EvalRow {
  id: string;
  language: string;
  /** The source's (stance) or the documents' (assessment) language(s), when the set gives them. */
  sourceLanguage?: string;
  cue?: string;
  split?: string;
  gold: string;
  predicted: string;
  rationale?: string;
}

const short = (rows: EvalRow[], labels: readonly string[]) => {
  const s = classificationScores(rows, labels);
  return { n: s.n, accuracy: s.accuracy, macroF1: s.macroF1 };
};

function groupBy(rows: EvalRow[], key: (r: EvalRow) => string | undefined, labels: readonly string[]) {
  const keys = [...new Set(rows.map(key).filter((k): k is string => !!k))].sort();
  return Object.fromEntries(
    keys.map((k) => [
      k,
      short(
        rows.filter((r) => key(r) === k),
        labels,
      ),
    ]),
  );
}

/**
 * Scores of a set, overall and per claim language, per split (dev / heldout: the held-out part is
 * reported on its own, so it is never hidden in an average), per cue and per language pair.
 */
export function breakdown(rows: EvalRow[], labels: readonly string[]) {
  const out: Record<string, unknown> = {
    ...classificationScores(rows, labels),
    perLanguage: groupBy(rows, (r) => r.language, labels),
  };
  if (rows.some((r) => r.split))
    out.perSplit = Object.fromEntries(
      Object.entries(groupBy(rows, (r) => r.split, labels)).map(([k, v]) => [
        k,
        {
          ...v,
          perLabel: classificationScores(
            rows.filter((r) => r.split === k),
            labels,
          ).perLabel,
        },
      ]),
    );
  if (rows.some((r) => r.cue)) {
    out.perCue = Object.fromEntries(
      [...new Set(rows.map((r) => r.cue).filter((c): c is string => !!c))].sort().map((c) => {
        const rs = rows.filter((r) => r.cue === c);
        const bySplit = Object.fromEntries(
          [...new Set(rs.map((r) => r.split ?? 'all'))]
            .sort()
            .map((s) => [
              s,
              `${rs.filter((r) => (r.split ?? 'all') === s && r.gold === r.predicted).length}/${rs.filter((r) => (r.split ?? 'all') === s).length}`,
            ]),
        );
        return [c, bySplit];
      }),
    );
  }
  if (rows.some((r) => r.sourceLanguage && r.sourceLanguage !== r.language))
    out.perLanguagePair = groupBy(rows, (r) => `${r.language}->${r.sourceLanguage ?? r.language}`, labels);
  return out;
}

export const missesOf = (rows: EvalRow[]) =>
  rows
    .filter((r) => r.gold !== r.predicted)
    .map((r) => ({
      id: r.id,
      split: r.split,
      cue: r.cue,
      gold: r.gold,
      predicted: r.predicted,
      rationale: r.rationale,
    }));

/** Accuracy and macro-averaged F1 of predicted labels against gold labels. */
export interface Scores {
  n: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

export function classificationScores(pairs: { gold: string; predicted: string }[], labels: readonly string[]): Scores {
  const perLabel: Scores['perLabel'] = {};
  for (const label of labels) {
    const tp = pairs.filter((p) => p.predicted === label && p.gold === label).length;
    const fp = pairs.filter((p) => p.predicted === label && p.gold !== label).length;
    const fn = pairs.filter((p) => p.predicted !== label && p.gold === label).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perLabel[label] = { precision: round(precision), recall: round(recall), f1: round(f1), support: tp + fn };
  }
  const correct = pairs.filter((p) => p.gold === p.predicted).length;
  const f1s = labels.map((l) => perLabel[l].f1);
  return {
    n: pairs.length,
    accuracy: round(pairs.length ? correct / pairs.length : 0),
    macroF1: round(f1s.reduce((a, b) => a + b, 0) / (labels.length || 1)),
    perLabel,
  };
}

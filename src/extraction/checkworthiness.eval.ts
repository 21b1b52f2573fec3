import { classificationScores } from '../platform/eval/metrics';
import { readJsonl } from '../platform/eval/read-jsonl';
import { scoreCheckWorthiness } from './checkworthiness';

export const CHECKWORTHINESS_LABELS = ['check_worthy', 'not_check_worthy'] as const;
/** The default threshold of POST /v1/extractions (minScore). */
export const CHECKWORTHINESS_THRESHOLD = 0.5;

interface Line {
  id: string;
  sentence: string;
  language: string;
  label: (typeof CHECKWORTHINESS_LABELS)[number];
}

/** Scores every sentence of a labelled set; a sentence at or above the threshold is check-worthy. */
export function evaluateCheckWorthiness(file: string, threshold = CHECKWORTHINESS_THRESHOLD) {
  const lines = readJsonl<Line>(file);
  for (const [i, l] of lines.entries()) {
    if (typeof l.sentence !== 'string' || !CHECKWORTHINESS_LABELS.includes(l.label))
      throw new Error(`${file}: line ${i + 1} needs "sentence" and a "label" in ${CHECKWORTHINESS_LABELS.join(', ')}`);
  }
  const rows = lines.map((l) => {
    const { score } = scoreCheckWorthiness(l.sentence);
    return {
      id: l.id,
      language: l.language,
      gold: l.label,
      predicted: score >= threshold ? 'check_worthy' : 'not_check_worthy',
      score,
    };
  });
  const errors = rows.filter((r) => r.gold !== r.predicted).map((r) => ({ id: r.id, gold: r.gold, score: r.score }));
  const languages = [...new Set(rows.map((r) => r.language))].sort();
  const perLanguage = Object.fromEntries(
    languages.map((lang) => {
      const s = classificationScores(
        rows.filter((r) => r.language === lang),
        CHECKWORTHINESS_LABELS,
      );
      return [lang, { n: s.n, accuracy: s.accuracy, macroF1: s.macroF1 }];
    }),
  );
  return {
    errors,
    result: { task: 'checkworthiness', threshold, ...classificationScores(rows, CHECKWORTHINESS_LABELS), perLanguage },
  };
}

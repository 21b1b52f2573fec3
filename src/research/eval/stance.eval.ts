import { SafeHttpClient } from '../../common/http/safe-http';
import { loadConfig } from '../../config/config';
import { classificationScores } from '../../eval/metrics';
import { readJsonl } from '../../eval/read-jsonl';
import { STANCES } from '../../evidence/evidence.entity';
import { StanceService } from '../../evidence/stance/stance.service';

interface Line {
  id: string;
  claim: string;
  language: string;
  evidence: { title: string; text: string };
  label: (typeof STANCES)[number];
}

/**
 * `npm run eval -- stance --dataset FILE.jsonl`: the stance service on each pair (the built-in
 * analyzer, or the model backend when STANCE_MODEL_URL is set, with its fallback).
 */
export async function evaluateStance(file: string) {
  const lines = readJsonl<Line>(file);
  for (const [i, l] of lines.entries()) {
    if (typeof l.claim !== 'string' || typeof l.evidence?.text !== 'string' || !STANCES.includes(l.label)) throw new Error(`${file}: line ${i + 1} needs "claim", "evidence.text" and a "label" in ${STANCES.join(', ')}`);
  }
  // Only the stance settings are read; the service needs no database here.
  const config = loadConfig({ DATABASE_URL: 'postgres://unused/none', REDIS_URL: 'redis://unused', ...process.env });
  const http = new SafeHttpClient(config.allowPrivateNetworks);
  const service = new StanceService(config, http);
  const rows: { id: string; language: string; gold: string; predicted: string; rationale?: string }[] = [];
  try {
    for (const l of lines) {
      const s = await service.score({ claim: l.claim, language: l.language, sourceLanguage: l.language, title: l.evidence.title ?? '', text: l.evidence.text });
      rows.push({ id: l.id, language: l.language, gold: l.label, predicted: s.stance, rationale: s.rationale });
    }
  } finally {
    await http.close();
  }
  const errors = rows.filter((r) => r.gold !== r.predicted).map((r) => ({ id: r.id, gold: r.gold, predicted: r.predicted, rationale: r.rationale }));
  const perLanguage = Object.fromEntries(
    [...new Set(rows.map((r) => r.language))].sort().map((lang) => {
      const s = classificationScores(rows.filter((r) => r.language === lang), STANCES);
      return [lang, { n: s.n, accuracy: s.accuracy, macroF1: s.macroF1 }];
    }),
  );
  return { errors, result: { task: 'stance', analyzer: config.research.stanceModel ? 'model+builtin' : 'builtin', ...classificationScores(rows, STANCES), perLanguage } };
}

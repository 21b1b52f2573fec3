import { SafeHttpClient } from '../platform/http/safe-http';
import { loadConfig } from '../platform/config/config';
import { breakdown, EvalRow, missesOf } from '../platform/eval/breakdown';
import { readJsonl } from '../platform/eval/read-jsonl';
import { STANCES } from '../evidence/evidence.entity';
import { StanceService } from '../evidence/stance/stance.service';

interface Line {
  id: string;
  claim: string;
  language: string;
  /** `evidence.language`: the source's language when it differs from the claim's (cross-language sets). */
  evidence: { title: string; text: string; language?: string };
  label: (typeof STANCES)[number];
  /** What makes the pair hard (number-words, comparison, reported-denial, …), for the per-cue report. */
  cue?: string;
  /** `dev` (tuned on) or `heldout` (never tuned on), when the set has a split. */
  split?: string;
}

/**
 * `npm run eval -- stance --dataset FILE.jsonl`: the stance service on each pair (the built-in
 * analyzer, or the model backend when STANCE_MODEL_URL is set, with its fallback).
 */
export async function evaluateStance(file: string) {
  const lines = readJsonl<Line>(file);
  for (const [i, l] of lines.entries()) {
    if (typeof l.claim !== 'string' || typeof l.evidence?.text !== 'string' || !STANCES.includes(l.label))
      throw new Error(`${file}: line ${i + 1} needs "claim", "evidence.text" and a "label" in ${STANCES.join(', ')}`);
  }
  // Only the stance settings are read; the service needs no database here.
  const config = loadConfig({ DATABASE_URL: 'postgres://unused/none', REDIS_URL: 'redis://unused', ...process.env });
  const http = new SafeHttpClient(config.allowPrivateNetworks);
  const service = new StanceService(config, http);
  const rows: EvalRow[] = [];
  try {
    for (const l of lines) {
      const s = await service.score({
        claim: l.claim,
        language: l.language,
        sourceLanguage: l.evidence.language ?? l.language,
        title: l.evidence.title ?? '',
        text: l.evidence.text,
      });
      rows.push({
        id: l.id,
        language: l.language,
        sourceLanguage: l.evidence.language ?? l.language,
        cue: l.cue,
        split: l.split,
        gold: l.label,
        predicted: s.stance,
        rationale: s.rationale,
      });
    }
  } finally {
    await http.close();
  }
  return {
    errors: missesOf(rows),
    result: {
      task: 'stance',
      analyzer: config.research.stanceModel ? 'model+builtin' : 'builtin',
      ...breakdown(rows, STANCES),
    },
  };
}

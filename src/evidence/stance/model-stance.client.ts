import { SafeHttpClient } from '../../platform/http/safe-http';
import type { ResearchConfig } from '../../platform/config/config';
import { STANCES, type Stance } from '../evidence.entity';
import type { StanceInput } from './stance.types';

/**
 * The optional model backend: an OpenAI-compatible chat completion asked for JSON
 * (`{"stance","score","rationale"}`), or an NLI endpoint (`POST {premise, hypothesis}` →
 * `{label: entailment|contradiction|neutral, score}`). Throws on any failure; the caller falls back.
 */
export async function modelStance(
  http: SafeHttpClient,
  cfg: NonNullable<ResearchConfig['stanceModel']>,
  input: StanceInput,
  timeoutMs: number,
): Promise<{ stance: Stance; score: number; rationale: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;
  const evidence = `${input.title}\n${input.text}`.slice(0, 4000);
  if (cfg.kind === 'nli') {
    const res = await http.request(cfg.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ premise: evidence, hypothesis: input.claim }),
      timeoutMs,
      maxBytes: 64 * 1024,
    });
    if (res.status !== 200) throw new Error(`NLI endpoint answered ${res.status}`);
    const body = JSON.parse(res.body.toString('utf8')) as { label?: string; score?: number };
    const map: Record<string, Stance> = { entailment: 'supports', contradiction: 'refutes', neutral: 'neutral' };
    const stance = map[String(body.label).toLowerCase()];
    if (!stance) throw new Error('NLI endpoint returned no label');
    const score = clamp(Number(body.score ?? 0.5));
    return {
      stance,
      score,
      rationale: `${cap(stance)}: the NLI model judged "${body.label}" (score ${score.toFixed(2)}).`,
    };
  }
  const prompt = [
    {
      role: 'system',
      content:
        'You judge whether a source supports, refutes or is neutral to a claim. Answer only JSON: {"stance":"supports|refutes|neutral","score":0..1,"rationale":"one sentence"}.',
    },
    {
      role: 'user',
      content: `Claim (${input.language}): ${input.claim}\n\nSource:\n${evidence}${input.rating ? `\n\nFact-check rating: ${input.rating}` : ''}`,
    },
  ];
  const res = await http.request(cfg.url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      model: cfg.model,
      messages: prompt,
      temperature: 0,
      response_format: { type: 'json_object' },
    }),
    timeoutMs,
    maxBytes: 256 * 1024,
  });
  if (res.status !== 200) throw new Error(`Model endpoint answered ${res.status}`);
  const body = JSON.parse(res.body.toString('utf8')) as { choices?: { message?: { content?: string } }[] };
  const content = body.choices?.[0]?.message?.content;
  if (!content) throw new Error('Model returned no content');
  const parsed = JSON.parse(content) as { stance?: string; score?: number; rationale?: string };
  if (!STANCES.includes(parsed.stance as Stance) || typeof parsed.rationale !== 'string')
    throw new Error('Model returned an unexpected JSON shape');
  return {
    stance: parsed.stance as Stance,
    score: clamp(Number(parsed.score ?? 0.5)),
    rationale: parsed.rationale.slice(0, 500),
  };
}

const clamp = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

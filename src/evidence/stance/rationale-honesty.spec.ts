import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonl } from '../../platform/eval/read-jsonl';
import { analyzeStance } from './builtin-stance.analyzer';
import type { StanceInput } from './stance.types';

/**
 * Rationale honesty: whatever a rationale quotes must be in the text it says it comes from.
 * - every "…" in the rationale is a source quote, except one introduced by "the claim says", which
 *   is a claim quote: it must appear in that text as quoted (case aside);
 * - the shared terms listed in "claim terms (a, b, c)" are the claim's words and must appear in the claim.
 * Checked on every pair of every eval set in test/fixtures/eval (stance sets: claim × evidence;
 * assessment sets: claim × each document).
 */
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'eval');
const lower = (s: string) => s.toLocaleLowerCase('fr');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const contains = (text: string, quoted: string) =>
  new RegExp(`(^|[^\\p{L}\\p{N}])${escape(lower(quoted))}($|[^\\p{L}\\p{N}])`, 'u').test(lower(text));

export function dishonestQuotes(input: StanceInput, rationale: string): string[] {
  const source = `${input.title}. ${input.text}`;
  const bad: string[] = [];
  for (const m of rationale.matchAll(/(the claim says |claim's )?"([^"]+)"/g)) {
    const fromClaim = !!m[1];
    if (!contains(fromClaim ? input.claim : source, m[2]))
      bad.push(`${fromClaim ? 'claim' : 'source'} lacks "${m[2]}"`);
  }
  const terms = /claim terms \(([^)]*)\)/.exec(rationale);
  for (const t of terms ? terms[1].split(', ') : []) if (!contains(input.claim, t)) bad.push(`claim lacks term "${t}"`);
  return bad;
}

interface StanceLine {
  id: string;
  claim: string;
  language: string;
  evidence: { title: string; text: string; language?: string };
}
interface AssessmentLine {
  id: string;
  claim: string;
  language: string;
  documents: { title: string; body: string; language?: string }[];
}

function cases(): [string, StanceInput][] {
  const out: [string, StanceInput][] = [];
  // Every stance and assessment set (the others, check-worthiness and matching, have no evidence).
  for (const f of readdirSync(FIXTURES).filter((x) => x.endsWith('.jsonl') && /^(stance|assessment)/.test(x))) {
    if (f.startsWith('assessment')) {
      for (const l of readJsonl<AssessmentLine>(join(FIXTURES, f)))
        l.documents.forEach((d, i) =>
          out.push([
            `${f} ${l.id}#${i}`,
            {
              claim: l.claim,
              language: l.language,
              sourceLanguage: d.language ?? l.language,
              title: d.title,
              text: d.body,
            },
          ]),
        );
    } else {
      for (const l of readJsonl<StanceLine>(join(FIXTURES, f)))
        out.push([
          `${f} ${l.id}`,
          {
            claim: l.claim,
            language: l.language,
            sourceLanguage: l.evidence.language ?? l.language,
            title: l.evidence.title,
            text: l.evidence.text,
          },
        ]);
    }
  }
  return out;
}

describe('rationale honesty', () => {
  it('never cites a figure the source does not contain (the bridge case)', () => {
    const input = {
      claim: 'The bridge was opened in 1995',
      language: 'en',
      sourceLanguage: 'en',
      title: 'A landmark turns 35',
      text: 'The bridge was inaugurated in 1989 by the then prime minister.',
    };
    const r = analyzeStance(input);
    expect(dishonestQuotes(input, r.rationale)).toEqual([]);
    expect(r.stance).not.toBe('supports');
  });

  it('the checker itself catches a quote the source lacks', () => {
    const input = {
      claim: 'The bridge was opened in 1995',
      language: 'en',
      title: 'Bridge',
      text: 'The bridge was inaugurated in 1989.',
    };
    expect(
      dishonestQuotes(
        input,
        'Supports: the source reports the same figure ("1995"); it shares 2 of 2 claim terms (bridge, opened).',
      ),
    ).toEqual(['source lacks "1995"']);
    expect(
      dishonestQuotes(
        input,
        'Refutes: the source gives "1989" where the claim says "1995"; it shares 1 of 2 claim terms (bridge).',
      ),
    ).toEqual([]);
    expect(dishonestQuotes(input, 'Refutes: it shares 1 of 2 claim terms (pont).')).toEqual([
      'claim lacks term "pont"',
    ]);
  });

  const all = cases();
  it(`quotes only what the texts say, on every pair of every eval set (${all.length} pairs)`, () => {
    expect(all.length).toBeGreaterThan(400);
    const failures = all.flatMap(([id, input]) => {
      const r = analyzeStance(input);
      return dishonestQuotes(input, r.rationale).map((b) => `${id}: ${b} — ${r.rationale}`);
    });
    expect(failures).toEqual([]);
  });
});

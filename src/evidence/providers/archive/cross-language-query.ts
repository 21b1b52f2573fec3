import { conceptForms, entityForms, phraseTokens } from '../../stance/lexicon';
import { analyzeText } from '../../stance/text-analysis';
import { stopwordList } from '../../stance/text-features';

/** The languages the bilingual lexicon carries a claim into. */
const OTHER: Record<string, string[]> = { fr: ['en'], en: ['fr'] };
const MAX_SLOTS = 12;
const MAX_ALTERNATIVES = 8;

/**
 * The claim carried into another language, as a tsquery for that language's documents: each claim
 * term becomes a slot of alternatives (its concept's forms in the target language from the
 * bilingual lexicon, every spelling of a name, a proper name as written, a figure in digits), and a
 * document must match at least two slots (an OR of slot pairs), as in the claim's own language.
 * Offline: no translation service, only `src/evidence/stance/lexicons/`.
 */
export function crossLanguageQueries(text: string, language: string): { language: string; tsquery: string }[] {
  const claim = analyzeText(text, language);
  const out: { language: string; tsquery: string }[] = [];
  for (const target of OTHER[language] ?? []) {
    const stop = new Set(stopwordList(target));
    const slots: string[] = [];
    const seen = new Set<string>();
    const add = (alternatives: string[]) => {
      const alts = [
        ...new Set(
          alternatives
            .map((a) => phraseTokens(a).filter((t) => /^[a-z0-9]+$/.test(t) && !stop.has(t)))
            .filter((t) => t.length)
            .map((t) => t.join(' <-> ')),
        ),
      ].slice(0, MAX_ALTERNATIVES);
      const key = alts.join('|');
      if (alts.length && !seen.has(key)) {
        seen.add(key);
        slots.push(alts.length > 1 ? `(${alts.join(' | ')})` : alts[0]);
      }
    };
    for (const t of claim.terms) {
      const entity = [...t.keys].find((k) => k.startsWith('e:'));
      if (entity) add(entityForms(entity.slice(2)));
      else if (t.concepts.length) add(t.concepts.flatMap((c) => conceptForms(c, target)));
      else if (t.entity) add([t.surface]);
    }
    for (const q of claim.quantities) if (Number.isInteger(q.value) && q.kind !== 'date') add([String(q.value)]);
    const use = slots.slice(0, MAX_SLOTS);
    if (use.length < 2) continue;
    const pairs: string[] = [];
    for (let i = 0; i < use.length; i++) for (let j = i + 1; j < use.length; j++) pairs.push(`(${use[i]} & ${use[j]})`);
    out.push({ language: target, tsquery: pairs.join(' | ') });
  }
  return out;
}

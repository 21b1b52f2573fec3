import { carriedSlots, otherLanguages } from '../cross-language';

/**
 * The claim carried into another language, as a tsquery for that language's documents: each claim
 * term becomes a slot of alternatives (`carriedSlots`: its concept's forms in the target language
 * from the bilingual lexicon, every spelling of a name, a proper name as written, a figure in
 * digits), and a document must match at least two slots (an OR of slot pairs), as in the claim's
 * own language. Offline: no translation service, only `src/evidence/stance/lexicons/`.
 */
export function crossLanguageQueries(text: string, language: string): { language: string; tsquery: string }[] {
  const out: { language: string; tsquery: string }[] = [];
  for (const target of otherLanguages(language)) {
    const use = carriedSlots(text, language, target).map((s) => {
      const alts = s.alternatives.map((a) => a.join(' <-> '));
      return alts.length > 1 ? `(${alts.join(' | ')})` : alts[0];
    });
    if (use.length < 2) continue;
    const pairs: string[] = [];
    for (let i = 0; i < use.length; i++) for (let j = i + 1; j < use.length; j++) pairs.push(`(${use[i]} & ${use[j]})`);
    out.push({ language: target, tsquery: pairs.join(' | ') });
  }
  return out;
}

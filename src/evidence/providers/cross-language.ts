import { conceptForms, entityForms, entityName, phraseTokens } from '../stance/lexicon';
import { analyzeText } from '../stance/text-analysis';
import { stopwordList } from '../stance/text-features';

/** The languages the bilingual lexicon (src/evidence/stance/lexicons/) carries a claim into. */
const OTHER: Record<string, string[]> = { fr: ['en'], en: ['fr'] };
const MAX_SLOTS = 12;
const MAX_ALTERNATIVES = 8;

/** One claim term carried into another language: its forms there (folded) and how a search query writes it. */
export interface CarriedSlot {
  alternatives: string[][];
  written: string;
}

/**
 * The claim's terms carried into a target language, offline (no translation service): each term
 * that the lexicons can carry becomes a slot of alternatives — its concept's forms in the target
 * language, every spelling of a name, a proper name as written, a figure in digits. Terms the
 * lexicons do not know are left out (they would be words of the claim's language).
 */
export function carriedSlots(text: string, language: string, target: string): CarriedSlot[] {
  const claim = analyzeText(text, language);
  const stop = new Set(stopwordList(target));
  const slots: CarriedSlot[] = [];
  const seen = new Set<string>();
  const add = (alternatives: string[], written?: string) => {
    const alts = alternatives
      .map((a) => phraseTokens(a).filter((t) => /^[a-z0-9]+$/.test(t) && !stop.has(t)))
      .filter((t) => t.length);
    const unique = [...new Map(alts.map((a) => [a.join(' '), a])).values()].slice(0, MAX_ALTERNATIVES);
    const key = unique.map((a) => a.join(' ')).join('|');
    if (unique.length && !seen.has(key)) {
      seen.add(key);
      slots.push({ alternatives: unique, written: written ?? unique[0].join(' ') });
    }
  };
  for (const t of claim.terms) {
    const entity = [...t.keys].find((k) => k.startsWith('e:'))?.slice(2);
    if (entity) add(entityForms(entity), entityName(entity, target));
    else if (t.concepts.length) add(t.concepts.flatMap((c) => conceptForms(c, target)));
    else if (t.entity) add([t.surface], t.surface);
  }
  for (const q of claim.quantities) if (Number.isInteger(q.value) && q.kind !== 'date') add([String(q.value)]);
  return slots.slice(0, MAX_SLOTS);
}

/** The other languages a claim is carried into (French ↔ English). */
export const otherLanguages = (language: string): string[] => OTHER[language] ?? [];

/**
 * What an external provider searches for a claim: the claim as written in its language, and, for
 * each other language, the claim's carried terms as a keyword query ("United States withdrawal troops
 * 15 bases Iraq" for a French claim) when at least two terms could be carried.
 */
export function searchLanguages(
  text: string,
  language: string,
): { language: string; query: string; crossLanguage: boolean }[] {
  const out = [{ language, query: text, crossLanguage: false }];
  for (const target of otherLanguages(language)) {
    const slots = carriedSlots(text, language, target);
    if (slots.length >= 2)
      out.push({ language: target, query: slots.map((s) => s.written).join(' '), crossLanguage: true });
  }
  return out;
}

import ANTONYMS from './lexicons/antonyms.json';
import CONCEPTS from './lexicons/concepts.json';
import ENTITIES from './lexicons/entities.json';
import { fold } from './text-features';

/**
 * The analyzer's lexicons, kept as data with their provenance in `lexicons/*.json`:
 * a bilingual (French–English) concept lexicon of news vocabulary, names in their several
 * spellings and languages, and antonymous concepts. Forms are folded; multi-word forms are
 * matched as token sequences.
 */

/** Tokens of a folded phrase, the way `tokenize` splits text (letters/digits runs). */
export const phraseTokens = (phrase: string): string[] => fold(phrase).match(/\p{N}+(?:[.,]\p{N}+)*|\p{L}+/gu) ?? [];

/** Phrases indexed by their first token: longest first. */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, { tokens: string[]; value: T }[]>();
  add(phrase: string, value: T) {
    const tokens = phraseTokens(phrase);
    if (!tokens.length) return;
    const list = this.byFirst.get(tokens[0]) ?? [];
    list.push({ tokens, value });
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    this.byFirst.set(tokens[0], list);
  }
  /** Every phrase starting at token i (longest first). */
  at(words: string[], i: number): { length: number; value: T }[] {
    const out: { length: number; value: T }[] = [];
    for (const p of this.byFirst.get(words[i]) ?? []) {
      if (p.tokens.every((t, k) => words[i + k] === t)) out.push({ length: p.tokens.length, value: p.value });
    }
    return out;
  }
}

interface ConceptEntry {
  event?: boolean;
  fr: string[];
  en: string[];
}
const concepts = (CONCEPTS as { concepts: Record<string, ConceptEntry> }).concepts;
const CONCEPT_INDEX = new Map<string, PhraseIndex<string>>();
for (const [id, c] of Object.entries(concepts)) {
  for (const lang of ['fr', 'en'] as const) {
    let idx = CONCEPT_INDEX.get(lang);
    if (!idx) CONCEPT_INDEX.set(lang, (idx = new PhraseIndex()));
    for (const f of c[lang]) idx.add(f, id);
  }
}
/** Concept phrases of a language (both languages' when unknown). */
export const conceptIndex = (lang: string): PhraseIndex<string>[] =>
  CONCEPT_INDEX.has(lang) ? [CONCEPT_INDEX.get(lang)!] : [...CONCEPT_INDEX.values()];
/** Whether a concept is a predicate (an event a source must state to support or refute). */
export const isEvent = (concept: string): boolean => !!concepts[concept]?.event;
/** The forms of a concept in a language (for carrying a claim's terms into another language). */
export const conceptForms = (concept: string, lang: string): string[] =>
  (concepts[concept] as unknown as Record<string, string[]> | undefined)?.[lang] ?? [];

const entities = (ENTITIES as { entities: Record<string, string[]> }).entities;
/** Names in all their forms, any language. A one-token form of up to 3 letters must be written in capitals (US, EU, UE). */
export const ENTITY_INDEX = new PhraseIndex<string>();
for (const [id, forms] of Object.entries(entities)) for (const f of forms) ENTITY_INDEX.add(f, id);
export const entityForms = (entity: string): string[] => entities[entity] ?? [];
const names = (ENTITIES as { names?: Record<string, Record<string, string>> }).names ?? {};
/** A name as usually written in a language ("États-Unis", "United States"), for a search query; undefined when unknown. */
export const entityName = (entity: string, lang: string): string | undefined => names[entity]?.[lang];

const ANTONYM = new Map<string, Set<string>>();
for (const [a, b] of (ANTONYMS as unknown as { pairs: [string, string][] }).pairs) {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ]) {
    if (!ANTONYM.has(x)) ANTONYM.set(x, new Set());
    ANTONYM.get(x)!.add(y);
  }
}
/** The concepts that state the opposite of this one. */
export const antonymsOf = (concept: string): string[] => [...(ANTONYM.get(concept) ?? [])];

import stopwordsIso from 'stopwords-iso';
import { stem } from '../../platform/text/stemming';

/** Lower case, accents removed (é → e, ç → c), typographic apostrophes made plain. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’ʼ`]/g, "'")
    .toLowerCase();
}

const STOPWORDS = new Map<string, Set<string>>();
/** stopwords-iso, folded (negation and hedging are read as cue phrases, not as terms). */
function stopwords(language: string): Set<string> {
  let set = STOPWORDS.get(language);
  if (!set) {
    const list = (stopwordsIso as Record<string, string[]>)[language] ?? [];
    set = new Set(list.map(fold));
    // Elided French forms: l', d', qu' are split off by the tokenizer.
    for (const w of ['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu']) set.add(w);
    STOPWORDS.set(language, set);
  }
  return set;
}

/** The folded stopwords of a language (empty when unknown). */
export const stopwordList = (language: string): string[] => [...stopwords(language)];

/** Word tokens of folded text (letters and digits, apostrophes split off). */
export function words(text: string): string[] {
  return fold(text).match(/[a-z0-9]+(?:[.,][0-9]+)?/g) ?? [];
}

export interface Term {
  word: string;
  stem: string;
}

/** Content terms: folded words without stopwords or pure numbers, with their stems. */
export function contentTerms(text: string, language: string): Term[] {
  const stop = stopwords(language);
  const out: Term[] = [];
  for (const w of words(text)) {
    if (w.length < 2 || stop.has(w) || /^[0-9]/.test(w)) continue;
    out.push({ word: w, stem: stem(w, language) });
  }
  return out;
}

/** Proper names in the original text: capitalised words not at a sentence start, folded. */
export function entities(text: string): Set<string> {
  const out = new Set<string>();
  const re = /(?<![.!?]\s|^)\b([A-ZÀ-ÖØ-Þ][\p{L}'-]{2,}(?:\s+[A-ZÀ-ÖØ-Þ][\p{L}'-]+)*)/gu;
  for (const m of text.matchAll(re)) out.add(fold(m[1]));
  return out;
}

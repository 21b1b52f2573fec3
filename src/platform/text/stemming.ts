import { newStemmer, Stemmer } from 'snowball-stemmers';

const LANGUAGES: Record<string, string> = {
  fr: 'french',
  en: 'english',
  es: 'spanish',
  de: 'german',
  it: 'italian',
  pt: 'portuguese',
  nl: 'dutch',
};
const STEMMERS = new Map<string, Stemmer>();
/** Stems already computed, per language. Snowball in JavaScript took 30 % of the research worker's CPU (docs/benchmarks.md). */
const MEMO = new Map<string, Map<string, string>>();
/** Words kept per language; past this the memo starts over (a newsroom's vocabulary mostly fits). */
const MEMO_LIMIT = 200_000;

/** The Snowball stem of a folded word in a language; the word itself for a language without a stemmer. */
export function stem(word: string, language: string): string {
  let memo = MEMO.get(language);
  const known = memo?.get(word);
  if (known !== undefined) return known;
  const name = LANGUAGES[language];
  if (!name) return word;
  let s = STEMMERS.get(name);
  if (!s) STEMMERS.set(name, (s = newStemmer(name)));
  if (!memo) MEMO.set(language, (memo = new Map()));
  else if (memo.size >= MEMO_LIMIT) memo.clear();
  const out = s.stem(word);
  memo.set(word, out);
  return out;
}

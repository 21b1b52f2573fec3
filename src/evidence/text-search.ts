import { stopwordList, words } from './stance/text-features';

/** The language codes with their own PostgreSQL text-search configuration (others use `simple`). */
export const TS_LANGUAGES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'nl'] as const;

/** PostgreSQL text-search configuration of a language code (French, English and a few more; `simple` otherwise). */
export function tsConfigSql(languageExpr: string): string {
  return `(CASE ${languageExpr} WHEN 'fr' THEN 'french' WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'de' THEN 'german' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese' WHEN 'nl' THEN 'dutch' ELSE 'simple' END)::regconfig`;
}

/**
 * A claim's content words as the text-search queries use them: accent-folded, [a-z0-9] only, no
 * stopwords, each once, at most 12, in the claim's order.
 */
export function claimWords(text: string, language = 'en'): string[] {
  const stop = new Set(stopwordList(language));
  return [...new Set(words(text).filter((w) => w.length >= 2 && /^[a-z0-9]+$/.test(w) && !stop.has(w)))].slice(0, 12);
}

/**
 * "At least two of these words": an OR of every pair (one word alone when there is only one). With
 * `anchors`, only the pairs holding at least one of the first `anchors` words.
 */
export function pairsTsQuery(ws: string[], anchors = ws.length): string {
  if (ws.length <= 1) return ws.join('');
  const pairs: string[] = [];
  for (let i = 0; i < Math.min(anchors, ws.length); i++)
    for (let j = i + 1; j < ws.length; j++) pairs.push(`(${ws[i]} & ${ws[j]})`);
  return pairs.join(' | ');
}

/**
 * A tsquery for finding a claim's candidate sources: documents sharing at least two of the claim's
 * content words (an OR of every pair), accent-folded; the configuration stems the words. A single
 * shared word is too little to be relevant (the analyzer would drop it) and, for a common word,
 * would make the query rank a large part of the archive. Only [a-z0-9] reaches the query text.
 */
export function claimTsQuery(text: string, language = 'en'): string {
  return pairsTsQuery(claimWords(text, language));
}

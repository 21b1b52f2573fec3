import { stopwordList, words } from './stance/text-features';

/** The language codes with their own PostgreSQL text-search configuration (others use `simple`). */
export const TS_LANGUAGES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'nl'] as const;

/** PostgreSQL text-search configuration of a language code (French, English and a few more; `simple` otherwise). */
export function tsConfigSql(languageExpr: string): string {
  return `(CASE ${languageExpr} WHEN 'fr' THEN 'french' WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'de' THEN 'german' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese' WHEN 'nl' THEN 'dutch' ELSE 'simple' END)::regconfig`;
}

/**
 * A tsquery for finding a claim's candidate sources: documents sharing at least two of the claim's
 * content words (an OR of every pair), accent-folded; the configuration stems the words. A single
 * shared word is too little to be relevant (the analyzer would drop it) and, for a common word,
 * would make the query rank a large part of the archive. Only [a-z0-9] reaches the query text.
 */
export function claimTsQuery(text: string, language = 'en'): string {
  const stop = new Set(stopwordList(language));
  const ws = [...new Set(words(text).filter((w) => w.length >= 2 && /^[a-z0-9]+$/.test(w) && !stop.has(w)))].slice(
    0,
    12,
  );
  if (ws.length <= 1) return ws.join('');
  const pairs: string[] = [];
  for (let i = 0; i < ws.length; i++) for (let j = i + 1; j < ws.length; j++) pairs.push(`(${ws[i]} & ${ws[j]})`);
  return pairs.join(' | ');
}

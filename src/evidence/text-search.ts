import { words } from './stance/text-features';

/** PostgreSQL text-search configuration of a language code (French, English and a few more; `simple` otherwise). */
export function tsConfigSql(languageExpr: string): string {
  return `(CASE ${languageExpr} WHEN 'fr' THEN 'french' WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'de' THEN 'german' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese' WHEN 'nl' THEN 'dutch' ELSE 'simple' END)::regconfig`;
}

/**
 * A tsquery (OR of the claim's words, accent-folded) for ranking documents against a claim: the
 * configuration stems the words and drops its stopwords. Only [a-z0-9] reaches the query text.
 */
export function claimTsQuery(text: string): string {
  const ws = [...new Set(words(text).filter((w) => w.length >= 2 && /^[a-z0-9]+$/.test(w)))].slice(0, 40);
  return ws.join(' | ');
}

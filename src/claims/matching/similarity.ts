import { hash } from 'node:crypto';
import { normalizeForMatching } from '../text';

import stopwordsIso from 'stopwords-iso';
import { stem } from '../../platform/text/stemming';

/** Stop words, accent-folded like the text they are compared with. */
const STOPWORDS: Record<string, Set<string>> = Object.fromEntries(
  ['fr', 'en'].map((lang) => [
    lang,
    new Set((stopwordsIso[lang] ?? []).map((w) => normalizeForMatching(w)).filter((w) => w && !/\d/.test(w))),
  ]),
);

/**
 * The content tokens of a normalised text: stop words of French and English removed (a claim's
 * language may be wrong, and the lists hardly collide), Snowball stems in the claim's language,
 * numbers kept whole ("15", "2 500" → "2500").
 */
export function contentTokens(normalized: string, language: string): Set<string> {
  const out = new Set<string>();
  const joined = normalized.replace(/(?<=\d) (?=\d{3}(?!\d))/g, '');
  for (const w of joined.split(' ')) {
    if (!w || STOPWORDS.fr.has(w) || STOPWORDS.en.has(w)) continue;
    if (/^\d+$/.test(w)) out.add(w);
    else if (w.length > 1) out.add(language === 'fr' || language === 'en' ? stem(w, language) : w);
  }
  return out;
}

/**
 * The text that trigram search indexes (`claims.match_text`): the normalised text without French
 * and English stop words, numbers joined ("2 500" → "2500"). Stop words make every claim share
 * trigrams with every other; without them the index finds few, relevant candidates. A text made
 * only of stop words keeps its normalised form.
 */
export function matchText(normalized: string): string {
  const kept = normalized
    .replace(/(?<=\d) (?=\d{3}(?!\d))/g, '')
    .split(' ')
    .filter((w) => w && !STOPWORDS.fr.has(w) && !STOPWORDS.en.has(w));
  return kept.length ? kept.join(' ') : normalized;
}

/** The numbers a normalised text states. */
export function numbersOf(normalized: string): Set<string> {
  return new Set(normalized.replace(/(?<=\d) (?=\d{3}(?!\d))/g, '').match(/\d+/g) ?? []);
}

/** Dice coefficient of two token sets: 2|A∩B| / (|A|+|B|). */
export function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return (2 * common) / (a.size + b.size);
}

/** Whether both texts state numbers and they differ: "15 bases" is not "16 bases". */
export function numbersDisagree(a: Set<string>, b: Set<string>): boolean {
  if (!a.size || !b.size) return false;
  if (a.size !== b.size) return true;
  for (const n of a) if (!b.has(n)) return true;
  return false;
}

/** The matching score: the mean of trigram similarity (from PostgreSQL) and token Dice. */
export function combinedScore(trigram: number, tokenDice: number): number {
  return Math.round(((trigram + tokenDice) / 2) * 1000) / 1000;
}

/**
 * How intake matching scores the candidates of a new claim (its normalised text and language): the
 * combined score of each candidate's trigram similarity (from PostgreSQL) and stemmed-token Dice,
 * held below the duplicate threshold when both state numbers and they differ. `npm run eval --
 * matching` scores its pairs with this same function.
 */
export function scorerFor(
  normalized: string,
  language: string,
  duplicateThreshold: number,
): (candidate: { trigram: number; matchText: string; language: string }) => number {
  const mine = contentTokens(normalized, language);
  const myNumbers = numbersOf(normalized);
  return (c) => {
    const score = combinedScore(c.trigram, dice(mine, contentTokens(c.matchText, c.language)));
    return numbersDisagree(myNumbers, numbersOf(c.matchText)) ? Math.min(score, duplicateThreshold - 0.001) : score;
  };
}

/**
 * The keys of a claim in intake matching's index (`claim_match_keys`), from its match text: one per
 * content token (`contentTokens(matchText, language)`, the set `scorerFor` compares when the claim
 * is a candidate), and one per pair of tokens next to each other once the tokens are sorted (n
 * tokens: n + n − 1 keys). Each is a 64-bit hash salted with the organization, so a key only ever
 * finds that organization's claims. A new claim probes the index with the same keys it is stored
 * under.
 *
 * Why pairs: in a desk with thousands of claims on one subject every word of a claim is common, and
 * the latest claims a common word brings (CANDIDATES_PER_KEY) no longer include an older duplicate;
 * two of its words side by side are far rarer (docs/intake.md, "Claim matching at intake"). Sorted
 * pairs do not depend on word order; a substituted word changes at most three of them.
 */
export function matchKeys(organizationId: string, matchText: string, language: string): string[] {
  const tokens = [...contentTokens(matchText, language)].sort();
  const pairs = tokens.slice(1).map((t, i) => `${tokens[i]}\u0001${t}`);
  // crypto.hash: the same SHA-256 as createHash, without a Hash object per key (2n − 1 per claim).
  const keys = [...tokens, ...pairs].map((t) =>
    hash('sha256', `${organizationId}\u0000${t}`, 'buffer').readBigInt64BE(0).toString(),
  );
  return [...new Set(keys)];
}

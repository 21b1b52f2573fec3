import stopwords from 'stopwords-iso';
import { detect } from 'tinyld';

/** NFC, no control characters, single spaces, trimmed: the text we store. */
export function cleanText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower-case, accents folded, punctuation removed: the text we match on. */
export function normalizeForMatching(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const STOPWORDS = new Map<string, Set<string>>();
const stopwordsOf = (lang: string) => {
  let set = STOPWORDS.get(lang);
  if (!set) STOPWORDS.set(lang, (set = new Set((stopwords as Record<string, string[]>)[lang] ?? [])));
  return set;
};

/**
 * Detects the language of a claim among the desk's languages (ISO 639-1). Claims are short, where
 * character n-gram detectors hesitate, so function words vote first (stopwords-iso lists); on a tie,
 * tinyld's n-gram guess restricted to the same languages decides; 'und' when neither knows.
 */
export function detectLanguage(text: string, languages: readonly string[] = ['fr', 'en']): string {
  const tokens = text
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .flatMap((t) => [t, ...t.split("'")])
    .filter(Boolean);
  const scores = languages
    .map((lang) => ({ lang, hits: tokens.filter((t) => stopwordsOf(lang).has(t)).length }))
    .sort((a, b) => b.hits - a.hits);
  if (scores.length === 1) return scores[0].lang;
  if (scores[0]?.hits > (scores[1]?.hits ?? 0)) return scores[0].lang;
  return detect(text, { only: [...languages] }) || 'und';
}

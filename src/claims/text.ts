import { detect, detectAll } from 'tinyld';

/** NFC, no control characters, single spaces, trimmed: the text we store. */
export function cleanText(s: string): string {
   
  return s.normalize('NFC').replace(/[\u0000-\u001F\u007F]+/g, ' ').replace(/\s+/g, ' ').trim();
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

/**
 * Detects the language of a text (ISO 639-1). French and English are preferred when the text is
 * short and the detector hesitates; 'und' when nothing is recognisable.
 */
export function detectLanguage(text: string): string {
  const lang = detect(text);
  if (lang) return lang;
  const [best] = detectAll(text).filter((c) => c.lang === 'fr' || c.lang === 'en');
  return best?.lang ?? 'und';
}

/**
 * Sentence segmentation for French and English news text, with character offsets into the
 * original string (UTF-16 code units, i.e. JavaScript string indices: `text.slice(start, end)`
 * gives the sentence back exactly).
 *
 * One linear pass; no regular expression that can backtrack over the whole text. It knows:
 * - abbreviations that end with a period but not a sentence ("M.", "Dr", "janv.", "etc." before a
 *   lower-case word), initials and dotted acronyms ("J. Smith", "U.S.", "J.-C.");
 * - numbers with decimal commas or points and thin/no-break spaces ("3,5", "2 500", "3.5");
 * - quotations: a terminal mark inside « … », “ … ” or "…" does not end the sentence when the
 *   quotation closes nearby; a closing quote after the mark stays with its sentence;
 * - paragraphs: a blank line always ends a sentence, a single line break ends one when the line
 *   ends with a terminal mark or the next line starts like a sentence (a title, a list item).
 * Segments with no letter or digit (emoji, punctuation) are not sentences. A run longer than
 * `maxLength` with no boundary is cut at the last space before the limit.
 */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

export const MAX_SENTENCE_LENGTH = 1000;

/** Titles, ranks and month names: a period after them never ends a sentence ("M. Macron", "5 janv. 2020"). */
const NEVER_FINAL = new Set([
  'm',
  'mm',
  'mme',
  'mmes',
  'mlle',
  'mlles',
  'dr',
  'drs',
  'pr',
  'me',
  'mgr',
  'st',
  'ste',
  'mr',
  'mrs',
  'ms',
  'prof',
  'sr',
  'jr',
  'gen',
  'gén',
  'col',
  'lt',
  'sgt',
  'capt',
  'cpt',
  'cmdt',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'messrs',
  'vs',
  'cf',
  'p',
  'pp',
  'vol',
  'no',
  'nos',
  'n°',
  'art',
  'ch',
  'chap',
  'fig',
  'approx',
  'env',
  'av',
  'bd',
  'tél',
  'tel',
  'janv',
  'févr',
  'fév',
  'fevr',
  'avr',
  'juil',
  'sept',
  'oct',
  'nov',
  'déc',
  'dec',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
]);
/** Abbreviations that may also end a sentence: a period after them ends it only before an upper-case word. */
const MAYBE_FINAL = new Set([
  'etc',
  'al',
  'inc',
  'ltd',
  'co',
  'corp',
  'bros',
  'dept',
  'ed',
  'éd',
  'op',
  'cit',
  'ibid',
  'min',
  'max',
  'hab',
  'mds',
  'mrd',
  'mio',
  'resp',
  'e.g',
  'i.e',
  'eg',
  'ie',
  'approx',
  'jr',
  'sr',
]);

const TERMINALS = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉']);
const CLOSERS = new Set(['»', '”', '’', '"', "'", ')', ']', '}']);
const OPENERS = new Set(['«', '“', '‘', '"', '(', '[', '¿', '¡', '—', '–', '-', '•', '*']);
const SPACE = /[\s\u00A0\u202F\u2009]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{N}/u;
const LETTER = /\p{L}/u;
/** How far a quotation may run and still protect its inner terminal marks. */
const QUOTE_REACH = 600;

/** Spans [open, close] of quotations that close within QUOTE_REACH; their inside has no boundary. */
function quoteSpans(text: string): Uint8Array {
  const inside = new Uint8Array(text.length);
  const pairs: [string, string][] = [
    ['«', '»'],
    ['“', '”'],
  ];
  for (const [open, close] of pairs) {
    // One pass: each opening mark is paired with the next closing mark (remembered, not searched
    // again), so the cost stays linear however many marks the text has.
    let c = -1;
    for (let o = text.indexOf(open); o >= 0; o = text.indexOf(open, o + 1)) {
      if (c < o) c = text.indexOf(close, o + 1);
      if (c < 0) break;
      const nextOpen = text.indexOf(open, o + 1);
      if (c - o <= QUOTE_REACH && (nextOpen < 0 || nextOpen > c)) inside.fill(1, o + 1, c);
    }
  }
  // Straight double quotes pair up within a paragraph.
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' && i + 1 < text.length && /\n|\r/.test(text[i + 1])) open = -1;
    if (ch !== '"') continue;
    if (open < 0) open = i;
    else {
      if (i - open <= QUOTE_REACH) inside.fill(1, open + 1, i);
      open = -1;
    }
  }
  return inside;
}

/** The word just before position `dot` (letters, digits, inner periods and hyphens), lower-cased. */
function wordBefore(text: string, dot: number): string {
  let i = dot - 1;
  const min = Math.max(0, dot - 24);
  while (
    i >= min &&
    (LETTER.test(text[i]) || DIGIT.test(text[i]) || text[i] === '.' || text[i] === '-' || text[i] === '°')
  )
    i--;
  return text.slice(i + 1, dot);
}

/**
 * What the period at `dot` closes: 'never' for a title, a month, an initial or a dotted acronym
 * ("M.", "janv.", "J.", "U.S."), 'maybe' for an abbreviation that can end a sentence ("etc."),
 * 'word' for anything else.
 */
function periodKind(text: string, dot: number): 'never' | 'maybe' | 'word' {
  const word = wordBefore(text, dot).toLowerCase();
  if (!word) return 'word';
  const last = word.split(/[.-]/).filter(Boolean).pop() ?? '';
  if (NEVER_FINAL.has(word) || NEVER_FINAL.has(last)) return 'never';
  if (MAYBE_FINAL.has(word) || MAYBE_FINAL.has(last)) return 'maybe';
  // A single letter: an initial ("J. Smith") or the end of a dotted acronym ("U.S.", "J.-C.").
  if (last.length === 1 && LETTER.test(last) && !DIGIT.test(last)) return 'never';
  return 'word';
}

/** Index of the first non-space character at or after i (text.length when none). */
function skipSpaces(text: string, i: number): number {
  while (i < text.length && SPACE.test(text[i]) && text[i] !== '\n') i++;
  return i;
}

/** Whether a sentence may start at i: anything but a lower-case word or a continuing mark. */
function startsSentence(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const ch = text[i];
  if (OPENERS.has(ch)) {
    const j = skipSpaces(text, i + 1);
    return j >= text.length || !LOWER.test(text[j]);
  }
  return !LOWER.test(ch) && !/[,;:)\]}»”]/.test(ch);
}

/** True when only terminal marks and spaces stand between i and a closing quote ("… partirons. »"). */
function endsQuotation(text: string, i: number): boolean {
  let j = i + 1;
  while (j < text.length && (TERMINALS.has(text[j]) || SPACE.test(text[j]))) j++;
  return j < text.length && (text[j] === '»' || text[j] === '”' || text[j] === '"');
}

/** Splits text into sentences with offsets. Linear in the length of the text. */
export function splitSentences(text: string, maxLength = MAX_SENTENCE_LENGTH): SentenceSpan[] {
  const inside = quoteSpans(text);
  const cuts: number[] = []; // end offsets (exclusive) of segments
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') {
      // Line breaks: a blank line always cuts; a single one when the line looks finished.
      let j = i;
      let breaks = 0;
      while (j < text.length && (text[j] === '\n' || text[j] === '\r' || SPACE.test(text[j]))) {
        if (text[j] === '\n') breaks++;
        j++;
      }
      if (breaks === 0 && text[i] === '\r') breaks = 1;
      let k = i - 1;
      while (k >= 0 && SPACE.test(text[k])) k--;
      const prev = k >= 0 ? text[k] : '';
      const finished = TERMINALS.has(prev) || CLOSERS.has(prev) || prev === ':';
      if (breaks >= 2 || finished || startsSentence(text, j)) cuts.push(i);
      i = j;
      continue;
    }
    if (TERMINALS.has(ch) && (!inside[i] || endsQuotation(text, i))) {
      let j = i + 1;
      while (j < text.length && (TERMINALS.has(text[j]) || text[j] === '.')) j++;
      // Closing quotes and brackets after the mark stay with the sentence ("… ! »", "….)").
      for (;;) {
        const s = skipSpaces(text, j);
        if (s < text.length && (text[s] === '»' || text[s] === '”' || text[s] === ')' || text[s] === ']')) j = s + 1;
        else if (s === j && s < text.length && (text[s] === '"' || text[s] === '’' || text[s] === "'")) j = s + 1;
        else break;
      }
      const next = skipSpaces(text, j);
      const followedBySpace = j >= text.length || SPACE.test(text[j]) || text[j] === '\n' || text[j] === '\r';
      const single = j === i + 1 && ch === '.';
      const ellipsis = ch === '…' || (ch === '.' && j > i + 2 && text[i + 1] === '.');
      if (
        followedBySpace &&
        (next >= text.length || text[next] === '\n' || text[next] === '\r' || startsSentence(text, next))
      ) {
        const kind = single ? periodKind(text, i) : 'word';
        const upperNext = next < text.length && UPPER.test(text[next]);
        const cut =
          ellipsis || kind === 'maybe' ? next >= text.length || upperNext || text[next] === '\n' : kind !== 'never';
        if (cut) cuts.push(j);
      }
      i = j;
      continue;
    }
    i++;
  }
  cuts.push(text.length);

  const out: SentenceSpan[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut <= from) continue;
    pushTrimmed(text, from, cut, maxLength, out);
    from = cut;
  }
  return out;
}

/** Adds text[from, to) trimmed, cut into pieces of at most maxLength, when it has a letter or digit. */
function pushTrimmed(text: string, from: number, to: number, maxLength: number, out: SentenceSpan[]): void {
  while (from < to && /\s|[\u00A0\u202F\u2009\uFEFF]/.test(text[from])) from++;
  while (to > from && /\s|[\u00A0\u202F\u2009\uFEFF]/.test(text[to - 1])) to--;
  while (to - from > maxLength) {
    let cut = from + maxLength;
    let k = cut;
    while (k > from + maxLength / 2 && !/\s/.test(text[k])) k--;
    if (k > from + maxLength / 2) cut = k;
    else if (/[\uDC00-\uDFFF]/.test(text[cut])) cut--; // never split a surrogate pair
    pushTrimmed(text, from, cut, maxLength, out);
    from = cut;
    while (from < to && /\s/.test(text[from])) from++;
  }
  if (to <= from) return;
  const s = text.slice(from, to);
  if (LETTER_OR_DIGIT.test(s)) out.push({ text: s, start: from, end: to });
}

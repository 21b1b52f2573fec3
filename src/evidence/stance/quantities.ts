import { NumberRecognizer } from '@microsoft/recognizers-text-number';
import { NumberWithUnitRecognizer } from '@microsoft/recognizers-text-number-with-unit';
import * as chrono from 'chrono-node';
import COMPARATORS from './lexicons/comparators.json';
import { PhraseIndex, phraseTokens } from './lexicon';
import { fold } from './text-features';

/**
 * Figures of a text with what they measure, as ranges: numbers in digits or words, percentages,
 * currencies and dimensions from @microsoft/recognizers-text (French and English), dates from
 * chrono-node, years, and the bounds a text puts on them ("more than", "sous la barre des",
 * "at least", "environ": lexicons/comparators.json). A figure matches another when their ranges
 * meet; the tolerance of an exact figure depends on its unit (a year: none; a percentage or a
 * length: the rounding of the figure as written; a count or an amount: 1 %).
 */
export type Comparator = 'gt' | 'lt' | 'ge' | 'le' | 'approx';
export type Kind = 'year' | 'date' | 'percent' | 'currency' | 'dimension' | 'count';

export interface Quantity {
  value: number;
  lo: number;
  hi: number;
  kind: Kind;
  /** Currency or dimension unit; '' for counts, years and percentages. */
  unit: string;
  /** Index of the first token after the figure (its counted noun, for counts), in the text's tokens. */
  nounAt: number;
  comparator?: Comparator;
  /** The figure as written in the text (verbatim, with its bound word when there is one). */
  text: string;
  start: number;
  end: number;
}

type Cmp = Record<Comparator, string[]>;
const DATA = COMPARATORS as unknown as Record<'fr' | 'en', Cmp> & {
  approxNumbers: Record<'fr' | 'en', Record<string, [number, Comparator]>>;
  numberWords: Record<'fr' | 'en', string[]>;
};
const langOf = (l: string): 'fr' | 'en' => (l === 'fr' ? 'fr' : 'en');
const CULTURE = { fr: 'fr-fr', en: 'en-us' } as const;

interface Models {
  number: { parse(t: string): Found[] };
  percent: { parse(t: string): Found[] };
  currency: { parse(t: string): Found[] };
  dimension: { parse(t: string): Found[] };
}
interface Found {
  start: number;
  end: number;
  text: string;
  resolution: { value?: string; unit?: string; isoCurrency?: string };
}
const MODELS = new Map<string, Models>();
function models(lang: 'fr' | 'en'): Models {
  let m = MODELS.get(lang);
  if (!m) {
    const n = new NumberRecognizer(CULTURE[lang]);
    const u = new NumberWithUnitRecognizer(CULTURE[lang]);
    m = {
      number: n.getNumberModel(),
      percent: n.getPercentageModel(),
      currency: u.getCurrencyModel(),
      dimension: u.getDimensionModel(),
    } as unknown as Models;
    MODELS.set(lang, m);
  }
  return m;
}

const COMPARATOR_INDEX = new Map<string, PhraseIndex<Comparator>>();
const APPROX_INDEX = new Map<string, PhraseIndex<[number, Comparator]>>();
for (const lang of ['fr', 'en'] as const) {
  const ci = new PhraseIndex<Comparator>();
  for (const [c, phrases] of Object.entries(DATA[lang]) as [Comparator, string[]][])
    for (const p of phrases) ci.add(p, c);
  COMPARATOR_INDEX.set(lang, ci);
  const ai = new PhraseIndex<[number, Comparator]>();
  for (const [p, v] of Object.entries(DATA.approxNumbers[lang])) ai.add(p, v);
  APPROX_INDEX.set(lang, ai);
}
const NUMBER_WORDS = new Set([...DATA.numberWords.fr, ...DATA.numberWords.en]);
const ARTICLES = new Set(['un', 'une', 'one']);
const SCALE: Record<string, number> = {
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  millions: 1e6,
  bn: 1e9,
  md: 1e9,
  mds: 1e9,
  milliard: 1e9,
  milliards: 1e9,
  billion: 1e9,
  k: 1e3,
};
const CURRENCY_SIGN: Record<string, string> = { $: 'usd', '€': 'eur', '£': 'gbp' };

interface Tok {
  w: string;
  start: number;
  end: number;
}
const tokensOf = (text: string): Tok[] =>
  [...text.matchAll(/\p{N}+(?:[.,\u00a0\u202f]\p{N}+)*|\p{L}+|[%€$£]/gu)].map((m) => ({
    w: fold(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
const isNumTok = (w: string) => /^\p{N}/u.test(w) || NUMBER_WORDS.has(w);
const num = (v: string | undefined) =>
  Number(
    String(v ?? '')
      .replace(/[\s\u00a0\u202f%]/g, '')
      .replace(',', '.'),
  );

/** ISO-like currency code from the recognizer's unit name or a sign. */
function currencyCode(unit: string): string {
  const u = fold(unit);
  if (u.startsWith('dollar') || u === 'usd') return 'usd';
  if (u.startsWith('euro') || u === 'eur') return 'eur';
  if (u.startsWith('livre') || u.startsWith('pound') || u === 'gbp') return 'gbp';
  return u.slice(0, 6);
}

/** Half a unit of the last written digit: "12" → 0.5, "12.3" → 0.05. */
function rounding(written: string): number {
  const m = /[.,](\d+)\s*%?$/.exec(written.trim());
  return m ? 0.5 * 10 ** -m[1].length : 0.5;
}

function range(value: number, kind: Kind, written: string, comparator?: Comparator): [number, number] {
  const tol =
    kind === 'year' || kind === 'date'
      ? 0
      : kind === 'percent'
        ? Math.min(rounding(written), 0.2)
        : kind === 'dimension'
          ? Math.min(rounding(written), Math.abs(value) * 0.05)
          : // under half a unit, so that two different whole counts (3 and 4) never meet
            Math.max(0.4, Math.abs(value) * 0.01);
  switch (comparator) {
    case 'gt':
      return [value + 1e-9, Infinity];
    case 'ge':
      return [value, Infinity];
    case 'lt':
      return [-Infinity, value - 1e-9];
    case 'le':
      return [-Infinity, value];
    case 'approx':
      return [value - Math.max(tol, Math.abs(value) * 0.1), value + Math.max(tol, Math.abs(value) * 0.1)];
    default:
      return [value - tol, value + tol];
  }
}

/** The figures of a text, in a language (fr or en; another language is read as English). */
export function quantities(text: string, language: string): Quantity[] {
  const lang = langOf(language);
  const toks = tokensOf(text);
  const words = toks.map((t) => t.w);
  const out: Quantity[] = [];
  const taken = (s: number, e: number) => out.some((q) => s < q.end && e > q.start);
  const boundBefore = (i: number): { c: Comparator; start: number } | undefined => {
    for (let k = Math.max(0, i - 5); k < i; k++)
      for (const p of COMPARATOR_INDEX.get(lang)!.at(words, k))
        if (k + p.length === i) return { c: p.value, start: toks[k].start };
    return undefined;
  };
  const push = (q: Omit<Quantity, 'lo' | 'hi' | 'text' | 'start'> & { start: number }, firstTok: number) => {
    const b = q.comparator ? undefined : boundBefore(firstTok);
    const comparator = q.comparator ?? b?.c;
    const start = b?.start ?? q.start;
    const [lo, hi] = range(q.value, q.kind, text.slice(q.start, q.end), comparator);
    out.push({ ...q, comparator, lo, hi, start, text: text.slice(start, q.end) });
  };
  const tokAt = (pos: number) => toks.findIndex((t) => t.end > pos);

  // Approximate collective numbers ("une centaine de", "hundreds of").
  for (let i = 0; i < toks.length; i++) {
    for (const p of APPROX_INDEX.get(lang)!.at(words, i)) {
      const end = toks[i + p.length - 1].end;
      if (!taken(toks[i].start, end))
        push(
          {
            value: p.value[0],
            kind: 'count',
            unit: '',
            nounAt: i + p.length,
            comparator: p.value[1],
            start: toks[i].start,
            end,
          },
          i,
        );
      break;
    }
  }
  // "$3m", "€2bn", "3 M€".
  for (const m of text.matchAll(
    /([$€£])\s?(\d+(?:[.,]\d+)?)\s?(m|mn|bn|k)\b|(\d+(?:[.,]\d+)?)\s?(M|Md|Mds|bn|m)\s?([$€£])/g,
  )) {
    const [sign, digits, scale] = m[1] ? [m[1], m[2], m[3]] : [m[6], m[4], m[5]];
    const start = m.index;
    const end = m.index + m[0].length;
    if (!taken(start, end))
      push(
        {
          value: num(digits) * (SCALE[scale.toLowerCase()] ?? 1),
          kind: 'currency',
          unit: CURRENCY_SIGN[sign],
          nounAt: tokAt(end),
          start,
          end,
        },
        tokAt(start),
      );
  }
  // Runs of number tokens: each run, with the few words after it, is handed to the recognizers
  // (whole sentences with number words are very slow in the French models).
  for (let i = 0; i < toks.length; i++) {
    if (!isNumTok(words[i]) || taken(toks[i].start, toks[i].end)) continue;
    let j = i;
    while (
      j + 1 < toks.length &&
      (isNumTok(words[j + 1]) || (['et', 'and'].includes(words[j + 1]) && isNumTok(words[j + 2] ?? ''))) &&
      toks[j + 1].start - toks[j].end <= 2
    )
      j++;
    if (i === j && ARTICLES.has(words[i])) continue;
    // A currency sign just before the figure belongs to it ("$30 million").
    const wStart =
      i > 0 && /^[$€£]$/.test(words[i - 1]) && toks[i].start - toks[i - 1].end <= 1 ? toks[i - 1].start : toks[i].start;
    const wEnd = toks[Math.min(toks.length - 1, j + 4)].end;
    // recognizers-text reads French "cinq cents" as 5: "cents" → "cent " (same length, offsets kept).
    const window = text.slice(wStart, wEnd).replace(/\bcents\b/g, 'cent ');
    const m = models(lang);
    const pick = (found: Found[], kind: Kind) =>
      found.filter((f) => wStart + f.start <= toks[j].end).map((f) => ({ f, kind }));
    const cands = [
      ...pick(m.currency.parse(window), 'currency'),
      ...pick(m.dimension.parse(window), 'dimension'),
      ...pick(m.percent.parse(window), 'percent'),
      ...pick(m.number.parse(window), 'count'),
    ];
    const best = cands.find((c) => c.f.start === 0) ?? cands[0];
    if (!best) {
      i = j;
      continue;
    }
    const start = wStart + best.f.start;
    const endTok = tokAt(wStart + best.f.end);
    const end = Math.max(wStart + best.f.end + 1, toks[endTok]?.end ?? 0);
    let value = num(best.f.resolution.value);
    if (!Number.isFinite(value)) {
      i = j;
      continue;
    }
    if (best.kind === 'count' && value === 1 && ARTICLES.has(words[i])) {
      i = j;
      continue;
    }
    let kind = best.kind;
    let unit = '';
    if (kind === 'currency') unit = currencyCode(best.f.resolution.isoCurrency ?? best.f.resolution.unit ?? '');
    if (kind === 'dimension')
      unit = fold(best.f.resolution.unit ?? '')
        .replace(/[^a-z]/g, '')
        .slice(0, 6);
    const written = text.slice(start, end);
    if (kind === 'count' && /^\d{4}$/.test(written.trim()) && value >= 1800 && value <= 2100) kind = 'year';
    if (kind === 'percent') value = num(best.f.resolution.value);
    push({ value, kind, unit, nounAt: endTok + 1, start, end }, i);
    i = Math.max(j, endTok);
  }
  // Dates with a day or a month (chrono-node).
  const parser = lang === 'fr' ? chrono.fr : chrono.en;
  for (const r of parser.parse(text)) {
    // Only dates written with their year ("3 March 2020"; not "last month", which depends on when it was written).
    if (!r.start.isCertain('month') || !r.start.isCertain('year') || !/\d{4}/.test(r.text)) continue;
    const ym = r.start.get('year')! * 10000 + r.start.get('month')! * 100;
    const [lo, hi] = r.start.isCertain('day')
      ? [ym + r.start.get('day')!, ym + r.start.get('day')!]
      : [ym + 1, ym + 31];
    const start = r.index;
    const end = r.index + r.text.length;
    // A day number inside a date is not a count.
    for (let k = out.length - 1; k >= 0; k--)
      if (out[k].kind === 'count' && out[k].start >= start && out[k].end <= end) out.splice(k, 1);
    out.push({ value: lo, lo, hi, kind: 'date', unit: '', nounAt: -1, text: r.text, start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Whether two figures can measure the same thing (same kind and unit). */
export const comparable = (a: Quantity, b: Quantity) => a.kind === b.kind && (a.unit === b.unit || !a.unit || !b.unit);
/** Whether two figures agree: their ranges meet. */
export const agree = (a: Quantity, b: Quantity) => a.lo <= b.hi && b.lo <= a.hi;
export { phraseTokens };

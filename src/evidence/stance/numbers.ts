import { stem } from '../../common/stemming';
import { fold } from './text-features';

const NUMBER_WORDS: Record<string, number> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16,
  vingt: 20, trente: 30, quarante: 40, cinquante: 50, cent: 100, mille: 1000, million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9,
  one: 1, two: 2, three: 3, four: 4, five: 5, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, thousand: 1000, billion: 1e9, billions: 1e9,
};
const SCALE: Record<string, number> = { million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9, billion: 1e9, billions: 1e9, thousand: 1e3, mille: 1e3 };
const SKIP = new Set(['de', 'd', 'des', 'of', 'the', 'les', 'le', 'la', 'et', 'and', 'more', 'plus', 'than', 'que', 'environ', 'about', 'around', 'some', 'quelque', 'quelques', 'military', 'militaires', 'american', 'americaines', 'us']);
const UNIT_ALIASES: Record<string, string> = { '%': 'percent', pourcent: 'percent', percent: 'percent', 'pour cent': 'percent', km: 'km', kilometres: 'km', kilometers: 'km', kilometre: 'km', kilometer: 'km', miles: 'mile', mile: 'mile', euros: 'eur', euro: 'eur', '€': 'eur', dollars: 'usd', dollar: 'usd', '$': 'usd' };

export interface Quantity {
  value: number;
  /** Stem of the counted noun or a normalised unit; `year` for years. */
  unit: string;
  text: string;
}

/**
 * Numbers with what they count: "15 bases" → {15, "bas"}, "180 km" → {180, "km"},
 * "12,5 %" → {12.5, "percent"}, "quinze bases" → {15, "bas"}, "in 2019" → {2019, "year"}.
 */
export function quantities(text: string, language: string): Quantity[] {
  const folded = fold(text).replace(/(\d)[\s\u00a0\u202f](?=\d{3}\b)/g, '$1');
  const tokens = folded.match(/\d+(?:[.,]\d+)?|[a-z]+|[%€$]/g) ?? [];
  const out: Quantity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let value: number | undefined;
    if (/^\d/.test(t)) value = Number(t.replace(',', '.'));
    else if (NUMBER_WORDS[t] !== undefined && !(t === 'un' || t === 'une' || t === 'one') && !(SCALE[t] && /^\d/.test(tokens[i - 1] ?? ''))) value = NUMBER_WORDS[t];
    if (value === undefined || Number.isNaN(value)) continue;
    let j = i + 1;
    if (tokens[j] && SCALE[tokens[j]]) value *= SCALE[tokens[j++]];
    if (/^\d{4}$/.test(t) && value >= 1900 && value <= 2100) {
      out.push({ value, unit: 'year', text: t });
      continue;
    }
    while (tokens[j] && SKIP.has(tokens[j])) j++;
    const next = tokens[j];
    if (!next || /^\d/.test(next)) continue;
    const unit = UNIT_ALIASES[next] ?? stem(next, language);
    out.push({ value, unit, text: `${t} ${next}` });
  }
  return out;
}

export interface NumberAgreement {
  matches: Quantity[];
  /** Claim quantity and the different value the source gives for the same unit. */
  mismatches: { claim: Quantity; source: Quantity }[];
}

export function compareQuantities(claim: Quantity[], source: Quantity[]): NumberAgreement {
  const result: NumberAgreement = { matches: [], mismatches: [] };
  for (const c of claim) {
    const same = source.filter((s) => s.unit === c.unit);
    if (!same.length) continue;
    if (same.some((s) => Math.abs(s.value - c.value) <= Math.abs(c.value) * 0.01)) result.matches.push(c);
    else result.mismatches.push({ claim: c, source: same[0] });
  }
  return result;
}

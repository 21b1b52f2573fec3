import { stem } from '../../platform/text/stemming';
import { cueIndexes, CueKind } from './cues';
import { conceptIndex, ENTITY_INDEX, isEvent } from './lexicon';
import { quantities, Quantity } from './quantities';
import { fold, stopwordList } from './text-features';
import { canBeVerb, phrasal, synsets } from './wordnet';

/** A token of the original text: folded form and where it is. */
export interface Token {
  w: string;
  start: number;
  end: number;
  capital: boolean;
}
/** A content term (a word, or a phrase of the lexicons), with the keys it is compared by. */
export interface Term {
  surface: string;
  first: number;
  last: number;
  keys: Set<string>;
  concepts: string[];
  event: boolean;
  entity: boolean;
}
export interface Cue {
  kind: CueKind;
  text: string;
  first: number;
  last: number;
}
export interface TextAnalysis {
  text: string;
  lang: string;
  tokens: Token[];
  terms: Term[];
  cues: Cue[];
  quantities: Quantity[];
}

const STOP = new Map<string, Set<string>>();
const stopwords = (lang: string) => {
  let s = STOP.get(lang);
  if (!s) STOP.set(lang, (s = new Set(stopwordList(lang))));
  return s;
};
const FR_AUX = new Set(['a', 'ont', 'est', 'sont', 'ete', 'avait', 'avaient', 'aura', 'auront', 'etait', 'etaient']);
const EN_IRREGULAR_PAST = new Set([
  'cut',
  'shut',
  'hit',
  'shed',
  'quit',
  'put',
  'set',
  'rose',
  'fell',
  'grew',
  'withdrew',
  'left',
  'met',
  'struck',
  'spent',
  'built',
  'sent',
  'lost',
  'won',
  'took',
  'went',
  'began',
  'drew',
  'fought',
  'paid',
  'sold',
  'led',
  'gave',
  'ran',
  'came',
  'became',
  'found',
  'laid',
  'broke',
  'chose',
  'shot',
  'threw',
  'held',
  'made',
  'kept',
]);

export function tokenize(text: string): Token[] {
  return [...text.matchAll(/\p{N}+(?:[.,\u00a0\u202f]\p{N}+)*|\p{L}+/gu)].map((m) => ({
    w: fold(m[0]),
    start: m.index,
    end: m.index + m[0].length,
    capital: /^\p{Lu}/u.test(m[0]),
  }));
}

/** Terms, cues and figures of a text in a language. */
export function analyzeText(text: string, lang: string): TextAnalysis {
  const tokens = tokenize(text);
  const words = tokens.map((t) => t.w);
  const stop = stopwords(lang);
  const terms: Term[] = [];
  const span = (a: number, b: number) => text.slice(tokens[a].start, tokens[b].end);
  for (let i = 0; i < tokens.length; i++) {
    // Names first (any language), then the lexicon's phrases, longest first.
    const ent = ENTITY_INDEX.at(words, i).find(
      (p) =>
        p.length > 1 ||
        words[i].length > 3 ||
        text.slice(tokens[i].start, tokens[i].end) === text.slice(tokens[i].start, tokens[i].end).toUpperCase(),
    );
    const concepts = conceptIndex(lang).flatMap((idx) => idx.at(words, i));
    const longest = Math.max(ent?.length ?? 0, ...concepts.map((c) => c.length));
    if (longest > 1 || (ent && longest === 1)) {
      const last = i + longest - 1;
      const cs = [...new Set(concepts.filter((c) => c.length === longest).map((c) => c.value))];
      const keys = new Set<string>(cs.map((c) => `c:${c}`));
      if (ent && ent.length === longest) keys.add(`e:${ent.value}`);
      terms.push({
        surface: span(i, last),
        first: i,
        last,
        keys,
        concepts: cs,
        event: cs.some(isEvent),
        entity: !!(ent && ent.length === longest),
      });
      i = last;
      continue;
    }
    const w = words[i];
    const single = concepts.filter((c) => c.length === 1).map((c) => c.value);
    if (/^\p{N}/u.test(w) || w.length < 2 || (stop.has(w) && !single.length)) continue;
    const keys = new Set<string>([`s:${lang}:${stem(w, lang)}`, `n:${w}`]);
    for (const c of single) keys.add(`c:${c}`);
    if (w.length >= 7) keys.add(`p:${w.slice(0, 6)}`);
    let event = single.some(isEvent);
    if (lang === 'en') {
      const next = words[i + 1];
      const ph = next ? phrasal(w, next) : null;
      for (const s of synsets(w)) keys.add(`wn:${s}`);
      if (ph) for (const s of synsets(ph)) keys.add(`wn:${s}`);
      if (!event && !single.length && (w.endsWith('ed') || EN_IRREGULAR_PAST.has(w)) && canBeVerb(w) && i > 0)
        event = true;
    } else if (
      lang === 'fr' &&
      !event &&
      !single.length &&
      i > 0 &&
      FR_AUX.has(words[i - 1]) &&
      /(e|ee|es|ees|i|is|ie|ies|u|us|ue|ues|t)$/.test(w)
    ) {
      event = true;
    }
    terms.push({
      surface: span(i, i),
      first: i,
      last: i,
      keys,
      concepts: single,
      event,
      entity: tokens[i].capital && i > 0,
    });
  }
  const cues: Cue[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const idx of cueIndexes(lang)) {
      const found = idx.at(words, i)[0];
      if (found) {
        cues.push({ kind: found.value, text: span(i, i + found.length - 1), first: i, last: i + found.length - 1 });
      }
    }
  }
  // Keep the longest cue where cues overlap ("did not" rather than "not").
  const kept = cues.filter(
    (c) => !cues.some((o) => o !== c && o.first <= c.first && o.last >= c.last && o.last - o.first > c.last - c.first),
  );
  return { text, lang, tokens, terms, cues: kept, quantities: quantities(text, lang) };
}

/** Sentences of a text (a title is one), cut after . ! ? … followed by a space. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

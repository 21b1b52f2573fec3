import CUES from './lexicons/cues.json';
import { PhraseIndex } from './lexicon';

/**
 * Cue phrases of the built-in analyzer, kept as data (`lexicons/cues.json`, with its provenance):
 * negation, denial (including the reporting verbs of reported-speech denials: "dismissed reports
 * that", "a démenti", "qualified as false"), hedging, confirmation and "elsewhere" (the source speaks of another place or actor), French and English. Matched
 * as token sequences in folded text; a rationale quotes the words as the source writes them.
 */
export type CueKind = 'negation' | 'denial' | 'hedge' | 'confirm' | 'elsewhere';
const DATA = CUES as unknown as Record<'fr' | 'en', Record<CueKind, string[]>>;
const INDEX = new Map<string, PhraseIndex<CueKind>>();
for (const lang of ['fr', 'en'] as const) {
  const idx = new PhraseIndex<CueKind>();
  for (const [kind, phrases] of Object.entries(DATA[lang]) as [CueKind, string[]][])
    for (const p of phrases) idx.add(p, kind);
  INDEX.set(lang, idx);
}
/** The cue index of a language (English and French together for another language). */
export const cueIndexes = (lang: string): PhraseIndex<CueKind>[] =>
  INDEX.has(lang) ? [INDEX.get(lang)!] : [...INDEX.values()];

/** Fact-check ratings (folded) and the stance they give. */
export const RATING_STANCE: { pattern: RegExp; stance: 'supports' | 'refutes' | 'neutral' }[] = [
  {
    pattern:
      /\b(mostly false|mostly-false|plutot faux|pants on fire|faux|fausse|false|incorrect|inexact|trompeur|misleading|fake|intox|infonde|wrong|untrue|four pinocchios)\b/,
    stance: 'refutes',
  },
  {
    pattern:
      /\b(mixed|mitige|partly|partiellement|half|a nuancer|unproven|unverifiable|invérifiable|inverifiable|manque de contexte|missing context)\b/,
    stance: 'neutral',
  },
  {
    pattern: /\b(true|vrai|vraie|correct|exact|exacte|accurate|mostly true|plutot vrai|confirmed|confirme)\b/,
    stance: 'supports',
  },
];

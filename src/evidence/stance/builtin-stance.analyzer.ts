import { DENIAL_CUES, HEDGE_CUES, RATING_STANCE, STRONG_DENIAL } from './cues';
import { conceptOf } from './lexicon';
import { compareQuantities, quantities } from './numbers';
import { contentTerms, entities, fold } from './text-features';
import type { StanceInput, StanceResult } from './stance.types';

const MIN_SUPPORT_RELEVANCE = 0.5;
/** When the claim has figures and the source confirms none of them, support needs this coverage. */
const MIN_SUPPORT_COVERAGE_WITHOUT_FIGURES = 0.8;
const MIN_REFUTE_RELEVANCE = 0.3;

/** The comparable keys of a text: lexicon concept, or stem. */
function keys(text: string, language: string): Set<string> {
  return new Set(contentTerms(text, language).map((t) => conceptOf(t.word) ?? t.stem));
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function findCues(folded: string, cues: string[]): string[] {
  const found: string[] = [];
  for (const c of cues) {
    const re = new RegExp(`(^|[^a-z0-9'])${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`);
    if (re.test(folded)) found.push(c);
  }
  // Keep the longest phrases: "n'a pas" rather than "pas".
  return found.filter((c) => !found.some((o) => o !== c && o.includes(c)));
}

const cuesFor = (lang: string, m: Record<string, string[]>) => m[lang] ?? [...(m.en ?? []), ...(m.fr ?? [])];
const quote = (xs: string[], n = 3) =>
  xs
    .slice(0, n)
    .map((x) => `"${x}"`)
    .join(', ');

/**
 * The built-in, offline stance analyzer. Relevance is how much of the claim the source covers
 * (stemmed, accent-folded content terms without stopwords, a few concepts, names and numbers).
 * Stance comes from, in order: a fact-check rating; a number given for the same thing that differs
 * from the claim's; denial or negation cues whose polarity differs from the claim's; hedging cues;
 * otherwise agreement when the source covers enough of the claim. Every result says why.
 */
export function analyzeStance(input: StanceInput): StanceResult {
  const lang = input.language;
  // Cues in the claim's language, and in the source's when it differs (a French claim, an English source).
  const srcLang = input.sourceLanguage && input.sourceLanguage !== lang ? input.sourceLanguage : null;
  const cuesOf = (l: string, m: Record<string, string[]>) => (srcLang ? [...new Set([...cuesFor(l, m), ...cuesFor(srcLang, m)])] : cuesFor(l, m));
  const claimKeys = keys(input.claim, lang);
  const sourceText = `${input.title}. ${input.text}`;
  // The passage: the sentences that share the most with the claim (cues are read there only).
  const scored = sentences(sourceText).map((s) => {
    const k = keys(s, lang);
    let shared = 0;
    for (const c of claimKeys) if (k.has(c)) shared++;
    return { s, shared };
  });
  const best = Math.max(0, ...scored.map((x) => x.shared));
  const passage = best > 0 ? scored.filter((x) => x.shared >= Math.max(1, best * 0.5)).map((x) => x.s) : [];
  const sourceKeys = keys(sourceText, lang);
  const shared = [...claimKeys].filter((k) => sourceKeys.has(k));
  const coverage = claimKeys.size ? shared.length / claimKeys.size : 0;

  const claimEntities = entities(input.claim);
  const foldedSource = fold(sourceText);
  const sharedEntities = [...claimEntities].filter((e) => foldedSource.includes(e));
  const entityShare = claimEntities.size ? sharedEntities.length / claimEntities.size : coverage;

  const claimQ = quantities(input.claim, lang);
  const numbers = compareQuantities(claimQ, quantities(passage.join(' ') || sourceText, lang));
  const numberShare = claimQ.length ? (numbers.matches.length + numbers.mismatches.length) / claimQ.length : coverage;

  const relevance = round(Math.min(1, 0.75 * coverage + 0.15 * entityShare + 0.1 * numberShare));
  const sharedWords = contentTerms(input.claim, lang)
    .filter((t) => shared.includes(conceptOf(t.word) ?? t.stem))
    .map((t) => t.word);
  const overlapText = `shares ${shared.length} of ${claimKeys.size} claim terms${sharedWords.length ? ` (${[...new Set(sharedWords)].slice(0, 4).join(', ')})` : ''}`;

  const foldedPassage = fold(passage.join(' '));
  const foldedClaim = fold(input.claim);
  const denials = findCues(foldedPassage, cuesOf(lang, DENIAL_CUES));
  const strong = denials.filter((d) => cuesOf(lang, STRONG_DENIAL).includes(d) && !findCues(foldedClaim, [d]).length);
  const claimNegated = findCues(foldedClaim, cuesOf(lang, DENIAL_CUES)).length > 0;
  const sourceNegated = denials.length > 0;
  const hedges = findCues(foldedPassage, cuesOf(lang, HEDGE_CUES));
  const claimHedged = findCues(foldedClaim, cuesOf(lang, HEDGE_CUES)).length > 0;

  const result = (stance: StanceResult['stance'], stanceScore: number, why: string): StanceResult => ({ stance, stanceScore: round(stanceScore), relevance, rationale: why, passage: passage.join(' ').slice(0, 600) });

  if (input.rating) {
    const r = RATING_STANCE.find((x) => x.pattern.test(fold(input.rating!)));
    if (r && relevance >= MIN_REFUTE_RELEVANCE) {
      const stance = claimNegated && r.stance !== 'neutral' ? (r.stance === 'supports' ? 'refutes' : 'supports') : r.stance;
      return result(stance, 0.6 + 0.4 * relevance, `${label(stance)}: a fact-check rated a matching claim "${input.rating}"; it ${overlapText}.`);
    }
  }
  if (relevance < MIN_REFUTE_RELEVANCE) return result('neutral', 0.2 * relevance, `Neutral: the source barely relates to the claim; it ${overlapText}.`);

  if (numbers.mismatches.length) {
    const m = numbers.mismatches[0];
    return result('refutes', 0.55 + 0.4 * relevance, `Refutes: the source gives "${m.source.text}" where the claim says "${m.claim.text}"; it ${overlapText}.`);
  }
  // A hedged passage ("could", "non confirmé") is read as hedging, unless it denies outright.
  const hedgedOnly = hedges.length > 0 && !claimHedged && !strong.length;
  if (!hedgedOnly && (strong.length || sourceNegated !== claimNegated)) {
    if (strong.length || sourceNegated) {
      const cues = strong.length ? strong : denials;
      return result('refutes', (strong.length ? 0.55 : 0.45) + 0.4 * relevance, `Refutes: the source denies or negates it (${quote(cues)}) and ${overlapText}.`);
    }
    // The claim is negative and the source states the positive.
    if (relevance >= MIN_SUPPORT_RELEVANCE) return result('refutes', 0.4 + 0.4 * relevance, `Refutes: the claim says it did not happen while the source reports it without negation; it ${overlapText}.`);
  }
  if (hedges.length && !claimHedged) return result('neutral', 0.3, `Neutral: the source only reports it as possible or unconfirmed (${quote(hedges)}); it ${overlapText}.`);
  const figuresUnconfirmed = claimQ.length > 0 && !numbers.matches.length;
  if (relevance >= MIN_SUPPORT_RELEVANCE && (!figuresUnconfirmed || coverage >= MIN_SUPPORT_COVERAGE_WITHOUT_FIGURES)) {
    const nums = numbers.matches.length ? ` and the same figure (${quote(numbers.matches.map((q) => q.text))})` : '';
    return result('supports', 0.45 + 0.5 * relevance, `Supports: the source reports the same facts${nums}; it ${overlapText}.`);
  }
  const why = figuresUnconfirmed && relevance >= MIN_SUPPORT_RELEVANCE ? 'does not confirm the figure' : 'is related but does not state the claim';
  return result('neutral', 0.3 * relevance, `Neutral: the source ${why}; it ${overlapText}.`);
}

const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const round = (x: number) => Math.round(x * 1000) / 1000;

import { RATING_STANCE } from './cues';
import { antonymsOf } from './lexicon';
import { agree, comparable, Quantity } from './quantities';
import { analyzeText, Cue, sentences, TextAnalysis } from './text-analysis';
import { fold } from './text-features';
import type { StanceInput, StanceResult } from './stance.types';

const MIN_SUPPORT_RELEVANCE = 0.5;
/** When the claim has figures and the source gives none to compare, support needs this coverage. */
const MIN_SUPPORT_COVERAGE_WITHOUT_FIGURES = 0.8;
const MIN_REFUTE_RELEVANCE = 0.3;
/** A negation counts when a claim term follows it within this many tokens (its scope). */
const NEGATION_SCOPE = 5;

const LANGUAGE_NAMES: Record<string, string> = {
  fr: 'French',
  en: 'English',
  es: 'Spanish',
  de: 'German',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
};
const quote = (xs: string[], n = 3) =>
  [...new Set(xs)]
    .slice(0, n)
    .map((x) => `"${x}"`)
    .join(', ');

interface Sentence extends TextAnalysis {
  keys: Set<string>;
}

/**
 * The built-in, offline stance analyzer, French and English, also across the two languages.
 * Terms are compared by stem, by concept of the bilingual lexicon (lexicons/concepts.json), by
 * name in any spelling (lexicons/entities.json), by English WordNet synset and, across languages,
 * by cognate prefix. Relevance is how much of the claim the source covers. Stance, first rule that
 * applies: a fact-check rating; a denial in the source's passage (not in the claim); hedging;
 * a figure given for the same thing outside the claim's range; a reversed polarity (a negation in
 * scope, or the claim's predicate stated by its antonym); otherwise support when the source states
 * the claim's predicate and covers enough of it. The rationale quotes only words of the texts, as
 * written there.
 */
export function analyzeStance(input: StanceInput): StanceResult {
  const lang = input.language;
  const srcLang = input.sourceLanguage || lang;
  const crossLanguage = srcLang !== lang;
  const claim = analyzeText(input.claim, lang);
  const usable = (k: string) => crossLanguage || !k.startsWith('p:');
  const sourceText = `${input.title}. ${input.text}`;
  const sents: Sentence[] = sentences(sourceText).map((s) => {
    const a = analyzeText(s, srcLang);
    return { ...a, keys: new Set(a.terms.flatMap((t) => [...t.keys].filter(usable))) };
  });
  const matchedIn = (keys: Set<string>) => claim.terms.filter((t) => [...t.keys].some((k) => usable(k) && keys.has(k)));
  // The passage: the sentences sharing the most claim terms (cues are read there only).
  const scored = sents.map((s) => ({ s, shared: matchedIn(s.keys).length }));
  const best = Math.max(0, ...scored.map((x) => x.shared));
  const passage = best > 0 ? scored.filter((x) => x.shared >= Math.max(1, best * 0.5)).map((x) => x.s) : [];
  const allKeys = new Set(sents.flatMap((s) => [...s.keys]));
  const shared = matchedIn(allKeys);
  const coverage = claim.terms.length ? shared.length / claim.terms.length : 0;
  const claimEntities = claim.terms.filter((t) => t.entity);
  const entityShare = claimEntities.length
    ? claimEntities.filter((t) => shared.includes(t)).length / claimEntities.length
    : coverage;

  // Figures: each claim figure against the comparable figures of the passage.
  const passageQ = passage.flatMap((s) => s.quantities.map((q) => ({ q, s })));
  const claimKeysOf = (a: TextAnalysis, q: Quantity) => nounKeys(a, q);
  const matches: { c: Quantity; s: Quantity; sText: string }[] = [];
  const mismatches: { c: Quantity; s: Quantity; sText: string }[] = [];
  for (const c of claim.quantities) {
    const cNoun = claimKeysOf(claim, c);
    const statesPredicate = (s: Sentence) => claim.terms.some((t) => t.event && [...t.keys].some((k) => s.keys.has(k)));
    const sameNoun = (q: Quantity, s: Sentence) => [...cNoun].some((k) => nounKeys(s, q).has(k));
    const same = passageQ.filter(({ q, s }) => {
      if (!comparable(c, q)) return false;
      if (c.kind !== 'count') return true;
      if (sameNoun(q, s)) return true;
      // A bare count ("the toll reached 231", "mais 320"; or the claim's "battu Marseille 3 à 0") in a
      // sentence stating the claim's predicate.
      return (nounKeys(s, q).size === 0 || cNoun.size === 0) && statesPredicate(s);
    });
    if (!same.length) continue;
    // Compared without a shared noun, a count is confirmed by any count it agrees with in a sentence
    // stating the claim's predicate (a score "4 to 2 on Sunday": the 2 is not refuted by the 4).
    const loose =
      c.kind === 'count' && !same.some(({ q, s }) => sameNoun(q, s))
        ? passageQ.filter(({ q, s }) => q.kind === 'count' && statesPredicate(s))
        : [];
    const ok = same.find(({ q }) => agree(c, q)) ?? loose.find(({ q }) => agree(c, q));
    if (ok) matches.push({ c, s: ok.q, sText: figureText(ok.s, ok.q) });
    else mismatches.push({ c, s: same[0].q, sText: figureText(same[0].s, same[0].q) });
  }
  const numberShare = claim.quantities.length
    ? (matches.length + mismatches.length) / claim.quantities.length
    : coverage;
  const relevance = round(Math.min(1, 0.75 * coverage + 0.15 * entityShare + 0.1 * numberShare));

  const sharedSurfaces = [...new Set(shared.map((t) => t.surface))];
  const overlapText = `shares ${shared.length} of ${claim.terms.length} claim terms${sharedSurfaces.length ? ` (${sharedSurfaces.slice(0, 4).join(', ')})` : ''}`;
  const languageNote = crossLanguage
    ? ` The source is in ${LANGUAGE_NAMES[srcLang] ?? srcLang}; the claim's terms were carried across.`
    : '';
  const passageText = passage.map((s) => s.text).join(' ');
  const result = (stance: StanceResult['stance'], stanceScore: number, why: string): StanceResult => ({
    stance,
    stanceScore: round(stanceScore),
    relevance,
    rationale: `${why}${languageNote}`,
    passage: passageText.slice(0, 600),
    sourceLanguage: srcLang,
    crossLanguage,
  });

  // Cues of the passage; a negation counts only when a claim term follows it closely.
  const passageCues = passage.flatMap((s) =>
    s.cues.filter((c) => c.kind !== 'negation' || inScope(s, c, claim, usable)),
  );
  const claimCues = claim.cues;
  const has = (cs: Cue[], k: Cue['kind']) => cs.filter((c) => c.kind === k);
  const claimDenies = has(claimCues, 'denial').length > 0;
  const claimNegative = claimDenies || has(claimCues, 'negation').length > 0;
  const claimHedged = has(claimCues, 'hedge').length > 0;
  const denials = claimDenies ? [] : has(passageCues, 'denial');
  const sourceNegative = has(passageCues, 'denial').length > 0 || has(passageCues, 'negation').length > 0;
  const hedges = claimHedged ? [] : has(passageCues, 'hedge');

  // The claim's predicates: stated in the passage, or stated by their antonym.
  const events = claim.terms.filter((t) => t.event);
  const passageTerms = passage.flatMap((s) => s.terms);
  const stated = events.filter((e) => passageTerms.some((p) => [...p.keys].some((k) => usable(k) && e.keys.has(k))));
  // A claim concept stated in the passage by its antonym ("voted against" / "backed"); when the passage
  // has both, the one written first in its sentence is the one the source states.
  const firstAt = (concepts: Set<string>) =>
    Math.min(
      ...passage.map((s, si) => {
        const t = s.terms.find((p) => p.concepts.some((c) => concepts.has(c)));
        return t ? si * 1000 + t.first : Infinity;
      }),
    );
  const antonym = claim.terms
    .filter((e) => e.concepts.some((c) => antonymsOf(c).length))
    .map((e) => {
      const opposite = new Set(e.concepts.flatMap(antonymsOf));
      if (claim.terms.some((t) => t.concepts.some((c) => opposite.has(c)))) return null;
      const src = passageTerms.find(
        (p) => p.concepts.some((c) => opposite.has(c)) && !p.concepts.some((c) => e.concepts.includes(c)),
      );
      return src && firstAt(opposite) < firstAt(new Set(e.concepts)) ? { claim: e.surface, source: src.surface } : null;
    })
    .find((x) => x);
  // A predicate that is the verb of a figure ("reached about 6 %", "fell below 50 percent") is stated by that figure.
  const figureVerb = events.some((e) =>
    claim.quantities.some(
      (q) =>
        q.kind !== 'year' &&
        q.kind !== 'date' &&
        [...matches, ...mismatches].some((m) => m.c === q) &&
        claim.tokens[e.last].end <= q.start &&
        tokenGap(claim, e.last, q.start) <= 4,
    ),
  );
  const predicateStated = !events.length || stated.length > 0 || figureVerb;
  const datesMatched = claim.quantities
    .filter((q) => q.kind === 'year' || q.kind === 'date')
    .every((q) => matches.some((m) => m.c === q));

  if (input.rating) {
    const r = RATING_STANCE.find((x) => x.pattern.test(fold(input.rating!)));
    if (r && relevance >= MIN_REFUTE_RELEVANCE) {
      const stance =
        claimNegative && r.stance !== 'neutral' ? (r.stance === 'supports' ? 'refutes' : 'supports') : r.stance;
      return result(
        stance,
        0.6 + 0.4 * relevance,
        `${label(stance)}: a fact-check rated a matching claim "${input.rating}"; it ${overlapText}.`,
      );
    }
  }
  if (relevance < MIN_REFUTE_RELEVANCE)
    return result('neutral', 0.2 * relevance, `Neutral: the source barely relates to the claim; it ${overlapText}.`);
  if (denials.length && (predicateStated || relevance >= MIN_SUPPORT_RELEVANCE)) {
    return result(
      'refutes',
      0.55 + 0.4 * relevance,
      `Refutes: the source denies it (${quote(denials.map((d) => d.text))}); it ${overlapText}.`,
    );
  }
  const elsewhere = has(claimCues, 'elsewhere').length ? [] : has(passageCues, 'elsewhere');
  if (elsewhere.length)
    return result(
      'neutral',
      0.3,
      `Neutral: the source reports about another place or actor (${quote(elsewhere.map((h) => h.text))}); it ${overlapText}.`,
    );
  if (hedges.length)
    return result(
      'neutral',
      0.3,
      `Neutral: the source only reports it as possible, planned or unconfirmed (${quote(hedges.map((h) => h.text))}); it ${overlapText}.`,
    );
  if (mismatches.length && predicateStated) {
    const m = mismatches[0];
    return result(
      'refutes',
      0.55 + 0.4 * relevance,
      `Refutes: the source gives "${m.sText}" where the claim says "${figureText(claim, m.c)}"; it ${overlapText}.`,
    );
  }
  if (predicateStated && sourceNegative !== claimNegative) {
    if (sourceNegative) {
      const cues = passageCues.filter((c) => c.kind === 'negation' || c.kind === 'denial').map((c) => c.text);
      return result(
        'refutes',
        0.45 + 0.4 * relevance,
        `Refutes: the source negates it (${quote(cues)}); it ${overlapText}.`,
      );
    }
    if (relevance >= MIN_SUPPORT_RELEVANCE) {
      const neg = claimCues.find((c) => c.kind === 'negation' || c.kind === 'denial')!;
      return result(
        'refutes',
        0.4 + 0.4 * relevance,
        `Refutes: the claim says "${neg.text}" while the source states it without negation; it ${overlapText}.`,
      );
    }
  }
  if (antonym && datesMatched && sourceNegative === claimNegative) {
    return result(
      'refutes',
      0.45 + 0.4 * relevance,
      `Refutes: where the claim says "${antonym.claim}", the source says the opposite ("${antonym.source}"); it ${overlapText}.`,
    );
  }
  const figuresUnconfirmed = claim.quantities.length > 0 && !matches.length;
  if (
    predicateStated &&
    relevance >= MIN_SUPPORT_RELEVANCE &&
    (!figuresUnconfirmed || coverage >= MIN_SUPPORT_COVERAGE_WITHOUT_FIGURES)
  ) {
    const nums = matches.length
      ? ` and the same figure (${matches
          .slice(0, 2)
          .map((m) => `"${m.sText}" for the claim's "${figureText(claim, m.c)}"`)
          .join(', ')})`
      : '';
    return result(
      'supports',
      0.45 + 0.5 * relevance,
      `Supports: the source reports the same facts${nums}; it ${overlapText}.`,
    );
  }
  const why = !predicateStated
    ? `does not state what the claim says happened (${events
        .slice(0, 2)
        .map((e) => `the claim's "${e.surface}"`)
        .join(', ')})`
    : figuresUnconfirmed && relevance >= MIN_SUPPORT_RELEVANCE
      ? 'does not confirm the figure'
      : 'is related but does not state the claim';
  return result('neutral', 0.3 * relevance, `Neutral: the source ${why}; it ${overlapText}.`);
}

/** A figure as written, with its counted noun when it follows directly ("15 bases", not just "15"). */
function figureText(a: TextAnalysis, q: Quantity): string {
  if (q.kind !== 'count' || q.nounAt < 0) return q.text;
  const t = a.terms.find((x) => x.first === q.nounAt);
  if (!t || /[,;:.()]/.test(a.text.slice(q.end, a.tokens[t.first].start))) return q.text;
  return a.text.slice(q.start, a.tokens[t.last].end);
}

/**
 * The keys of the noun a count counts: up to two content terms right after the figure, with no
 * punctuation and no other figure between ("3 à 0 samedi", "4 to 2 on Sunday": the 3 and the 4 count
 * no Saturday; such a count is bare).
 */
function nounKeys(a: TextAnalysis, q: Quantity): Set<string> {
  const out = new Set<string>();
  if (q.kind !== 'count' || q.nounAt < 0) return out;
  let pos = q.end;
  for (const t of a.terms) {
    if (t.first < q.nounAt || t.first > q.nounAt + 3) continue;
    const termStart = a.tokens[t.first].start;
    const gap = a.text.slice(pos, termStart);
    if (/[,;:.()]/.test(gap)) break;
    if (a.quantities.some((o) => o !== q && o.start >= pos && o.start < termStart)) break;
    for (const k of t.keys) if (!k.startsWith('p:')) out.add(k);
    pos = a.tokens[t.last].end;
    if (out.size && !t.entity && t.first > q.nounAt) break;
  }
  return out;
}

/** Tokens between token i and a character position. */
const tokenGap = (a: TextAnalysis, i: number, pos: number) =>
  a.tokens.filter((t) => t.start > a.tokens[i].end && t.end <= pos).length;

/** Whether a claim term follows the negation within its scope, in the same sentence. */
function inScope(s: Sentence, cue: Cue, claim: TextAnalysis, usable: (k: string) => boolean): boolean {
  return s.terms.some(
    (t) =>
      t.first > cue.last &&
      t.first <= cue.last + NEGATION_SCOPE &&
      claim.terms.some((c) => [...c.keys].some((k) => usable(k) && t.keys.has(k))),
  );
}

const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const round = (x: number) => Math.round(x * 1000) / 1000;

import * as L from './checkworthiness-lexicon';

/** One explainable feature of a sentence: what was found and what it added to the score. */
export interface Feature {
  name: string;
  /** Contribution to the logit (positive raises the score). */
  weight: number;
  matches: string[];
}

export interface CheckWorthiness {
  score: number;
  features: Feature[];
}

/**
 * Weights of a logistic model: score = sigmoid(BIAS + Σ weight × value). Hand-set and explained in
 * docs/intake.md; measured with `npm run eval -- checkworthiness`. A feature's value is 1 when
 * present (counts are capped where several occurrences say more).
 */
export const WEIGHTS = {
  bias: -1.6,
  number: 1.1,
  quantity: 1.0,
  date: 0.5,
  entity: 0.45, // per name or acronym, at most 2
  comparison: 0.7,
  attribution: 0.9,
  causal: 0.6,
  statistic: 0.7,
  event: 0.6,
  opinion: -1.6,
  prediction: -0.8,
  question: -2.5,
  firstPerson: -0.7,
  greeting: -1.5,
  short: -1.0,
} as const;

const MAX_MATCHES = 5;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function find(re: RegExp, s: string): string[] {
  re.lastIndex = 0;
  const out: string[] = [];
  for (const m of s.matchAll(re)) {
    out.push(m[0]);
    if (out.length >= MAX_MATCHES) break;
  }
  return out;
}

/** Scores how much a sentence deserves checking, in [0, 1], with the features that decided it. */
export function scoreCheckWorthiness(sentence: string): CheckWorthiness {
  const s = sentence.length > 2000 ? sentence.slice(0, 2000) : sentence;
  const features: Feature[] = [];
  let logit = WEIGHTS.bias;
  const add = (name: keyof typeof WEIGHTS, matches: string[], times = 1) => {
    if (!matches.length) return;
    const weight = Math.round(WEIGHTS[name] * times * 100) / 100;
    logit += weight;
    features.push({ name, weight, matches });
  };

  const years = find(L.YEAR, s);
  const digits = find(/\p{N}(?:[\p{N}\s\u00A0\u202F.,]{0,12}\p{N})?/gu, s).map((d) => d.trim());
  const numbers = [...digits.filter((d) => !years.includes(d)), ...find(L.NUMBER_WORDS, s)];
  add('number', numbers);
  add('quantity', find(L.QUANTITY, s));
  add('date', [...years, ...find(L.MONTHS_AND_DAYS, s)]);
  const entities = [...new Set([...find(L.CAPITALISED, s), ...find(L.ACRONYM, s)])];
  add('entity', entities, Math.min(entities.length, 2));
  add('comparison', find(L.COMPARISON, s));
  add('attribution', find(L.ATTRIBUTION, s));
  add('causal', find(L.CAUSAL, s));
  add('statistic', find(L.STATISTIC, s));
  add('event', find(L.EVENT, s));
  add('opinion', find(L.OPINION, s));
  add('prediction', find(L.PREDICTION, s));
  if (/\?\s*[»”")\]]*\s*$/u.test(s) || /[¿]/.test(s)) add('question', ['?']);
  add('firstPerson', find(L.FIRST_PERSON, s));
  add('greeting', find(L.GREETING, s));
  const wordCount = s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (wordCount < 5) add('short', [`${wordCount} words`]);

  return { score: Math.round(sigmoid(logit) * 1000) / 1000, features };
}

/** The spec's default rating scale: key, English label, ClaimReview ratingValue (worst 1, best 5) or none. */
export const DEFAULT_SCALE = [
  { key: 'true', label: 'True', value: 5 },
  { key: 'mostly_true', label: 'Mostly true', value: 4 },
  { key: 'mixed', label: 'Mixed', value: 3 },
  { key: 'mostly_false', label: 'Mostly false', value: 2 },
  { key: 'false', label: 'False', value: 1 },
  { key: 'misleading', label: 'Misleading', value: null },
  { key: 'unverifiable', label: 'Unverifiable', value: null },
] as const;

export const RATING_KEYS = DEFAULT_SCALE.map((r) => r.key);
export type RatingKey = (typeof RATING_KEYS)[number];
export const BEST_RATING = 5;
export const WORST_RATING = 1;

export type RatingLabels = Record<string, Record<string, string>>;

/** The label of a rating in a language: the organization's label in that language, else its English one, else the default. */
export function ratingLabel(labels: RatingLabels | null | undefined, key: string, language: string): string {
  const own = labels?.[key];
  return own?.[language] ?? own?.en ?? DEFAULT_SCALE.find((r) => r.key === key)?.label ?? key;
}

export function ratingValue(key: string): number | null {
  return DEFAULT_SCALE.find((r) => r.key === key)?.value ?? null;
}

/** The scale as the API shows it. */
export function scaleView(labels: RatingLabels | null | undefined) {
  return {
    bestRating: BEST_RATING,
    worstRating: WORST_RATING,
    ratings: DEFAULT_SCALE.map((r) => ({
      key: r.key,
      ratingValue: r.value,
      labels: { en: r.label, ...(labels?.[r.key] ?? {}) },
    })),
  };
}

import type { FieldError } from '../common/problem';
import type { FactCheckInput } from './providers/fact-checks/fact-checks.repository';

const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const n = (v: unknown) => (v === undefined || v === null || v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : null);
const name = (v: unknown) => (obj(v) ? s(v.name) : s(v));

/** ClaimReview items of a JSON-LD body: one object, a list, `@graph`, or `{ claimReviews: [...] }`. */
export function claimReviewItems(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (obj(body) && Array.isArray(body['@graph'])) return body['@graph'];
  if (obj(body) && Array.isArray(body.claimReviews)) return body.claimReviews;
  return [body];
}

/** Reads one schema.org ClaimReview; errors name the field (`[3].reviewRating.alternateName`). */
export function parseClaimReview(item: unknown, index: number, defaultLanguage = 'en'): { value?: FactCheckInput; errors?: FieldError[] } {
  const at = (p: string) => `[${index}]${p ? '.' + p : ''}`;
  if (!obj(item)) return { errors: [{ path: at(''), message: 'must be a ClaimReview object' }] };
  const errors: FieldError[] = [];
  const type = item['@type'];
  if (type !== undefined && type !== 'ClaimReview' && !(Array.isArray(type) && type.includes('ClaimReview'))) errors.push({ path: at('@type'), message: '@type must be ClaimReview' });
  const url = s(item.url);
  if (!url || !/^https?:\/\/\S+$/.test(url) || url.length > 2048) errors.push({ path: at('url'), message: 'url must be an http(s) URL' });
  const claimReviewed = s(item.claimReviewed);
  if (!claimReviewed || claimReviewed.length > 5000) errors.push({ path: at('claimReviewed'), message: 'claimReviewed is required (at most 5000 characters)' });
  const rr = obj(item.reviewRating) ? item.reviewRating : null;
  const rating = rr ? (s(rr.alternateName) ?? s(rr.name)) : null;
  if (!rating || rating.length > 200) errors.push({ path: at('reviewRating.alternateName'), message: 'reviewRating.alternateName (the textual rating) is required' });
  const lang = s(item.inLanguage) ?? (obj(item.inLanguage) ? s(item.inLanguage.alternateName) : null) ?? defaultLanguage;
  const language = lang.slice(0, 2).toLowerCase();
  if (!/^[a-z]{2}$/.test(language)) errors.push({ path: at('inLanguage'), message: 'inLanguage must be a language code' });
  const date = s(item.datePublished);
  if (date && Number.isNaN(new Date(date).getTime())) errors.push({ path: at('datePublished'), message: 'datePublished must be a date' });
  if (errors.length) return { errors };
  return {
    value: {
      url: url!, claimReviewed: claimReviewed!, rating: rating!, ratingValue: n(rr?.ratingValue), bestRating: n(rr?.bestRating), worstRating: n(rr?.worstRating),
      title: s(item.name) ?? s(item.headline), publisher: name(item.author) ?? name(item.publisher), datePublished: date, language,
    },
  };
}

import { isISO8601 } from 'class-validator';
import type { FieldError } from '../platform/api/problem';
import { hasControlChars } from '../platform/api/validation';
import type { FactCheckInput } from './providers/fact-checks/fact-checks.repository';

/** Limits of one imported ClaimReview (docs/research.md, "Fact-checks"). */
export const CLAIM_REVIEW_LIMITS = {
  url: 2048,
  claimReviewed: 5000,
  rating: 200,
  title: 1000,
  publisher: 300,
  language: 35,
  types: 10,
  authors: 50,
  /** Rating values are ClaimReview scales (1–5, 0–100, …): anything larger is not a rating. */
  ratingAbs: 1_000_000,
  earliestDate: '1900-01-01T00:00:00Z',
  /** How far ahead of the server clock datePublished may be (time zones, clock skew). */
  aheadMs: 24 * 3600 * 1000,
};

/** An absolute http(s) URL with a host and no whitespace (as the WHATWG parser reads it, like outbound HTTP does). */
const isHttpUrl = (u: string) => {
  if (!/^https?:\/\/\S+$/i.test(u)) return false;
  try {
    return new URL(u).hostname !== '';
  } catch {
    return false;
  }
};
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim());

/** ClaimReview items of a JSON-LD body: one object, a list, `@graph`, or `{ claimReviews: [...] }`. */
export function claimReviewItems(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (obj(body) && Array.isArray(body['@graph'])) return body['@graph'];
  if (obj(body) && Array.isArray(body.claimReviews)) return body.claimReviews;
  return [body];
}

/** Reads one schema.org ClaimReview; errors name the field (`[3].reviewRating.alternateName`). */
export function parseClaimReview(
  item: unknown,
  index: number,
  defaultLanguage = 'en',
  now = Date.now(),
): { value?: FactCheckInput; errors?: FieldError[] } {
  const at = (p: string) => `[${index}]${p ? '.' + p : ''}`;
  if (!obj(item)) return { errors: [{ path: at(''), message: 'must be a ClaimReview object' }] };
  const errors: FieldError[] = [];
  const fail = (path: string, message: string) => void errors.push({ path: at(path), message });

  /** A trimmed string of at most `max` characters without control characters (tab, CR, LF allowed), or null when absent. */
  const text = (v: unknown, path: string, max: number, what = path): string | null => {
    if (absent(v)) return null;
    if (typeof v !== 'string') return (fail(path, `${what} must be a string`), null);
    const t = v.trim();
    if (t.length > max) return (fail(path, `${what} must be at most ${max} characters`), null);
    if (hasControlChars(t)) return (fail(path, `${what} must not contain control characters`), null);
    return t;
  };
  const num = (v: unknown, path: string): number | null => {
    if (absent(v)) return null;
    const x =
      typeof v === 'number'
        ? v
        : typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)
          ? Number(v)
          : NaN;
    if (!Number.isFinite(x) || Math.abs(x) > CLAIM_REVIEW_LIMITS.ratingAbs)
      return (
        fail(
          path,
          `${path.split('.').pop()} must be a number between -${CLAIM_REVIEW_LIMITS.ratingAbs} and ${CLAIM_REVIEW_LIMITS.ratingAbs}`,
        ),
        null
      );
    return x;
  };
  /** An Organization or Person: a name, `{ name }`, or a list of those (the first is kept). */
  const party = (v: unknown, path: string): string | null => {
    if (Array.isArray(v)) {
      if (v.length > CLAIM_REVIEW_LIMITS.authors)
        return (fail(path, `${path} must list at most ${CLAIM_REVIEW_LIMITS.authors} entries`), null);
      return v.length ? party(v[0], `${path}[0]`) : null;
    }
    return obj(v)
      ? text(v.name, `${path}.name`, CLAIM_REVIEW_LIMITS.publisher)
      : text(v, path, CLAIM_REVIEW_LIMITS.publisher);
  };

  const type = item['@type'];
  if (Array.isArray(type) && type.length > CLAIM_REVIEW_LIMITS.types)
    fail('@type', `@type must list at most ${CLAIM_REVIEW_LIMITS.types} types`);
  else if (type !== undefined && type !== 'ClaimReview' && !(Array.isArray(type) && type.includes('ClaimReview')))
    fail('@type', '@type must be ClaimReview');

  const url = text(item.url, 'url', CLAIM_REVIEW_LIMITS.url);
  if (!url) {
    if (absent(item.url)) fail('url', 'url is required');
  } else if (!isHttpUrl(url)) fail('url', 'url must be an http(s) URL');

  const claimReviewed = text(item.claimReviewed, 'claimReviewed', CLAIM_REVIEW_LIMITS.claimReviewed);
  if (!claimReviewed && absent(item.claimReviewed))
    fail('claimReviewed', `claimReviewed is required (at most ${CLAIM_REVIEW_LIMITS.claimReviewed} characters)`);

  const rr = item.reviewRating;
  if (!obj(rr)) fail('reviewRating', 'reviewRating (a Rating with the textual rating in alternateName) is required');
  const rating = obj(rr)
    ? (text(rr.alternateName, 'reviewRating.alternateName', CLAIM_REVIEW_LIMITS.rating) ??
      text(rr.name, 'reviewRating.name', CLAIM_REVIEW_LIMITS.rating))
    : null;
  if (obj(rr) && !rating && absent(rr.alternateName) && absent(rr.name))
    fail('reviewRating.alternateName', 'reviewRating.alternateName (the textual rating) is required');
  const ratingValue = obj(rr) ? num(rr.ratingValue, 'reviewRating.ratingValue') : null;
  const bestRating = obj(rr) ? num(rr.bestRating, 'reviewRating.bestRating') : null;
  const worstRating = obj(rr) ? num(rr.worstRating, 'reviewRating.worstRating') : null;

  const title =
    text(item.name, 'name', CLAIM_REVIEW_LIMITS.title) ?? text(item.headline, 'headline', CLAIM_REVIEW_LIMITS.title);
  const publisher = party(item.author, 'author') ?? party(item.publisher, 'publisher');

  const langField = obj(item.inLanguage) ? 'inLanguage.alternateName' : 'inLanguage';
  const lang =
    text(
      obj(item.inLanguage) ? item.inLanguage.alternateName : item.inLanguage,
      langField,
      CLAIM_REVIEW_LIMITS.language,
    ) ?? defaultLanguage;
  const language = lang.slice(0, 2).toLowerCase();
  if (!/^[a-z]{2}$/.test(language)) fail(langField, 'inLanguage must be a language code such as "fr" or "en-GB"');

  const date = text(item.datePublished, 'datePublished', 40);
  let datePublished: string | null = null;
  if (date) {
    const t = isISO8601(date, { strict: true }) ? Date.parse(date) : NaN;
    if (Number.isNaN(t)) fail('datePublished', 'datePublished must be an ISO 8601 date such as 2021-03-02');
    else if (t < Date.parse(CLAIM_REVIEW_LIMITS.earliestDate) || t > now + CLAIM_REVIEW_LIMITS.aheadMs)
      fail('datePublished', 'datePublished must be between 1900-01-01 and tomorrow');
    else datePublished = new Date(t).toISOString();
  }

  if (errors.length) return { errors };
  return {
    value: {
      url: url!,
      claimReviewed: claimReviewed!,
      rating: rating!,
      ratingValue,
      bestRating,
      worstRating,
      title,
      publisher,
      datePublished,
      language,
    },
  };
}

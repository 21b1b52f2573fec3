import { isLoopbackHost } from '../platform/config/config';
import { BEST_RATING, ratingLabel, ratingValue, WORST_RATING, type RatingLabels } from '../organizations/rating-scale';

export const CLAIM_REVIEWED_MAX = 75;

export interface ClaimReviewInput {
  claim: {
    id: string;
    text: string;
    language: string;
    speakerName: string | null;
    speakerRole: string | null;
    claimDate: string | null;
    sourceUrl: string | null;
    appearances: string[];
  };
  verdict: {
    id: string;
    version: number;
    rating: string;
    title: string | null;
    summary: string;
    publishedAt: Date;
    firstPublishedAt: Date;
  };
  organization: {
    name: string;
    url: string | null;
    publicUrlTemplate: string | null;
    ratingLabels: RatingLabels | null;
  };
  /** Used when the organization has no public URL template. */
  defaultUrlTemplate: string;
}

/**
 * The `url` template of an organization's ClaimReviews when it has set no `publicUrlTemplate`: the
 * service's own ClaimReview route under PUBLIC_BASE_URL, else under `http://localhost:PORT`, which
 * nobody outside can open (the console's settings page shows it, so an admin sees what would be published).
 */
export function defaultUrlTemplate(config: { publicBaseUrl?: string; port: number }): string {
  const base = config.publicBaseUrl ?? `http://localhost:${config.port}`;
  return `${base.replace(/\/$/, '')}/v1/claims/{claimId}/claim-review`;
}

/**
 * What an API reachable from other machines says at boot when PUBLIC_BASE_URL is unset: its published
 * ClaimReviews would link to localhost. Nothing on loopback (`npm start`): there localhost is right.
 */
export function publicBaseUrlWarning(config: { publicBaseUrl?: string; port: number; host: string }): string | null {
  if (config.publicBaseUrl || isLoopbackHost(config.host)) return null;
  return (
    `PUBLIC_BASE_URL is not set: a ClaimReview published by an organization without a public URL template ` +
    `links to ${defaultUrlTemplate(config)}, which nobody outside can open (set PUBLIC_BASE_URL to the address newsrooms reach)`
  );
}

/** Cuts text to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function cutClaim(text: string, max = CLAIM_REVIEWED_MAX): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if ([...t].length <= max) return t;
  const chars = [...t].slice(0, max - 1).join('');
  const space = chars.lastIndexOf(' ');
  return (space > max / 2 ? chars.slice(0, space) : chars).replace(/[\s,;:.]+$/, '') + '…';
}

export function publicUrl(
  template: string,
  v: { claimId: string; verdictId: string; version: number; language: string },
): string {
  return template
    .replaceAll('{claimId}', encodeURIComponent(v.claimId))
    .replaceAll('{verdictId}', encodeURIComponent(v.verdictId))
    .replaceAll('{version}', String(v.version))
    .replaceAll('{language}', encodeURIComponent(v.language));
}

/** The schema.org ClaimReview JSON-LD of a published verdict (section 3 of the spec). */
export function buildClaimReview(input: ClaimReviewInput): Record<string, unknown> {
  const { claim, verdict, organization } = input;
  const value = ratingValue(verdict.rating);
  const appearances = [...new Set([claim.sourceUrl, ...claim.appearances].filter((u): u is string => !!u))];
  const itemReviewed: Record<string, unknown> = {
    '@type': 'Claim',
    author: claim.speakerName
      ? { '@type': 'Person', name: claim.speakerName, ...(claim.speakerRole ? { jobTitle: claim.speakerRole } : {}) }
      : { '@type': 'Organization', name: 'Unknown' },
    ...(claim.claimDate ? { datePublished: claim.claimDate } : {}),
    ...(appearances.length
      ? {
          firstAppearance: { '@type': 'CreativeWork', url: appearances[0] },
          appearance: appearances.map((url) => ({ '@type': 'CreativeWork', url })),
        }
      : {}),
  };
  const reviewRating: Record<string, unknown> = {
    '@type': 'Rating',
    alternateName: ratingLabel(organization.ratingLabels, verdict.rating, claim.language),
    ...(value !== null ? { ratingValue: value, bestRating: BEST_RATING, worstRating: WORST_RATING } : {}),
    ratingExplanation: verdict.summary,
  };
  const review: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: publicUrl(organization.publicUrlTemplate ?? input.defaultUrlTemplate, {
      claimId: claim.id,
      verdictId: verdict.id,
      version: verdict.version,
      language: claim.language,
    }),
    claimReviewed: cutClaim(claim.text),
    datePublished: verdict.firstPublishedAt.toISOString(),
    ...(verdict.version > 1 ? { dateModified: verdict.publishedAt.toISOString() } : {}),
    author: {
      '@type': 'Organization',
      name: organization.name,
      ...(organization.url ? { url: organization.url } : {}),
    },
    itemReviewed,
    reviewRating,
    inLanguage: claim.language,
  };
  if (verdict.title) review.headline = verdict.title;
  return review;
}

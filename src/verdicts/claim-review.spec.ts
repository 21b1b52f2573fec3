import { buildClaimReview, cutClaim, publicBaseUrlWarning } from './claim-review';

const base = {
  claim: {
    id: 'c1',
    text: 'Les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak, selon un communiqué',
    language: 'fr',
    speakerName: 'Jean Dupont',
    speakerRole: 'porte-parole',
    claimDate: '2020-02-01',
    sourceUrl: 'https://a.example/1',
    appearances: ['https://a.example/1', 'https://b.example/2'],
  },
  verdict: {
    id: 'v1',
    version: 1,
    rating: 'false',
    title: null,
    summary: 'Démenti par le CENTCOM.',
    publishedAt: new Date('2026-01-02T00:00:00Z'),
    firstPublishedAt: new Date('2026-01-02T00:00:00Z'),
  },
  organization: {
    name: 'Desk',
    url: 'https://desk.example',
    publicUrlTemplate: 'https://desk.example/fc/{claimId}?v={version}',
    ratingLabels: { false: { fr: 'Faux' } },
  },
  defaultUrlTemplate: 'http://localhost/v1/claims/{claimId}/claim-review',
};

describe('ClaimReview', () => {
  it('cuts claimReviewed to 75 characters at a word boundary', () => {
    const cut = cutClaim(base.claim.text);
    expect([...cut].length).toBeLessThanOrEqual(75);
    expect(cut.endsWith('…')).toBe(true);
    expect(base.claim.text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(cutClaim('short')).toBe('short');
  });

  it('has numeric ratings, the localized label, the templated url and the claim appearances', () => {
    const r = buildClaimReview(base);
    expect(r).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://desk.example/fc/c1?v=1',
      inLanguage: 'fr',
      author: { '@type': 'Organization', name: 'Desk', url: 'https://desk.example' },
      reviewRating: {
        '@type': 'Rating',
        alternateName: 'Faux',
        ratingValue: 1,
        bestRating: 5,
        worstRating: 1,
        ratingExplanation: 'Démenti par le CENTCOM.',
      },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Jean Dupont' },
        datePublished: '2020-02-01',
        firstAppearance: { url: 'https://a.example/1' },
        appearance: [{ url: 'https://a.example/1' }, { url: 'https://b.example/2' }],
      },
    });
    expect(r.dateModified).toBeUndefined();
  });

  it('keeps alternateName and drops numbers for non-numeric ratings', () => {
    const r = buildClaimReview({
      ...base,
      verdict: { ...base.verdict, rating: 'misleading' },
      organization: { ...base.organization, ratingLabels: null },
    });
    expect(r.reviewRating).toEqual({
      '@type': 'Rating',
      alternateName: 'Misleading',
      ratingExplanation: 'Démenti par le CENTCOM.',
    });
  });
});

describe('publicBaseUrlWarning', () => {
  it('warns an API reachable from other machines that its ClaimReviews would link to localhost', () => {
    expect(publicBaseUrlWarning({ host: '0.0.0.0', port: 3000 })).toBe(
      'PUBLIC_BASE_URL is not set: a ClaimReview published by an organization without a public URL template links to ' +
        'http://localhost:3000/v1/claims/{claimId}/claim-review, which nobody outside can open (set PUBLIC_BASE_URL to the address newsrooms reach)',
    );
  });
  it('says nothing when PUBLIC_BASE_URL is set, or on loopback, where localhost is right', () => {
    expect(
      publicBaseUrlWarning({ host: '0.0.0.0', port: 3000, publicBaseUrl: 'https://checks.example.org' }),
    ).toBeNull();
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(publicBaseUrlWarning({ host, port: 3000 })).toBeNull();
  });
});

import { buildClaimReview } from '../verdicts/claim-review';
import { parseClaimReview } from './claim-review.parser';

describe('ClaimReview parser', () => {
  // The desk's own verdicts go through the same parser (OwnVerdictsHandler): its limits must fit what publication produces.
  it('reads the ClaimReview of a published verdict at the limits of the verdict and settings fields', () => {
    const now = new Date();
    const review = buildClaimReview({
      claim: {
        id: 'c1',
        text: 'x '.repeat(5000).trim(),
        language: 'fr',
        speakerName: 'S'.repeat(200),
        speakerRole: null,
        claimDate: null,
        sourceUrl: null,
        appearances: [],
      },
      verdict: {
        id: 'v1',
        version: 2,
        rating: 'false',
        title: 'T'.repeat(300),
        summary: 's'.repeat(5000),
        publishedAt: now,
        firstPublishedAt: now,
      },
      organization: {
        name: 'O'.repeat(200),
        url: null,
        publicUrlTemplate: null,
        ratingLabels: { false: { fr: 'F'.repeat(100) } },
      },
      defaultUrlTemplate: 'http://localhost:0/v1/claims/{claimId}/claim-review',
    });
    const parsed = parseClaimReview(review, 0, 'en', now.getTime());
    expect(parsed.errors).toBeUndefined();
    expect(parsed.value).toMatchObject({
      url: 'http://localhost:0/v1/claims/c1/claim-review',
      rating: 'F'.repeat(100),
      title: 'T'.repeat(300),
      publisher: 'O'.repeat(200),
      datePublished: now.toISOString(),
      language: 'fr',
    });
  });

  it('normalizes datePublished to an ISO instant, and bounds it by the clock it is given', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const item = (datePublished: string) => ({
      url: 'https://c.example/1',
      claimReviewed: 'x',
      reviewRating: { alternateName: 'False' },
      datePublished,
    });
    expect(parseClaimReview(item('2021-03-02'), 0, 'en', now).value?.datePublished).toBe('2021-03-02T00:00:00.000Z');
    expect(parseClaimReview(item('2026-06-01T23:00:00Z'), 0, 'en', now).value).toBeDefined();
    expect(parseClaimReview(item('2026-06-02T01:00:00Z'), 0, 'en', now).errors).toEqual([
      { path: '[0].datePublished', message: expect.stringContaining('tomorrow') },
    ]);
  });
});

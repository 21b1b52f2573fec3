import { forOtherNewsroom, linkedClaimIds, withReadableLinks } from './event-visibility';

const CANONICAL = '11111111-1111-4111-8111-111111111111';
const claim = {
  id: 'c1',
  status: 'duplicate',
  text: 'Texte',
  language: 'fr',
  sourceUrl: null,
  appearances: [],
  speaker: null,
  claimDate: null,
  context: 'interne',
  priority: 'high',
  tags: ['x'],
  externalId: 'cms-1',
  newsroomId: 'n1',
  duplicateOf: CANONICAL,
  assessment: null,
};

describe('event visibility', () => {
  it('names the claims an event links to', () => {
    expect(linkedClaimIds({ claim, duplicateOf: CANONICAL, score: 0.9 })).toEqual([CANONICAL]);
    expect(linkedClaimIds({ claim: { ...claim, duplicateOf: null }, unlinkedFrom: CANONICAL })).toEqual([CANONICAL]);
    expect(linkedClaimIds({ claimId: 'c1', runId: 'r1' })).toEqual([]);
  });

  it('drops the id and score of a linked claim the reader may not read, and keeps a readable one', () => {
    const data = { claim, duplicateOf: CANONICAL, score: 0.9 };
    expect(withReadableLinks(data, new Set())).toEqual({
      claim: { ...claim, duplicateOf: null },
      duplicateOf: null,
      score: null,
    });
    expect(withReadableLinks(data, new Set([CANONICAL]))).toEqual(data);
    expect(
      withReadableLinks({ claim: { ...claim, duplicateOf: null }, unlinkedFrom: CANONICAL }, new Set()).unlinkedFrom,
    ).toBeNull();
  });

  it("gives another newsroom the claim's public fields only, the verdict and ClaimReview untouched", () => {
    const out = forOtherNewsroom({
      claim,
      verdict: { id: 'v1' },
      claimReview: { '@type': 'ClaimReview' },
      reason: 'r',
    });
    expect(out).toEqual({
      claim: {
        id: 'c1',
        status: 'duplicate',
        text: 'Texte',
        language: 'fr',
        sourceUrl: null,
        appearances: [],
        speaker: null,
        claimDate: null,
      },
      verdict: { id: 'v1' },
      claimReview: { '@type': 'ClaimReview' },
      reason: 'r',
    });
    expect(forOtherNewsroom({ claimId: 'c1', runId: 'r1' })).toEqual({ claimId: 'c1', runId: 'r1' });
  });
});

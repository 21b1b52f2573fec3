import { assess } from './assessment';

const ev = (stance: 'supports' | 'refutes' | 'neutral', stanceScore = 0.9, relevance = 0.9) => ({ stance, stanceScore, relevance });

describe('assessment', () => {
  it('is not_enough_evidence without weighty evidence', () => {
    expect(assess([]).label).toBe('not_enough_evidence');
    expect(assess([ev('neutral'), ev('supports', 0.3, 0.3)])).toMatchObject({ label: 'not_enough_evidence', counts: { supports: 1, refutes: 0, neutral: 1, total: 2 } });
  });
  it('is supported or refuted when one side dominates', () => {
    expect(assess([ev('supports'), ev('neutral')]).label).toBe('supported');
    expect(assess([ev('refutes'), ev('refutes'), ev('supports', 0.5, 0.5)]).label).toBe('refuted');
  });
  it('is conflicting when both sides weigh comparably', () => {
    const a = assess([ev('supports'), ev('refutes', 0.7, 0.7)]);
    expect(a.label).toBe('conflicting');
    expect(a.confidence).toBeGreaterThan(0.5);
    expect(a.rationale).toContain('1 source(s) support and 1 refute');
  });
  it('grows confidence with the weight of the winning side', () => {
    expect(assess([ev('supports'), ev('supports')]).confidence).toBeGreaterThan(assess([ev('supports', 0.6, 0.5)]).confidence);
  });
});

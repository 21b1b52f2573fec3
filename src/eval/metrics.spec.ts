import { classificationScores, score } from './metrics';

describe('eval metrics', () => {
  it('computes accuracy and macro-F1', () => {
    const s = score(['a', 'b'], [
      { gold: 'a', predicted: 'a' },
      { gold: 'a', predicted: 'b' },
      { gold: 'b', predicted: 'b' },
      { gold: 'b', predicted: 'b' },
    ]);
    expect(s.accuracy).toBe(0.75);
    // a: P=1, R=0.5, F1=0.667; b: P=0.667, R=1, F1=0.8
    expect(s.perLabel.a.f1).toBe(0.667);
    expect(s.perLabel.b.f1).toBe(0.8);
    expect(s.macroF1).toBe(0.733);
    expect(s.confusion.a.b).toBe(1);
  });
});


describe('classificationScores', () => {
  it('computes accuracy and macro-F1', () => {
    const s = classificationScores(
      [
        { gold: 'a', predicted: 'a' },
        { gold: 'a', predicted: 'b' },
        { gold: 'b', predicted: 'b' },
        { gold: 'b', predicted: 'b' },
      ],
      ['a', 'b'],
    );
    expect(s.accuracy).toBe(0.75);
    // a: p=1 r=0.5 f1=0.6667; b: p=0.6667 r=1 f1=0.8
    expect(s.perLabel.a.f1).toBeCloseTo(0.6667, 3);
    expect(s.perLabel.b.f1).toBeCloseTo(0.8, 3);
    expect(s.macroF1).toBeCloseTo(0.7333, 3);
  });
});

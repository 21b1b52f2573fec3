import { classificationScores } from './metrics';

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

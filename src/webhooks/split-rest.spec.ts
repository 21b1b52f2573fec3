import { splitRest } from './deliver-webhook.job';

describe('splitRest (the deliveries a batch did not reach within its 1 s budget)', () => {
  const rest = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('cuts them into pieces of about one budget at the pace the batch kept, in order', () => {
    // 7 sent in 1,050 ms: about 6 per budget; 13 left, 2 slots.
    expect(splitRest(rest(13), 7, 1050, 2)).toEqual([
      [0, 1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
    ]);
    expect(splitRest(rest(30), 10, 1000, 32).map((p) => p.length)).toEqual([10, 10, 10]);
  });

  it('makes no more pieces than the subscription has slots, and none for nothing', () => {
    expect(splitRest(rest(100), 1, 2000, 4).map((p) => p.length)).toEqual([25, 25, 25, 25]);
    expect(splitRest([], 5, 1000, 4)).toEqual([]);
  });

  it('keeps every delivery exactly once', () => {
    const pieces = splitRest(rest(47), 3, 1200, 5);
    expect(pieces.flat()).toEqual(rest(47));
    expect(pieces.length).toBeLessThanOrEqual(5);
  });
});

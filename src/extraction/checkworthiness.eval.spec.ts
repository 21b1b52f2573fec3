import { join } from 'node:path';
import { evaluateCheckWorthiness } from './checkworthiness.eval';

const FIXTURES = join(__dirname, '../../test/fixtures/eval');

describe('check-worthiness evaluation', () => {
  it('reaches macro-F1 ≥ 0.75 on the project set, in each language', () => {
    const { result } = evaluateCheckWorthiness(join(FIXTURES, 'checkworthiness.jsonl'));
    expect(result.n).toBeGreaterThanOrEqual(150);
    expect(result.macroF1).toBeGreaterThanOrEqual(0.75);
    expect(Object.keys(result.perLanguage)).toEqual(['en', 'fr']);
    for (const lang of ['en', 'fr']) expect(result.perLanguage[lang].macroF1).toBeGreaterThanOrEqual(0.75);
  });

  it('reaches macro-F1 ≥ 0.75 on the held-out set written after the cue lists were frozen', () => {
    expect(
      evaluateCheckWorthiness(join(FIXTURES, 'checkworthiness-heldout.jsonl')).result.macroF1,
    ).toBeGreaterThanOrEqual(0.75);
  });
});

import { normalizeForMatching } from '../text';
import { contentTokens, dice, matchKeys, numbersDisagree, numbersOf } from './similarity';

const tokens = (s: string, lang = 'fr') => contentTokens(normalizeForMatching(s), lang);

describe('matching similarity', () => {
  it('drops stop words, stems in the claim language and keeps numbers whole', () => {
    expect([...tokens('Les États-Unis ont retiré leurs troupes de 15 bases en Irak')].sort()).toEqual(
      ['15', 'bas', 'etat', 'irak', 'retir', 'troup', 'unis'].sort(),
    );
    expect([...tokens('Il a coûté 2 500 euros')]).toEqual(expect.arrayContaining(['2500']));
    expect([...tokens('The troops withdrew from the bases', 'en')].sort()).toEqual(
      ['base', 'troop', 'withdrew'].sort(),
    );
  });

  it('gives rewordings a high Dice and unrelated claims none', () => {
    const a = tokens('Les États-Unis ont retiré leurs troupes de 15 bases en Irak');
    const b = tokens('Les Etats-Unis ont retiré leurs forces de 15 bases militaires en Irak');
    const c = tokens('Le chômage a baissé de 2 points en France');
    expect(dice(a, b)).toBeGreaterThan(0.6);
    expect(dice(a, c)).toBe(0);
  });

  it('sees numbers that disagree', () => {
    expect(numbersDisagree(numbersOf('15 bases'), numbersOf('16 bases'))).toBe(true);
    expect(numbersDisagree(numbersOf('15 bases'), numbersOf('les 15 bases militaires'))).toBe(false);
    expect(numbersDisagree(numbersOf('des bases'), numbersOf('15 bases'))).toBe(false);
  });
});

describe('matchKeys', () => {
  it('gives a token the same key in one organization and different keys in two', () => {
    const [a] = matchKeys('org-a', 'bases', 'fr');
    expect(matchKeys('org-a', 'bases', 'fr')).toEqual([a]);
    expect(matchKeys('org-b', 'bases', 'fr')[0]).not.toBe(a);
    expect(BigInt(a) >= -(2n ** 63n) && BigInt(a) < 2n ** 63n).toBe(true);
  });

  it('keeps the keys stored claims have: the first 8 bytes of SHA-256("<organization>\\0<token>"), signed', () => {
    // Computed once with createHash; a change here would leave every stored claim unfindable.
    expect(matchKeys('org-a', 'bases', 'fr')).toEqual(['3570957327694575822']);
  });

  it('adds a key per pair of neighbouring sorted tokens, the same whatever the word order', () => {
    const keys = matchKeys('org-a', 'troupes irak bases', 'fr');
    expect(keys).toHaveLength(3 + 2);
    expect(new Set(matchKeys('org-a', 'bases troupes irak', 'fr'))).toEqual(new Set(keys));
    // The single-token keys are among them: a claim with one shared word is still found by it.
    expect(keys).toEqual(expect.arrayContaining(matchKeys('org-a', 'irak', 'fr')));
    // One word substituted keeps the pairs it does not touch: (bas, irak) here.
    const substituted = matchKeys('org-a', 'soldats irak bases', 'fr');
    expect(substituted.filter((k) => keys.includes(k))).toHaveLength(2 + 1);
  });
});

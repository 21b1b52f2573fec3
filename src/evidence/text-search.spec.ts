import { claimTsQuery, claimWords, pairsTsQuery } from './text-search';

describe('text-search queries', () => {
  it("builds the claim's query from its content words, accent-folded, without stopwords", () => {
    expect(claimWords("Le gouvernement a supprimé 300 postes d'enseignants", 'fr')).toEqual([
      'gouvernement',
      'supprime',
      '300',
      'postes',
      'enseignants',
    ]);
    expect(claimTsQuery('Troops left three bases', 'en')).toBe('(troops & left) | (troops & bases) | (left & bases)');
    expect(claimTsQuery('the', 'en')).toBe('');
  });

  it('keeps only the pairs holding one of the first words when anchored', () => {
    expect(pairsTsQuery(['a1', 'b2', 'c3', 'd4'], 1)).toBe('(a1 & b2) | (a1 & c3) | (a1 & d4)');
    expect(pairsTsQuery(['a1', 'b2', 'c3', 'd4'], 2)).toBe('(a1 & b2) | (a1 & c3) | (a1 & d4) | (b2 & c3) | (b2 & d4)');
    expect(pairsTsQuery(['a1', 'b2', 'c3'])).toBe(pairsTsQuery(['a1', 'b2', 'c3'], 3));
    expect(pairsTsQuery(['a1'])).toBe('a1');
  });
});

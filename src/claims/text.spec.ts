import { cleanText, detectLanguage, normalizeForMatching } from './text';

describe('claim text', () => {
  it.each([
    ['Les États-Unis ont retiré leurs troupes de 15 bases en Irak', 'fr'],
    ['Le commandement central américain a démenti tout retrait', 'fr'],
    ['The United States withdrew its troops from 15 bases in Iraq', 'en'],
    ['Unemployment fell by 3% last year according to the minister', 'en'],
    ['Persisted across restarts claim', 'en'],
    ['Unemployment fell by 3%', 'en'],
    ['Le chômage a baissé de 2 points', 'fr'],
    ['Macron a déclaré la guerre', 'fr'],
    ["Des centaines de formateurs de l'OTAN", 'fr'],
  ])('detects the language of %p', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('detects among the configured languages only, and says und when nothing is recognisable', () => {
    expect(detectLanguage('El presidente dijo que la economía crece', ['es', 'en'])).toBe('es');
    expect(detectLanguage('12345 %%% 678')).toBe('und');
  });

  it('cleans whitespace and control characters and keeps accents', () => {
    expect(cleanText('  Les  États-Unis\n\tont\u0007 retiré ')).toBe('Les États-Unis ont retiré');
  });

  it('normalises case, accents and punctuation for matching', () => {
    expect(normalizeForMatching('Les États-Unis ont « retiré » 15 bases !')).toBe('les etats unis ont retire 15 bases');
  });
});

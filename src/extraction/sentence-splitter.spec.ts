import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitSentences } from './sentence-splitter';

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe('splitSentences', () => {
  it('keeps offsets that slice back to the exact text', () => {
    const article = readFileSync(join(__dirname, '../../samples/seed-article-fr.txt'), 'utf8');
    const spans = splitSentences(article);
    expect(spans.length).toBeGreaterThan(20);
    for (const s of spans) expect(article.slice(s.start, s.end)).toBe(s.text);
    expect(spans.map((s) => s.text)).toContain(
      '"Cela fait partie de la répartition des efforts: les alliés européens se joignent à nous et participeront plus activement à la lutte contre le terrorisme", a déclaré l\'ambassadrice américaine à l\'Otan Kay Bailey Hutchison.',
    );
    expect(spans.map((s) => s.text)).toContain('A présent, ils pourraient y revenir.');
  });

  it.each([
    ['M. Dupont est arrivé. Il est reparti.', ['M. Dupont est arrivé.', 'Il est reparti.']],
    [
      'Dr. Smith met Mr. Jones in the U.S. Army base. They talked.',
      ['Dr. Smith met Mr. Jones in the U.S. Army base.', 'They talked.'],
    ],
    [
      'Le 5 janv. 2020, le taux était de 3,5 %. Il a atteint 2 500 euros.',
      ['Le 5 janv. 2020, le taux était de 3,5 %.', 'Il a atteint 2 500 euros.'],
    ],
    ['Growth was 3.5 percent. Prices rose.', ['Growth was 3.5 percent.', 'Prices rose.']],
    [
      '« Nous partirons. Nous reviendrons », a déclaré le ministre. Puis il est parti.',
      ['« Nous partirons. Nous reviendrons », a déclaré le ministre.', 'Puis il est parti.'],
    ],
    [
      'Il a dit : « Nous partirons. » Le ministre est parti.',
      ['Il a dit : « Nous partirons. »', 'Le ministre est parti.'],
    ],
    ['"We will leave." The minister left.', ['"We will leave."', 'The minister left.']],
    ['Pommes, poires, etc. sont en vente. Vraiment ?', ['Pommes, poires, etc. sont en vente.', 'Vraiment ?']],
    ['Quoi ?! Non… pas ça. Bon... Fin.', ['Quoi ?!', 'Non… pas ça.', 'Bon...', 'Fin.']],
    [
      'Titre sans point\nLe texte commence ici. Et continue.',
      ['Titre sans point', 'Le texte commence ici.', 'Et continue.'],
    ],
    ['une ligne coupée\nen deux', ['une ligne coupée\nen deux']],
    ['🙂🙂 🎉', []],
    ['', []],
    ['   \n\n  ', []],
  ])('splits %p', (input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  it('cuts a run without any boundary at spaces, within the limit', () => {
    const text = 'mot '.repeat(1000).trim();
    const spans = splitSentences(text, 100);
    expect(spans.length).toBeGreaterThan(30);
    for (const s of spans) {
      expect(s.end - s.start).toBeLessThanOrEqual(100);
      expect(text.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('cuts a run without spaces and never splits a surrogate pair', () => {
    const text = 'a😀'.repeat(300);
    const spans = splitSentences(text, 101);
    expect(spans.map((s) => s.text).join('')).toBe(text);
    for (const s of spans) expect(s.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it.each([
    ['opening quotes', '«'.repeat(20_000) + '»'],
    ['curly quotes closed far away', '“ a. '.repeat(5_000) + '”'],
    ['line breaks', 'a\n'.repeat(10_000)],
    ['abbreviations', 'M. '.repeat(10_000)],
  ])('keeps exact, bounded pieces on adversarial input: %s', (_name, text) => {
    const spans = splitSentences(text);
    let last = 0;
    for (const s of spans) {
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(s.end - s.start).toBeLessThanOrEqual(1000);
      expect(s.start).toBeGreaterThanOrEqual(last);
      last = s.end;
    }
  });
});

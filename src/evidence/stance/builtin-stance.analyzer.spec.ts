import { analyzeStance } from './builtin-stance.analyzer';

const CLAIM_FR = 'Les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak';
const en = (claim: string, title: string, text: string) => analyzeStance({ claim, language: 'en', title, text });
const fr = (claim: string, title: string, text: string) => analyzeStance({ claim, language: 'fr', title, text });

describe('built-in stance analyzer', () => {
  it('reads a denial as refuting, quoting the cue as the source writes it', () => {
    const r = fr(
      CLAIM_FR,
      'Le CENTCOM dément',
      "Le porte-parole du CENTCOM a démenti les communiqués sur le retrait de soldats américains d'Irak.",
    );
    expect(r.stance).toBe('refutes');
    expect(r.rationale).toContain('"a démenti"');
    expect(r.relevance).toBeGreaterThanOrEqual(0.3);
  });

  it('reads a report of the same facts and figure as supporting', () => {
    const r = fr(
      CLAIM_FR,
      'Irak : retrait américain',
      'Selon un député irakien, les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak.',
    );
    expect(r.stance).toBe('supports');
    expect(r.rationale).toContain('"15 bases"');
  });

  it('reads a different figure for the same thing as refuting', () => {
    const r = fr(
      CLAIM_FR,
      'Retrait',
      'Les États-Unis ont lancé le retrait de leurs forces de 3 bases militaires en Irak.',
    );
    expect(r.stance).toBe('refutes');
    expect(r.rationale).toContain('the source gives "3 bases" where the claim says "15 bases"');
  });

  it('reads numbers written in words and currencies written another way', () => {
    expect(
      en(
        'The company cut 10,000 jobs last year',
        'Report',
        'Ten thousand positions were eliminated at the firm over the past year.',
      ),
    ).toMatchObject({ stance: 'supports' });
    expect(
      en(
        'The government spent $3m on the advertising campaign',
        'Costs',
        'The advertising campaign cost the government 3 million dollars.',
      ).stance,
    ).toBe('supports');
    const r = en(
      'The government spent $3m on the advertising campaign',
      'Costs',
      'Budget documents show the advertising campaign cost the government thirty million dollars.',
    );
    expect(r.stance).toBe('refutes');
    expect(r.rationale).toContain('"thirty million dollars" where the claim says "$3m"');
  });

  it('compares "more than / below / at least" as ranges', () => {
    expect(
      en('Unemployment fell below 5 percent in March', 'Jobs', 'The jobless rate stood at 4.6% in March.').stance,
    ).toBe('supports');
    expect(
      en('Unemployment fell below 5 percent in March', 'Jobs', 'The jobless rate reached 5.4% in March.').stance,
    ).toBe('refutes');
    expect(
      fr('Plus de 300 personnes ont été évacuées', 'Incendie', 'Une centaine de personnes ont été évacuées.').stance,
    ).toBe('refutes');
  });

  it('judges a figure with a tolerance that depends on its unit', () => {
    expect(
      en('The new metro line is 35 km long', 'Metro', 'The new metro line stretches 35.2 kilometres.').stance,
    ).toBe('supports');
    expect(en('The bridge was opened in 1995', 'Bridge', 'The bridge was inaugurated in 1994.').stance).toBe('refutes');
    expect(
      fr('Le chômage a atteint 7 % au dernier trimestre', 'Chômage', 'Le chômage a atteint 7,4 % au dernier trimestre.')
        .stance,
    ).toBe('refutes');
  });

  it('does not take a word after a second figure for the noun of the first ("4 to 2 on Sunday")', () => {
    // A score: the first count is bare, not a count of Sundays, so it compares with the claim's bare count.
    const cup = 'Leeds defeated Everton 4 to 2 at Goodison Park';
    expect(en(cup, 'Leeds through', 'Leeds defeated Everton 4 to 2 on Sunday afternoon.')).toMatchObject({
      stance: 'supports',
      rationale: expect.stringContaining('"4" for the claim\'s "4"'),
    });
    expect(en(cup, 'Leeds through', 'Leeds defeated Everton 3 to 2 on Sunday afternoon.')).toMatchObject({
      stance: 'refutes',
      rationale: expect.stringContaining('the source gives "3" where the claim says "4"'),
    });
    const final = 'Toulouse a battu Nice 2 à 1 en finale de la coupe';
    expect(fr(final, 'Toulouse qualifié', 'Toulouse a battu Nice 2 à 1 dimanche soir.').stance).toBe('supports');
    expect(fr(final, 'Toulouse qualifié', 'Toulouse a battu Nice 3 à 1 dimanche soir.').stance).toBe('refutes');
  });

  it('reads reported-speech denials and antonymous predicates', () => {
    expect(
      en(
        'The stadium project has been cancelled',
        'Stadium',
        "The mayor's office dismissed reports that the stadium project had been scrapped as baseless.",
      ).stance,
    ).toBe('refutes');
    const r = en(
      'Senator Blake voted against the climate bill',
      'Vote',
      'Senator Blake was among the lawmakers who backed the climate bill on Tuesday.',
    );
    expect(r.stance).toBe('refutes');
    expect(r.rationale).toContain('where the claim says "voted against", the source says the opposite ("backed")');
    expect(
      en(
        'The president fired the head of the central bank',
        'Bank',
        'The president dismissed the head of the central bank on Monday.',
      ).stance,
    ).toBe('supports');
  });

  it('reads a hedged report as neutral', () => {
    const r = en(
      'The United States withdrew its troops from 15 bases in Iraq',
      'Iraq',
      'The United States could withdraw its troops from 15 bases in Iraq, officials said, but nothing is decided.',
    );
    expect(r.stance).toBe('neutral');
    expect(r.rationale).toContain('"could"');
  });

  it('scores a source in the other language with the claim carried across, and says so', () => {
    const input = {
      claim: CLAIM_FR,
      language: 'fr',
      title: 'Pentagon denies US troops are leaving Iraq',
      text: 'A CENTCOM spokesman denied reports that American troops had begun withdrawing from bases in Iraq.',
    };
    expect(analyzeStance({ ...input, sourceLanguage: 'en' })).toMatchObject({
      stance: 'refutes',
      crossLanguage: true,
      rationale: expect.stringContaining('"denied"'),
    });
    const report = analyzeStance({
      ...input,
      sourceLanguage: 'en',
      title: 'US begins pulling troops from 15 bases in Iraq',
      text: 'The United States has begun withdrawing its forces from 15 military bases in Iraq, an Iraqi lawmaker said.',
    });
    expect(report).toMatchObject({ stance: 'supports', crossLanguage: true, sourceLanguage: 'en' });
    expect(report.rationale).toContain('The source is in English');
  });

  it('drops an unrelated text to low relevance', () => {
    const r = en(
      'The United States withdrew its troops from 15 bases in Iraq',
      'Recipe',
      'Bake the bread at 200 degrees for 40 minutes.',
    );
    expect(r.stance).toBe('neutral');
    expect(r.relevance).toBeLessThan(0.25);
  });

  it('follows a fact-check rating', () => {
    const r = analyzeStance({
      claim: 'Unemployment fell by 2 points in 2024',
      language: 'en',
      title: 'Did unemployment fall by 2 points in 2024?',
      text: 'Unemployment fell by 2 points in 2024',
      rating: 'False',
    });
    expect(r).toMatchObject({ stance: 'refutes' });
    expect(r.rationale).toContain('"False"');
  });
});

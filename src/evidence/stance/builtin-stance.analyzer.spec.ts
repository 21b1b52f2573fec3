import { analyzeStance } from './builtin-stance.analyzer';

const CLAIM_FR = 'Les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak';

describe('built-in stance analyzer', () => {
  it('reads a denial as refuting, quoting the cue', () => {
    const r = analyzeStance({ claim: CLAIM_FR, language: 'fr', title: 'Le CENTCOM dément', text: "Le porte-parole du CENTCOM a démenti les communiqués sur le retrait de soldats américains d'Irak." });
    expect(r.stance).toBe('refutes');
    expect(r.rationale).toMatch(/dementi|dement/);
    expect(r.relevance).toBeGreaterThanOrEqual(0.3);
  });

  it('reads a report of the same facts and figure as supporting', () => {
    const r = analyzeStance({ claim: CLAIM_FR, language: 'fr', title: 'Irak : retrait américain', text: 'Selon un député irakien, les États-Unis ont lancé le retrait de leurs forces de 15 bases militaires en Irak.' });
    expect(r.stance).toBe('supports');
    expect(r.rationale).toContain('15 bases');
  });

  it('reads a different figure for the same thing as refuting', () => {
    const r = analyzeStance({ claim: CLAIM_FR, language: 'fr', title: 'Retrait', text: 'Les États-Unis ont lancé le retrait de leurs forces de 3 bases militaires en Irak.' });
    expect(r.stance).toBe('refutes');
    expect(r.rationale).toContain('3 bases');
  });

  it('reads a hedged report as neutral', () => {
    const r = analyzeStance({ claim: 'The United States withdrew its troops from 15 bases in Iraq', language: 'en', title: 'Iraq', text: 'The United States could withdraw its troops from 15 bases in Iraq, officials said, but nothing is decided.' });
    expect(r.stance).toBe('neutral');
    expect(r.rationale).toContain('"could"');
  });

  it("reads the source's own cue words when its language differs from the claim's", () => {
    const input = { claim: CLAIM_FR, language: 'fr', title: 'Pentagon denies US troops are leaving Iraq', text: 'A CENTCOM spokesman denied reports that American troops had begun withdrawing from bases in Iraq.' };
    expect(analyzeStance({ ...input, sourceLanguage: 'en' })).toMatchObject({ stance: 'refutes', rationale: expect.stringContaining('"denied"') });
  });

  it('drops an unrelated text to low relevance', () => {
    const r = analyzeStance({ claim: 'The United States withdrew its troops from 15 bases in Iraq', language: 'en', title: 'Recipe', text: 'Bake the bread at 200 degrees for 40 minutes.' });
    expect(r.stance).toBe('neutral');
    expect(r.relevance).toBeLessThan(0.25);
  });

  it('follows a fact-check rating', () => {
    const r = analyzeStance({ claim: 'Unemployment fell by 2 points in 2024', language: 'en', title: 'Did unemployment fall by 2 points in 2024?', text: 'Unemployment fell by 2 points in 2024', rating: 'False' });
    expect(r).toMatchObject({ stance: 'refutes' });
    expect(r.rationale).toContain('"False"');
  });
});

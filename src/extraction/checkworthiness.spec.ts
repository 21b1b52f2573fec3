import { scoreCheckWorthiness } from './checkworthiness';

const names = (s: string) => scoreCheckWorthiness(s).features.map((f) => f.name);

describe('scoreCheckWorthiness', () => {
  it('scores quantified, attributed statements high and explains why', () => {
    const r = scoreCheckWorthiness(
      "Selon l'Insee, le taux de chômage est passé de 7,1 % à 7,4 % au troisième trimestre.",
    );
    expect(r.score).toBeGreaterThan(0.8);
    expect(names("Selon l'Insee, le taux de chômage est passé de 7,1 % à 7,4 % au troisième trimestre.")).toEqual(
      expect.arrayContaining(['number', 'quantity', 'attribution', 'statistic']),
    );
    expect(
      scoreCheckWorthiness('Unemployment fell to 3.7 percent in November, the Labor Department said.').score,
    ).toBeGreaterThan(0.8);
  });

  it('scores opinions, questions and predictions low', () => {
    for (const s of [
      'Je pense que ce gouvernement ne comprend rien.',
      'What will happen to the workers now?',
      'Les négociations pourraient aboutir dans les prochains jours.',
      'We should probably rethink the way we consume.',
    ]) {
      expect(scoreCheckWorthiness(s).score).toBeLessThan(0.3);
    }
    expect(names('Pourquoi le ministre refuse-t-il de répondre ?')).toContain('question');
  });

  it('stays within [0, 1] on odd input', () => {
    for (const s of ['', '😀', '1 '.repeat(3000), 'A'.repeat(5000)]) {
      const { score } = scoreCheckWorthiness(s);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});

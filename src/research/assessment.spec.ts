import { assess } from './assessment';

let n = 0;
const ev = (
  stance: 'supports' | 'refutes' | 'neutral',
  stanceScore = 0.9,
  relevance = 0.9,
  publisher: string | null = `Outlet ${++n}`,
) => ({ stance, stanceScore, relevance, publisher, url: `https://site${n}.example/a` });

describe('assessment', () => {
  it('is not_enough_evidence without weighty evidence', () => {
    expect(assess([]).label).toBe('not_enough_evidence');
    expect(assess([ev('neutral'), ev('supports', 0.3, 0.3)])).toMatchObject({
      label: 'not_enough_evidence',
      counts: { supports: 1, refutes: 0, neutral: 1, total: 2 },
    });
  });

  it('is supported or refuted when one side dominates', () => {
    expect(assess([ev('supports'), ev('neutral')]).label).toBe('supported');
    expect(assess([ev('refutes'), ev('refutes'), ev('supports', 0.5, 0.5)]).label).toBe('refuted');
  });

  it('keeps the label of a single source but with a low confidence, and says so', () => {
    const one = assess([ev('refutes', 0.95, 1)]);
    expect(one).toMatchObject({ label: 'refuted', sources: { supports: 0, refutes: 1 } });
    expect(one.confidence).toBeLessThanOrEqual(0.55);
    expect(one.rationale).toContain('a single source');
  });

  it('grows confidence with the number of independent sources that agree', () => {
    const one = assess([ev('supports')]).confidence;
    const two = assess([ev('supports'), ev('supports')]).confidence;
    const three = assess([ev('supports'), ev('supports'), ev('supports')]).confidence;
    expect(one).toBeLessThan(two);
    expect(two).toBeLessThan(three);
    expect(three).toBeGreaterThan(0.75);
  });

  it('counts one publisher (or one web site) once', () => {
    const same = assess([ev('supports', 0.9, 0.9, 'Agence'), ev('supports', 0.9, 0.9, 'Agence')]);
    expect(same.sources.supports).toBe(1);
    expect(same.confidence).toBeLessThanOrEqual(0.55);
    const site = assess([
      { stance: 'supports', stanceScore: 0.9, relevance: 0.9, url: 'https://www.news.example/1' },
      { stance: 'supports', stanceScore: 0.9, relevance: 0.9, url: 'https://news.example/2' },
    ]);
    expect(site.sources.supports).toBe(1);
  });

  it('is conflicting when supporting and refuting sources weigh comparably', () => {
    const a = assess([ev('supports'), ev('refutes', 0.7, 0.7)]);
    expect(a.label).toBe('conflicting');
    expect(a.confidence).toBeGreaterThan(0.5);
    expect(a.rationale).toContain('1 independent source(s) support and 1 refute');
    // One strong refutation against a faint support is not a conflict.
    expect(assess([ev('refutes', 0.95, 1), ev('supports', 0.45, 0.6)]).label).toBe('refuted');
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CROWD_PER_LANGUAGE, evaluateMatching } from './matching.eval';

const SET = join(__dirname, '../../test/fixtures/eval/matching.jsonl');

/**
 * Intake matching's quality on the project's pairs (issue 18): a faster matching must not find
 * fewer duplicates. The floors are the scores measured before any speed change (docs/benchmarks.md).
 */
describe('matching evaluation (real PostgreSQL pg_trgm)', () => {
  it('keeps recall at the duplicate threshold at or above the level measured before the speed work', async () => {
    const { result } = await evaluateMatching(SET);
    expect(result.n).toBe(168);
    expect(result.atDuplicateThreshold.recall).toBeGreaterThanOrEqual(0.7639);
    expect(result.atSimilarThreshold.recall).toBeGreaterThanOrEqual(0.9);
    expect(result.atDuplicateThreshold.precision).toBeGreaterThanOrEqual(0.8333);
  });

  it('keeps finding the duplicates in an organization crowded with claims on the same subjects', async () => {
    // Token keys alone with 50 claims per key scored 0.58–0.68 and 0.64–0.70 here (docs/benchmarks.md,
    // session 14): the latest claims a common word brought no longer held the older duplicate.
    const { result } = await evaluateMatching(SET, undefined, { crowdPerLanguage: CROWD_PER_LANGUAGE });
    expect(result.n).toBe(168);
    expect(result.probeKeysAboveCap).toBeGreaterThan(0.4);
    expect(result.atDuplicateThreshold.recall).toBeGreaterThanOrEqual(0.75);
    expect(result.atSimilarThreshold.recall).toBeGreaterThanOrEqual(0.85);
    expect(result.atDuplicateThreshold.precision).toBeGreaterThanOrEqual(0.8);
  });

  it('scores a set with wrong labels lower (the check can fail)', async () => {
    const lines = readFileSync(SET, 'utf8').trim().split('\n');
    const wrong = lines.map((l) => {
      const row = JSON.parse(l) as { label: string; kind: string };
      return JSON.stringify(row.kind === 'word_order' ? { ...row, label: 'distinct' } : row);
    });
    const file = join(mkdtempSync(join(tmpdir(), 'matching-')), 'wrong.jsonl');
    writeFileSync(file, wrong.join('\n') + '\n');
    const { result } = await evaluateMatching(file);
    expect(result.atDuplicateThreshold.recall).toBeLessThan(0.7639);
  });
});

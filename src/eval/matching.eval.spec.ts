import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateMatching } from './matching.eval';

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

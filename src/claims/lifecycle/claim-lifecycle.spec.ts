import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLAIM_STATUSES } from '../claim-status';
import {
  allowedFrom,
  allowedFromSql,
  CLAIM_ACTIONS,
  CLAIM_TRANSITIONS,
  nextStatus,
  statusAfterSql,
} from './claim-lifecycle';

const SRC = join(__dirname, '..', '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory()
      ? files(join(dir, f))
      : f.endsWith('.ts') && !f.endsWith('.spec.ts')
        ? [join(dir, f)]
        : [],
  );
const sources = files(SRC).map((f) => ({ f: f.slice(SRC.length + 1), text: readFileSync(f, 'utf8') }));

describe('claim lifecycle table', () => {
  it('names every claim status, and every status but the intake ones is reached by a transition', () => {
    const named = new Set(CLAIM_TRANSITIONS.flatMap((r) => [...r.from, r.to]));
    for (const s of CLAIM_STATUSES) expect({ status: s, named: named.has(s) }).toEqual({ status: s, named: true });
    const reached = new Set(
      CLAIM_STATUSES.flatMap((from) => CLAIM_ACTIONS.map((a) => nextStatus(a, from))).concat(
        CLAIM_ACTIONS.map((a) => nextStatus(a, null)),
      ),
    );
    for (const s of CLAIM_STATUSES)
      expect({ status: s, reached: reached.has(s) }).toEqual({ status: s, reached: true });
  });

  it('names only known statuses', () => {
    const known = new Set<string>([...CLAIM_STATUSES, '*', '=']);
    for (const r of CLAIM_TRANSITIONS)
      for (const s of [...r.from, r.to]) if (s !== null) expect(known.has(s)).toBe(true);
  });

  it('has every action the code records: no history action outside the table', () => {
    const used = new Set<string>();
    for (const { f, text } of sources) {
      if (f.startsWith(join('claims', 'lifecycle'))) continue;
      for (const line of text
        .split('\n')
        .filter((l) => /lifecycle\.(transition|assertAllowed)\(|\ballows\(|Sql\('/.test(l))) {
        for (const m of line.matchAll(/'([a-z]+(?:_[a-z]+)+)'/g))
          if (!(CLAIM_STATUSES as readonly string[]).includes(m[1])) used.add(m[1]);
      }
    }
    // The task statement builds `<kind>_claimed` in SQL: both kinds must be in the table.
    used.add('check_claimed').add('review_claimed');
    expect([...used].filter((a) => !(CLAIM_ACTIONS as string[]).includes(a))).toEqual([]);
  });

  it('is the only writer of claim statuses: UPDATE claims appears only in ClaimsRepository and in statements that take their status from the table', () => {
    const writers = sources
      .filter(({ text }) => /UPDATE claims/.test(text))
      .map(({ f, text }) => ({
        f,
        fromTable:
          f === join('claims', 'claims.repository.ts') ||
          [...text.matchAll(/UPDATE claims c SET status = \$\{([A-Z_]+)\}/g)].length ===
            [...text.matchAll(/UPDATE claims/g)].length,
      }));
    expect(writers.filter((w) => !w.fromTable)).toEqual([]);
  });

  it('derives the SQL fragments from the table', () => {
    expect(statusAfterSql('check_claimed', 's')).toBe(
      `CASE WHEN s = ANY('{ready_for_check,retracted}'::text[]) THEN 'in_check' ELSE s END`,
    );
    expect(statusAfterSql('review_claimed', 's')).toBe('s');
    expect(allowedFromSql('check_claimed', 's')).toBe('true');
    expect(allowedFromSql('verdict_drafted', 's')).toBe(
      `s = ANY('{${allowedFrom('verdict_drafted').join(',')}}'::text[])`,
    );
    expect(allowedFrom('verdict_drafted')).not.toContain('published');
  });

  it('answers the workflow of the spec', () => {
    expect(nextStatus('research_started', 'received')).toBe('researching');
    expect(nextStatus('check_claimed', 'ready_for_check')).toBe('in_check');
    expect(nextStatus('check_claimed', 'researching')).toBe('researching');
    expect(nextStatus('verdict_published', 'in_review')).toBe('published');
    expect(nextStatus('verdict_retracted', 'published')).toBe('retracted');
    expect(nextStatus('check_claimed', 'retracted')).toBe('in_check');
    expect(nextStatus('dismissed', 'published')).toBeNull();
    expect(nextStatus('dismissed', 'dismissed')).toBeNull();
    expect(nextStatus('duplicate_unlinked', 'received')).toBeNull();
    expect(nextStatus('received', null)).toBe('received');
  });
});

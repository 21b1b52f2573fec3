import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { contentTokens, matchKeys } from '../src/claims/matching/similarity';

/**
 * Intake matching's keys gain a key per pair of neighbouring sorted tokens (`matchKeys`;
 * docs/intake.md, "Claim matching at intake"): existing claims get theirs here, 1,000 at a time, so
 * that they are found by them as claims written from now on are. The keys a claim already has are
 * kept (ON CONFLICT DO NOTHING on the primary key), so running it twice adds nothing.
 *
 * Down: the index goes back to one key per content token, as ClaimMatchKeys1796418621047 wrote it.
 */
export class ClaimMatchPairKeys1796600000000 implements MigrationInterface {
  name = 'ClaimMatchPairKeys1796600000000';

  public async up(q: QueryRunner): Promise<void> {
    await rewrite(q, matchKeys);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM claim_match_keys`);
    await rewrite(q, (organizationId, matchText, language) => [
      ...new Set(
        [...contentTokens(matchText, language)].map((t) =>
          createHash('sha256').update(`${organizationId}\u0000${t}`).digest().readBigInt64BE(0).toString(),
        ),
      ),
    ]);
  }
}

/** Writes every claim's keys (as `keysOf` gives them) into claim_match_keys, 1,000 claims at a time. */
async function rewrite(
  q: QueryRunner,
  keysOf: (organizationId: string, matchText: string, language: string) => string[],
): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: { id: string; organization_id: string; match_text: string; language: string; created_at: Date }[] =
      await q.query(
        `SELECT id, organization_id, match_text, language, created_at FROM claims WHERE id > $1 ORDER BY id LIMIT 1000`,
        [after],
      );
    if (!rows.length) return;
    const keyRows = rows.flatMap((r) => keysOf(r.organization_id, r.match_text, r.language).map((k) => [k, r])) as [
      string,
      (typeof rows)[number],
    ][];
    await q.query(
      `INSERT INTO claim_match_keys (key, created_at, claim_id, organization_id)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::uuid[])
       ON CONFLICT DO NOTHING`,
      [
        keyRows.map(([k]) => k),
        keyRows.map(([, r]) => r.created_at),
        keyRows.map(([, r]) => r.id),
        keyRows.map(([, r]) => r.organization_id),
      ],
    );
    after = rows[rows.length - 1].id;
  }
}

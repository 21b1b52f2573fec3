import { MigrationInterface, QueryRunner } from 'typeorm';
import { matchKeys } from '../src/claims/matching/similarity';

/**
 * Intake matching finds candidates by content token instead of by trigram (docs/intake.md, "Claim
 * matching at intake"): `claim_match_keys` holds one row per content token of a claim (its
 * organization-salted hash, `matchKeys(organization, match_text, language)`), keyed
 * (key, created_at, claim_id) so the latest claims with a token are one bounded index scan away.
 * No foreign key (a check per key row cost intake 7 statements per claim): an organization's
 * deletion removes its keys (OrganizationsRepository.delete).
 * The trigram index on (organization_id, match_text), which every search read through the whole
 * organization's posting lists, is dropped; `similarity()` still ranks the few candidates found.
 *
 * Existing claims are backfilled here, 1,000 at a time, with the stemmer of src/claims/matching: if
 * `contentTokens` ever changes, a new migration must recompute the keys the same way.
 */
export class ClaimMatchKeys1796418621047 implements MigrationInterface {
  name = 'ClaimMatchKeys1796418621047';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."claims_match_text_trgm"`);
    await queryRunner.query(
      `CREATE TABLE "claim_match_keys" ("key" bigint NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "claim_id" uuid NOT NULL, "organization_id" uuid NOT NULL, CONSTRAINT "PK_8c7bb13bbc1e1e2106edfc22214" PRIMARY KEY ("key", "created_at", "claim_id"))`,
    );
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; organization_id: string; match_text: string; language: string; created_at: Date }[] =
        await queryRunner.query(
          `SELECT id, organization_id, match_text, language, created_at FROM claims WHERE id > $1 ORDER BY id LIMIT 1000`,
          [after],
        );
      if (!rows.length) break;
      const keyRows = rows.flatMap((r) =>
        matchKeys(r.organization_id, r.match_text, r.language).map((k) => [k, r]),
      ) as [string, (typeof rows)[number]][];
      await queryRunner.query(
        `INSERT INTO claim_match_keys (key, created_at, claim_id, organization_id)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::uuid[])`,
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

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "claim_match_keys"`);
    await queryRunner.query(
      `CREATE INDEX "claims_match_text_trgm" ON "claims" USING gin ("organization_id", "match_text" gin_trgm_ops) WITH (fastupdate = off)`,
    );
  }
}

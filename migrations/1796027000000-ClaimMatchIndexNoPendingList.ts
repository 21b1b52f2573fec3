import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake matching searches the trigram index on every intake (docs/benchmarks.md, "intake"):
 *
 * - No GIN pending list: with `fastupdate` on, new entries wait in an unsorted list that every
 *   search reads whole (up to `gin_pending_list_limit`, 4 MB). 1,213 pending entries doubled the
 *   search time in a 5,000-claim organization (17 → 8 ms once flushed). Inserts pay the index
 *   update at once instead.
 * - The planner is told what `%` costs. pg_trgm declares `similarity_op` as cheap as `=` (COST 1),
 *   so where an organization holds much of the table PostgreSQL filtered its rows with `%` (a
 *   sequential or organization-btree scan, 90-150 ms over 4,000 claims) instead of using this index
 *   (8 ms). Measured per row: ~20-35 µs, i.e. about 200 times an ordinary operator. The function
 *   belongs to the extension, which our migrations created; where a DBA created it under another
 *   owner the change is skipped with a notice (MatchingRepository also disables sequential scans
 *   for the search).
 */
export class ClaimMatchIndexNoPendingList1796027000000 implements MigrationInterface {
  name = 'ClaimMatchIndexNoPendingList1796027000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "claims_match_text_trgm" SET (fastupdate = off)`);
    await queryRunner.query(`SELECT gin_clean_pending_list('claims_match_text_trgm'::regclass)`);
    await queryRunner.query(`DO $$ BEGIN
      ALTER FUNCTION similarity_op(text, text) COST 200;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'similarity_op is not ours to change: intake matching keeps the planner''s default cost';
    END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DO $$ BEGIN
      ALTER FUNCTION similarity_op(text, text) COST 1;
    EXCEPTION WHEN insufficient_privilege THEN NULL;
    END $$`);
    await queryRunner.query(`ALTER INDEX "claims_match_text_trgm" RESET (fastupdate)`);
  }
}

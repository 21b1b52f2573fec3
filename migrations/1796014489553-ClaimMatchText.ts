import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claim matching at intake: `match_text` (the accent-folded text without stop words) and a GIN
 * index on (organization_id, match_text gin_trgm_ops) for the pg_trgm `%` operator: btree_gin
 * puts the tenant inside the trigram index, so a search never walks other organizations' claims
 * nor all of its own. The index is written by hand (TypeORM cannot express
 * an operator class; the entity declares it with synchronize: false). Existing rows are backfilled
 * with their normalised text; new claims get the stop-word-free form from the service.
 */
export class ClaimMatchText1796014489553 implements MigrationInterface {
  name = 'ClaimMatchText1796014489553';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "claims" ADD "match_text" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`UPDATE "claims" SET "match_text" = "normalized_text"`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(
      `CREATE INDEX "claims_match_text_trgm" ON "claims" USING gin ("organization_id", "match_text" gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."claims_match_text_trgm"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "match_text"`);
  }
}

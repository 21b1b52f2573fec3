import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the two foreign keys to claims that had none usable on their own column: deleting an
 * organization cascades to its claims, then to their tasks and verdicts by `claim_id`, and without
 * these indexes each claim's cascade scanned the whole table (deleting a benchmark organization of
 * 10,000 claims had not finished after 5 minutes). Also serves reading a claim's tasks, done ones
 * included.
 */
export class ClaimForeignKeyIndexes1796028241842 implements MigrationInterface {
  name = 'ClaimForeignKeyIndexes1796028241842';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "tasks_claim" ON "tasks"  ("claim_id") `);
    await queryRunner.query(`CREATE INDEX "verdicts_claim" ON "verdicts"  ("claim_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."verdicts_claim"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_claim"`);
  }
}

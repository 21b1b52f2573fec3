import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request answered in steps (POST /v1/claims/batch commits item by item) keeps its idempotency
 * row while it runs: `lease_token` names the request that owns it, `leased_at` is refreshed at every
 * step, so a retry can tell a live request (409) from an abandoned one (taken over and resumed).
 */
export class IdempotencyStepLease1796029000000 implements MigrationInterface {
  name = 'IdempotencyStepLease1796029000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" ADD "lease_token" uuid, ADD "leased_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "leased_at", DROP COLUMN "lease_token"`);
  }
}

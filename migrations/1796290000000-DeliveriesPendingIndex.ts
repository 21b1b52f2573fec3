import { MigrationInterface, QueryRunner } from 'typeorm';

/** The delivery reconciler reads the pending deliveries every WEBHOOK_RECONCILE_SECONDS: only those, by age. */
export class DeliveriesPendingIndex1796290000000 implements MigrationInterface {
  name = 'DeliveriesPendingIndex1796290000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "webhook_deliveries_pending" ON "webhook_deliveries" ("created_at") WHERE status = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_pending"`);
  }
}

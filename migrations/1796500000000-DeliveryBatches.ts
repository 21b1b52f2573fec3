import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries of one subscription fanned out together share one delivery job (docs/webhooks.md,
 * "Deliveries by the batch"). `batch_job` names that job, written with the delivery by the fan-out,
 * so the reconciler can tell a delivery waiting in its batch from one that has no job at all.
 * Null for deliveries sent by a job of their own (pings, redeliveries, recovered ones, and every
 * delivery created before this migration).
 */
export class DeliveryBatches1796500000000 implements MigrationInterface {
  name = 'DeliveryBatches1796500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_deliveries" ADD "batch_job" text`);
    await q.query(
      `CREATE INDEX "webhook_deliveries_batch" ON "webhook_deliveries" ("batch_job") WHERE batch_job IS NOT NULL AND status = 'pending'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "webhook_deliveries_batch"`);
    await q.query(`ALTER TABLE "webhook_deliveries" DROP COLUMN "batch_job"`);
  }
}

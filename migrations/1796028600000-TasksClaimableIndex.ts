import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claim order of `POST /v1/tasks/next` (priority first, then age), over open and claimed tasks
 * only: the claim statement walks it and stops at the first row it can lock, where it sorted every
 * open task of the organization at each call (10,000 open tasks: ~8 ms of PostgreSQL per claim,
 * docs/benchmarks.md). Written by hand: TypeORM cannot declare a descending column (the entity
 * declares it with synchronize: false).
 */
export class TasksClaimableIndex1796028600000 implements MigrationInterface {
  name = 'TasksClaimableIndex1796028600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "tasks_claimable" ON "tasks" ("organization_id", "priority" DESC, "created_at", "id") WHERE status IN ('open', 'claimed')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tasks_claimable"`);
  }
}

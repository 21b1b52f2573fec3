import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflow1796016323079 implements MigrationInterface {
  name = 'Workflow1796016323079';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "verdicts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "claim_id" uuid NOT NULL, "status" text NOT NULL, "version" integer, "rating" text NOT NULL, "title" text, "summary" text NOT NULL, "evidence_ids" uuid array NOT NULL DEFAULT '{}', "sources" text array NOT NULL DEFAULT '{}', "author_key_id" uuid, "reviewer_key_id" uuid, "review_note" text, "previous_version_id" uuid, "reason" text, "claim_review" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "superseded_at" TIMESTAMP WITH TIME ZONE, "retracted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2c4a14769fb5ae0dac9cafbb941" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2de6a84e392be73edb00117b4c" ON "verdicts"  ("organization_id", "claim_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "verdicts_one_published_per_claim" ON "verdicts"  ("claim_id") WHERE status = 'published'`,
    );
    await queryRunner.query(`ALTER TABLE "organizations" ADD "public_url_template" text`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "rating_labels" jsonb`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "verdict_id" uuid`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "note" text`);
    // Published, superseded, retracted and rejected verdicts never change content (hand-written: TypeORM does not model triggers).
    await queryRunner.query(`CREATE FUNCTION verdicts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' AND (NEW.rating IS DISTINCT FROM OLD.rating OR NEW.summary IS DISTINCT FROM OLD.summary OR NEW.title IS DISTINCT FROM OLD.title
            OR NEW.evidence_ids IS DISTINCT FROM OLD.evidence_ids OR NEW.sources IS DISTINCT FROM OLD.sources OR NEW.claim_review IS DISTINCT FROM OLD.claim_review
            OR NEW.version IS DISTINCT FROM OLD.version OR NEW.published_at IS DISTINCT FROM OLD.published_at OR NEW.author_key_id IS DISTINCT FROM OLD.author_key_id
            OR NEW.claim_id IS DISTINCT FROM OLD.claim_id OR NEW.organization_id IS DISTINCT FROM OLD.organization_id) THEN
          RAISE EXCEPTION 'verdict % is %: its content cannot change', OLD.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        IF OLD.status IN ('superseded', 'retracted', 'rejected') AND NEW.status IS DISTINCT FROM OLD.status THEN
          RAISE EXCEPTION 'verdict % is % for good', OLD.id, OLD.status USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER verdicts_immutable BEFORE UPDATE ON "verdicts" FOR EACH ROW EXECUTE FUNCTION verdicts_immutable()`,
    );
    await queryRunner.query(
      `ALTER TABLE "verdicts" ADD CONSTRAINT "FK_3a5f2aa3bd8837ca015d80066c9" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER verdicts_immutable ON "verdicts"`);
    await queryRunner.query(`DROP FUNCTION verdicts_immutable()`);
    await queryRunner.query(`ALTER TABLE "verdicts" DROP CONSTRAINT "FK_3a5f2aa3bd8837ca015d80066c9"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "note"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "verdict_id"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "rating_labels"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "public_url_template"`);
    await queryRunner.query(`DROP INDEX "public"."verdicts_one_published_per_claim"`);
    await queryRunner.query(`DROP TABLE "verdicts"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class Portal1796300000000 implements MigrationInterface {
  name = 'Portal1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "portal_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "newsroom_id" uuid NOT NULL, "label" text NOT NULL, "read_only" boolean NOT NULL DEFAULT false, "language" text NOT NULL DEFAULT 'en', "token_hash" text NOT NULL, "issued_by" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1bb82b3e588a5030649b3dc95b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c42795b3f642c141a360de94d0" ON "portal_links"  ("token_hash") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_a1c2aa5643742dd44ae273bb05" ON "portal_links"  ("organization_id", "created_at") `,
    );
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD "headers" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "webhook_attempts" ADD "request_headers" jsonb`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD "portal_link_id" uuid`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_c3942eab830cae599a763e11557"`);
    await queryRunner.query(`ALTER TABLE "sessions" ALTER COLUMN "person_id" DROP NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_455a379b66cf0e655566a3f19a" ON "sessions"  ("portal_link_id") `);
    await queryRunner.query(
      `ALTER TABLE "portal_links" ADD CONSTRAINT "FK_cabbae2e976b0b2ed3108eb91ba" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "portal_links" ADD CONSTRAINT "FK_491c857101e684ee40c85fe604f" FOREIGN KEY ("newsroom_id") REFERENCES "newsrooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_c3942eab830cae599a763e11557" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_455a379b66cf0e655566a3f19a4" FOREIGN KEY ("portal_link_id") REFERENCES "portal_links"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_455a379b66cf0e655566a3f19a4"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_c3942eab830cae599a763e11557"`);
    await queryRunner.query(`ALTER TABLE "portal_links" DROP CONSTRAINT "FK_491c857101e684ee40c85fe604f"`);
    await queryRunner.query(`ALTER TABLE "portal_links" DROP CONSTRAINT "FK_cabbae2e976b0b2ed3108eb91ba"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_455a379b66cf0e655566a3f19a"`);
    await queryRunner.query(`ALTER TABLE "sessions" ALTER COLUMN "person_id" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_c3942eab830cae599a763e11557" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "portal_link_id"`);
    await queryRunner.query(`ALTER TABLE "webhook_attempts" DROP COLUMN "request_headers"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "headers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a1c2aa5643742dd44ae273bb05"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c42795b3f642c141a360de94d0"`);
    await queryRunner.query(`DROP TABLE "portal_links"`);
  }
}

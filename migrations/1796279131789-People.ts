import { MigrationInterface, QueryRunner } from 'typeorm';

export class People1796279131789 implements MigrationInterface {
  name = 'People1796279131789';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "people" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "newsroom_id" uuid, "email" text NOT NULL, "display_name" text NOT NULL, "role" text NOT NULL, "language" text NOT NULL DEFAULT 'en', "password_hash" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "deactivated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_aa866e71353ee94c6cc51059c5b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c77e8752faa45901af2b245dff" ON "people"  ("email") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_0949d32312f3e33d116fbc8270" ON "people"  ("organization_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "person_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "purpose" text NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2094c0c28210abc7f08900369c8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a618db41072003f714bc49a0ec" ON "person_tokens"  ("person_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7c35ed86f3ba0e79de58c2d906" ON "person_tokens"  ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id_hash" text NOT NULL, "person_id" uuid NOT NULL, "csrf_token" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5dda86a77da1e1e37e690a45996" PRIMARY KEY ("id_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c3942eab830cae599a763e1155" ON "sessions"  ("person_id") `);
    await queryRunner.query(
      `CREATE TABLE "working_drafts" ("person_id" uuid NOT NULL, "claim_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "content" jsonb NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a8396cfdd0ee83530e5cbfa725f" PRIMARY KEY ("person_id", "claim_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "people" ADD CONSTRAINT "FK_cf52f7332103f758b27bd99c5ef" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "people" ADD CONSTRAINT "FK_8be18ac6f7f2dc33f60ffe536c6" FOREIGN KEY ("newsroom_id") REFERENCES "newsrooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "person_tokens" ADD CONSTRAINT "FK_a618db41072003f714bc49a0ec6" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_c3942eab830cae599a763e11557" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "working_drafts" ADD CONSTRAINT "FK_ac2e39ea3c30d0ca32fb5b9bd2b" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "working_drafts" ADD CONSTRAINT "FK_2d14672e7e5614781a75192ed4b" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "working_drafts" DROP CONSTRAINT "FK_2d14672e7e5614781a75192ed4b"`);
    await queryRunner.query(`ALTER TABLE "working_drafts" DROP CONSTRAINT "FK_ac2e39ea3c30d0ca32fb5b9bd2b"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_c3942eab830cae599a763e11557"`);
    await queryRunner.query(`ALTER TABLE "person_tokens" DROP CONSTRAINT "FK_a618db41072003f714bc49a0ec6"`);
    await queryRunner.query(`ALTER TABLE "people" DROP CONSTRAINT "FK_8be18ac6f7f2dc33f60ffe536c6"`);
    await queryRunner.query(`ALTER TABLE "people" DROP CONSTRAINT "FK_cf52f7332103f758b27bd99c5ef"`);
    await queryRunner.query(`DROP TABLE "working_drafts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c3942eab830cae599a763e1155"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7c35ed86f3ba0e79de58c2d906"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a618db41072003f714bc49a0ec"`);
    await queryRunner.query(`DROP TABLE "person_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0949d32312f3e33d116fbc8270"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c77e8752faa45901af2b245dff"`);
    await queryRunner.query(`DROP TABLE "people"`);
  }
}

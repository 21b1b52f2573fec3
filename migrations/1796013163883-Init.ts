import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1796013163883 implements MigrationInterface {
  name = 'Init1796013163883';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "url" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "newsrooms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" text NOT NULL, "url" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5b2fac414f83fb522f6c0472f64" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_7d85d7c240375a430a5ae02b46" ON "newsrooms"  ("organization_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "newsroom_id" uuid, "name" text NOT NULL, "role" text NOT NULL, "languages" text array NOT NULL DEFAULT '{}', "prefix" text NOT NULL, "key_hash" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_57384430aa1959f4578046c9b8" ON "api_keys"  ("key_hash") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_323a31abf1de12c7bb2d74412c" ON "api_keys"  ("organization_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "claims" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "newsroom_id" uuid, "submitted_by_key_id" uuid, "text" text NOT NULL, "normalized_text" text NOT NULL, "language" text NOT NULL, "language_detected" boolean NOT NULL DEFAULT false, "source_url" text, "appearances" text array NOT NULL DEFAULT '{}', "speaker_name" text, "speaker_role" text, "claim_date" date, "context" text, "priority" text NOT NULL DEFAULT 'normal', "tags" text array NOT NULL DEFAULT '{}', "external_id" text, "status" text NOT NULL DEFAULT 'received', "duplicate_of_id" uuid, "assessment" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_96c91970c0dcb2f69fdccd0a698" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_002b043f18c663cc79c1e96d61" ON "claims"  ("organization_id", "external_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9d9a0654d1181c539ae930b6ef" ON "claims"  ("organization_id", "newsroom_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_39960dbeb3fc01e3856f98dd58" ON "claims"  ("organization_id", "status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_32c860179cc7acf33d373bfc32" ON "claims"  ("organization_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "claim_history" ("id" BIGSERIAL NOT NULL, "organization_id" uuid NOT NULL, "claim_id" uuid NOT NULL, "action" text NOT NULL, "from_status" text, "to_status" text, "actor_key_id" uuid, "reason" text, "details" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_50f82303e3d8df641fc1ab82bfa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7e97268376515b4d81e47e4c7c" ON "claim_history"  ("claim_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("api_key_id" uuid NOT NULL, "key" text NOT NULL, "organization_id" uuid NOT NULL, "request_hash" text NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_913ded668c974d019eb0196e639" PRIMARY KEY ("api_key_id", "key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "type" text NOT NULL, "claim_id" uuid, "data" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9913d9c65d6f5e50ad3393a2aa" ON "outbox_events"  ("organization_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_events_unpublished" ON "outbox_events"  ("created_at") WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "newsrooms" ADD CONSTRAINT "FK_60c6b0ede948f6aaff27092b911" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a283bdef18876e525aefaec042f" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_ccfeb230241cdb243921e1006ce" FOREIGN KEY ("newsroom_id") REFERENCES "newsrooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "FK_731bc807c4f198cf120d094d6fc" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "FK_298e4e6146957c6e62dba896c96" FOREIGN KEY ("newsroom_id") REFERENCES "newsrooms"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claim_history" ADD CONSTRAINT "FK_32bcbf28fad994478cc02ccbefa" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "claim_history" DROP CONSTRAINT "FK_32bcbf28fad994478cc02ccbefa"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "FK_298e4e6146957c6e62dba896c96"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "FK_731bc807c4f198cf120d094d6fc"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_ccfeb230241cdb243921e1006ce"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a283bdef18876e525aefaec042f"`);
    await queryRunner.query(`ALTER TABLE "newsrooms" DROP CONSTRAINT "FK_60c6b0ede948f6aaff27092b911"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_events_unpublished"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9913d9c65d6f5e50ad3393a2aa"`);
    await queryRunner.query(`DROP TABLE "outbox_events"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7e97268376515b4d81e47e4c7c"`);
    await queryRunner.query(`DROP TABLE "claim_history"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_32c860179cc7acf33d373bfc32"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_39960dbeb3fc01e3856f98dd58"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9d9a0654d1181c539ae930b6ef"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_002b043f18c663cc79c1e96d61"`);
    await queryRunner.query(`DROP TABLE "claims"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_323a31abf1de12c7bb2d74412c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_57384430aa1959f4578046c9b8"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7d85d7c240375a430a5ae02b46"`);
    await queryRunner.query(`DROP TABLE "newsrooms"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
  }
}

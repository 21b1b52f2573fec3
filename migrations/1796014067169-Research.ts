import { MigrationInterface, QueryRunner } from 'typeorm';

export class Research1796014067169 implements MigrationInterface {
  name = 'Research1796014067169';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "claim_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "priority" integer NOT NULL DEFAULT '1', "language" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "assignee_key_id" uuid, "lease_token" uuid, "lease_expires_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_pool" ON "tasks"  ("organization_id", "status", "priority", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "tasks_one_active_per_claim_kind" ON "tasks"  ("claim_id", "kind") WHERE status IN ('open', 'claimed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "claim_id" uuid NOT NULL, "provider" text NOT NULL, "url" text NOT NULL, "title" text NOT NULL, "snippet" text NOT NULL, "publisher" text, "published_at" TIMESTAMP WITH TIME ZONE, "language" text, "stance" text NOT NULL, "stance_score" real NOT NULL, "relevance" real NOT NULL, "rationale" text NOT NULL, "analyzer" text NOT NULL DEFAULT 'builtin', "research_run_id" uuid, "retrieved_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6670cefc3d9b722a27ff679bb7" ON "evidence"  ("organization_id", "claim_id", "relevance") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_dc1b5013dd1582c1a17d5a6466" ON "evidence"  ("claim_id", "url") `);
    await queryRunner.query(
      `CREATE TABLE "research_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "claim_id" uuid NOT NULL, "job_id" text NOT NULL, "trigger" text NOT NULL, "status" text NOT NULL DEFAULT 'running', "attempts" integer NOT NULL DEFAULT '1', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "providers" jsonb NOT NULL DEFAULT '[]', "assessment" jsonb, CONSTRAINT "PK_fe1c64218f44412d387b77e6fde" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_db447b5907cc93ad47508d3fe9" ON "research_runs"  ("claim_id", "started_at") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e8867b17ac83682f44babd08f1" ON "research_runs"  ("job_id") `);
    await queryRunner.query(
      `CREATE TABLE "archive_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "url" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "language" text NOT NULL, "publisher" text, "published_at" TIMESTAMP WITH TIME ZONE, "search" tsvector NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3689123cbb6a7c705373dcf75dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_4819286c6cc37b2445d1b8fc6b" ON "archive_documents"  ("organization_id", "url") `,
    );
    await queryRunner.query(
      `CREATE TABLE "fact_checks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "url" text NOT NULL, "claim_reviewed" text NOT NULL, "rating" text NOT NULL, "rating_value" real, "best_rating" real, "worst_rating" real, "title" text, "publisher" text, "date_published" TIMESTAMP WITH TIME ZONE, "language" text NOT NULL, "origin" text NOT NULL DEFAULT 'import', "search" tsvector NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ed37ea7c2b4eb84dd4bada99a4e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_fc91b3cb5a9561b7363761878d" ON "fact_checks"  ("organization_id", "url") `,
    );
    // Full-text indexes (declared with synchronize: false on the entities): search vectors per document language.
    await queryRunner.query(`CREATE INDEX "archive_documents_search" ON "archive_documents" USING gin ("search")`);
    await queryRunner.query(`CREATE INDEX "fact_checks_search" ON "fact_checks" USING gin ("search")`);
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "FK_6204e99654faf7d96313f276094" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "FK_f3159733eca165f3abf9bec5dd7" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "research_runs" ADD CONSTRAINT "FK_2be03fe7cc7c18627f877443a4a" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "archive_documents" ADD CONSTRAINT "FK_f17f96692dc5cb5e0889e5ebd38" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fact_checks" ADD CONSTRAINT "FK_b4a264e6fa5aaf65b5b775b39a5" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fact_checks" DROP CONSTRAINT "FK_b4a264e6fa5aaf65b5b775b39a5"`);
    await queryRunner.query(`ALTER TABLE "archive_documents" DROP CONSTRAINT "FK_f17f96692dc5cb5e0889e5ebd38"`);
    await queryRunner.query(`ALTER TABLE "research_runs" DROP CONSTRAINT "FK_2be03fe7cc7c18627f877443a4a"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "FK_f3159733eca165f3abf9bec5dd7"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_6204e99654faf7d96313f276094"`);
    await queryRunner.query(`DROP INDEX "public"."fact_checks_search"`);
    await queryRunner.query(`DROP INDEX "public"."archive_documents_search"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fc91b3cb5a9561b7363761878d"`);
    await queryRunner.query(`DROP TABLE "fact_checks"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4819286c6cc37b2445d1b8fc6b"`);
    await queryRunner.query(`DROP TABLE "archive_documents"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e8867b17ac83682f44babd08f1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_db447b5907cc93ad47508d3fe9"`);
    await queryRunner.query(`DROP TABLE "research_runs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dc1b5013dd1582c1a17d5a6466"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6670cefc3d9b722a27ff679bb7"`);
    await queryRunner.query(`DROP TABLE "evidence"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_one_active_per_claim_kind"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_pool"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
  }
}

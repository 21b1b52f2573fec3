import { MigrationInterface, QueryRunner } from 'typeorm';

export class SingleSignOn1796308298315 implements MigrationInterface {
  name = 'SingleSignOn1796308298315';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sso_configs" ("organization_id" uuid NOT NULL, "issuer" text NOT NULL, "client_id" text NOT NULL, "client_secret_encrypted" text, "join_role" text NOT NULL DEFAULT 'checker', "password_sign_in" boolean NOT NULL DEFAULT true, "enabled" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a7f38a17677bca235457451559" PRIMARY KEY ("organization_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sso_domains" ("domain" text NOT NULL, "organization_id" uuid NOT NULL, CONSTRAINT "PK_586adb1f29cd99ed778c30fb1fd" PRIMARY KEY ("domain"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1926a64c7aa574c4d06660efab" ON "sso_domains"  ("organization_id") `);
    await queryRunner.query(
      `CREATE TABLE "sso_sign_ins" ("state_hash" text NOT NULL, "organization_id" uuid NOT NULL, "browser_hash" text NOT NULL, "nonce" text NOT NULL, "code_verifier" text NOT NULL, "next" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7a6699c2799b5994b58fadae1ca" PRIMARY KEY ("state_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_275e6a1625985fa3659ab41b75" ON "sso_sign_ins"  ("expires_at") `);
    await queryRunner.query(
      `ALTER TABLE "sso_configs" ADD CONSTRAINT "FK_6a7f38a17677bca235457451559" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sso_domains" ADD CONSTRAINT "FK_1926a64c7aa574c4d06660efab7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sso_sign_ins" ADD CONSTRAINT "FK_7d33cd9fbb4db4917eb20b2b7dd" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sso_sign_ins" DROP CONSTRAINT "FK_7d33cd9fbb4db4917eb20b2b7dd"`);
    await queryRunner.query(`ALTER TABLE "sso_domains" DROP CONSTRAINT "FK_1926a64c7aa574c4d06660efab7"`);
    await queryRunner.query(`ALTER TABLE "sso_configs" DROP CONSTRAINT "FK_6a7f38a17677bca235457451559"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_275e6a1625985fa3659ab41b75"`);
    await queryRunner.query(`DROP TABLE "sso_sign_ins"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1926a64c7aa574c4d06660efab"`);
    await queryRunner.query(`DROP TABLE "sso_domains"`);
    await queryRunner.query(`DROP TABLE "sso_configs"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16: the built-in analyzer's stance when the model backend scored a row and disagrees. */
export class EvidenceBuiltinStance1796030000000 implements MigrationInterface {
  name = 'EvidenceBuiltinStance1796030000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" ADD "builtin_stance" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "builtin_stance"`);
  }
}

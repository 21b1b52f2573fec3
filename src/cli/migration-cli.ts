import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startLocalStack } from '../local/local-stack';
import { createDataSource } from '../schema/data-source';

/**
 * npm run migration:generate -- Name   writes migrations/<timestamp>-Name.ts from the entity diff
 * npm run migration:run | revert       applies all pending / undoes the last
 * npm run migration:check              applies pending migrations, then fails if entities still differ
 * Uses DATABASE_URL, or the embedded PostgreSQL of `npm start` when it is unset.
 */
async function main() {
  const [cmd, name] = process.argv.slice(2);
  const stack = await startLocalStack(process.env, { redis: false });
  const url = process.env.DATABASE_URL || stack.databaseUrl!;
  const ds = createDataSource(url, 2);
  let code = 0;
  try {
    await ds.initialize();
    if (cmd === 'run') {
      const done = await ds.runMigrations({ transaction: 'each' });
      console.log(done.length ? `Applied: ${done.map((m) => m.name).join(', ')}` : 'No pending migrations.');
    } else if (cmd === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration.');
    } else if (cmd === 'check' || cmd === 'generate') {
      await ds.runMigrations({ transaction: 'each' });
      const sql = await ds.driver.createSchemaBuilder().log();
      if (cmd === 'check') {
        if (sql.upQueries.length) {
          console.error(
            'Entities and migrations differ. Missing SQL:\n' + sql.upQueries.map((q) => `  ${q.query};`).join('\n'),
          );
          console.error('Run: npm run migration:generate -- <Name>');
          code = 1;
        } else console.log('Migrations match the entities.');
      } else {
        if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name))
          throw new Error('Usage: npm run migration:generate -- <PascalCaseName>');
        if (!sql.upQueries.length) {
          console.log('No changes: the entities match the database.');
        } else {
          const ts = Date.now();
          const cls = `${name}${ts}`;
          const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
          const up = sql.upQueries.map(
            (x) =>
              `    await queryRunner.query(${q(x.query)}${x.parameters?.length ? `, ${JSON.stringify(x.parameters)}` : ''});`,
          );
          const down = sql.downQueries
            .reverse()
            .map(
              (x) =>
                `    await queryRunner.query(${q(x.query)}${x.parameters?.length ? `, ${JSON.stringify(x.parameters)}` : ''});`,
            );
          const file = join(resolve(__dirname, '..', '..', '..'), 'migrations', `${ts}-${name}.ts`);
          writeFileSync(
            file,
            `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${cls} implements MigrationInterface {\n  name = '${cls}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up.join('\n')}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down.join('\n')}\n  }\n}\n`,
          );
          console.log(`Wrote ${file}`);
        }
      }
    } else {
      throw new Error('Usage: migration-cli generate <Name> | run | revert | check');
    }
  } finally {
    await ds.destroy().catch(() => undefined);
    await stack.stop();
  }
  process.exit(code);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import type { Pool, QueryResultRow } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a named prepared statement: PostgreSQL parses and plans it once per pooled connection and
 * reuses the plan afterwards. For the statements run once per claim, task or webhook delivery,
 * where planning cost more than executing (the webhook fan-out: 0.9 ms of planning for 0.55 ms of
 * execution, docs/benchmarks.md). Given an EntityManager inside a transaction, it runs on that
 * transaction's connection. Rows come back as `pg` gives them (like TypeORM's raw `query`).
 */
let named = true;

/**
 * DATABASE_PREPARED_STATEMENTS=false (set once at boot): the same statements, unnamed. For a
 * transaction-mode pooler (PgBouncer before 1.21) a named statement would be prepared on one
 * server connection and executed on another.
 */
export function usePreparedStatements(on: boolean): void {
  named = on;
}

export async function prepared<T extends QueryResultRow>(
  on: DataSource | EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = 'queryRunner' in on ? on.queryRunner : undefined;
  if (runner && !runner.isReleased) {
    const client = (await runner.connect()) as { query: Pool['query'] };
    return (await client.query<T>(named ? { name, text, values } : { text, values })).rows;
  }
  const ds = 'driver' in on ? on : on.connection;
  const pool = (ds.driver as unknown as { master: Pool }).master;
  return (await pool.query<T>(named ? { name, text, values } : { text, values })).rows;
}

import type { DataSource } from 'typeorm';
import { createRedis } from '../../src/platform/redis/redis-client';
import { round } from './harness';

/** PostgreSQL settings of a benchmark's embedded server that let `serverCounters` count statements. */
export const STATEMENT_STATS = ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'];

/**
 * Counts the PostgreSQL statements (pg_stat_statements, nested ones such as foreign-key checks
 * included) and the Redis commands (INFO commandstats, commands run inside Lua scripts included;
 * `evalsha` counts the scripts) of everything during a round, per operation, and the statements'
 * execution time (`total_exec_time`: planning excluded; nested statements counted in their parent
 * too, so the per-statement times overlap). The servers must be
 * the benchmark's alone: both are reset before the round.
 */
export async function serverCounters(ds: DataSource, redisUrl: string) {
  const statementStats = await ds
    .query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`)
    .then(() => true)
    .catch(() => false);
  const redis = createRedis({ redisUrl, redisCluster: false });
  return {
    async counted<T>(run: () => Promise<T>, operations: (r: T) => number) {
      if (statementStats) await ds.query(`SELECT pg_stat_statements_reset()`);
      await redis.config('RESETSTAT');
      const result = await run();
      const commands = String(await redis.info('commandstats'))
        .split('\n')
        .map((l) => /^cmdstat_([a-z|]+):calls=(\d+)/.exec(l))
        .filter((m): m is RegExpExecArray => !!m && m[1] !== 'info' && m[1] !== 'config|resetstat')
        .map((m) => ({ command: m[1], calls: Number(m[2]) }))
        .sort((a, b) => b.calls - a.calls);
      const statements: { calls: string; ms: number; query: string }[] = statementStats
        ? await ds.query(
            `SELECT s.calls::text AS calls, s.total_exec_time AS ms, left(regexp_replace(s.query, '[[:space:]]+', ' ', 'g'), 140) AS query
               FROM pg_stat_statements s WHERE s.query NOT ILIKE '%pg_stat_statements%' ORDER BY s.calls DESC`,
          )
        : [];
      const n = operations(result);
      const per = (x: number) => round(x / n, 2);
      return {
        ...result,
        pgStatementsPerOperation: statementStats ? per(statements.reduce((a, s) => a + Number(s.calls), 0)) : null,
        redisCommandsPerOperation: per(commands.reduce((a, c) => a + c.calls, 0)),
        pgExecMsPerOperation: statementStats ? per(statements.reduce((a, s) => a + Number(s.ms), 0)) : null,
        topStatements: statements.slice(0, 12).map((s) => ({
          perOperation: per(Number(s.calls)),
          execMsPerOperation: round(Number(s.ms) / n, 3),
          query: s.query,
        })),
        topRedisCommands: commands.slice(0, 12).map((c) => ({ command: c.command, perOperation: per(c.calls) })),
      };
    },
    close: () => redis.disconnect(),
  };
}

import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { Pool as HttpPool } from 'undici';
import { ApiKeysRepository } from '../src/auth/api-keys.repository';
import { createDataSource } from '../src/schema/data-source';
import { startLocalStack } from '../src/local/local-stack';
import { freePort } from '../src/local/processes';
import { OrganizationsRepository } from '../src/organizations/organizations.repository';
import { flags, median, round, writeResult } from './lib/harness';
import { serverCounters, STATEMENT_STATS } from './lib/server-counters';
import { alternateRounds, medianCpuMs, peakRssOf, startNode, stop } from './lib/processes';

/**
 * tasks: 100 concurrent checkers claiming (`POST /v1/tasks/next`) and completing (`POST
 * /v1/tasks/:id/complete` with a verdict draft) from a pool of open check tasks, on our API (its own
 * process), against the bare baseline: the same claim SQL (FOR UPDATE SKIP LOCKED) and a finishing
 * UPDATE, in one transaction, over `pg` with the same pool size. Alternating rounds, fresh tasks each.
 * Reports tasks/s and double assignments (must be zero).
 * `--lean` (a diagnostic) puts bench/lib/lean-api-server.ts in place of our API: our task service and
 * SQL called from plain Fastify, the ceiling of a lighter request path; writes tasks-lean.json.
 * npm run bench -- tasks [--quick] [--tasks=N] [--checkers=N] [--rounds=N] [--lean] [--cpu-prof=DIR (profile of our API process)]
 */
const CLAIM_SQL = `WITH pick AS (
    SELECT t.id FROM tasks t
     WHERE t.organization_id = $1 AND t.status IN ('open', 'claimed') AND (t.status = 'open' OR t.lease_expires_at <= now()) AND t.kind = 'check'
     ORDER BY t.priority DESC, t.created_at ASC, t.id ASC LIMIT 1 FOR UPDATE SKIP LOCKED)
  UPDATE tasks t SET status = 'claimed', assignee_key_id = $2, lease_token = gen_random_uuid(), lease_expires_at = now() + interval '30 minutes'
    FROM pick WHERE t.id = pick.id RETURNING t.id`;

async function main() {
  const f = flags(process.argv.slice(2));
  const total = Number(f.get('tasks') ?? (f.quick ? 1000 : 10_000));
  const checkers = Number(f.get('checkers') ?? 100);
  const rounds = Number(f.get('rounds') ?? 2);
  const stack = await startLocalStack(process.env, {
    redis: true,
    postgresSettings: STATEMENT_STATS,
    freshDatabase: 'bench_tasks',
  });
  const databaseUrl = process.env.DATABASE_URL ?? stack.databaseUrl!;
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const counters = await serverCounters(ds, process.env.REDIS_URL ?? stack.redisUrl!);
  const keys = new ApiKeysRepository(ds);
  const orgs: string[] = [];
  const newOrgWithTasks = async () => {
    const { organization } = await new OrganizationsRepository(ds, keys).createWithAdmin(
      `bench tasks ${randomBytes(3).toString('hex')}`,
    );
    orgs.push(organization.id);
    const { key, secret } = await keys.create(organization.id, {
      name: 'bench checker',
      role: 'checker',
      newsroomId: null,
      languages: ['fr', 'en'],
    });
    await ds.query(
      `WITH c AS (INSERT INTO claims (organization_id, text, normalized_text, language, status)
                  SELECT $1, 'Bench task claim ' || g, 'bench task claim ' || g, 'en', 'ready_for_check' FROM generate_series(1, $2) g RETURNING id)
       INSERT INTO tasks (organization_id, claim_id, kind, status, priority, language) SELECT $1, id, 'check', 'open', 1, 'en' FROM c`,
      [organization.id, total],
    );
    return { org: organization.id, keyId: key.id, secret };
  };
  const ours = await startNode(
    f.lean ? 'bench/lib/lean-api-server.js' : 'src/main.js',
    {
      ROLE: 'api',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? stack.redisUrl!,
      QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '0',
    },
    (p) => `http://127.0.0.1:${p}/health/live`,
    f.get('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${f.get('cpu-prof')}`] : [],
  );
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const base = `http://127.0.0.1:${ours.port}`;

  const runOurs = async () => {
    const { org, secret } = await newOrgWithTasks();
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const got: string[] = [];
    let errors = 0;
    // The checkers' client: an undici pool, a connection per checker (as lean as autocannon in
    // `intake`; the global fetch cost this process 0.86 ms of CPU per task, docs/benchmarks.md).
    const http = new HttpPool(base, { connections: checkers, pipelining: 1 });
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: checkers }, async () => {
        for (;;) {
          const r = await http.request({ path: '/v1/tasks/next', method: 'POST', headers, body: '{}' });
          if (r.statusCode === 204) {
            await r.body.dump();
            return;
          }
          if (r.statusCode !== 200) {
            errors++;
            await r.body.dump();
            continue;
          }
          const task = (await r.body.json()) as { id: string; leaseToken: string };
          got.push(task.id);
          const done = await http.request({
            path: `/v1/tasks/${task.id}/complete`,
            method: 'POST',
            headers,
            body: JSON.stringify({ leaseToken: task.leaseToken, rating: 'false', summary: 'Benchmark verdict.' }),
          });
          if (done.statusCode !== 200) errors++;
          await done.body.dump();
        }
      }),
    );
    await http.close();
    const seconds = (performance.now() - t0) / 1000;
    const [{ undone }] = await ds.query(
      `SELECT count(*)::int AS undone FROM tasks WHERE organization_id = $1 AND kind = 'check' AND status <> 'done'`,
      [org],
    );
    return {
      perSecond: got.length / seconds,
      handedOut: got.length,
      doubleAssignments: got.length - new Set(got).size,
      errors,
      undone,
    };
  };

  const runBare = async () => {
    const { org, keyId } = await newOrgWithTasks();
    const got: string[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: checkers }, async () => {
        for (;;) {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            const { rows } = await c.query(CLAIM_SQL, [org, keyId]);
            if (!rows.length) {
              await c.query('COMMIT');
              return;
            }
            await c.query(`UPDATE tasks SET status = 'done', completed_at = now() WHERE id = $1`, [rows[0].id]);
            await c.query('COMMIT');
            got.push(rows[0].id);
          } finally {
            c.release();
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
      perSecond: got.length / seconds,
      handedOut: got.length,
      doubleAssignments: got.length - new Set(got).size,
    };
  };

  try {
    // CPU per task: our API (service), this process (the 100 checkers' HTTP client; for bare the whole loop), PostgreSQL, Redis.
    const { ours: o, bare: b } = await alternateRounds(
      rounds,
      { pid: ours.child.pid, run: () => counters.counted(runOurs, (x) => x.handedOut), operations: (x) => x.handedOut },
      { run: () => counters.counted(runBare, (x) => x.handedOut), operations: (x) => x.handedOut },
    );
    writeResult(f.lean ? 'tasks-lean' : 'tasks', {
      ...(f.lean
        ? { oursProcess: 'bench/lib/lean-api-server.ts (a diagnostic: our services without the HTTP framework)' }
        : {}),
      tasks: total,
      checkers,
      rounds,
      rateLimiting: 'disabled (RATE_LIMIT_PER_MINUTE=0)',
      ours: {
        tasksPerSecondMedian: round(median(o.map((x) => x.perSecond))),
        cpuMsPerTask: medianCpuMs(o),
        pgStatementsPerTask: median(o.map((x) => x.pgStatementsPerOperation ?? NaN)),
        redisCommandsPerTask: median(o.map((x) => x.redisCommandsPerOperation)),
        rounds: o.map((x) => ({ ...x, perSecond: round(x.perSecond) })),
      },
      bare: {
        tasksPerSecondMedian: round(median(b.map((x) => x.perSecond))),
        cpuMsPerTask: medianCpuMs(b),
        pgStatementsPerTask: median(b.map((x) => x.pgStatementsPerOperation ?? NaN)),
        redisCommandsPerTask: median(b.map((x) => x.redisCommandsPerOperation)),
        rounds: b.map((x) => ({ ...x, perSecond: round(x.perSecond) })),
      },
      ratio: round(median(o.map((x) => x.perSecond)) / median(b.map((x) => x.perSecond)), 3),
      doubleAssignments: [...o, ...b].reduce((s, x) => s + x.doubleAssignments, 0),
      peakRssMb: { oursApi: peakRssOf(ours.child.pid) },
      goals: { ratioAtLeast: 0.5, doubleAssignments: 0 },
    });
  } finally {
    await stop(ours.child);
    await pool.end();
    for (const org of orgs) {
      await ds.query(`DELETE FROM outbox_events WHERE organization_id = $1`, [org]).catch(() => undefined);
      await ds.query(`DELETE FROM organizations WHERE id = $1`, [org]).catch(() => undefined);
    }
    counters.close();
    await ds.destroy();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

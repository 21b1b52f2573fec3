import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { Pool as HttpPool } from 'undici';
import { ApiKeysRepository } from '../src/auth/api-keys.repository';
import { createDataSource } from '../src/schema/data-source';
import { startLocalStack } from '../src/local/local-stack';
import { freePort } from '../src/local/processes';
import { OrganizationsRepository } from '../src/organizations/organizations.repository';
import { CLAIM_SQL, DONE_SQL } from './lib/bare-tasks';
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
 * `--bare-http` puts bench/lib/bare-tasks-server.ts in place of the bare loop: the same SQL served
 * over HTTP to the same checkers' client, as intake's baseline is; writes tasks-bare-http.json.
 * npm run bench -- tasks [--quick] [--tasks=N] [--checkers=N] [--rounds=N] [--lean] [--bare-http] [--cpu-prof=DIR (profile of our API process)]
 */

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
  const bareServer = f.bareHttp
    ? await startNode('bench/lib/bare-tasks-server.js', { PORT: '0', DATABASE_URL: databaseUrl })
    : undefined;
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });

  /** The checkers on an HTTP server: ours (a key's secret) or the bare one (`<org>:<key>`). */
  const runHttp = async (port: number, token: (o: { org: string; keyId: string; secret: string }) => string) => {
    const made = await newOrgWithTasks();
    const { org } = made;
    const headers = { authorization: `Bearer ${token(made)}`, 'content-type': 'application/json' };
    const got: string[] = [];
    let errors = 0;
    // The checkers' client: an undici pool, a connection per checker (as lean as autocannon in
    // `intake`; the global fetch cost this process 0.86 ms of CPU per task, docs/benchmarks.md).
    const http = new HttpPool(`http://127.0.0.1:${port}`, { connections: checkers, pipelining: 1 });
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
            await c.query(DONE_SQL, [rows[0].id]);
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
    // One side: its run counted by the server counters, per task handed out (pid: the process whose CPU is its own).
    const side = <R extends { handedOut: number }>(run: () => Promise<R>, pid?: number) => ({
      pid,
      run: () => counters.counted(run, (x) => x.handedOut),
      operations: (x: { handedOut: number }) => x.handedOut,
    });
    const { ours: o, bare: b } = await alternateRounds(
      rounds,
      side(() => runHttp(ours.port, (o) => o.secret), ours.child.pid),
      bareServer
        ? side(() => runHttp(bareServer.port, (o) => `${o.org}:${o.keyId}`), bareServer.child.pid)
        : side(runBare),
    );
    writeResult(f.lean ? 'tasks-lean' : f.bareHttp ? 'tasks-bare-http' : 'tasks', {
      ...(f.lean
        ? { oursProcess: 'bench/lib/lean-api-server.ts (a diagnostic: our services without the HTTP framework)' }
        : {}),
      ...(f.bareHttp
        ? { bareProcess: 'bench/lib/bare-tasks-server.ts (the bare SQL served over HTTP to the same client)' }
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
      peakRssMb: {
        oursApi: peakRssOf(ours.child.pid),
        ...(bareServer ? { bare: peakRssOf(bareServer.child.pid) } : {}),
      },
      goals: { ratioAtLeast: 0.5, doubleAssignments: 0 },
    });
  } finally {
    await stop(ours.child);
    await stop(bareServer?.child);
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

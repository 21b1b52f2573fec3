import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool as PgPool } from 'pg';
import { Pool } from 'undici';
import { ApiKeysRepository } from '../src/auth/api-keys.repository';
import { createDataSource } from '../src/schema/data-source';
import { startLocalStack } from '../src/local/local-stack';
import { freePort } from '../src/local/processes';
import { OrganizationsRepository } from '../src/organizations/organizations.repository';
import { webhookHeaders } from '../src/webhooks/signing';
import { flags, median, round, writeResult } from './lib/harness';
import { serverCounters, STATEMENT_STATS } from './lib/server-counters';
import { alternateRounds, medianCpuMs, peakRssOf, startNode, stop } from './lib/processes';

/**
 * webhooks: N `claim.dismissed` events (only the webhook fan-out reacts to this type; outbox rows written
 * straight to the table, as one burst) delivered
 * by our service (its own process, ROLE=all: relay, fan-out, signed delivery, attempt rows) to a local
 * receiver, against the bare baseline: undici with keep-alive signing and posting the same bodies with
 * the same concurrency, plus one attempt-row insert each. Deliveries/s and latency from event to receipt.
 * npm run bench -- webhooks [--quick] [--events=N] [--rounds=N] [--cpu-prof=DIR (profile of our process)]
 */
const CONCURRENCY = 32;

async function main() {
  const f = flags(process.argv.slice(2));
  const total = Number(f.get('events') ?? (f.quick ? 2000 : 20_000));
  const rounds = Number(f.get('rounds') ?? 2);
  // pg_stat_statements counts the statements each side runs per delivery (our embedded server only).
  const stack = await startLocalStack(process.env, {
    redis: true,
    postgresSettings: STATEMENT_STATS,
    freshDatabase: 'bench_webhooks',
  });
  const databaseUrl = process.env.DATABASE_URL ?? stack.databaseUrl!;
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const counters = await serverCounters(ds, process.env.REDIS_URL ?? stack.redisUrl!);
  await ds.query(
    `CREATE TABLE IF NOT EXISTS bench_bare_attempts (id bigserial PRIMARY KEY, event_id uuid NOT NULL, status_code int, latency_ms int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  const keys = new ApiKeysRepository(ds);
  const orgs: string[] = [];

  // The receiver: records the arrival time of each body's event.
  let received: { at: number; eventAt: number }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
      received.push({ at: Date.now(), eventAt: Date.parse(body.timestamp) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const ours = await startNode(
    'src/main.js',
    {
      ROLE: 'all',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? stack.redisUrl!,
      QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '0',
      ALLOW_PRIVATE_NETWORKS: 'true',
      OUTBOX_POLL_MS: '100',
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
      WEBHOOK_CONCURRENCY: String(CONCURRENCY),
      WEBHOOK_PER_SUBSCRIPTION_CONCURRENCY: String(CONCURRENCY),
      ARCHIVE_PROVIDER_ENABLED: 'false',
      FACTCHECKS_PROVIDER_ENABLED: 'false',
    },
    (p) => `http://127.0.0.1:${p}/health/live`,
    f.get('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${f.get('cpu-prof')}`] : [],
  );
  const base = `http://127.0.0.1:${ours.port}`;
  const pg = new PgPool({ connectionString: databaseUrl, max: 10 });

  const summary = (t0: number) => {
    const lat = received.map((r) => r.at - r.eventAt).sort((a, b) => a - b);
    const last = Math.max(...received.map((r) => r.at));
    return {
      delivered: received.length,
      perSecond: round(received.length / ((last - t0) / 1000)),
      p50Ms: lat[Math.floor(lat.length * 0.5)],
      p99Ms: lat[Math.floor(lat.length * 0.99)],
    };
  };
  const waitAll = async (limitMs: number) => {
    const deadline = Date.now() + limitMs;
    while (received.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };

  const runOurs = async () => {
    const { organization, secret } = await new OrganizationsRepository(ds, keys).createWithAdmin(
      `bench webhooks ${randomBytes(3).toString('hex')}`,
    );
    orgs.push(organization.id);
    const hook = await fetch(`${base}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: hookUrl, events: ['claim.dismissed'], scope: 'all' }),
    });
    if (hook.status !== 201) throw new Error(`webhook subscription: ${hook.status} ${await hook.text()}`);
    received = [];
    const t0 = Date.now();
    // claim.dismissed rows (only the webhook fan-out reacts to this type) for dismissed claims.
    await ds.query(
      `WITH c AS (INSERT INTO claims (organization_id, text, normalized_text, language, status)
                  SELECT $1, 'Bench webhook claim ' || g, 'bench webhook claim ' || g, 'en', 'dismissed' FROM generate_series(1, $2) g RETURNING id, text)
       INSERT INTO outbox_events (organization_id, type, claim_id, data) SELECT $1, 'claim.dismissed', id, jsonb_build_object('claim', jsonb_build_object('id', id, 'text', text)) FROM c`,
      [organization.id, total],
    );
    await waitAll(600_000);
    return summary(t0);
  };

  const runBare = async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const url = new URL(hookUrl);
    const http = new Pool(url.origin, { connections: CONCURRENCY, pipelining: 1 });
    received = [];
    const t0 = Date.now();
    const timestamp = new Date(t0).toISOString();
    const bodies = Array.from({ length: total }, (_, i) => ({
      id: randomUUID(),
      body: JSON.stringify({
        type: 'claim.dismissed',
        timestamp,
        data: { claim: { id: randomUUID(), text: `Bench webhook claim ${i + 1}` } },
      }),
    }));
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const b = bodies[next++];
          const started = performance.now();
          const headers = {
            'content-type': 'application/json',
            ...webhookHeaders([secret], b.id, Math.floor(Date.now() / 1000), b.body),
          };
          const res = await http.request({ path: url.pathname, method: 'POST', headers, body: b.body });
          await res.body.dump();
          await pg.query(`INSERT INTO bench_bare_attempts (event_id, status_code, latency_ms) VALUES ($1, $2, $3)`, [
            b.id,
            res.statusCode,
            Math.round(performance.now() - started),
          ]);
        }
      }),
    );
    await http.close();
    return summary(t0);
  };

  try {
    // CPU per delivery: our process (service), this process (the receiver; for bare also the sender), PostgreSQL, Redis.
    const { ours: o, bare: b } = await alternateRounds(
      rounds,
      { pid: ours.child.pid, run: () => counters.counted(runOurs, (x) => x.delivered), operations: (x) => x.delivered },
      { run: () => counters.counted(runBare, (x) => x.delivered), operations: (x) => x.delivered },
    );
    const med = (xs: ReturnType<typeof summary>[], k: 'perSecond' | 'p50Ms' | 'p99Ms') =>
      round(median(xs.map((x) => x[k])));
    writeResult('webhooks', {
      events: total,
      concurrency: CONCURRENCY,
      rounds,
      ours: {
        deliveriesPerSecond: med(o, 'perSecond'),
        p50Ms: med(o, 'p50Ms'),
        p99Ms: med(o, 'p99Ms'),
        cpuMsPerDelivery: medianCpuMs(o),
        pgStatementsPerDelivery: median(o.map((x) => x.pgStatementsPerOperation ?? NaN)),
        redisCommandsPerDelivery: median(o.map((x) => x.redisCommandsPerOperation)),
        rounds: o,
      },
      bare: {
        deliveriesPerSecond: med(b, 'perSecond'),
        p50Ms: med(b, 'p50Ms'),
        p99Ms: med(b, 'p99Ms'),
        cpuMsPerDelivery: medianCpuMs(b),
        pgStatementsPerDelivery: median(b.map((x) => x.pgStatementsPerOperation ?? NaN)),
        redisCommandsPerDelivery: median(b.map((x) => x.redisCommandsPerOperation)),
        rounds: b,
      },
      ratio: round(med(o, 'perSecond') / med(b, 'perSecond'), 3),
      latencyNote:
        'event to receipt, all events written as one burst: latency includes the backlog ahead of each event',
      peakRssMb: { oursApiAndWorker: peakRssOf(ours.child.pid) },
      goals: { ratioAtLeast: 0.5 },
    });
  } finally {
    await stop(ours.child);
    await pg.end();
    receiver.close();
    for (const org of orgs) {
      await ds.query(`DELETE FROM outbox_events WHERE organization_id = $1`, [org]).catch(() => undefined);
      await ds.query(`DELETE FROM organizations WHERE id = $1`, [org]).catch(() => undefined);
    }
    await ds.query(`DROP TABLE IF EXISTS bench_bare_attempts`);
    counters.close();
    await ds.destroy();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

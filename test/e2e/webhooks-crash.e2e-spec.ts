import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { newOrg } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';
import { buildDist } from '../helpers/processes';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

const ROOT = join(__dirname, '..', '..');
const EVENTS = 500;

/**
 * The worker runs as its own OS process (the production entry point, ROLE=worker) and is killed
 * with SIGKILL in the middle of delivering 500 events to 3 subscribers; a new worker process takes
 * over. Every (event, subscriber) pair must arrive at least once, verified, with exactly one
 * successful attempt logged per pair.
 */
describe('webhook delivery survives a worker killed mid-burst (e2e)', () => {
  let app: TestApp;
  const workers: ChildProcess[] = [];
  const receivers: WebhookReceiver[] = [];
  let workerEnv: NodeJS.ProcessEnv;

  const startWorker = () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: workerEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    child.on('exit', (code, signal) => {
      if (code && code !== 0) console.error(`worker exited ${code} ${signal ?? ''}: ${stderr}`);
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    buildDist();
    app = await startTestApp({ ROLE: 'api', ALLOW_PRIVATE_NETWORKS: 'true' });
    workerEnv = {
      ...process.env,
      ROLE: 'worker',
      QUEUE_PREFIX: app.queuePrefix,
      ALLOW_PRIVATE_NETWORKS: 'true',
      LOG_LEVEL: 'error',
      OUTBOX_POLL_MS: '100',
      WEBHOOK_RETRY_SCHEDULE: '0.5,1,1,1,1,1,1,1',
      WEBHOOK_TIMEOUT_MS: '5000',
      WEBHOOK_LOCK_MS: '3000',
      WEBHOOK_CONCURRENCY: '24',
      WEBHOOK_PER_SUBSCRIPTION_CONCURRENCY: '8',
    };
  }, 300_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    for (const r of receivers) await r.stop();
    await app?.close();
  });

  it('delivers every (event, subscriber) pair at least once, with exactly one successful attempt logged each', async () => {
    const org = await newOrg(app);
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++) {
      // Each answer takes a little while, so the burst lasts long enough to be interrupted.
      const r = await new WebhookReceiver(() => ({ status: 200, delayMs: 15 })).start();
      receivers.push(r);
      const res = await org.admin.post('/v1/webhooks', { url: r.url, events: ['claim.received'] });
      expect(res.status).toBe(201);
      secrets.push(res.body.secret);
    }
    const editor = await org.newKey('editor');
    for (let b = 0; b < EVENTS / 100; b++) {
      const res = await editor.api.post('/v1/claims/batch', {
        claims: Array.from({ length: 100 }, (_, i) => ({
          text: `Claim ${b * 100 + i}: the unemployment rate reached ${b}.${i}% in 2025`,
        })),
      });
      expect(res.body.accepted).toBe(100);
    }
    const eventIds: string[] = (
      await app.ds.query(`SELECT id FROM outbox_events WHERE organization_id = $1 AND type = 'claim.received'`, [
        org.organizationId,
      ])
    ).map((r: { id: string }) => r.id);
    expect(eventIds).toHaveLength(EVENTS);

    const total = () => receivers.reduce((n, r) => n + r.requests.length, 0);
    const first = startWorker();
    await waitFor('the burst to start', () => total() >= 150, 60_000);
    first.kill('SIGKILL');
    await new Promise<void>((resolve) =>
      first.exitCode !== null || first.signalCode !== null ? resolve() : first.once('exit', () => resolve()),
    );
    const atKill = total();
    expect(atKill).toBeLessThan(3 * EVENTS); // killed in the middle, not after

    startWorker();
    await waitFor(
      'every delivery to succeed after the restart',
      async () => {
        const [row] = await app.ds.query(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE organization_id = $1 AND status = 'succeeded'`,
          [org.organizationId],
        );
        return row.n === 3 * EVENTS;
      },
      150_000,
    );
    expect(total()).toBeGreaterThan(atKill);

    // Every pair arrived, signed with that subscriber's secret.
    const expected = [...eventIds].sort();
    receivers.forEach((r, i) => {
      const ids = new Set<string>();
      const wh = new Webhook(secrets[i]);
      for (const q of r.requests) {
        wh.verify(q.body, {
          'webhook-id': String(q.headers['webhook-id']),
          'webhook-timestamp': String(q.headers['webhook-timestamp']),
          'webhook-signature': String(q.headers['webhook-signature']),
        });
        ids.add(String(q.headers['webhook-id']));
      }
      expect([...ids].sort()).toEqual(expected);
    });

    // Exactly one successful attempt per (event, subscription).
    const rows: { n: number; successes: number }[] = await app.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE s <> 1)::int AS successes
         FROM (SELECT d.id, count(a.id) FILTER (WHERE a.success) AS s
                 FROM webhook_deliveries d LEFT JOIN webhook_attempts a ON a.delivery_id = d.id
                WHERE d.organization_id = $1 GROUP BY d.id) x`,
      [org.organizationId],
    );
    expect(rows[0]).toEqual({ n: 3 * EVENTS, successes: 0 });
  }, 300_000);
});

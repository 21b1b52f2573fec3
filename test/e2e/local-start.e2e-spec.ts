import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from '../../src/local/processes';
import { buildDist } from '../helpers/processes';

const ROOT = join(__dirname, '..', '..');
/**
 * `npm start` runs with SHUTDOWN_GRACE_SECONDS=5 here: with PostgreSQL and Redis gone, closing the
 * app gives up after 5 s and stopping the (already stopped) local servers is immediate; the bound
 * leaves 10 s of margin for a loaded machine.
 */
const GRACE_SECONDS = 5;
const EXIT_BOUND_MS = 15_000;

const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host, port, timeout: 2000 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });

const pidIn = (file: string) => Number(readFileSync(file, 'utf8').split('\n')[0].trim());

/**
 * `npm start` (dist/src/local/start.js) as a child process, from a copy of dist/ so that its .data/
 * (embedded PostgreSQL, local Redis, admin key) is a temporary directory and not the checkout's.
 */
describe('npm start (e2e)', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let out = '';
  let exited: Promise<number | string>;
  let port: number;

  beforeAll(async () => {
    buildDist();
    dir = mkdtempSync(join(process.env.TEST_TMP_DIR!, 'npm-start-'));
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    port = await freePort();
    child = spawn(process.execPath, [join(dir, 'dist', 'src', 'local', 'start.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    exited = new Promise((resolve) => child!.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    for (let i = 0; !out.includes('Corroborate is running'); i++) {
      if (child.exitCode !== null || i > 1200) throw new Error(`npm start did not come up:\n${out}`);
      await sleep(100);
    }
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const f of [
      join(dir, '.data', 'postgres', 'postmaster.pid'),
      join(dir, '.data', 'redis', 'redis-server.pid'),
    ]) {
      try {
        process.kill(pidIn(f), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on loopback only, and its banner says where the admin key and the dashboard token are without printing them', async () => {
    const key = readFileSync(join(dir, '.data', 'admin.key'), 'utf8').trim();
    expect(key).toMatch(/^cbk_/);
    expect(out).not.toContain(key);
    expect(out).toContain('.data/admin.key');
    expect(out).toContain(`curl -H "Authorization: Bearer $(cat .data/admin.key)" http://127.0.0.1:${port}/v1/me`);
    expect(out).toContain('loopback only');
    expect(out).toContain('ALLOW_PRIVATE_NETWORKS=true');
    const me = await fetch(`http://127.0.0.1:${port}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    // The operator's queue dashboard: its token is kept beside the key, never printed; the admin key does not open it.
    const token = readFileSync(join(dir, '.data', 'queue-dashboard.token'), 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(24);
    expect(out).not.toContain(token);
    expect(out).toContain(`http://127.0.0.1:${port}/admin/queues`);
    expect(out).toContain('.data/queue-dashboard.token');
    const board = (authorization: string) =>
      fetch(`http://127.0.0.1:${port}/admin/queues/api/queues`, { headers: { authorization } });
    expect((await board(`Bearer ${key}`)).status).toBe(401);
    expect((await board(`Basic ${Buffer.from(`operator:${token}`).toString('base64')}`)).status).toBe(200);
    // Not reachable on the machine's other addresses.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) expect(await accepts(external.address, port)).toBe(false);
  });

  it('exits within the bound on SIGTERM after PostgreSQL and Redis were stopped first', async () => {
    process.kill(pidIn(join(dir, '.data', 'redis', 'redis-server.pid')), 'SIGTERM');
    process.kill(pidIn(join(dir, '.data', 'postgres', 'postmaster.pid')), 'SIGINT');
    await sleep(3000); // the service notices: its connections fail and start retrying
    const started = Date.now();
    child!.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<string>((r) => (timer = setTimeout(() => r('still running'), EXIT_BOUND_MS))),
    ]);
    clearTimeout(timer);
    expect({
      code,
      seconds: Math.round((Date.now() - started) / 1000),
      out: code === 'still running' ? out.slice(-3000) : '',
    }).toEqual({ code: expect.any(Number), seconds: expect.any(Number), out: '' });
  }, 60_000);
});

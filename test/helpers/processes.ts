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

/** Starts `node dist/src/main.js` with the given role and env, and waits until it has started. */
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
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`service exited early:\n${out}`);
    // The API is up once it answers; a worker once it says its queue workers run (src/main.ts).
    if (env.ROLE === 'worker' ? /^Corroborate worker (running|listening)/m.test(out) : await answers(url)) break;
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL'); // not left running behind the failure
      throw new Error(`service did not start within 60 s:\n${out}`);
    }
    await sleep(100);
  }
  return { child, url, output: () => out, exited };
}

/** Sends `signal` to those still running and resolves once every one has exited (the afterAll of the tests that start them). */
export async function stopServiceProcesses(processes: ServiceProcess[], signal: NodeJS.Signals): Promise<void> {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  await Promise.all(processes.map((p) => p.exited));
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/live`)).ok;
  } catch {
    return false; // not yet
  }
}

import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DIST = join(__dirname, '..', '..');

/** Starts a Node process and resolves once it printed `PORT n` (bare servers) or answered /health/live (our service). */
export async function startNode(script: string, env: Record<string, string | undefined>, readyUrl?: (port: number) => string, nodeArgs: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    if (env.PORT && env.PORT !== '0') resolve(Number(env.PORT));
  });
  if (readyUrl) {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(readyUrl(port))).ok) break;
      } catch {
        /* not yet */
      }
      if (i > 300) throw new Error(`${script} not ready`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { child, port };
}

/** Peak RSS (VmHWM) of a live process in MB, from /proc (Linux). */
export function peakRssOf(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

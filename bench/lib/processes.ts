import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, round } from './harness';

export const DIST = join(__dirname, '..', '..');

/** Starts a Node process and resolves once it printed `PORT n` (bare servers) or answered /health/live (our service). */
export async function startNode(
  script: string,
  env: Record<string, string | undefined>,
  readyUrl?: (port: number) => string,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

/** CPU seconds (user + system) used so far by a process, from /proc (Linux); 0 when it is gone. */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14, 15), in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

export interface CpuSeconds {
  service: number;
  bench: number;
  postgres: number;
  redis: number;
}

/** CPU milliseconds per operation of each part, from the CPU seconds of a run. */
export const cpuMsPer = (c: CpuSeconds, operations: number) => ({
  service: +((c.service * 1000) / operations).toFixed(2),
  bench: +((c.bench * 1000) / operations).toFixed(2),
  postgres: +((c.postgres * 1000) / operations).toFixed(2),
  redis: +((c.redis * 1000) / operations).toFixed(2),
});

/** CPU seconds used so far by each process of the machine with this command name (`postgres`: server and backends), by pid. */
export function cpuSecondsByName(name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name) out.set(pid, cpuSecondsOf(Number(pid)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU used between two readings: what each process still alive spent, plus all of each new one (a process that exited meanwhile is not counted). */
function cpuDelta(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0;
  for (const [pid, s] of after) total += s - (before.get(pid) ?? 0);
  return total;
}

/**
 * CPU spent during `run` by the service process under test (ours, or the bare server), by this
 * benchmark process (load generator, receiver, or the bare baseline itself), by PostgreSQL and by
 * Redis: where the time of an operation goes. Machine-wide by command name, so run one benchmark at a time.
 */
export async function measureCpu<T>(
  servicePid: number | undefined,
  run: () => Promise<T>,
): Promise<{ result: T; cpuSeconds: CpuSeconds }> {
  const o = cpuSecondsOf(servicePid);
  const b = process.cpuUsage();
  const p = cpuSecondsByName('postgres');
  const r = cpuSecondsByName('redis-server');
  const result = await run();
  const used = process.cpuUsage(b);
  return {
    result,
    cpuSeconds: {
      service: +(cpuSecondsOf(servicePid) - o).toFixed(2),
      bench: +((used.user + used.system) / 1e6).toFixed(2),
      postgres: +cpuDelta(p, cpuSecondsByName('postgres')).toFixed(2),
      redis: +cpuDelta(r, cpuSecondsByName('redis-server')).toFixed(2),
    },
  };
}

export type CpuMs = ReturnType<typeof cpuMsPer>;

/** One side of a benchmark: what to run for a round, the process under test, how many operations a round did. */
export interface Side<T> {
  pid?: number;
  run: () => Promise<T>;
  operations: (result: T) => number;
}

/**
 * `rounds` rounds of both sides, alternating which goes first (ours, bare / bare, ours …), each
 * round with the CPU its processes spent per operation (`cpuMs`).
 */
export async function alternateRounds<O, B>(
  rounds: number,
  ours: Side<O>,
  bare: Side<B>,
): Promise<{ ours: (O & { cpuMs: CpuMs })[]; bare: (B & { cpuMs: CpuMs })[] }> {
  const out = { ours: [] as (O & { cpuMs: CpuMs })[], bare: [] as (B & { cpuMs: CpuMs })[] };
  const one = async <T>(side: Side<T>, into: (T & { cpuMs: CpuMs })[]) => {
    const { result, cpuSeconds } = await measureCpu(side.pid, side.run);
    into.push({ ...result, cpuMs: cpuMsPer(cpuSeconds, side.operations(result)) });
  };
  for (let r = 0; r < rounds; r++) {
    if (r % 2) {
      await one(bare, out.bare);
      await one(ours, out.ours);
    } else {
      await one(ours, out.ours);
      await one(bare, out.bare);
    }
  }
  return out;
}

/** The median over rounds of each part's CPU per operation. */
export function medianCpuMs(rounds: { cpuMs: CpuMs }[]): CpuMs {
  const m = (k: keyof CpuMs) => round(median(rounds.map((r) => r.cpuMs[k])));
  return { service: m('service'), bench: m('bench'), postgres: m('postgres'), redis: m('redis') };
}

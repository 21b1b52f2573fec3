import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

/** Shared helpers of the benchmarks: medians, ratios, peak RSS and the results file. */
export const RESULTS_DIR = join(__dirname, '..', '..', '..', 'bench', 'results');

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const round = (x: number, digits = 2) => +x.toFixed(digits);

/** Peak resident set size of this process so far, in MB (getrusage maxrss). */
export const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);

export function writeResult(name: string, result: Record<string, unknown>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const full = { benchmark: name, ...result, machine: machine(), at: new Date().toISOString() };
  writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify(full, null, 2) + '\n');
  console.log(JSON.stringify(full, null, 2));
}

export function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${platform()} ${release()}`,
    /** 1, 5 and 15-minute load averages when the result was written: the machine is shared. */
    loadAverage: loadavg().map((x) => round(x)),
  };
}

/** Command-line flags: `--quick`, `--lean`, `--bare-http`, `--rounds=N`, and `get('name')` for `--name=value`. */
export function flags(argv: string[]) {
  const quick = argv.includes('--quick');
  const get = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1];
  return {
    quick,
    lean: argv.includes('--lean'),
    bareHttp: argv.includes('--bare-http'),
    rounds: Number(get('rounds') ?? (quick ? 2 : 4)),
    get,
  };
}

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * One entry point for every benchmark: `npm run bench -- <name> [options]`.
 * Each writes bench/results/<name>.json. Benchmarks are not tests and are not run by `npm test`.
 */
const BENCHMARKS: Record<string, string> = {
  intake: 'intake.bench.js',
  'archive-scale': 'archive-scale.bench.js',
  'archive-search': 'archive-search.bench.js',
  matching: 'matching.bench.js',
  extraction: 'extraction.bench.js',
  webhooks: 'webhooks.bench.js',
  tasks: 'tasks.bench.js',
  research: 'research.bench.js',
  console: 'console.bench.js',
};

const [name, ...rest] = process.argv.slice(2);
const script = name && Object.hasOwn(BENCHMARKS, name) ? BENCHMARKS[name] : undefined;
if (!name || script === undefined) {
  console.error(`usage: npm run bench -- <name> [--quick]\nnames: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [join(__dirname, script), ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flags, round, writeResult } from './lib/harness';
import { DIST } from './lib/processes';

/**
 * archive-scale: the archive search benchmark (archive-search.bench, GIN index against a sequential-scan
 * baseline) at growing archive sizes; growth must be sublinear (latency grows less than the size).
 * Default sizes 10k and 100k documents; `--full` adds 1M (ingest takes long on 2 cores); `--quick` 10k and 30k.
 */
function main() {
  const argv = process.argv.slice(2);
  const f = flags(argv);
  const sizes = f.quick ? [10_000, 30_000] : argv.includes('--full') ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
  const points: {
    documents: number;
    medianMs: number;
    p99Ms: number;
    baselineSeqScanMedianMs: number;
    baselineSeqScanP99Ms: number;
    ingestMs: number;
  }[] = [];
  for (const size of sizes) {
    execFileSync(process.execPath, [join(DIST, 'bench', 'archive-search.bench.js'), String(size)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const r = JSON.parse(readFileSync(join(DIST, '..', 'bench', 'results', 'archive-search.json'), 'utf8'));
    points.push({
      documents: size,
      medianMs: r.medianMs,
      p99Ms: r.p99Ms,
      baselineSeqScanMedianMs: r.baselineSeqScanMedianMs,
      baselineSeqScanP99Ms: r.baselineSeqScanP99Ms,
      ingestMs: r.ingestMs,
    });
  }
  const first = points[0];
  const last = points[points.length - 1];
  const sizeGrowth = last.documents / first.documents;
  const latencyGrowth = last.medianMs / first.medianMs;
  writeResult('archive-scale', {
    points,
    sizeGrowth,
    latencyGrowth: round(latencyGrowth, 3),
    sublinear: latencyGrowth < sizeGrowth,
  });
}

main();

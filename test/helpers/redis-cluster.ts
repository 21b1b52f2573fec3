import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from '../../src/local/processes';
import { RedisServer } from '../../src/local/redis-server';

/**
 * A local Redis Cluster of three masters (no replicas), from Debian's redis-server and redis-cli:
 * `redis-server --cluster-enabled yes` three times, then `redis-cli --cluster create`. Resolves once
 * every node reports `cluster_state:ok`, with the REDIS_URL naming the three nodes.
 */
export async function startRedisCluster(): Promise<{ url: string; ports: number[]; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const nodes = ports.map(
    (port) =>
      new RedisServer(join(dir, String(port)), port, () => undefined, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        '5000',
      ]),
  );
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const n of nodes) await n.start();
    execFileSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      { stdio: 'pipe', timeout: 60_000 },
    );
    const ok = (port: number) =>
      execFileSync('redis-cli', ['-p', String(port), 'cluster', 'info'])
        .toString()
        .includes('cluster_state:ok');
    for (let i = 0; !ports.every(ok); i++) {
      if (i > 200) throw new Error('the Redis Cluster did not reach cluster_state:ok within 20 s');
      await sleep(100);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: ports.map((p) => `redis://127.0.0.1:${p}`).join(','), ports, stop };
}

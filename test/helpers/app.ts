import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Running, startApp } from '../../src/app';
import type { ExampleBook } from '../../src/platform/api/openapi-examples';
import { loadConfig } from '../../src/platform/config/config';
import { createDataSource } from '../../src/schema/data-source';
import { checkWebhooksAgainst } from './contract';

export interface TestApp {
  url: string;
  running: Running;
  ds: DataSource;
  queuePrefix: string;
  close(): Promise<void>;
}

/**
 * Boots the real service in this process against the test Postgres and Redis, on a free port.
 * Each call gets its own queue prefix so test files never see each other's jobs.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { recordExamples?: ExampleBook } = {},
): Promise<TestApp> {
  const queuePrefix = env.QUEUE_PREFIX ?? `t${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: queuePrefix,
    OUTBOX_POLL_MS: '100',
    ...env,
  });
  const running = await startApp(config, { logger: false, ...opts });
  const ds = createDataSource(config.databaseUrl, 3);
  await ds.initialize();
  // Webhook bodies the test receivers get are checked against this document (helpers/contract.ts).
  if (running.url && config.role !== 'worker') await checkWebhooksAgainst(running.url);
  return {
    url: running.url ?? '',
    running,
    ds,
    queuePrefix,
    close: async () => {
      await running.close();
      await ds.destroy();
    },
  };
}

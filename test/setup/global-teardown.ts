import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const g = globalThis as { __servers?: { stop(): Promise<void> }[] };
  await Promise.all((g.__servers ?? []).map((s) => s.stop()));
  if (process.env.TEST_TMP_DIR) rmSync(process.env.TEST_TMP_DIR, { recursive: true, force: true });
}

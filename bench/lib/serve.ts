import type { FastifyInstance } from 'fastify';

/**
 * The tail of every benchmark server (bare baselines, the lean diagnostic): listens, prints
 * `PORT n` (what `startNode` waits for), and on SIGTERM closes the app, then `close` (its pool or
 * context), then exits. A failed start prints the error and exits 1.
 */
export async function serveUntilSigterm(
  app: FastifyInstance,
  listen: { port: number; host: string },
  close: () => Promise<unknown>,
): Promise<void> {
  await app.listen(listen);
  const addr = app.server.address();
  console.log(`PORT ${typeof addr === 'object' && addr ? addr.port : 0}`);
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(close)
        .then(() => process.exit(0)),
  );
}

/** Runs a benchmark server's `main`, exiting 1 with the error when it fails. */
export function runServer(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

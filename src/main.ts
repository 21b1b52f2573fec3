import 'reflect-metadata';
import { startApp } from './app';
import { ConfigError, loadConfig } from './platform/config/config';

/** Production entry point: reads the config once and starts the roles given by ROLE. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const running = await startApp(config);
  // One line once the process is up (for a worker: its queue workers started), which operators and the tests wait for.
  console.log(
    running.url ? `Corroborate ${config.role} listening on ${running.url}` : `Corroborate ${config.role} running`,
  );

  // Graceful shutdown: HTTP stops accepting and drains, workers finish their active jobs (or hand
  // them back when the grace period runs out: BullMQ's stalled-job check gives them to another worker).
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    // running.close() is bounded by SHUTDOWN_GRACE_SECONDS; the timer is the last resort should anything still hold on.
    setTimeout(
      () => {
        console.error(`Shutdown took longer than ${config.shutdownGraceSeconds}s; exiting`);
        process.exit(1);
      },
      (config.shutdownGraceSeconds + 5) * 1000,
    ).unref();
    running.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

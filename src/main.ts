import 'reflect-metadata';
import { startApp } from './app';
import { ConfigError, loadConfig } from './config/config';

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
  if (running.url) console.log(`Corroborate ${config.role} listening on ${running.url}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { checkRedis } from './redis';
import { StartupError } from './errors';
import { startRuntime } from './runtime';

/** The process: configuration, Redis check, the roles of RUN_MODE, and a bounded graceful shutdown. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  if (config.RUN_MODE !== 'all' && !config.DATABASE_URL)
    return fail(
      `RUN_MODE=${config.RUN_MODE} needs DATABASE_URL: the embedded database (PGlite) serves one process only. ` +
        'Use RUN_MODE=all, or point every process at PostgreSQL.',
    );
  try {
    await checkRedis(config.REDIS_URL);
  } catch (error) {
    return fail(`ClientLens cannot start: ${(error as Error).message}`);
  }
  const logger = createLogger(config.LOG_LEVEL);
  let runtime;
  try {
    runtime = await startRuntime(config, logger);
  } catch (error) {
    if (error instanceof StartupError) return fail(`ClientLens cannot start: ${error.message}`);
    throw error;
  }
  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS + 2_000 }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an unexpected error');
    else logger.info({ signal }, 'shutting down');
    await runtime.close();
  });
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

await main();

import { readFileSync, writeFileSync } from 'node:fs';
import { PANEL_DIST } from '../service/routes/plugin.routes';
import { buildApp } from '../service/app';
import { createContainer } from '../service/container';
import { createLogger } from '../service/logger';
import { openDatabase } from '../service/store/db';
import { offlineConfig } from './support/offline-config';

/**
 * Writes openapi/openapi.json from the route schemas (`npm run openapi:export`), or with --check fails when
 * the checked-in file differs (`npm run openapi:check`). Builds the app without touching Redis.
 */
export const OPENAPI_FILE = new URL('../openapi/openapi.json', import.meta.url);

export async function generateOpenApi(): Promise<string> {
  const container = await createContainer(offlineConfig(), createLogger('silent'), {
    database: await openDatabase({ memory: true }),
  });
  const app = await buildApp({
    logger: container.logger,
    db: container.database.db,
    services: container.services,
    health: { db: async () => undefined, redis: async () => undefined },
    panel: { distDir: PANEL_DIST, hostOrigins: [] },
    // With a token, so the document shows /metrics and the queue dashboard stay out of it.
    admin: { metrics: container.metrics, queues: container.queues, token: 'openapi-export-admin-token' },
    share: {
      redis: container.redis,
      secretKey: container.config.SECRET_KEY,
      secureCookies: false,
      keyPrefix: 'x',
    },
  });
  await app.ready();
  const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await container.queues.sync.close();
  container.redis.disconnect();
  await container.database.close();
  return document;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const document = await generateOpenApi();
  if (process.argv.includes('--check')) {
    if (readFileSync(OPENAPI_FILE, 'utf8') !== document) {
      process.stderr.write(
        'openapi/openapi.json is out of date: run `npm run openapi:export` and commit it.\n',
      );
      process.exit(1);
    }
    process.stdout.write('openapi/openapi.json is up to date.\n');
  } else {
    writeFileSync(OPENAPI_FILE, document);
    process.stdout.write('Wrote openapi/openapi.json\n');
  }
}

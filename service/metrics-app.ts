import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';
import { errorHandler } from './plugins/errors';
import { metricsPlugin } from './plugins/metrics';
import { requestLogContext } from './plugins/request-log-context';
import { securityHeaders } from './plugins/security-headers';

/**
 * A worker process's only HTTP surface (RUN_MODE=worker with ADMIN_TOKEN): `GET /metrics`. Job failures,
 * sync runs and deliveries are counted in the process that runs them, so each worker is scraped itself.
 * Never listens: the runtime does.
 */
export async function buildMetricsApp(deps: {
  logger: Logger;
  metrics: Metrics;
  adminToken: string;
}): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({ loggerInstance, genReqId: () => randomUUID(), trustProxy: false });
  await app.register(errorHandler);
  await app.register(securityHeaders);
  await app.register(requestLogContext);
  await app.register(metricsPlugin, { metrics: deps.metrics, adminToken: deps.adminToken });
  return app;
}

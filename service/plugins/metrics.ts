import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '../metrics';
import { adminGuard } from './admin-auth';

export interface MetricsPluginOptions {
  metrics: Metrics;
  /** ADMIN_TOKEN: `/metrics` answers only its holders; unset, `/metrics` does not exist (404). */
  adminToken: string | undefined;
}

/**
 * Times every request under its route pattern (`/s/:token`, never the URL: share tokens stay out of the
 * labels) and serves the registry at `GET /metrics` in Prometheus' text format, to ADMIN_TOKEN holders.
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  async (app: FastifyInstance, { metrics, adminToken }) => {
    app.addHook('onResponse', async (request, reply) => {
      metrics.httpRequest(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          statusCode: reply.statusCode,
        },
        reply.elapsedTime / 1000,
      );
    });
    if (!adminToken) return;
    app.get(
      '/metrics',
      { schema: { hide: true }, onRequest: adminGuard(adminToken) },
      async (_request, reply) =>
        reply
          .header('Cache-Control', 'no-store')
          .type(metrics.registry.contentType)
          .send(await metrics.registry.metrics()),
    );
  },
  { name: 'metrics' },
);

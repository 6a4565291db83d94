import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Services } from './container';
import type { Db } from './store/db';
import { apiKeyAuth } from './plugins/auth';
import { apiRateLimit } from './plugins/api-rate-limit';
import { idempotency } from './plugins/idempotency';
import { withApiGuardHeaders, withApiGuardSchemas } from './schemas/api-guards';
import { finishOpenApiDocument } from './schemas/openapi-document';
import { errorHandler, sendFrameworkError } from './plugins/errors';
import { securityHeaders } from './plugins/security-headers';
import { connectionRoutes } from './routes/api/connections.routes';
import { projectRoutes } from './routes/api/projects.routes';
import { syncRoutes } from './routes/api/syncs.routes';
import { healthRoutes, type HealthChecks } from './routes/health.routes';
import { shareLinkRoutes } from './routes/api/share-links.routes';
import { summaryRoutes } from './routes/api/summary.routes';
import { updateRoutes } from './routes/api/updates.routes';
import { webhookSubscriptionRoutes } from './routes/api/webhook-subscriptions.routes';
import { commPlanRoutes } from './routes/api/comm-plan.routes';
import { feedbackRoutes } from './routes/api/feedback.routes';
import { agendaRoutes } from './routes/api/agenda.routes';
import { commHealthRoutes } from './routes/api/comm-health.routes';
import { sendNotFoundPage, shareRoutes, type ShareRouteDeps } from './routes/share.routes';
import { pluginApiRoutes } from './routes/plugin-api.routes';
import { webhookRoutes } from './routes/webhooks.routes';
import { pluginShellRoutes, type PluginShellDeps } from './routes/plugin.routes';
import { panelAuth } from './plugins/panel-auth';
import { panelTokenRoutes } from './routes/api/panel-tokens.routes';
import { nexusRoutes } from './routes/nexus.routes';
import type { Queues } from './jobs/queues';
import type { Metrics } from './metrics';
import { metricsPlugin } from './plugins/metrics';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './plugins/queue-dashboard';
import { requestLogContext } from './plugins/request-log-context';

export interface AppDeps {
  logger: Logger;
  db: Db;
  services: Services;
  health: HealthChecks;
  /** For share pages: passcode attempt counters and unlock cookies. */
  share: Omit<ShareRouteDeps, 'services' | 'db'>;
  /** The embedded panel: its built files and the PM tools allowed to frame it. */
  panel: PluginShellDeps;
  /** `/metrics` and the queue dashboard, both for ADMIN_TOKEN holders (no token: neither exists). */
  admin: { metrics: Metrics; queues: Queues; token: string | undefined };
}

export const API_VERSION = '0.1.0';
const zodTransform = createJsonSchemaTransform({});

/** Builds the HTTP app (never listens): plugins first, then routes, in this order. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Typed as Fastify's logger so the instance keeps Fastify's default logger type.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    // Random v4: cheap per request (ids of stored rows are v7, sortable; request ids need not be).
    genReqId: () => randomUUID(),
    trustProxy: false,
    // A malformed or overlong path, refused before routing: a page under /s/, problem+json elsewhere.
    frameworkErrors: (error, request, reply) =>
      request.url.startsWith('/s/')
        ? sendNotFoundPage(request, reply)
        : sendFrameworkError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandler);
  await app.register(securityHeaders);
  await app.register(requestLogContext);
  await app.register(metricsPlugin, { metrics: deps.admin.metrics, adminToken: deps.admin.token });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ClientLens API',
        version: API_VERSION,
        description:
          'Sync tasks and milestones from PM tools and read them normalized. Authenticate with `Authorization: Bearer <api key>`; errors are application/problem+json with a stable `code`.',
      },
      // Relative: the server this document is served from (each operator runs their own).
      servers: [{ url: '/', description: 'This ClientLens server' }],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A ClientLens API key.' } },
      },
      tags: [
        { name: 'connections', description: 'Links to PM-tool accounts' },
        { name: 'syncs', description: 'Queued sync runs and their progress' },
        { name: 'projects', description: 'Synced projects, tasks, milestones and the client summary' },
        { name: 'updates', description: "The PM's periodic updates: draft, publish, history" },
        { name: 'share-links', description: 'Links that publish the client page' },
        { name: 'webhooks', description: 'Signed outbound events and their delivery log' },
        {
          name: 'comm-plans',
          description:
            'Communication plan: cadence, channels (email and chat), PM notices and the delivery log',
        },
        {
          name: 'feedback',
          description: 'Client questions, approvals, change requests and ratings; your answers',
        },
        {
          name: 'panel',
          description: 'Tokens that open the embedded panel from hosts without their own signed identity',
        },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
    transform: (input) => {
      if (!input.url.startsWith('/api/v1')) return zodTransform(input);
      // Rate limit (every operation) and Idempotency-Key (routes with `config.idempotent`): schemas/api-guards.ts
      const idempotent = input.route.config?.idempotent === true;
      const out = zodTransform({ ...input, schema: withApiGuardSchemas(input.schema, idempotent) });
      return {
        ...out,
        schema: { ...withApiGuardHeaders(out.schema, idempotent), security: [{ apiKey: [] }] },
      };
    },
    transformObject: (input) => finishOpenApiDocument(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { checks: deps.health });
  if (deps.admin.token)
    await app.register(queueDashboard, {
      prefix: QUEUE_DASHBOARD_PATH,
      queues: deps.admin.queues,
      adminToken: deps.admin.token,
    });
  await app.register(
    async (api) => {
      await api.register(apiKeyAuth, { db: deps.db });
      await api.register(apiRateLimit, { limiter: deps.services.apiRateLimit });
      await api.register(idempotency, { store: deps.services.idempotency });
      await api.register(connectionRoutes, { services: deps.services });
      await api.register(syncRoutes, { services: deps.services });
      await api.register(projectRoutes, { services: deps.services });
      await api.register(summaryRoutes, { services: deps.services });
      await api.register(updateRoutes, { services: deps.services });
      await api.register(shareLinkRoutes, { services: deps.services });
      await api.register(webhookSubscriptionRoutes, { services: deps.services });
      await api.register(commPlanRoutes, { services: deps.services });
      await api.register(feedbackRoutes, { services: deps.services });
      await api.register(agendaRoutes, { services: deps.services });
      await api.register(commHealthRoutes, { services: deps.services });
      await api.register(panelTokenRoutes, { services: deps.services });
    },
    { prefix: '/api/v1' },
  );
  await app.register(shareRoutes, { ...deps.share, services: deps.services });
  await app.register(webhookRoutes, { services: deps.services });
  await app.register(pluginShellRoutes, deps.panel);
  await app.register(
    async (plugin) => {
      await plugin.register(panelAuth, {
        nexus: deps.services.nexus,
        panelTokens: deps.services.panelTokens,
      });
      await plugin.register(pluginApiRoutes, { services: deps.services });
    },
    { prefix: '/plugin/api' },
  );
  await app.register(nexusRoutes, { services: deps.services });
  return app;
}

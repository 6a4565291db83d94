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
import { errorHandler } from './plugins/errors';
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
import { shareRoutes, type ShareRouteDeps } from './routes/share.routes';
import { pluginApiRoutes } from './routes/plugin-api.routes';
import { webhookRoutes } from './routes/webhooks.routes';
import { pluginShellRoutes, type PluginShellDeps } from './routes/plugin.routes';
import { panelAuth } from './plugins/panel-auth';
import { panelTokenRoutes } from './routes/api/panel-tokens.routes';
import { nexusRoutes } from './routes/nexus.routes';

export interface AppDeps {
  logger: Logger;
  db: Db;
  services: Services;
  health: HealthChecks;
  /** For share pages: passcode attempt counters and unlock cookies. */
  share: Omit<ShareRouteDeps, 'services' | 'db'>;
  /** The embedded panel: its built files and the PM tools allowed to frame it. */
  panel: PluginShellDeps;
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
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandler);
  await app.register(securityHeaders);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ClientLens API',
        version: API_VERSION,
        description:
          'Sync tasks and milestones from PM tools and read them normalized. Authenticate with `Authorization: Bearer <api key>`; errors are application/problem+json with a stable `code`.',
      },
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
      const out = zodTransform(input);
      return input.url.startsWith('/api/v1')
        ? { ...out, schema: { ...out.schema, security: [{ apiKey: [] }] } }
        : out;
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { checks: deps.health });
  await app.register(
    async (api) => {
      await api.register(apiKeyAuth, { db: deps.db });
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

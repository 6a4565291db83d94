import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../container';
import { bearerToken } from '../plugins/panel-auth';
import { sendProblem } from '../plugins/errors';
import { TokenRejected } from '../services/panel-tokens.service';

/**
 * PingCode Nexus calls into ClientLens: app lifecycle events (install, uninstall, upgrade), routed here by
 * the manifest's `lifecycle` trigger (`handler.endpoint`). Authenticated by the invocation token only.
 */
export const nexusRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/plugin/nexus/lifecycle',
    // The body is read only once the token checks out (the service parses it), so no schema here.
    { schema: { hide: true } },
    async (req, reply) => {
      try {
        const context = await services.nexus.verify(bearerToken(req.headers.authorization) ?? '');
        const outcome = await services.nexus.lifecycle(context, req.body);
        req.log.info({ installationId: context.installation.id, ...outcome }, 'Nexus lifecycle event');
      } catch (error) {
        if (!(error instanceof TokenRejected)) throw error;
        void reply.header('WWW-Authenticate', 'Bearer realm="clientlens-nexus", error="invalid_token"');
        const detail =
          error.reason === 'expired'
            ? 'The Nexus invocation token has expired.'
            : 'The Nexus invocation token is not valid.';
        return sendProblem(reply, req, 401, 'invalid_nexus_token', detail);
      }
      return reply.code(204).send();
    },
  );
};

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { findActiveApiKey, touchApiKey } from '../store/api-keys.store';
import type { Db } from '../store/db';
import { sendProblem } from './errors';

export interface ApiAuth {
  workspaceId: string;
  apiKeyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API-key check on /api/v1 routes; workspace scoping always comes from here. */
    auth: ApiAuth;
  }
}

/** `Authorization: Bearer <api key>` on every route of the scope it is registered in. */
export const apiKeyAuth = fp<{ db: Db }>(
  async (app: FastifyInstance, { db }) => {
    app.decorateRequest('auth', null as unknown as ApiAuth);
    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      const fail = (detail: string) => {
        void reply.header('WWW-Authenticate', 'Bearer realm="clientlens"');
        return sendProblem(reply, request, 401, 'unauthorized', detail);
      };
      if (!match?.[1]) return fail('Send your API key as `Authorization: Bearer <key>`.');
      const key = await findActiveApiKey(db, match[1]);
      if (!key) return fail('The API key is not valid (unknown or revoked).');
      request.auth = { workspaceId: key.workspaceId, apiKeyId: key.id };
      touchApiKey(db, key.id, new Date()).catch((err: unknown) =>
        request.log.warn({ err }, 'could not record key use'),
      );
    });
  },
  { name: 'api-key-auth' },
);

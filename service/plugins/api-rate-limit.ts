import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiRateLimiter } from '../services/api-rate-limit.service';
import { sendProblem } from './errors';

/**
 * Each API key's request budget on every route of the scope (register it after the API-key check: a
 * request without a valid key is refused before it counts). Every answer carries `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` (seconds; draft-ietf-httpapi-ratelimit-headers-06); over
 * the budget the answer is 429 `rate_limited` with `Retry-After`.
 */
export const apiRateLimit = fp<{ limiter: ApiRateLimiter }>(
  async (app: FastifyInstance, { limiter }) => {
    app.addHook('onRequest', async (request, reply) => {
      const verdict = await limiter.consume(request.auth.apiKeyId);
      void reply.headers({
        'RateLimit-Limit': String(verdict.limit),
        'RateLimit-Remaining': String(verdict.remaining),
        'RateLimit-Reset': String(verdict.resetSeconds),
      });
      if (verdict.allowed) return;
      void reply.header('Retry-After', String(verdict.resetSeconds));
      return sendProblem(
        reply,
        request,
        429,
        'rate_limited',
        `This API key sent more than ${verdict.limit} requests in a minute. Retry after ${verdict.resetSeconds} seconds.`,
      );
    });
  },
  { name: 'api-rate-limit', dependencies: ['api-key-auth'] },
);

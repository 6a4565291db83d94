import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface HealthChecks {
  db: () => Promise<void>;
  redis: () => Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;
const Check = z.enum(['ok', 'failing']);
const Readiness = z
  .object({ status: z.enum(['ready', 'not_ready']), checks: z.object({ db: Check, redis: Check }) })
  .meta({ id: 'Readiness' });

async function probe(check: () => Promise<void>): Promise<'ok' | 'failing'> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
    ]);
    return 'ok';
  } catch {
    return 'failing';
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ checks: HealthChecks }> = async (app, { checks }) => {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }).meta({ id: 'Health' }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: the database and Redis answer',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_req, reply) => {
      const [db, redis] = await Promise.all([probe(checks.db), probe(checks.redis)]);
      const ready = db === 'ok' && redis === 'ok';
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not_ready', checks: { db, redis } });
    },
  );
};

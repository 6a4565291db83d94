import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answer, component } from '../schemas/common';

export interface HealthChecks {
  db: () => Promise<void>;
  redis: () => Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;
const Check = z.enum(['ok', 'failing']);
const Readiness = component(
  z.object({ status: z.enum(['ready', 'not_ready']), checks: z.object({ db: Check, redis: Check }) }),
  { id: 'Readiness' },
  { status: 'ready', checks: { db: 'ok', redis: 'ok' } },
);
const NotReady = component(
  Readiness,
  { id: 'NotReady', description: 'Readiness while a dependency fails.' },
  { status: 'not_ready', checks: { db: 'ok', redis: 'failing' } },
);
const Health = component(z.object({ status: z.literal('ok') }), { id: 'Health' }, { status: 'ok' });

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
        description:
          'Answers 200 while the process can serve HTTP, whatever its dependencies: for a liveness probe (restart when it fails).',
        response: { 200: answer(Health, 'The process is up.') },
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
        description: `Each check must answer within ${CHECK_TIMEOUT_MS / 1000} s; for a readiness probe or a load balancer (send traffic only while 200).`,
        response: {
          200: answer(Readiness, 'Ready: every check answered.'),
          503: answer(NotReady, 'Not ready: `checks` says which dependency failed.'),
        },
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

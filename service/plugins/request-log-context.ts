import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { inLogContext } from '../log-context';

/**
 * Every line logged while a request is handled carries its `reqId`, also from services that log with the
 * logger they were built with. Entered on request; Fastify's body parser resumes in the same async context
 * (an AsyncResource), so the handler of a body sent in several packets is still inside it.
 */
export const requestLogContext = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) =>
      inLogContext({ reqId: request.id }, done, request.log),
    );
  },
  { name: 'request-log-context' },
);

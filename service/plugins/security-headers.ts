import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Defaults for every response; routes that may be framed (the plugin panel) override frame-ancestors. */
export const securityHeaders = fp(async (app: FastifyInstance) => {
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('content-security-policy'))
      void reply.header('Content-Security-Policy', "frame-ancestors 'none'");
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('Referrer-Policy', 'no-referrer');
  });
});

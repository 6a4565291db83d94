import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { Queues } from '../jobs/queues';
import { adminGuard } from './admin-auth';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The dashboard's own scripts and styles, from this origin only: its bundle sets inline styles, and the
 * Google Fonts it links are left out (the page falls back to system fonts; no third party learns of it).
 * Never framed, like every page but the plugin panel.
 */
export const QUEUE_DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface QueueDashboardOptions {
  queues: Queues;
  adminToken: string;
}

/**
 * bull-board over every queue, for ADMIN_TOKEN holders (Bearer, or Basic with the token as password).
 * Register it with `prefix: QUEUE_DASHBOARD_PATH`; its routes are hidden from the OpenAPI document.
 */
export async function queueDashboard(app: FastifyInstance, options: QueueDashboardOptions): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(options.queues).map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'ClientLens queues' } },
  });
  const guard = adminGuard(options.adminToken);
  app.addHook('onRequest', async (request, reply) => {
    // Set before the global security headers run, which keep a CSP a route already chose.
    void reply.header('Content-Security-Policy', QUEUE_DASHBOARD_CSP);
    return guard(request, reply);
  });
  await app.register(serverAdapter.registerPlugin());
}

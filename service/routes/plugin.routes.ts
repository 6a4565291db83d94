import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { pageStylesCsp } from '../render/pages/styles';

export interface PluginShellDeps {
  /** The built panel (`npm run build:panel` → plugin/dist). */
  distDir: string;
  /** PANEL_HOST_ORIGINS: who may frame the panel and hand it a token. */
  hostOrigins: readonly string[];
}

/** Where the panel's built files are: plugin/dist at the repository root. */
export const PANEL_DIST = path.resolve(import.meta.dirname, '../../plugin/dist');

const HOSTS_META = /<meta name="clientlens-hosts" content="[^"]*"\s*\/?>/;

/**
 * The panel's CSP: its own script and styles only, the client preview's one style block (rendered by the
 * share page's components into a sandboxed frame), calls to this origin only, and framing by the
 * configured PM tools only (`'none'` when there are none).
 */
export function panelCsp(hostOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${pageStylesCsp}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${hostOrigins.length ? hostOrigins.join(' ') : "'none'"}`,
  ].join('; ');
}

/**
 * `GET /plugin/` (the panel's page, with the allowed host origins written into it) and its hashed assets.
 * The page carries no token and no identity: the host hands the panel a token by postMessage once it says
 * it is ready (plugin/README.md).
 */
export const pluginShellRoutes: FastifyPluginAsync<PluginShellDeps> = async (app, deps) => {
  const csp = panelCsp(deps.hostOrigins);
  const indexFile = path.join(deps.distDir, 'index.html');
  const built = existsSync(indexFile);
  const index = built
    ? readFileSync(indexFile, 'utf8').replace(
        HOSTS_META,
        `<meta name="clientlens-hosts" content="${deps.hostOrigins.join(' ').replace(/"/g, '')}" data-served>`,
      )
    : undefined;

  const sendIndex = (reply: FastifyReply) => {
    void reply.header('Content-Security-Policy', csp).header('Cache-Control', 'no-cache');
    if (!index)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The panel is not built on this server: run `npm run build:panel`, then restart ClientLens.');
    return reply.type('text/html; charset=utf-8').send(index);
  };
  app.get('/plugin', { schema: { hide: true } }, (_req, reply) => reply.redirect('/plugin/', 301));
  app.get('/plugin/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));

  if (built)
    await app.register(fastifyStatic, {
      root: path.join(deps.distDir, 'assets'),
      prefix: '/plugin/assets/',
      // File names carry their content hash: a new build is a new name.
      immutable: true,
      maxAge: '365d',
      index: false,
    });
};

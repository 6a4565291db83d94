import { createHmac, randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Services } from '../container';
import { safeEqual } from '../crypto';
import { LOCALES, type Locale } from '../domain/model';
import { coreMessages } from '../render/i18n/core.messages';
import { createTranslator, pickLocale, type Translator } from '../render/i18n/i18n';
import { pageMessages } from '../render/page.messages';
import { renderErrorPage } from '../render/pages/error-page';
import { renderGonePage } from '../render/pages/gone-page';
import { renderNotFoundPage } from '../render/pages/not-found-page';
import { renderPasscodePage } from '../render/pages/passcode-page';
import { publishedUpdateProps, renderSharePage } from '../render/pages/share-page';
import type { ShareLinkRow } from '../store/schema';
import { listPublishedContent } from '../store/updates.store';
import type { Db } from '../store/db';

export interface ShareRouteDeps {
  services: Services;
  db: Db;
  redis: Redis;
  secretKey: Buffer;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
  keyPrefix: string;
}

const PASSCODE_ATTEMPTS = 5;
const PASSCODE_WINDOW_S = 15 * 60;
const UNLOCK_TTL_S = 12 * 3600;

const TokenParams = z.object({ token: z.string().max(200) });
const PageQuery = z.object({ lang: z.string().max(20).optional() });

declare module 'fastify' {
  interface FastifyReply {
    /** Nonce of this page's one style block (CSP `style-src 'nonce-…'`). */
    styleNonce: string;
  }
}

/**
 * The client's pages. No script at all; one nonce'd style block; never cached, never indexed, never framed,
 * no referrer. A revoked or expired link is dead on the next request (nothing cached).
 */
export const shareRoutes: FastifyPluginAsyncZod<ShareRouteDeps> = async (app, deps) => {
  const { services } = deps;
  const attempts = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: `${deps.keyPrefix}:passcode`,
    points: PASSCODE_ATTEMPTS,
    duration: PASSCODE_WINDOW_S,
  });

  await app.register(formbody, { bodyLimit: 4096 });
  app.decorateReply('styleNonce', '');
  app.addHook('onRequest', async (_req, reply) => {
    reply.styleNonce = randomBytes(16).toString('base64');
  });
  app.addHook('onSend', async (_req, reply) => {
    void reply.headers({
      'X-Robots-Tag': 'noindex, nofollow',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': [
        "default-src 'none'",
        `style-src 'nonce-${reply.styleNonce}'`,
        'img-src data:',
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    });
  });

  // One translator per language for the life of the process (it holds compiled messages and Intl formatters).
  const translators = new Map(
    LOCALES.map((locale) => [locale, createTranslator(locale, coreMessages, pageMessages)]),
  );
  const translator = (locale: Locale): Translator => translators.get(locale)!;

  // A failure on a client page is a plain page in the reader's language, logged with its request id.
  app.setErrorHandler((error, req, reply) => {
    if ((error as { statusCode?: number }).statusCode === 400)
      return html(
        reply,
        404,
        renderNotFoundPage({
          t: translator(pickLocale(req.headers['accept-language']) ?? 'en'),
          styleNonce: reply.styleNonce,
        }),
      );
    req.log.error({ err: error }, 'client page failed');
    const t = translator(pickLocale(req.headers['accept-language']) ?? 'en');
    return html(reply, 500, renderErrorPage({ t, styleNonce: reply.styleNonce }));
  });
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);
  const languagesFor = (token: string, current: Locale) =>
    LOCALES.map((locale) => ({ locale, href: `/s/${token}?lang=${locale}`, current: locale === current }));

  async function open(req: FastifyRequest, reply: FastifyReply, token: string) {
    const resolved = await services.shareLinks.resolve(token);
    if (!resolved) {
      const t = translator(pickLocale(req.headers['accept-language']) ?? 'en');
      return { done: html(reply, 404, renderNotFoundPage({ t, styleNonce: reply.styleNonce })) };
    }
    const { link, state } = resolved;
    if (state !== 'active') {
      const t = translator(link.locale);
      return { done: html(reply, 410, renderGonePage({ t, reason: state, styleNonce: reply.styleNonce })) };
    }
    return { link };
  }

  app.get(
    '/s/:token',
    { schema: { hide: true, params: TokenParams, querystring: PageQuery } },
    async (req, reply) => {
      const { token } = req.params;
      const opened = await open(req, reply, token);
      if (!opened.link) return opened.done;
      const { link } = opened;
      const locale = pickLocale(req.query.lang) ?? link.locale;
      const t = translator(locale);
      if (link.passcodeHash && !isUnlocked(req, link)) {
        const page = renderPasscodePage({
          t,
          action: `/s/${token}/unlock`,
          error: null,
          styleNonce: reply.styleNonce,
          languages: languagesFor(token, locale),
        });
        return html(reply, 200, page);
      }
      const view = await services.summaries.forProject(link.projectId);
      if (!view)
        return html(reply, 410, renderGonePage({ t, reason: 'revoked', styleNonce: reply.styleNonce }));
      const published = await listPublishedContent(deps.db, link.projectId);
      await services.shareLinks.recordView(link);
      return html(
        reply,
        200,
        renderSharePage({
          t,
          summary: view.summary,
          ...publishedUpdateProps(published),
          detail: link.detail,
          timeZone: view.timeZone,
          languages: languagesFor(token, locale),
          label: link.label,
          styleNonce: reply.styleNonce,
        }),
      );
    },
  );

  app.post(
    '/s/:token/unlock',
    {
      schema: {
        hide: true,
        params: TokenParams,
        body: z.object({ passcode: z.string().max(200).default('') }).optional(),
      },
    },
    async (req, reply) => {
      const { token } = req.params;
      const opened = await open(req, reply, token);
      if (!opened.link) return opened.done;
      const { link } = opened;
      const t = translator(link.locale);
      const page = (status: number, error: 'wrong' | 'rate_limited') =>
        html(
          reply,
          status,
          renderPasscodePage({
            t,
            action: `/s/${token}/unlock`,
            error,
            styleNonce: reply.styleNonce,
            languages: languagesFor(token, link.locale),
          }),
        );
      if (!link.passcodeHash) return reply.redirect(`/s/${token}`, 303);
      if (!sameOrigin(req)) return page(403, 'wrong');
      try {
        await attempts.consume(`${link.id}:${req.ip}`);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        void reply.header('Retry-After', String(Math.ceil(rejection.msBeforeNext / 1000)));
        return page(429, 'rate_limited');
      }
      if (!(await services.shareLinks.verifyPasscode(link.passcodeHash, req.body?.passcode ?? '')))
        return page(403, 'wrong');
      const expires = Math.floor(Date.now() / 1000) + UNLOCK_TTL_S;
      const cookie = [
        `${cookieName(link)}=${expires}.${unlockMac(deps.secretKey, link, expires)}`,
        `Path=/s/${token}`,
        `Max-Age=${UNLOCK_TTL_S}`,
        'HttpOnly',
        'SameSite=Lax',
        ...(deps.secureCookies ? ['Secure'] : []),
      ].join('; ');
      return reply.header('Set-Cookie', cookie).redirect(`/s/${token}`, 303);
    },
  );

  function isUnlocked(req: FastifyRequest, link: ShareLinkRow): boolean {
    const value = parseCookies(req.headers.cookie)[cookieName(link)];
    const [expires, mac] = (value ?? '').split('.');
    if (!expires || !mac || Number(expires) * 1000 < Date.now()) return false;
    return safeEqual(mac, unlockMac(deps.secretKey, link, Number(expires)));
  }
};

const cookieName = (link: ShareLinkRow) => `cl_unlock_${link.id.replaceAll('-', '').slice(-12)}`;
const unlockMac = (key: Buffer, link: ShareLinkRow, expires: number) =>
  createHmac('sha256', key).update(`unlock:${link.id}:${link.passcodeHash}:${expires}`).digest('base64url');

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) out[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return out;
}

/** Form posts must come from our own pages (CSRF): browsers send Origin on cross-site POSTs. */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return req.headers['sec-fetch-site'] !== 'cross-site';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

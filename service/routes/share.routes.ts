import { createHmac } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Services } from '../container';
import { safeEqual } from '../crypto';
import { isFeedbackKind, readFeedbackForm } from '../domain/feedback';
import { LOCALES, type Locale } from '../domain/model';
import { pickLocale } from '../render/i18n/i18n';
import { pageTranslator as translator } from '../render/page-translators';
import { renderErrorPage } from '../render/pages/error-page';
import type { FeedbackFormState } from '../render/pages/feedback-section';
import { renderGonePage } from '../render/pages/gone-page';
import { renderNotFoundPage } from '../render/pages/not-found-page';
import { renderPasscodePage } from '../render/pages/passcode-page';
import { pageStylesCsp } from '../render/pages/styles';
import type { ShareLinkRow } from '../store/schema';

export interface ShareRouteDeps {
  services: Services;
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
const PageQuery = z.object({
  lang: z.string().max(20).optional(),
  /** Set by the redirect after a feedback post: the page shows its confirmation. */
  sent: z.string().max(40).optional(),
});
/** 4 000 characters of Chinese are 36 KB once form-encoded. */
const FEEDBACK_BODY_LIMIT = 64 * 1024;

const SECURITY_HEADERS = {
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': [
    "default-src 'none'",
    `style-src ${pageStylesCsp}`,
    'img-src data:',
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
};

/**
 * The client's pages (and the feedback form they post). No script at all; one style block, allowed by its hash; never cached by browsers or
 * proxies, never indexed, never framed, no referrer. A revoked or expired link is dead on the next request
 * (share-pages.service.ts keeps finished pages only while nothing changed).
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
  app.addHook('onSend', (_req, reply, payload, done) => {
    void reply.headers(SECURITY_HEADERS);
    done(null, payload);
  });
  app.addHook('onClose', () => services.shareLinks.flushViews());

  // A failure on a client page is a plain page in the reader's language, logged with its request id. A
  // malformed request (a bad token or query, a body too large or of a type no form sends) reads as an
  // unknown page.
  app.setErrorHandler((error, req, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 400 && status < 500)
      return html(
        reply,
        404,
        renderNotFoundPage({ t: translator(pickLocale(req.headers['accept-language']) ?? 'en') }),
      );
    req.log.error({ err: error }, 'client page failed');
    const t = translator(pickLocale(req.headers['accept-language']) ?? 'en');
    return html(reply, 500, renderErrorPage({ t }));
  });
  const html = (reply: FastifyReply, status: number, body: string | Buffer) =>
    reply.code(status).type('text/html; charset=utf-8').send(body);
  const languagesFor = (token: string, current: Locale) =>
    LOCALES.map((locale) => ({ locale, href: `/s/${token}?lang=${locale}`, current: locale === current }));

  async function open(req: FastifyRequest, reply: FastifyReply, token: string) {
    const opened = await services.sharePages.open(token);
    if (!opened) {
      const t = translator(pickLocale(req.headers['accept-language']) ?? 'en');
      return { done: html(reply, 404, renderNotFoundPage({ t })) };
    }
    if (opened.state !== 'active') {
      const t = translator(opened.link.locale);
      return { done: html(reply, 410, renderGonePage({ t, reason: opened.state })) };
    }
    return { opened, link: opened.link };
  }

  app.get(
    '/s/:token',
    { schema: { hide: true, params: TokenParams, querystring: PageQuery } },
    async (req, reply) => {
      const { token } = req.params;
      const result = await open(req, reply, token);
      if (!result.link) return result.done;
      const { link, opened } = result;
      const locale = pickLocale(req.query.lang) ?? link.locale;
      const t = translator(locale);
      if (link.passcodeHash && !isUnlocked(req, link)) {
        const page = renderPasscodePage({
          t,
          action: `/s/${token}/unlock`,
          error: null,
          languages: languagesFor(token, locale),
        });
        return html(reply, 200, page);
      }
      const sent = isFeedbackKind(req.query.sent) ? { sent: req.query.sent } : null;
      const page = await services.sharePages.page(token, opened, locale, sent);
      if (!page) return html(reply, 410, renderGonePage({ t, reason: 'revoked' }));
      services.shareLinks.recordView(link);
      return html(reply, 200, page);
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
      const result = await open(req, reply, token);
      if (!result.link) return result.done;
      const { link } = result;
      const t = translator(link.locale);
      const page = (status: number, error: 'wrong' | 'rate_limited') =>
        html(
          reply,
          status,
          renderPasscodePage({
            t,
            action: `/s/${token}/unlock`,
            error,
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

  // Client feedback, a plain form post: stored before the answer, then 303 back to the page's confirmation;
  // anything wrong answers the page again with the client's text kept and the problem said in words.
  app.post(
    '/s/:token/feedback',
    {
      bodyLimit: FEEDBACK_BODY_LIMIT,
      schema: {
        hide: true,
        params: TokenParams,
        querystring: PageQuery,
        body: z.record(z.string(), z.unknown()).optional(),
      },
    },
    async (req, reply) => {
      const { token } = req.params;
      const result = await open(req, reply, token);
      if (!result.link) return result.done;
      const { link, opened } = result;
      const locale = pickLocale(req.query.lang) ?? link.locale;
      const t = translator(locale);
      if (link.passcodeHash && !isUnlocked(req, link)) {
        const languages = languagesFor(token, locale);
        return html(
          reply,
          403,
          renderPasscodePage({ t, action: `/s/${token}/unlock`, error: null, languages }),
        );
      }
      const form = readFeedbackForm(req.body ?? {});
      const outcome = sameOrigin(req)
        ? await services.feedback.submit({ link, locale, ip: req.ip, form })
        : ({ result: 'forbidden' } as const);
      if (outcome.result === 'sent')
        return reply.redirect(`/s/${token}?lang=${locale}&sent=${outcome.kind}#feedback`, 303);
      // A refused post is not echoed back: another site must not be able to fill our form with its text.
      const state: FeedbackFormState = {
        values: outcome.result === 'forbidden' ? readFeedbackForm({}).values : form.values,
        errors: outcome.result === 'invalid' ? outcome.errors : {},
        problem: outcome.result === 'invalid' ? undefined : outcome.result,
        retryAfterSeconds: outcome.result === 'rate_limited' ? outcome.retryAfterSeconds : undefined,
      };
      if (outcome.result === 'rate_limited')
        void reply.header('Retry-After', String(outcome.retryAfterSeconds));
      const page = await services.sharePages.page(token, opened, locale, state);
      if (!page) return html(reply, 410, renderGonePage({ t, reason: 'revoked' }));
      const status = { invalid: 400, forbidden: 403, rate_limited: 429 }[outcome.result];
      return html(reply, status, page);
    },
  );

  // Any other path or method under /s/ is an unknown page as well, never the API's problem+json.
  app.all('/s/*', { schema: { hide: true } }, (req, reply) =>
    html(
      reply,
      404,
      renderNotFoundPage({ t: translator(pickLocale(req.headers['accept-language']) ?? 'en') }),
    ),
  );

  function isUnlocked(req: FastifyRequest, link: ShareLinkRow): boolean {
    const value = parseCookies(req.headers.cookie)[cookieName(link)];
    const [expires, mac] = (value ?? '').split('.');
    if (!expires || !mac || Number(expires) * 1000 < Date.now()) return false;
    return safeEqual(mac, unlockMac(deps.secretKey, link, Number(expires)));
  }
};

/** The unknown-page answer for a client-page URL Fastify refuses before routing (`frameworkErrors`, app.ts). */
export const sendNotFoundPage = (req: FastifyRequest, reply: FastifyReply): void =>
  void reply
    .code(404)
    .headers(SECURITY_HEADERS)
    .type('text/html; charset=utf-8')
    .send(renderNotFoundPage({ t: translator(pickLocale(req.headers['accept-language']) ?? 'en') }));

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

/**
 * Form posts must come from our own pages (CSRF): browsers send Origin on cross-site POSTs. Our pages send
 * `Referrer-Policy: no-referrer`, under which Chromium posts their own forms with `Origin: null`; a `null`
 * Origin is accepted only with `Sec-Fetch-Site: same-origin` (a sandboxed attacker frame sends `null` too,
 * but never that).
 */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === 'null') return req.headers['sec-fetch-site'] === 'same-origin';
  if (!origin) return req.headers['sec-fetch-site'] !== 'cross-site';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

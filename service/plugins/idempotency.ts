import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { parseIdempotencyKey, requestFingerprint } from '../domain/idempotency';
import type { IdempotencyService, IdempotentAttempt, StoredAnswer } from '../services/idempotency.service';
import { sendProblem } from './errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route accepts `Idempotency-Key` (POSTs that create things): a retried request creates one thing. */
    idempotent?: boolean;
  }
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEPT_HEADERS = ['location', 'content-type'] as const;

interface Pending {
  key: string;
  fingerprint: string;
  attempt?: IdempotentAttempt;
}

/**
 * `Idempotency-Key` on the routes whose config says `idempotent: true`; needs `request.auth` (register it
 * after the API-key check). Without the header a request runs as usual. The key is checked before the body
 * (400 naming the header); it is reserved after validation, so a request that fails validation leaves no
 * trace and can be corrected and sent again with the same key (as Stripe does). The answer is stored when
 * it is sent: 2xx and 4xx alike are replayed to retries; a 5xx gives the key back, so a retry runs again.
 */
export const idempotency = fp<{ store: IdempotencyService }>(
  async (app: FastifyInstance, { store }) => {
    const pending = new WeakMap<FastifyRequest, Pending>();

    app.addHook('preValidation', async (request, reply) => {
      if (!request.routeOptions.config.idempotent) return;
      const header = request.headers['idempotency-key'];
      if (header === undefined) return;
      const key = parseIdempotencyKey(header);
      if (key === null) {
        const message = 'must be 1–255 printable ASCII characters (a UUID is best), sent once';
        return sendProblem(
          reply,
          request,
          400,
          'validation_failed',
          `The ${IDEMPOTENCY_HEADER} header is not valid: it ${message}.`,
          [{ field: IDEMPOTENCY_HEADER, message }],
        );
      }
      // The body as parsed from JSON, before validation turns it into its typed form.
      pending.set(request, {
        key,
        fingerprint: requestFingerprint(request.method, request.url, request.body),
      });
    });

    app.addHook('preHandler', async (request, reply) => {
      const found = pending.get(request);
      if (!found) return;
      let start;
      try {
        start = await store.start(request.auth.workspaceId, found.key, found.fingerprint);
      } catch (err) {
        pending.delete(request);
        request.log.error({ err }, 'idempotency keys unavailable');
        // The client asked for a guarantee this server cannot give now: refuse rather than risk a duplicate.
        return sendProblem(
          reply,
          request,
          503,
          'idempotency_unavailable',
          `${IDEMPOTENCY_HEADER} cannot be checked right now (Redis is unavailable), so nothing was done. Retry shortly with the same key.`,
        );
      }
      switch (start.kind) {
        case 'started':
          found.attempt = start.attempt;
          return;
        case 'replay':
          pending.delete(request);
          return replay(reply, start.answer);
        case 'in_flight':
          pending.delete(request);
          void reply.header('Retry-After', '1');
          return sendProblem(
            reply,
            request,
            409,
            'idempotency_key_in_flight',
            `A request with this ${IDEMPOTENCY_HEADER} is still being processed. Retry in a second to get its answer.`,
          );
        case 'reused':
          pending.delete(request);
          return sendProblem(
            reply,
            request,
            422,
            'idempotency_key_reused',
            `This ${IDEMPOTENCY_HEADER} was already used for a different request (another path or body). Send a new key for a new request.`,
          );
      }
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const attempt = pending.get(request)?.attempt;
      if (!attempt) return payload;
      pending.delete(request);
      const answer = reply.statusCode >= 500 ? null : storedAnswer(reply, payload);
      if (answer === undefined) request.log.warn('a streamed answer cannot be kept for its idempotency key');
      try {
        await attempt.finish(answer ?? null);
      } catch (err) {
        // The work is done and its answer goes out; only a retry within the lock's lifetime is protected.
        request.log.error({ err }, 'could not store the answer of an idempotency key');
      }
      return payload;
    });
  },
  { name: 'idempotency', dependencies: ['api-key-auth'] },
);

function replay(reply: FastifyReply, answer: StoredAnswer): FastifyReply {
  void reply.code(answer.status).headers(answer.headers).header('Idempotent-Replayed', 'true');
  // A string with its JSON content type is sent as is: the same bytes as the first answer.
  return answer.body === null ? reply.send() : reply.send(answer.body);
}

/** The answer as it leaves (serialized); undefined when it is a stream, which cannot be kept. */
function storedAnswer(reply: FastifyReply, payload: unknown): StoredAnswer | undefined {
  let body: string | null;
  if (payload === undefined || payload === null) body = null;
  else if (typeof payload === 'string') body = payload;
  else if (Buffer.isBuffer(payload)) body = payload.toString('utf8');
  else return undefined;
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status: reply.statusCode, headers, body };
}

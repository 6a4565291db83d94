import type { FastifySchema } from 'fastify';
import { z } from 'zod';
import { IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_TTL_HOURS } from '../domain/idempotency';
import { problemResponses } from './common';

/**
 * OpenAPI for what every /api/v1 operation shares beyond its route: the per-key rate limit (429 and its
 * headers) and, on routes with `config: { idempotent: true }`, the `Idempotency-Key` header and its
 * answers. Applied by the swagger transform in app.ts, so routes declare only their own responses.
 */
export const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(IDEMPOTENCY_KEY_MAX)
    .optional()
    .meta({
      description: `Makes a retry safe: send a new unique value (a UUID) with each request, and the same one when you retry it. A retry with the same key, path and body gets the first answer again (same status and body, header \`Idempotent-Replayed: true\`) instead of doing the work twice; while the first is still running the answer is \`409 idempotency_key_in_flight\` with \`Retry-After\`; the same key with another path or body is \`422 idempotency_key_reused\`. Keys belong to the workspace; answers (2xx and 4xx) are kept ${IDEMPOTENCY_TTL_HOURS} hours, a 5xx is not kept so its retry runs again. 1–${IDEMPOTENCY_KEY_MAX} printable ASCII characters, bare or as a quoted Structured Field string (draft-ietf-httpapi-idempotency-key-header). When keys cannot be checked the answer is \`503 idempotency_unavailable\` and nothing was done.`,
      example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
    }),
});

const IDEMPOTENCY_ANSWERS: Record<number, string> = {
  409: '`idempotency_key_in_flight`: a request with this `Idempotency-Key` is still running; retry after `Retry-After` seconds for its answer.',
  422: '`idempotency_key_reused`: this `Idempotency-Key` was used for a different request.',
  503: '`idempotency_unavailable`: the `Idempotency-Key` cannot be checked now; nothing was done, retry shortly.',
};

const RATE_LIMITED =
  "`rate_limited`: this API key's requests for the minute are spent (`API_RATE_LIMIT_PER_MINUTE` of the server, 600 by default). Retry after `Retry-After` seconds. Every /api/v1 answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.";

const seconds = (description: string) => ({ type: 'integer', minimum: 0, description });
const RATE_LIMIT_HEADERS = {
  'Retry-After': seconds('Seconds to wait before the next request.'),
  'RateLimit-Limit': seconds('Requests this API key may send per minute.'),
  'RateLimit-Remaining': seconds('Requests left in the current minute.'),
  'RateLimit-Reset': seconds('Seconds until the budget is whole again.'),
};
const REPLAYED_HEADER = {
  'Idempotent-Replayed': {
    type: 'string',
    enum: ['true'],
    description:
      'Present when this is the stored answer of an earlier request with the same `Idempotency-Key`.',
  },
};

type Responses = Record<string, { description?: string } & Record<string, unknown>>;

/** Before the zod transform: the 429 on every operation; the header and its answers on idempotent ones. */
export function withApiGuardSchemas(schema: FastifySchema, idempotent: boolean): FastifySchema {
  const own = (schema.response ?? {}) as Responses;
  const response: Responses = { ...own };
  response[429] ??= { ...problemResponses(429)[429], description: RATE_LIMITED };
  if (!idempotent) return { ...schema, response };
  for (const [status, text] of Object.entries(IDEMPOTENCY_ANSWERS)) {
    const existing = own[status];
    response[status] = existing
      ? { ...existing, description: `${existing.description ?? ''} Or ${text}`.trim() }
      : { ...problemResponses(Number(status))[Number(status)], description: text };
  }
  const headers =
    schema.headers instanceof z.ZodObject
      ? schema.headers.extend(IdempotencyHeaders.shape)
      : IdempotencyHeaders;
  return { ...schema, headers, response };
}

/** After the zod transform (which keeps no response headers): the headers of 429 and of replayed answers. */
export function withApiGuardHeaders(schema: FastifySchema, idempotent: boolean): FastifySchema {
  const response = { ...((schema.response ?? {}) as Responses) };
  for (const [status, entry] of Object.entries(response)) {
    if (status === '429') response[status] = { ...entry, headers: RATE_LIMIT_HEADERS };
    else if (idempotent && status.startsWith('2')) response[status] = { ...entry, headers: REPLAYED_HEADER };
  }
  return { ...schema, response };
}

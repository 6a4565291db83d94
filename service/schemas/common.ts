import { z } from 'zod';
import { encodeCursor } from '../store/paging';

export const FieldErrorSchema = z.object({
  field: z.string().meta({ description: 'The input field, as a dotted path (e.g. `credentials.clientId`).' }),
  message: z.string(),
});

/** RFC 9457 problem details with a stable `code`. */
export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: 'A URI naming the problem type.' }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable, snake_case: the value to branch on.' }),
    detail: z.string().meta({ description: 'A plain sentence saying what went wrong and what to do.' }),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({
    id: 'Problem',
    example: {
      type: 'urn:clientlens:problem:not_found',
      title: 'Not Found',
      status: 404,
      code: 'not_found',
      detail: 'Project was not found.',
    },
  });
export type Problem = z.output<typeof ProblemSchema>;

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid; `errors` names each bad field.',
  401: 'The API key is missing, malformed, revoked or unknown.',
  404: 'No such resource in this workspace.',
  409: 'The request conflicts with the current state.',
  413: 'The body is larger than this route accepts.',
  415: 'The body is not sent as `application/json`.',
  422: 'The request is well-formed but cannot be carried out: the upstream tool refused it, or this server lacks a setting; `detail` says why.',
  429: 'Too many requests; retry after `Retry-After` seconds.',
  500: 'Something failed on our side; `requestId` finds it in the server log. Nothing secret is in the answer.',
  503: 'A dependency (queue or database) is unavailable; retry shortly.',
};

const problem = (
  status: number,
  title: string,
  code: string,
  detail: string,
  instance: string,
  errors?: z.output<typeof FieldErrorSchema>[],
): Problem => ({
  type: `urn:clientlens:problem:${code}`,
  title,
  status,
  code,
  detail,
  instance,
  requestId: '5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93',
  ...(errors ? { errors } : {}),
});

/**
 * Realistic answers, as the error handler writes them (service/plugins/errors.ts), by `code`. The first one
 * of each status is that status's example; a response whose description names another `code` shows that one
 * (see schemas/openapi-document.ts).
 */
export const PROBLEM_EXAMPLES: readonly Problem[] = [
  problem(
    400,
    'Bad Request',
    'validation_failed',
    'Some fields are not valid: credentials.clientSecret Invalid input: expected string, received undefined.',
    '/api/v1/connections',
    [{ field: 'credentials.clientSecret', message: 'Invalid input: expected string, received undefined' }],
  ),
  problem(
    400,
    'Bad Request',
    'invalid_cursor',
    'The cursor is not one this API returned.',
    '/api/v1/projects',
  ),
  problem(400, 'Bad Request', 'invalid_json', 'The body is not valid JSON.', '/api/v1/connections'),
  problem(
    401,
    'Unauthorized',
    'unauthorized',
    'The API key is not valid (unknown or revoked).',
    '/api/v1/projects',
  ),
  problem(
    401,
    'Unauthorized',
    'webhook_rejected',
    'The webhook signature is missing or does not match this connection.',
    '/webhooks/pingcode/0193a000-0000-7000-8000-0000000000f1',
  ),
  problem(
    404,
    'Not Found',
    'not_found',
    'Project was not found.',
    '/api/v1/projects/0193a000-0000-7000-8000-0000000000a1',
  ),
  problem(
    409,
    'Conflict',
    'update_published',
    'A published update cannot be changed; write a new one.',
    '/api/v1/updates/0193a000-0000-7000-8000-0000000000b1',
  ),
  problem(
    409,
    'Conflict',
    'reply_required',
    'Feedback can be marked answered only with a reply.',
    '/api/v1/feedback/0193a000-0000-7000-8000-0000000000e1',
  ),
  problem(
    409,
    'Conflict',
    'idempotency_key_in_flight',
    'A request with this Idempotency-Key is still being processed. Retry in a second to get its answer.',
    '/api/v1/connections',
  ),
  problem(
    413,
    'Payload Too Large',
    'body_too_large',
    'The body is larger than this API accepts.',
    '/api/v1/connections',
  ),
  problem(
    415,
    'Unsupported Media Type',
    'unsupported_media_type',
    'Send the body as application/json.',
    '/api/v1/connections',
  ),
  problem(
    422,
    'Unprocessable Content',
    'upstream_credentials_rejected',
    'PingCode refused the client ID and secret. Check the app under Admin → Credential management (凭据管理) and update the connection.',
    '/api/v1/connections',
  ),
  problem(
    422,
    'Unprocessable Content',
    'upstream_unreachable',
    'PingCode could not be reached (ECONNREFUSED). Check the base URL and try again.',
    '/api/v1/connections',
  ),
  problem(
    422,
    'Unprocessable Content',
    'email_not_configured',
    'This server cannot send email: SMTP_URL is not set. Set SMTP_URL (and MAIL_FROM) on the ClientLens server, or remove the email channel (channels.0).',
    '/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/comm-plan',
    [{ field: 'channels.0', message: 'needs SMTP_URL to be set on the server' }],
  ),
  problem(
    422,
    'Unprocessable Content',
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request (another path or body). Send a new key for a new request.',
    '/api/v1/connections',
  ),
  problem(
    429,
    'Too Many Requests',
    'rate_limited',
    'This API key sent more than 600 requests in a minute. Retry after 12 seconds.',
    '/api/v1/projects',
  ),
  problem(
    500,
    'Internal Server Error',
    'internal_error',
    'Something went wrong on our side. It is logged under request id 5f0c6a1e-8d3b-4c2a-9e71-2b6d4f8a0c93.',
    '/api/v1/projects/0193a000-0000-7000-8000-0000000000a1/summary',
  ),
  problem(
    503,
    'Service Unavailable',
    'queue_unavailable',
    'The job queue (Redis) is unavailable; try again shortly.',
    '/api/v1/connections/0193a000-0000-7000-8000-0000000000f1/syncs',
  ),
  problem(
    503,
    'Service Unavailable',
    'idempotency_unavailable',
    'Idempotency-Key cannot be checked right now (Redis is unavailable), so nothing was done. Retry shortly with the same key.',
    '/api/v1/connections',
  ),
];

/** One problem+json response, described for this route (name the `code` it answers: its example follows). */
export const problemResponse = (status: number, description = STATUS_TEXT[status] ?? 'Error') => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The problem+json responses a route can answer, for OpenAPI and for response serialization. */
export function problemResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((status) => [status, problemResponse(status)])) as Record<
    S,
    ReturnType<typeof problemResponse>
  >;
}

/**
 * `schema` as the OpenAPI component `id`, with an example typed against the schema here and validated
 * against the generated document by test/integration/openapi.test.ts. Request bodies give every field
 * (defaults included), so the example is valid for what a client sends and for what the route reads.
 */
export const component = <T extends z.ZodType>(
  schema: T,
  meta: { id: string; description?: string },
  example: z.output<NoInfer<T>>,
): T => schema.meta({ ...meta, example });

const exampleOf = (schema: z.ZodType): unknown => z.globalRegistry.get(schema)?.example;

/**
 * A success response: `schema` (still a `$ref` to its component) with the response's description, instead
 * of the generator's "Default Response". The component keeps its own example and description.
 */
export const answer = <T extends z.ZodType>(schema: T, description: string): T =>
  schema.meta({ description, example: undefined });

export const IdParams = z.object({ id: z.uuid({ error: 'must be an id returned by this API' }) });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Items per page (1–200).' }),
  cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
});

/** A cursor page of `item`; its example is one page of the item's example, with the cursor after it. */
export const pageOf = <T extends z.ZodType>(item: T, id: string) => {
  const example = exampleOf(item) as { id?: unknown } | undefined;
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
    })
    .meta({
      id,
      ...(example
        ? {
            example: {
              items: [example],
              nextCursor: typeof example.id === 'string' ? encodeCursor(example.id) : null,
            },
          }
        : {}),
    });
};

/** A whole list of `item` (no paging); its example lists the item's example. */
export const listOf = <T extends z.ZodType>(item: T, id: string) => {
  const example = exampleOf(item);
  return z
    .object({ items: z.array(item) })
    .meta({ id, ...(example ? { example: { items: [example] } } : {}) });
};

export const isoInstant = (date: Date | null): string | null => (date ? date.toISOString() : null);
export const Instant = z.iso.datetime().meta({ description: 'ISO 8601 instant (UTC).' });
export const CalendarDate = z.iso.date().meta({ description: 'Calendar date, YYYY-MM-DD.' });

import { z } from 'zod';

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
  422: 'The request is well-formed but cannot be carried out: the upstream tool refused it, or this server lacks a setting; `detail` says why.',
  429: 'Too many requests; retry after `Retry-After` seconds.',
  503: 'A dependency (queue or database) is unavailable; retry shortly.',
};

/** The problem+json responses a route can answer, for OpenAPI and for response serialization. */
export function problemResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: STATUS_TEXT[status] ?? 'Error',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  ) as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }
  >;
}

export const IdParams = z.object({ id: z.uuid({ error: 'must be an id returned by this API' }) });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Items per page (1–200).' }),
  cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
});

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
    })
    .meta({ id });

export const isoInstant = (date: Date | null): string | null => (date ? date.toISOString() : null);
export const Instant = z.iso.datetime().meta({ description: 'ISO 8601 instant (UTC).' });
export const CalendarDate = z.iso.date().meta({ description: 'Calendar date, YYYY-MM-DD.' });

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from '../errors';
import { maskShareToken } from '../logger';
import type { Problem } from '../schemas/common';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Fastify's own client errors, given stable codes and plain sentences. */
const FASTIFY_CODES: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', detail: 'The body is empty but JSON was announced.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', detail: 'The body is larger than this API accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    detail: 'Send the body as application/json.',
  },
  FST_ERR_BAD_URL: {
    code: 'invalid_url',
    detail: 'The path is not a valid URL: check its percent-encoding.',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'uri_too_long',
    detail: 'A segment of the path is longer than any id this API uses.',
  },
};

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
): FastifyReply {
  const problem: Problem = {
    type: `urn:clientlens:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    instance: maskShareToken(request.url.split('?')[0] ?? request.url),
    requestId: request.id,
    ...(errors?.length ? { errors } : {}),
  };
  return reply.code(status).type('application/problem+json').send(problem);
}

/**
 * Errors Fastify raises before any route (and so any error handler) is found — a malformed percent-encoding,
 * a path segment over `maxParamLength` — as problem+json too (Fastify's `frameworkErrors` option).
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = FASTIFY_CODES[error.code];
  if (known) return void sendProblem(reply, request, error.statusCode ?? 400, known.code, known.detail);
  request.log.error({ err: error }, 'unhandled framework error');
  void sendProblem(
    reply,
    request,
    500,
    'internal_error',
    `Something went wrong on our side. It is logged under request id ${request.id}.`,
  );
}

/** Every error leaves as application/problem+json with a stable code; a 5xx never shows internals. */
export const errorHandler = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const part = error.validationContext ?? 'body';
      const errors = error.validation.map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || part,
        message: issue.message ?? 'is invalid',
      }));
      const where = part === 'body' ? '' : ` in the ${part}`;
      return sendProblem(
        reply,
        request,
        400,
        'validation_failed',
        `Some fields${where} are not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
        errors,
      );
    }
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return sendProblem(reply, request, error.status, error.code, error.message, error.details?.errors);
    }
    const known = FASTIFY_CODES[error.code];
    if (known) return sendProblem(reply, request, error.statusCode ?? 400, known.code, known.detail);
    if (!isResponseSerializationError(error) && error.statusCode && error.statusCode < 500)
      return sendProblem(reply, request, error.statusCode, 'bad_request', error.message);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      request,
      500,
      'internal_error',
      `Something went wrong on our side. It is logged under request id ${request.id}.`,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      404,
      'route_not_found',
      `There is no ${request.method} ${request.url.split('?')[0]}.`,
    ),
  );
});

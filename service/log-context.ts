import { AsyncLocalStorage } from 'node:async_hooks';

interface LogContext {
  fields: Readonly<Record<string, string>>;
  /** A logger that binds these fields already (Fastify's `request.log`): its lines do not repeat them. */
  owner: unknown;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with fields every log line written meanwhile carries — by any logger built by `createLogger`,
 * also the ones services were given at start-up — so a service's line inside a request or a job says
 * which one (`reqId`; `queue` and `jobId`).
 */
export function inLogContext<T>(fields: Record<string, string>, fn: () => T, owner?: unknown): T {
  return storage.run({ fields, owner }, fn);
}

/** The fields of one BullMQ job (a worker's processor or event handler). */
export const jobLogFields = (job: {
  id?: string | undefined;
  queueName: string;
}): Record<string, string> => ({
  queue: job.queueName,
  jobId: job.id ?? 'unknown',
});

/** Wraps a BullMQ processor so every line logged while it runs names its queue and job. */
export function withJobLogContext<
  J extends { id?: string | undefined; queueName: string },
  A extends unknown[],
  R,
>(processor: (job: J, ...rest: A) => R): (job: J, ...rest: A) => R {
  return (job, ...rest) => inLogContext(jobLogFields(job), () => processor(job, ...rest));
}

/** pino's `mixin`: a fresh object each line (pino merges the line's own fields into it). */
export function logContextMixin(_line: object, _level: number, logger: unknown): object {
  const context = storage.getStore();
  if (!context || context.owner === logger) return {};
  return { ...context.fields };
}

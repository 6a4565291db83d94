/** Errors are data: a stable snake_case `code`, an HTTP status, a plain message and optional details. */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: { errors?: FieldError[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function createError(
  code: string,
  status: number,
  message: string,
  details?: AppError['details'],
): AppError {
  return new AppError(code, status, message, details);
}

export const notFound = (what: string): AppError => createError('not_found', 404, `${what} was not found.`);

/** A start-up failure whose message is the whole story (what is wrong, what to do): shown without a stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** An answer in PingCode's error shape: HTTP status plus `{"code":"100xxx","message":"…"}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get body(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, '100404', `${what} 不存在 (not found)`);
export const badRequest = (message: string): ApiError => new ApiError(400, '100040', message);

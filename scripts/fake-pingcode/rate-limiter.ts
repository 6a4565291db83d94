/**
 * A sliding 60-second window per caller identity, like PingCode's "200 requests per minute per caller"
 * (reference/upstream-apis.md §1.4). Only admitted requests count, so a client that keeps retrying
 * early does not push its own wait further out.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Admits and records one request (returns 0), or returns the whole seconds (≥ 1) until a slot frees. */
  take(key: string, limit: number): number {
    const now = this.clock();
    let log = this.hits.get(key);
    if (!log) {
      log = [];
      this.hits.set(key, log);
    }
    let expired = 0;
    while (expired < log.length && (log[expired] ?? 0) <= now - this.windowMs) expired++;
    if (expired > 0) log.splice(0, expired);
    if (log.length < limit) {
      log.push(now);
      return 0;
    }
    // The limit may have been lowered at runtime: the slot frees when the (length - limit)-th hit expires.
    const freesAt = (log[log.length - limit] ?? now) + this.windowMs;
    return Math.max(1, Math.ceil((freesAt - now) / 1000));
  }

  reset(): void {
    this.hits.clear();
  }
}

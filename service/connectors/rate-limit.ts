import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ConnectorError, type RequestLimiter } from './http';

/** Short waits are slept through; a longer one hands the job back to the queue (delayed) instead. */
const MAX_INLINE_WAIT_MS = 3_000;

/**
 * A per-connection request budget shared by every worker process through Redis, so N workers together
 * stay under the tool's documented limit (e.g. PingCode's 200 requests per minute).
 */
export function redisRequestLimiter(
  redis: Redis,
  requestsPerMinute: number,
  keyPrefix: string,
): RequestLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${keyPrefix}:upstream-rpm`,
    points: requestsPerMinute,
    duration: 60,
  });
  async function take(key: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      try {
        await limiter.consume(key, 1);
        return;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const wait = rejection.msBeforeNext;
        if (wait > MAX_INLINE_WAIT_MS)
          throw new ConnectorError(
            'rate_limited',
            'The request budget for this connection is spent for now.',
            {
              retryable: true,
              retryAfterMs: wait,
            },
          );
        await sleep(wait, undefined, signal ? { signal } : undefined);
      }
    }
  }

  // One permit per key is taken ahead, in the background, so a request does not wait for a Redis round
  // trip before it is sent. Cost: at most one permit per connection per window goes unused or late.
  const reserved = new Map<string, Promise<boolean>>();
  return {
    async acquire(key, signal) {
      const held = reserved.get(key);
      reserved.delete(key);
      if (!(held && (await held))) await take(key, signal);
      reserved.set(
        key,
        limiter.consume(key, 1).then(
          () => true,
          () => false,
        ),
      );
    },
  };
}

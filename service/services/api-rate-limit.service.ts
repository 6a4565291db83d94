import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** What one request did to its key's budget: the `RateLimit-*` headers, and whether it may proceed. */
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the budget is whole again (also `Retry-After` when refused). */
  resetSeconds: number;
}

export type ApiRateLimiter = ReturnType<typeof createApiRateLimiter>;

const WINDOW_S = 60;
const WARN_EVERY_MS = 60_000;

/**
 * The request budget of each API key, per minute, counted in Redis so every API process shares it.
 * While Redis does not answer, each process counts alone in memory (the budget is then per process):
 * integrators keep working during a Redis outage, and the outage is logged once a minute.
 */
export function createApiRateLimiter(deps: {
  redis: Redis;
  keyPrefix: string;
  perMinute: number;
  logger: Logger;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const points = deps.perMinute;
  const shared = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: `${deps.keyPrefix}:api-rate`,
    points,
    duration: WINDOW_S,
    rejectIfRedisNotReady: true,
  });
  const local = new RateLimiterMemory({ keyPrefix: 'api-rate', points, duration: WINDOW_S });
  let warnedAt = -Infinity;

  const verdict = (res: RateLimiterRes, allowed: boolean): RateLimitVerdict => ({
    allowed,
    limit: points,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });

  async function consumeIn(limiter: RateLimiterRedis | RateLimiterMemory, key: string) {
    try {
      return verdict(await limiter.consume(key), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return verdict(rejection, false);
      throw rejection;
    }
  }

  return {
    /** Counts one request of this API key. */
    async consume(apiKeyId: string): Promise<RateLimitVerdict> {
      try {
        return await consumeIn(shared, apiKeyId);
      } catch (err) {
        if (now() - warnedAt >= WARN_EVERY_MS) {
          warnedAt = now();
          deps.logger.warn({ err }, 'API rate limits are counted per process: Redis is unavailable');
        }
        return consumeIn(local, apiKeyId);
      }
    },
  };
}

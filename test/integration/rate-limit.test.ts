import { Redis } from 'ioredis';
import { afterAll, describe, expect, test } from 'vitest';
import { ConnectorError } from '../../service/connectors/http';
import { redisRequestLimiter } from '../../service/connectors/rate-limit';
import { TEST_REDIS_URL, uniqueName } from '../support/env';

/** The per-connection request budget, counted in Redis so every worker process shares it. */
describe('upstream request budget', () => {
  const redis = new Redis(TEST_REDIS_URL);
  afterAll(() => redis.quit());

  test('two workers together get the budget once; the next request is told how long to wait', async () => {
    const prefix = uniqueName('budget');
    const workerA = redisRequestLimiter(redis, 5, prefix);
    const workerB = redisRequestLimiter(redis, 5, prefix);
    for (const limiter of [workerA, workerB, workerA, workerB, workerA])
      await limiter.acquire('connection-1');
    const error = await workerB.acquire('connection-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect((error as ConnectorError).retryAfterMs).toBeGreaterThan(50_000);
    // Another connection has its own budget.
    await expect(workerA.acquire('connection-2')).resolves.toBeUndefined();
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createLogger } from '../../service/logger';
import { createApiRateLimiter } from '../../service/services/api-rate-limit.service';
import { TEST_REDIS_URL } from '../support/env';
import { startHarness, type Harness } from '../support/harness';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const LIMIT = 5;

/** Each API key's request budget (API_RATE_LIMIT_PER_MINUTE), counted in real Redis. */
describe('API rate limit per key', () => {
  let h: Harness;
  /** Redis behind a proxy, to take it away for the last test. */
  let proxy: TcpProxy;

  beforeAll(async () => {
    proxy = await startTcpProxy(TEST_REDIS_URL);
    h = await startHarness({ env: { REDIS_URL: proxy.url, API_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  });
  afterAll(async () => {
    await h.close();
    await proxy.close();
  });

  const headersOf = (res: LightMyRequestResponse) => ({
    limit: res.headers['ratelimit-limit'],
    remaining: res.headers['ratelimit-remaining'],
    reset: Number(res.headers['ratelimit-reset']),
  });

  test('the 6th request of a key in a minute → 429 rate_limited with Retry-After; RateLimit-* on every answer', async () => {
    for (let i = 1; i <= LIMIT; i++) {
      const res = await h.api('GET', '/api/v1/projects');
      expect(res.statusCode).toBe(200);
      const headers = headersOf(res);
      expect(headers).toMatchObject({ limit: String(LIMIT), remaining: String(LIMIT - i) });
      expect(headers.reset).toBeGreaterThanOrEqual(1);
      expect(headers.reset).toBeLessThanOrEqual(60);
    }
    const refused = await h.api('GET', '/api/v1/projects');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(headersOf(refused)).toMatchObject({ limit: String(LIMIT), remaining: '0' });
    expect(headersOf(refused).reset).toBe(retryAfter);
  });

  test('over the limit nothing is done: a refused POST creates nothing', async () => {
    const res = await h.api('POST', '/api/v1/webhook-subscriptions', {
      url: 'http://127.0.0.1:9/refused',
      events: ['sync.completed'],
    });
    expect(res.statusCode).toBe(429);
    const { key } = await h.runtime.container.services.workspaces.createKey(h.workspaceId, 'check');
    const list = await h.api('GET', '/api/v1/webhook-subscriptions', undefined, key);
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  test('another key, even of the same workspace, has its own budget', async () => {
    const { key } = await h.runtime.container.services.workspaces.createKey(h.workspaceId, 'second');
    const res = await h.api('GET', '/api/v1/projects', undefined, key);
    expect(res.statusCode).toBe(200);
    expect(headersOf(res)).toMatchObject({ limit: String(LIMIT), remaining: String(LIMIT - 1) });
    // The first key is still refused.
    expect((await h.api('GET', '/api/v1/projects')).statusCode).toBe(429);
  });

  test('the count lives in Redis: another process sees what this one counted', async () => {
    const { apiKey, key } = await h.runtime.container.services.workspaces.createKey(h.workspaceId, 'shared');
    for (let i = 0; i < 2; i++)
      expect((await h.api('GET', '/api/v1/projects', undefined, key)).statusCode).toBe(200);
    const { redis, config } = h.runtime.container;
    const otherProcess = createApiRateLimiter({
      redis,
      keyPrefix: config.QUEUE_PREFIX,
      perMinute: LIMIT,
      logger: createLogger('silent'),
    });
    expect(await otherProcess.consume(apiKey.id)).toMatchObject({ allowed: true, remaining: LIMIT - 3 });
  });

  test('requests without a valid key are refused before they count, without RateLimit headers', async () => {
    const res = await h.api('GET', '/api/v1/projects', undefined, null);
    expect(res.statusCode).toBe(401);
    expect(res.headers['ratelimit-limit']).toBeUndefined();
  });

  // Last: it takes Redis away for a moment.
  test('Redis unavailable → requests go through, counted per process, and the outage is logged once', async () => {
    const { redis } = h.runtime.container;
    const { key } = await h.runtime.container.services.workspaces.createKey(h.workspaceId, 'outage');
    const logged = () => h.logLines.filter((line) => line.includes('counted per process')).length;
    const before = logged();
    await proxy.down();
    try {
      await vi.waitFor(() => expect(redis.status).not.toBe('ready'));
      for (let i = 1; i <= 3; i++) {
        const res = await h.api('GET', '/api/v1/projects', undefined, key);
        expect(res.statusCode).toBe(200);
        expect(headersOf(res)).toMatchObject({ limit: String(LIMIT), remaining: String(LIMIT - i) });
      }
      await sleep(10);
      expect(logged() - before).toBe(1);
      // Still limited, per process: the budget is not lifted by the outage.
      for (let i = 4; i <= LIMIT; i++)
        expect((await h.api('GET', '/api/v1/projects', undefined, key)).statusCode).toBe(200);
      expect((await h.api('GET', '/api/v1/projects', undefined, key)).statusCode).toBe(429);
    } finally {
      await proxy.up();
    }
    await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createLogger } from '../../service/logger';
import { createIdempotencyService } from '../../service/services/idempotency.service';
import { TEST_REDIS_URL, uniqueName } from '../support/env';
import { startHarness, type Harness } from '../support/harness';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/** `Idempotency-Key` on the creating POSTs of /api/v1, over real Redis and a real store. */
describe('Idempotency-Key', () => {
  let h: Harness;
  let projectId: string;
  let connectionId: string;
  /** Redis behind a proxy, to take it away for the last test. */
  let proxy: TcpProxy;

  beforeAll(async () => {
    proxy = await startTcpProxy(TEST_REDIS_URL);
    h = await startHarness({ env: { REDIS_URL: proxy.url } });
    const connection = await h.connect();
    connectionId = connection.id;
    projectId = connection.projects[0]!.id;
  });
  afterAll(async () => {
    await h.close();
    await proxy.close();
  });

  const post = (url: string, body: unknown, idempotencyKey?: string, apiKey = h.apiKey) =>
    h.runtime.app!.inject({
      method: 'POST',
      url,
      payload: body as object,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {}),
      },
    });

  /** A client that retries after each 409 in-flight answer, as the answer tells it to. */
  const postUntilAnswered = async (url: string, body: unknown, key: string) => {
    for (let tries = 0; ; tries++) {
      const res = await post(url, body, key);
      if (res.statusCode !== 409 || tries > 100) return res;
      expect(res.json()).toMatchObject({ code: 'idempotency_key_in_flight' });
      expect(res.headers['retry-after']).toBe('1');
      await sleep(20);
    }
  };

  const replayed = (res: LightMyRequestResponse) => res.headers['idempotent-replayed'] === 'true';

  const shareLinks = async () =>
    (await h.api('GET', `/api/v1/projects/${projectId}/share-links`)).json<{
      items: { id: string; label: string | null }[];
    }>().items;
  const subscriptions = async (apiKey = h.apiKey) =>
    (await h.api('GET', '/api/v1/webhook-subscriptions?limit=200', undefined, apiKey)).json<{
      items: { id: string; url: string }[];
    }>().items;

  test('five concurrent POSTs of one share link with one key create one link, and all get its answer', async () => {
    const key = randomUUID();
    const body = { label: 'ACME board', language: 'fr' };
    const url = `/api/v1/projects/${projectId}/share-links`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => postUntilAnswered(url, body, key)));

    expect(answers.map((res) => res.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((res) => res.body)).size).toBe(1);
    expect(answers.filter(replayed)).toHaveLength(4);
    for (const res of answers) expect(res.headers['content-type']).toContain('application/json');
    const link = answers[0]!.json<{ id: string; url: string }>();
    expect(link.url).toMatch(/\/s\/[\w-]{43}$/);
    expect((await shareLinks()).filter((l) => l.label === 'ACME board')).toEqual([
      expect.objectContaining({ id: link.id }),
    ]);
    // The replayed link works: it is the one link created.
    expect((await h.runtime.app!.inject({ method: 'GET', url: new URL(link.url).pathname })).statusCode).toBe(
      200,
    );
  });

  test('five concurrent POSTs of one webhook subscription with one key create one, with one secret', async () => {
    const key = `sub-${randomUUID()}`;
    const body = { url: 'http://127.0.0.1:9/once', events: ['sync.completed'] };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postUntilAnswered('/api/v1/webhook-subscriptions', body, key)),
    );
    expect(answers.map((res) => res.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((res) => res.body)).size).toBe(1);
    expect(answers.filter((res) => !replayed(res))).toHaveLength(1);
    const created = answers[0]!.json<{ id: string; secret: string }>();
    expect(created.secret).toMatch(/^whsec_/);
    expect((await subscriptions()).filter((s) => s.url === body.url).map((s) => s.id)).toEqual([created.id]);
  });

  test('a retry while the first request is still running → 409 in flight with Retry-After, then its answer', async () => {
    const { webhooks } = h.runtime.container.services;
    const original = webhooks.create.bind(webhooks);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const create = vi.spyOn(webhooks, 'create').mockImplementationOnce(async (...args) => {
      await gate; // the first request holds its key until the test lets it finish
      return original(...args);
    });
    try {
      const key = randomUUID();
      const body = { url: 'http://127.0.0.1:9/slow', events: ['sync.completed'] };
      const first = post('/api/v1/webhook-subscriptions', body, key);
      await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
      const during = await post('/api/v1/webhook-subscriptions', body, key);
      expect(during.statusCode).toBe(409);
      expect(during.headers['retry-after']).toBe('1');
      expect(during.json()).toMatchObject({ status: 409, code: 'idempotency_key_in_flight' });
      release();
      const answered = await first;
      expect(answered.statusCode).toBe(201);
      const after = await post('/api/v1/webhook-subscriptions', body, key);
      expect(replayed(after)).toBe(true);
      expect(after.body).toBe(answered.body);
      expect(create).toHaveBeenCalledTimes(1);
    } finally {
      create.mockRestore();
    }
  });

  test('the key in the draft’s quoted form is the same key', async () => {
    const key = randomUUID();
    const body = { url: 'http://127.0.0.1:9/quoted', events: ['update.published'] };
    const first = await post('/api/v1/webhook-subscriptions', body, key);
    const again = await post('/api/v1/webhook-subscriptions', body, `"${key}"`);
    expect(first.statusCode).toBe(201);
    expect(replayed(again)).toBe(true);
    expect(again.body).toBe(first.body);
  });

  test('the same key with another body or path → 422 idempotency_key_reused, nothing created', async () => {
    const key = randomUUID();
    const url = `/api/v1/projects/${projectId}/share-links`;
    expect((await post(url, { label: 'First use' }, key)).statusCode).toBe(201);
    const before = (await shareLinks()).length;

    const otherBody = await post(url, { label: 'Second use' }, key);
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.headers['content-type']).toContain('application/problem+json');
    expect(otherBody.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });

    const otherPath = await post(
      '/api/v1/webhook-subscriptions',
      { url: 'http://127.0.0.1:9/x', events: ['sync.completed'] },
      key,
    );
    expect(otherPath.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect((await shareLinks()).length).toBe(before);
    expect((await subscriptions()).some((s) => s.url === 'http://127.0.0.1:9/x')).toBe(false);
  });

  test('the same body with keys in another order and spacing is the same request', async () => {
    const key = randomUUID();
    const url = `/api/v1/projects/${projectId}/share-links`;
    const send = (payload: string) =>
      h.runtime.app!.inject({
        method: 'POST',
        url,
        payload,
        headers: {
          authorization: `Bearer ${h.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
      });
    const first = await send('{"label":"Reordered","detail":"detailed"}');
    const again = await send('{ "detail": "detailed",\n  "label": "Reordered" }');
    expect(first.statusCode).toBe(201);
    expect(replayed(again)).toBe(true);
    expect(again.body).toBe(first.body);
  });

  test.each([
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'clé-1'],
    ['an empty quoted string', '""'],
    ['a broken quoted string', '"abc'],
  ])('a key that is %s → 400 naming the header, nothing created', async (_label, key) => {
    const before = (await shareLinks()).length;
    const res = await post(`/api/v1/projects/${projectId}/share-links`, { label: 'Bad key' }, key);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<{ code: string; detail: string; errors: { field: string }[] }>();
    expect(problem.code).toBe('validation_failed');
    expect(problem.detail).toContain('Idempotency-Key');
    expect(problem.errors.map((e) => e.field)).toEqual(['Idempotency-Key']);
    expect((await shareLinks()).length).toBe(before);
  });

  test('a request that fails validation leaves the key unused: corrected, it runs', async () => {
    const key = randomUUID();
    const url = `/api/v1/projects/${projectId}/share-links`;
    const invalid = await post(url, { label: 'Fixed', passcode: '12' }, key);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'validation_failed' });
    const fixed = await post(url, { label: 'Fixed', passcode: '1234' }, key);
    expect(fixed.statusCode).toBe(201);
    expect(replayed(fixed)).toBe(false);
  });

  test('a 4xx answer is kept like a success: its retry gets the same answer', async () => {
    const key = randomUUID();
    const url = `/api/v1/projects/${randomUUID()}/share-links`;
    const first = await post(url, { label: 'Nowhere' }, key);
    expect(first.statusCode).toBe(404);
    const again = await post(url, { label: 'Nowhere' }, key);
    expect(again.statusCode).toBe(404);
    expect(replayed(again)).toBe(true);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toBe(first.body);
  });

  test('a first attempt that fails with 503 (queue unavailable) gives the key back: the retry runs', async () => {
    const { queues } = h.runtime.container;
    const key = randomUUID();
    const url = `/api/v1/connections/${connectionId}/syncs`;
    // Fault injection at the queue boundary: the first enqueue fails as it does when Redis drops.
    const add = vi.spyOn(queues.sync, 'add').mockRejectedValueOnce(new Error('Connection is closed.'));
    try {
      const failed = await post(url, { projectId }, key);
      expect(failed.statusCode).toBe(503);
      expect(failed.json()).toMatchObject({ code: 'queue_unavailable' });

      const retried = await post(url, { projectId }, key);
      expect(retried.statusCode).toBe(202);
      expect(replayed(retried)).toBe(false);
      const run = retried.json<{ id: string }>();
      expect(retried.headers.location).toBe(`/api/v1/syncs/${run.id}`);

      const again = await post(url, { projectId }, key);
      expect(again.statusCode).toBe(202);
      expect(replayed(again)).toBe(true);
      expect(again.headers.location).toBe(retried.headers.location);
      expect(again.body).toBe(retried.body);
      expect(add).toHaveBeenCalledTimes(2);
      expect((await h.waitForRun(run.id)).status).toBe('succeeded');
    } finally {
      add.mockRestore();
    }
  });

  test('a first attempt that throws (500) gives the key back too', async () => {
    const { webhooks } = h.runtime.container.services;
    const key = randomUUID();
    const body = { url: 'http://127.0.0.1:9/after-crash', events: ['sync.failed'] };
    const create = vi.spyOn(webhooks, 'create').mockRejectedValueOnce(new Error('lost the database'));
    try {
      const failed = await post('/api/v1/webhook-subscriptions', body, key);
      expect(failed.statusCode).toBe(500);
      expect(failed.json()).toMatchObject({ code: 'internal_error' });
      const retried = await post('/api/v1/webhook-subscriptions', body, key);
      expect(retried.statusCode).toBe(201);
      expect(replayed(retried)).toBe(false);
      expect((await subscriptions()).filter((s) => s.url === body.url)).toHaveLength(1);
    } finally {
      create.mockRestore();
    }
  });

  test('another workspace using the same key is independent', async () => {
    const other = await h.runtime.container.services.workspaces.create({ name: 'Other tenant' });
    const key = 'shared-key-0001';
    const body = { url: 'http://127.0.0.1:9/tenants', events: ['sync.completed'] };
    const mine = await post('/api/v1/webhook-subscriptions', body, key);
    const theirs = await post('/api/v1/webhook-subscriptions', body, key, other.key);
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(replayed(theirs)).toBe(false);
    expect(theirs.json<{ id: string }>().id).not.toBe(mine.json<{ id: string }>().id);
    expect(await subscriptions(other.key)).toHaveLength(1);
    // And each workspace's retry replays its own answer.
    expect((await post('/api/v1/webhook-subscriptions', body, key, other.key)).body).toBe(theirs.body);
    expect((await post('/api/v1/webhook-subscriptions', body, key)).body).toBe(mine.body);
  });

  test('answers are sealed in Redis: no share token or signing secret in clear', async () => {
    const { redis, config } = h.runtime.container;
    const res = await post(`/api/v1/projects/${projectId}/share-links`, { label: 'Sealed' }, randomUUID());
    const token = new URL(res.json<{ url: string }>().url).pathname.split('/').pop()!;
    const keys = await redis.keys(`${config.QUEUE_PREFIX}:idempotency:*`);
    expect(keys.length).toBeGreaterThan(0);
    const values = await Promise.all(keys.map((k) => redis.get(k)));
    expect(values.join('\n')).not.toContain(token);
    expect(values.join('\n')).not.toContain('whsec_');
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(23 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000);
  });

  describe('the reservation (the service on real Redis, with a short lock)', () => {
    const service = (options: { lockMs: number; maxInFlightMs?: number }) =>
      createIdempotencyService({
        redis: h.runtime.container.redis,
        keyPrefix: uniqueName('idem'),
        secretKey: randomBytes(32),
        logger: createLogger('silent'),
        ...options,
      });
    const answer = (body: string) => ({ status: 201, headers: { 'content-type': 'application/json' }, body });

    test('a running request keeps its key past the lock time (heartbeat)', async () => {
      const idem = service({ lockMs: 300 });
      const first = await idem.start('ws', 'k', 'fp');
      expect(first.kind).toBe('started');
      await sleep(900);
      expect((await idem.start('ws', 'k', 'fp')).kind).toBe('in_flight');
      if (first.kind === 'started') await first.attempt.finish(answer('{"n":1}'));
      expect(await idem.start('ws', 'k', 'fp')).toEqual({ kind: 'replay', answer: answer('{"n":1}') });
    });

    test('a request whose process died frees its key after the lock time; its late answer is dropped', async () => {
      // maxInFlightMs 0: the heartbeat stops at once, as it does when the process is gone.
      const idem = service({ lockMs: 200, maxInFlightMs: 0 });
      const dead = await idem.start('ws', 'k', 'fp');
      await sleep(400);
      const next = await idem.start('ws', 'k', 'fp');
      expect(next.kind).toBe('started');
      if (next.kind === 'started') await next.attempt.finish(answer('{"from":"next"}'));
      // The dead request's answer arrives last and must not replace the one its retry gave.
      if (dead.kind === 'started') await dead.attempt.finish(answer('{"from":"dead"}'));
      expect(await idem.start('ws', 'k', 'fp')).toEqual({
        kind: 'replay',
        answer: answer('{"from":"next"}'),
      });
    });
  });

  // Last: it takes Redis away for a moment.
  test('Redis unavailable → 503 idempotency_unavailable and nothing done; without a key the POST runs', async () => {
    const { redis } = h.runtime.container;
    const body = { url: 'http://127.0.0.1:9/redis-down', events: ['sync.completed'] };
    await proxy.down();
    try {
      await vi.waitFor(() => expect(redis.status).not.toBe('ready'));
      const refused = await post('/api/v1/webhook-subscriptions', body, randomUUID());
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ code: 'idempotency_unavailable' });
      expect((await subscriptions()).some((s) => s.url === body.url)).toBe(false);
      const plain = await post('/api/v1/webhook-subscriptions', body);
      expect(plain.statusCode).toBe(201);
    } finally {
      await proxy.up();
    }
    await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
  });
});

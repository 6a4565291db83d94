import { createHmac, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../../service/errors';
import { recordEvent } from '../../service/services/webhook-events.service';
import { createWebhookSender } from '../../service/services/webhook-sender';
import { createWebhooksService } from '../../service/services/webhooks.service';
import { rawRows, STORES, TEST_REDIS_URL } from '../support/env';
import { startHarness, type ConnectionBody, type Harness } from '../support/harness';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import {
  startWebhookReceiver,
  type ReceivedRequest,
  type WebhookReceiver,
} from '../support/webhook-receiver';

interface Subscription {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  secret?: string;
}
interface Delivery {
  id: string;
  eventId: string;
  event: string;
  status: string;
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}
interface Envelope {
  id: string;
  type: string;
  createdAt: string;
  workspaceId: string;
  projectId: string | null;
  data: Record<string, Record<string, unknown>>;
}

const MAX_ATTEMPTS = 5;

/** What a receiver does, written independently of the service's code (README shows the same steps). */
function verify(secret: string, req: ReceivedRequest): boolean {
  const header = String(req.headers['clientlens-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${req.body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) <= 300;
  return given.length === expected.length && timingSafeEqual(given, expected) && fresh;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await sleep(25);
  }
}

/**
 * Outbound webhooks over the real service (both stores, real Redis behind a proxy this file can take down)
 * and a real HTTP receiver on 127.0.0.1 verifying every signature.
 */
describe.each(STORES)('outbound webhooks on %s', (store) => {
  let h: Harness;
  let proxy: TcpProxy;
  let connection: ConnectionBody;
  let projectId: string;
  const receivers: WebhookReceiver[] = [];

  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };
  const subscribe = async (url: string, events: string[], extra: Record<string, unknown> = {}) => {
    const res = await h.api('POST', '/api/v1/webhook-subscriptions', { url, events, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Subscription & { secret: string }>();
  };
  const deliveries = async (subscriptionId: string, query = '') =>
    (await h.api('GET', `/api/v1/webhook-subscriptions/${subscriptionId}/deliveries${query}`)).json<{
      items: Delivery[];
      nextCursor: string | null;
    }>();
  const lastDelivery = async (subscriptionId: string) => (await deliveries(subscriptionId)).items[0];
  const settled = (subscriptionId: string, ms?: number) =>
    until(
      'delivery settled',
      () => lastDelivery(subscriptionId),
      (d) => d?.status === 'delivered' || d?.status === 'failed',
      ms,
    ) as Promise<Delivery>;
  const publishUpdate = async () => {
    const draft = (await h.api('POST', `/api/v1/projects/${projectId}/updates`)).json<{ id: string }>();
    const res = await h.api('POST', `/api/v1/updates/${draft.id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    return draft.id;
  };
  /** A feedback event, emitted the way feedback code will: recordEvent inside its own transaction. */
  const emitFeedback = (id: string) =>
    h.runtime.container.database.db.transaction((tx) =>
      recordEvent(tx, {
        workspaceId: h.workspaceId,
        projectId,
        type: 'feedback.created',
        data: {
          feedback: {
            id,
            projectId,
            kind: 'question',
            status: 'open',
            body: 'When is the launch?',
            rating: null,
            milestoneId: null,
            authorName: 'Client',
            reply: null,
            createdAt: new Date().toISOString(),
            answeredAt: null,
          },
        },
      }),
    );
  const gaps = (requests: ReceivedRequest[]) => requests.slice(1).map((r, i) => r.at - requests[i]!.at);

  beforeAll(async () => {
    proxy = await startTcpProxy(TEST_REDIS_URL);
    h = await startHarness({
      store,
      env: {
        REDIS_URL: proxy.url,
        WEBHOOK_ATTEMPTS: String(MAX_ATTEMPTS),
        WEBHOOK_BACKOFF_MS: '100',
        WEBHOOK_TIMEOUT_MS: '1000',
        WEBHOOK_POLL_MS: '100',
      },
    });
    connection = await h.connect();
    projectId = connection.projects[0]!.id;
  });
  afterEach(async () => {
    await proxy.up();
    if (!h.runtime.outbox!.running) h.runtime.outbox!.start();
    const list = (await h.api('GET', '/api/v1/webhook-subscriptions?limit=200')).json<{
      items: Subscription[];
    }>();
    for (const s of list.items) await h.api('DELETE', `/api/v1/webhook-subscriptions/${s.id}`);
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await h.close();
    await proxy.close();
  });

  test('CRUD: the secret is shown once and stored sealed; lists page by cursor', async () => {
    const created = await subscribe('https://hooks.example.com/a', ['sync.completed']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ events: ['sync.completed'], active: true });
    const own = await subscribe('https://hooks.example.com/b', ['update.published'], {
      secret: 'my-own-signing-secret-0123456789',
    });
    expect(own.secret).toBe('my-own-signing-secret-0123456789');

    const one = await h.api('GET', `/api/v1/webhook-subscriptions/${created.id}`);
    expect(one.json()).toMatchObject({ id: created.id, url: 'https://hooks.example.com/a' });
    expect(one.body).not.toContain(created.secret);
    const first = (await h.api('GET', '/api/v1/webhook-subscriptions?limit=1')).json<{
      items: Subscription[];
      nextCursor: string;
    }>();
    expect(first.items.map((s) => s.id)).toEqual([created.id]);
    const second = (
      await h.api('GET', `/api/v1/webhook-subscriptions?limit=1&cursor=${first.nextCursor}`)
    ).json<{ items: Subscription[]; nextCursor: string | null }>();
    expect(second.items.map((s) => s.id)).toEqual([own.id]);
    expect(second.nextCursor).toBeNull();
    expect(JSON.stringify([first, second])).not.toMatch(/whsec_|my-own-signing/);
    const stored = await rawRows<{ secret: string }>(
      h.runtime.container.database.db,
      sql`select secret from webhook_subscription`,
    );
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row.secret).not.toMatch(/whsec_|my-own-signing/);

    const patched = await h.api('PATCH', `/api/v1/webhook-subscriptions/${created.id}`, {
      url: 'https://hooks.example.com/c',
      events: ['sync.failed', 'sync.failed', 'sync.completed'],
      active: false,
    });
    expect(patched.json()).toMatchObject({
      url: 'https://hooks.example.com/c',
      events: ['sync.failed', 'sync.completed'],
      active: false,
    });
    expect((await h.api('DELETE', `/api/v1/webhook-subscriptions/${created.id}`)).statusCode).toBe(204);
    expect((await h.api('GET', `/api/v1/webhook-subscriptions/${created.id}`)).statusCode).toBe(404);
    expect((await h.api('DELETE', `/api/v1/webhook-subscriptions/${created.id}`)).statusCode).toBe(404);
  });

  const url = 'https://hooks.example.com/x';
  test.each([
    ['not a URL', 'url', { url: 'not a url', events: ['sync.completed'] }],
    ['an ftp URL', 'url', { url: 'ftp://hooks.example.com/x', events: ['sync.completed'] }],
    ['no events', 'events', { url, events: [] }],
    ['missing events', 'events', { url }],
    ['an unknown event', 'events.0', { url, events: ['task.created'] }],
    ['a short secret', 'secret', { url, events: ['sync.failed'], secret: 'short' }],
    [
      'a secret with spaces',
      'secret',
      { url, events: ['sync.failed'], secret: 'a secret with spaces in it!!' },
    ],
    ['a non-boolean active', 'active', { url, events: ['sync.failed'], active: 'y' }],
  ])('POST with %s → 400 naming %s', async (_label, field, body) => {
    const res = await h.api('POST', '/api/v1/webhook-subscriptions', body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<{ code: string; errors: { field: string }[] }>();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => e.field)).toContain(field);
  });

  test('bad ids, queries and PATCH bodies → 400 naming the field', async () => {
    const s = await subscribe('https://hooks.example.com/x', ['sync.completed']);
    const cases: [string, string, unknown, string][] = [
      ['PATCH', `/api/v1/webhook-subscriptions/${s.id}`, { url: 'nope' }, 'url'],
      ['PATCH', `/api/v1/webhook-subscriptions/${s.id}`, { events: [] }, 'events'],
      ['GET', '/api/v1/webhook-subscriptions/not-a-uuid', undefined, 'id'],
      ['GET', `/api/v1/webhook-subscriptions/${s.id}/deliveries?status=lost`, undefined, 'status'],
      ['GET', `/api/v1/webhook-subscriptions/${s.id}/deliveries?cursor=Zm9v`, undefined, 'cursor'],
      ['GET', '/api/v1/webhook-subscriptions?limit=0', undefined, 'limit'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await h.api(method as 'GET' | 'PATCH', url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    }
  });

  test('receiver URLs go through the SSRF guard unless private upstreams are allowed', async () => {
    const guarded = createWebhooksService({
      db: h.runtime.container.database.db,
      secretKey: h.runtime.container.config.SECRET_KEY,
      allowPrivateUrls: false,
    });
    for (const url of [
      'http://hooks.example.com/x',
      'https://127.0.0.1/x',
      'https://10.0.0.7/x',
      'https://169.254.169.254/latest',
      'https://[::1]/x',
      'https://localhost/x',
    ]) {
      const error = await guarded
        .create(h.workspaceId, { url, events: ['sync.completed'], active: true })
        .catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
      expect((error as AppError).details?.errors?.[0]?.field).toBe('url');
    }
    const ok = await guarded.create(h.workspaceId, {
      url: 'https://hooks.example.com/x',
      events: ['sync.completed'],
      active: true,
    });
    expect(ok.row.url).toBe('https://hooks.example.com/x');
    // And at send time, on the literal address (DNS answers go through the same guard as connectors).
    const r = await receiver();
    const sent = await createWebhookSender({ allowPrivate: false, timeoutMs: 1000 }).post(r.url, {}, '{}');
    expect(sent).toMatchObject({ ok: false, retryable: false });
    expect(r.received).toHaveLength(0);
  });

  test("another workspace's subscription is a 404 everywhere", async () => {
    const s = await subscribe('https://hooks.example.com/x', ['sync.completed']);
    const other = await h.runtime.container.services.workspaces.create({ name: 'Other' });
    for (const [method, url, body] of [
      ['GET', `/api/v1/webhook-subscriptions/${s.id}`, undefined],
      ['PATCH', `/api/v1/webhook-subscriptions/${s.id}`, { active: false }],
      ['GET', `/api/v1/webhook-subscriptions/${s.id}/deliveries`, undefined],
      ['DELETE', `/api/v1/webhook-subscriptions/${s.id}`, undefined],
    ] as const) {
      const res = await h.api(method, url, body, other.key);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
    const list = (await h.api('GET', '/api/v1/webhook-subscriptions', undefined, other.key)).json<{
      items: unknown[];
    }>();
    expect(list.items).toEqual([]);
    expect((await h.api('GET', `/api/v1/webhook-subscriptions/${s.id}`)).json()).toMatchObject({
      active: true,
    });
  });

  test('a finished sync run is delivered as sync.completed, signed, and shows in the log', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['sync.completed', 'sync.failed']);
    const run = await h.syncAndWait(connection.id, projectId);
    expect(run.status).toBe('succeeded');
    const [req] = await r.waitFor(1);
    expect(verify(s.secret, req!)).toBe(true);
    expect(verify('whsec_wrong', req!)).toBe(false);
    expect(verify(s.secret, { ...req!, body: req!.body.replace('succeeded', 'failed') })).toBe(false);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['clientlens-event']).toBe('sync.completed');
    expect(req!.headers['clientlens-attempt']).toBe('1');
    const body = JSON.parse(req!.body) as Envelope;
    expect(body).toMatchObject({ type: 'sync.completed', workspaceId: h.workspaceId, projectId });
    expect(body.data.run).toMatchObject({
      id: run.id,
      connectionId: connection.id,
      status: 'succeeded',
      kind: 'full',
      counts: run.counts,
      error: null,
    });

    const logged = await settled(s.id);
    expect(logged).toMatchObject({
      id: req!.headers['clientlens-delivery'],
      eventId: body.id,
      event: 'sync.completed',
      status: 'delivered',
      attempts: 1,
      lastResponseStatus: 200,
      lastError: null,
    });
    expect(logged.deliveredAt).not.toBeNull();
    const job = await h.runtime.container.queues.webhooks.getJob(logged.id);
    expect(job?.data).toEqual({ deliveryId: logged.id }); // ids only: no secret or body in Redis
    expect(h.logLines.join('\n')).not.toContain(s.secret);
  });

  test('a run stopped by refused credentials is delivered as sync.failed (auth_failed)', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['sync.failed']);
    h.fake.revokeTokens();
    h.fake.faults.add({ match: '/v1/auth/token', kind: 'status', status: 401, times: Infinity });
    const run = await h.syncAndWait(connection.id, projectId);
    h.fake.faults.clear();
    expect(run.status).toBe('auth_failed');
    const [req] = await r.waitFor(1);
    expect(verify(s.secret, req!)).toBe(true);
    const body = JSON.parse(req!.body) as Envelope;
    expect(body.type).toBe('sync.failed');
    expect(body.data.run).toMatchObject({
      id: run.id,
      status: 'auth_failed',
      error: { code: 'auth_failed' },
    });
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded'); // not subscribed
    await sleep(300);
    expect(r.received).toHaveLength(1);
  });

  test('publishing an update is delivered as update.published; inactive subscriptions get nothing', async () => {
    const r = await receiver();
    const paused = await receiver();
    const s = await subscribe(r.url, ['update.published']);
    await subscribe(paused.url, ['update.published'], { active: false });
    const updateId = await publishUpdate();
    const [req] = await r.waitFor(1);
    expect(verify(s.secret, req!)).toBe(true);
    const body = JSON.parse(req!.body) as Envelope;
    expect(body).toMatchObject({
      type: 'update.published',
      projectId,
      data: { update: { id: updateId, projectId } },
    });
    expect(body.data.update!.content).toHaveProperty('headline');
    expect(paused.received).toHaveLength(0);
  });

  test('the event shares the transaction of its change: rolled back together', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['feedback.created']);
    const db = h.runtime.container.database.db;
    await expect(
      db.transaction(async (tx) => {
        const recorded = await recordEvent(tx, {
          workspaceId: h.workspaceId,
          type: 'feedback.created',
          data: { feedback: { id: 'x' } } as never,
        });
        expect(recorded?.deliveryIds).toHaveLength(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await sleep(400);
    expect((await deliveries(s.id)).items).toEqual([]);
    expect(r.received).toHaveLength(0);
    expect(
      await recordEvent(db, { workspaceId: h.workspaceId, type: 'sync.failed', data: {} as never }),
    ).toBe(undefined); // nobody subscribed: nothing written
  });

  test('a receiver that is down is retried with the same delivery id until it answers', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['update.published']);
    await r.down();
    await publishUpdate();
    const failing = await until(
      'two refused attempts',
      () => lastDelivery(s.id),
      (d) => (d?.attempts ?? 0) >= 2,
    );
    expect(failing).toMatchObject({ status: 'retrying', lastResponseStatus: null });
    expect(failing!.lastError).toMatch(/connection refused.*Retrying automatically \(attempt \d of 5\)/);
    expect(failing!.nextAttemptAt).not.toBeNull();
    await r.up();
    const done = await settled(s.id);
    expect(done).toMatchObject({ status: 'delivered', lastResponseStatus: 200, lastError: null });
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers['clientlens-delivery']).toBe(done.id);
    expect(Number(r.received[0]!.headers['clientlens-attempt'])).toBe(done.attempts);
    expect(verify(s.secret, r.received[0]!)).toBe(true);
  });

  test('5xx answers back off exponentially; every attempt is signed afresh under one delivery id', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['feedback.created']);
    r.script({ status: 503 }, { status: 500 }, { status: 502 });
    await emitFeedback('fb-1');
    const requests = await r.waitFor(4);
    const done = await settled(s.id);
    expect(done).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(new Set(requests.map((q) => q.headers['clientlens-delivery']))).toEqual(new Set([done.id]));
    expect(requests.map((q) => q.headers['clientlens-attempt'])).toEqual(['1', '2', '3', '4']);
    for (const q of requests) expect(verify(s.secret, q)).toBe(true);
    // Waits are between half and all of 100 ms × 2^(n−1).
    gaps(requests).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(50 * 2 ** i));
  });

  test("a 429 waits the receiver's Retry-After; a receiver that does not answer in time is retried", async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['feedback.created']);
    r.script({ status: 429, headers: { 'retry-after': '1' } }, 'hang');
    await emitFeedback('fb-2');
    const requests = await r.waitFor(3);
    const done = await settled(s.id);
    expect(done).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(gaps(requests)[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps(requests)[1]).toBeGreaterThanOrEqual(1000); // the 1 s deadline of WEBHOOK_TIMEOUT_MS
  });

  test('gives up after WEBHOOK_ATTEMPTS; a 4xx or a redirect is not retried', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['feedback.created']);
    r.script(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 500 })));
    await emitFeedback('fb-3');
    const failed = await settled(s.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastResponseStatus: 500 });
    expect(failed.lastError).toBe(`The receiver answered HTTP 500. Gave up after ${MAX_ATTEMPTS} attempts.`);
    expect(r.received).toHaveLength(MAX_ATTEMPTS);

    for (const [status, words] of [
      [410, /refused the delivery \(HTTP 410\)\. Not retried/],
      [302, /redirect \(HTTP 302\); redirects are not followed/],
    ] as const) {
      r.received.length = 0;
      r.script({ status, headers: status === 302 ? { location: 'https://elsewhere.example/' } : {} });
      await emitFeedback(`fb-${status}`);
      const refused = await until(
        `${status} settled`,
        () => lastDelivery(s.id),
        (d) => d?.status === 'failed' && d.lastResponseStatus === status,
      );
      expect(refused).toMatchObject({ attempts: 1 });
      expect(refused!.lastError).toMatch(words);
      await sleep(300);
      expect(r.received).toHaveLength(1);
    }
    const failedOnly = await deliveries(s.id, '?status=failed&limit=2');
    expect(failedOnly.items).toHaveLength(2);
    expect(failedOnly.items.map((d) => d.lastResponseStatus)).toEqual([302, 410]); // newest first
    const older = await deliveries(s.id, `?status=failed&limit=2&cursor=${failedOnly.nextCursor}`);
    expect(older.items.map((d) => d.lastResponseStatus)).toEqual([500]);
    expect(older.nextCursor).toBeNull();
  });

  test('with Redis unreachable the event waits in the outbox, then is delivered once Redis is back', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['feedback.created', 'update.published']);
    await proxy.down();
    await until(
      'the producer to see Redis gone',
      async () => h.runtime.container.redis.status,
      (v) => v !== 'ready',
    );
    await emitFeedback('fb-redis'); // the database commits; no queue is needed for that
    await sleep(1000); // ten dispatcher ticks, all failing to reach Redis
    expect(await lastDelivery(s.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(r.received).toHaveLength(0);
    await proxy.up();
    const done = await settled(s.id, 30_000);
    expect(done).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(r.received).toHaveLength(1);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({
      type: 'feedback.created',
      data: { feedback: { id: 'fb-redis' } },
    });
  }, 60_000);

  test('with the dispatcher stopped, events stay in the outbox; started, they are delivered', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['update.published']);
    await h.runtime.outbox!.stop();
    await publishUpdate();
    await sleep(500);
    expect(await lastDelivery(s.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(r.received).toHaveLength(0);
    h.runtime.outbox!.start();
    expect(await settled(s.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(r.received).toHaveLength(1);
  });

  test('idempotent: dispatching a row twice makes one job; a job replayed for a sent delivery sends nothing', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['feedback.created']);
    await h.runtime.outbox!.stop();
    const recorded = await emitFeedback('fb-twice');
    const deliveryId = recorded!.deliveryIds[0]!;
    // Two dispatchers at once (or one that crashed after adding, before marking the row queued).
    await Promise.all([h.runtime.outbox!.dispatch(), h.runtime.outbox!.dispatch()]);
    const done = await settled(s.id);
    expect(done).toMatchObject({ id: deliveryId, status: 'delivered', attempts: 1 });
    // A job for the same delivery processed again (a retry after a crash that had already sent it).
    const replay = await h.runtime.container.queues.webhooks.add(
      'webhooks',
      { deliveryId },
      { jobId: `replay-${deliveryId}` },
    );
    await until(
      'replayed job finished',
      () => replay.getState(),
      (state) => state === 'completed',
    );
    await sleep(200);
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers['clientlens-delivery']).toBe(deliveryId);
    expect((await lastDelivery(s.id))!.attempts).toBe(1);
  });
  test('a queued delivery whose job Redis lost is queued again once it is long overdue', async () => {
    const r = await receiver();
    const s = await subscribe(r.url, ['feedback.created']);
    await h.runtime.outbox!.stop();
    const deliveryId = (await emitFeedback('fb-lost'))!.deliveryIds[0]!;
    // Marked queued 11 minutes ago, but the job never reached Redis (or Redis lost it).
    await h.runtime.container.database.db.execute(
      sql`update webhook_delivery set status = 'queued', next_attempt_at = now() - interval '11 minutes' where id = ${deliveryId}`,
    );
    expect(await h.runtime.container.queues.webhooks.getJob(deliveryId)).toBeUndefined();
    expect(await h.runtime.outbox!.dispatch()).toBe(0); // nothing pending: the repair re-adds it
    expect(await settled(s.id)).toMatchObject({ id: deliveryId, status: 'delivered', attempts: 1 });
    expect(r.received).toHaveLength(1);
  });
});

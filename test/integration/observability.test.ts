import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../service/app';
import { publicUrl } from '../../service/config';
import { closeQueues, createQueues, type QueueName } from '../../service/jobs/queues';
import { createMetrics, QUEUE_STATES } from '../../service/metrics';
import { QUEUE_DASHBOARD_CSP } from '../../service/plugins/queue-dashboard';
import { createRedis } from '../../service/redis';
import { PANEL_DIST } from '../../service/routes/plugin.routes';
import { startRuntime } from '../../service/runtime';
import { capturingLogger, openTestDatabase, testConfig } from '../support/env';
import { startHarness, type ConnectionBody, type Harness, type RunBody } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const QUEUES: QueueName[] = ['sync', 'render', 'webhooks', 'notify', 'cadence', 'reconcile'];
const ADMIN_TOKEN = randomBytes(24).toString('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

/** The value of the first sample `name{…}` whose labels include `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const got = new Map<string, string>();
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      got.set(key!, value!);
    if (Object.entries(labels).every(([key, value]) => got.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}

/** POSTs `body` as two writes 50 ms apart, the way a slow client's request reaches the server. */
async function postInTwoParts(url: string, headers: Record<string, string>, body: string) {
  const payload = Buffer.from(body);
  const req = http.request(url, {
    method: 'POST',
    headers: { ...headers, 'content-length': payload.length },
  });
  const answered = once(req, 'response') as Promise<[http.IncomingMessage]>;
  req.write(payload.subarray(0, 10));
  await sleep(50);
  req.end(payload.subarray(10));
  const [res] = await answered;
  let text = '';
  for await (const chunk of res) text += String(chunk);
  return { status: res.statusCode, body: text };
}

interface LogLine {
  msg?: string;
  reqId?: string;
  jobId?: string;
  queue?: string;
  runId?: string;
  connectionId?: string;
}

/** The service in-process with ADMIN_TOKEN, over real Redis and PGlite, against the fake PingCode. */
describe('observability: /metrics, the queue dashboard and log context', () => {
  let h: Harness;
  let app: FastifyInstance;
  let receiver: WebhookReceiver;
  let connection: ConnectionBody;
  let projectId: string;
  let run: RunBody;
  let shareToken: string;

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const scrape = async () => {
    const res = await get('/metrics', bearer(ADMIN_TOKEN));
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  const scrapeUntil = async (ok: (text: string) => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const text = await scrape();
      if (ok(text)) return text;
      if (Date.now() > deadline) throw new Error(`metrics never showed ${what}`);
      await sleep(50);
    }
  };
  const logs = () =>
    h.logLines.map((line) => {
      const parsed = JSON.parse(line) as LogLine;
      return { ...parsed, raw: line };
    });

  beforeAll(async () => {
    h = await startHarness({ env: { ADMIN_TOKEN, WEBHOOK_POLL_MS: '50' } });
    app = h.runtime.app!;
    receiver = await startWebhookReceiver();
    receiver.script({ status: 410 }); // refused for good: one failed delivery, not retried
    const subscribed = await h.api('POST', '/api/v1/webhook-subscriptions', {
      url: receiver.url,
      events: ['sync.completed'],
    });
    expect(subscribed.statusCode, subscribed.body).toBe(201);
    connection = await h.connect();
    projectId = connection.projects[0]!.id;
    run = await h.syncAndWait(connection.id, projectId);
    expect(run.status).toBe('succeeded');
    const link = await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { label: 'Client' });
    expect(link.statusCode, link.body).toBe(201);
    const { pathname } = new URL(link.json<{ url: string }>().url);
    shareToken = pathname.split('/').pop()!;
    expect((await get(pathname)).statusCode).toBe(200);
    expect((await get('/no/such/page')).statusCode).toBe(404);
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  test('GET /metrics: requests by route pattern, every queue, the sync, the failed delivery; no secret', async () => {
    const text = await scrapeUntil(
      // The attempt's outcome is counted in the processor, the job's failure once BullMQ has moved it.
      (t) =>
        sample(t, 'delivery_failures_total', { kind: 'webhook', code: 'http_410' }) === 1 &&
        sample(t, 'queue_job_failures_total', { queue: 'webhooks' }) === 1,
      'the refused webhook delivery and its failed job',
    );
    const res = await get('/metrics', bearer(ADMIN_TOKEN));
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');

    const requests = (route: string, status: string) =>
      sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: status });
    expect(requests('/api/v1/syncs/:id', '200')).toBeGreaterThan(0); // the harness polled the run
    expect(requests('/s/:token', '200')).toBe(1);
    expect(requests('unmatched', '404')).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/connections' }),
    ).toBe(1);

    for (const queue of QUEUES)
      for (const state of QUEUE_STATES)
        expect(sample(text, 'queue_jobs', { queue, state }), `${queue} ${state}`).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'queue_jobs', { queue: 'webhooks', state: 'failed' })).toBe(1);
    expect(sample(text, 'queue_job_failures_total', { queue: 'webhooks' })).toBe(1);

    const labels = { connection_id: connection.id, provider: 'pingcode' };
    expect(sample(text, 'sync_duration_seconds_count', { ...labels, status: 'succeeded' })).toBe(1);
    expect(sample(text, 'sync_duration_seconds_sum', { ...labels, status: 'succeeded' })).toBeGreaterThan(0);
    expect(sample(text, 'sync_items_total', labels)).toBe(run.counts.fetched);
    expect(run.counts.fetched).toBeGreaterThan(0);
    expect(text).toContain('process_cpu_user_seconds_total');

    expect(text).not.toContain(shareToken);
    expect(text).not.toContain(h.apiKey);
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text).not.toMatch(/\/s\/(?!:token")/); // the route pattern only, never a share URL
  });

  test('a run that fails for good is measured once, with its status, and its job failure counted', async () => {
    h.fake.faults.add({
      match: `work_items?project_id=${connection.projects[0]!.externalId}&page_size=100&page_index=0`,
      kind: 'status',
      status: 400,
      body: { code: '100000', message: 'bad' },
    });
    const failed = await h.syncAndWait(connection.id, projectId, 'full');
    expect(failed.status).toBe('failed');
    const labels = { connection_id: connection.id, provider: 'pingcode' };
    const text = await scrapeUntil(
      (t) => sample(t, 'queue_job_failures_total', { queue: 'sync' }) === 1,
      'the failed sync job',
    );
    expect(sample(text, 'sync_duration_seconds_count', { ...labels, status: 'failed' })).toBe(1);
    expect(sample(text, 'sync_duration_seconds_count', { ...labels, status: 'succeeded' })).toBe(1);
    expect(sample(text, 'sync_items_total', labels)).toBe(run.counts.fetched + failed.counts.fetched);
  });

  test.each<[string, () => Record<string, string>]>([
    ['no credential', () => ({})],
    ['a wrong bearer token', () => bearer(`${ADMIN_TOKEN}x`)],
    ['a prefix of the token', () => bearer(ADMIN_TOKEN.slice(0, 10))],
    ['Basic with a wrong password', () => basic('admin', 'not-the-token-at-all')],
    ['Basic with the token as user name', () => basic(ADMIN_TOKEN, '')],
    ['an API key', () => bearer(h.apiKey)],
  ])('/metrics and /admin/queues with %s → 401 problem+json', async (_label, headers) => {
    for (const url of ['/metrics', '/admin/queues', '/admin/queues/api/queues']) {
      const res = await get(url, headers());
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(res.json<{ code: string }>().code).toBe('unauthorized');
    }
  });

  test('the dashboard answers its holders (Bearer or Basic), lists every queue, and has its own CSP', async () => {
    for (const headers of [bearer(ADMIN_TOKEN), basic('ops', ADMIN_TOKEN)]) {
      const page = await get('/admin/queues', headers);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('<base href="/admin/queues/"');
      expect(page.body).toContain('ClientLens queues');
      expect(page.headers['content-security-policy']).toBe(QUEUE_DASHBOARD_CSP);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
    }
    const page = await get('/admin/queues', bearer(ADMIN_TOKEN));
    const scripts = [...page.body.matchAll(/<script defer src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const asset = await get(`/admin/queues/${src}`, bearer(ADMIN_TOKEN));
      expect(asset.statusCode, src).toBe(200);
      expect(asset.headers['content-type']).toContain('javascript');
      expect((await get(`/admin/queues/${src}`)).statusCode).toBe(401);
    }
    const api = await get('/admin/queues/api/queues', bearer(ADMIN_TOKEN));
    expect(api.statusCode, api.body).toBe(200);
    const names = api.json<{ queues: { name: string }[] }>().queues.map((q) => q.name);
    expect(names.sort()).toEqual([...QUEUES].sort());
    // The rest of the service keeps its own policy.
    expect((await get('/healthz')).headers['content-security-policy']).toBe("frame-ancestors 'none'");
  });

  test('neither /metrics nor the dashboard is in the OpenAPI document', async () => {
    const paths = Object.keys((await get('/openapi.json')).json<{ paths: Record<string, unknown> }>().paths);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => p.startsWith('/metrics') || p.startsWith('/admin'))).toEqual([]);
  });

  test('every log line of the sync job names its queue and job; lines inside a request carry its reqId', async () => {
    const lines = logs();
    const ofRun = lines.filter((l) => l.runId === run.id);
    expect(ofRun.map((l) => l.msg)).toContain('sync run succeeded');
    for (const line of ofRun) expect(line, line.raw).toMatchObject({ queue: 'sync', jobId: run.id });

    // A service logs with the logger it was built with; the request's id still reaches its line.
    // Over a socket, the body in two packets: the second arrives on a stream event outside the request's context.
    const { status, body } = await postInTwoParts(
      `${h.runtime.url}/webhooks/pingcode/${connection.id}`,
      { 'content-type': 'application/json', 'x-clientlens-secret': 'not-the-secret-at-all' },
      JSON.stringify({ event_type: 'pce:pjm:workitem:updated', payload: {} }),
    );
    expect(status).toBe(401);
    const { requestId } = JSON.parse(body) as { requestId: string };
    const line = logs().find((l) => l.msg === 'webhook delivery refused' && l.connectionId === connection.id);
    expect(line?.reqId).toBe(requestId);

    // Fastify's own request lines carry reqId once (bound by Fastify, not repeated by the log context).
    const completed = logs().filter((l) => l.msg === 'request completed');
    expect(completed.length).toBeGreaterThan(0);
    for (const l of completed) expect(l.raw.match(/"reqId"/g), l.raw).toHaveLength(1);
    expect(h.logLines.join('\n')).not.toContain(ADMIN_TOKEN);
  });

  test('without ADMIN_TOKEN neither /metrics nor the dashboard exists', async () => {
    const { container } = h.runtime;
    const bare = await buildApp({
      logger: container.logger,
      db: container.database.db,
      services: container.services,
      health: { db: () => container.database.ping(), redis: async () => void (await container.redis.ping()) },
      panel: { distDir: PANEL_DIST, hostOrigins: [] },
      share: {
        redis: container.redis,
        secretKey: container.config.SECRET_KEY,
        secureCookies: publicUrl(container.config).startsWith('https:'),
        keyPrefix: container.config.QUEUE_PREFIX,
      },
      admin: {
        metrics: createMetrics({ queues: container.queues }),
        queues: container.queues,
        token: undefined,
      },
    });
    try {
      for (const url of ['/metrics', '/admin/queues', '/admin/queues/api/queues']) {
        const res = await bare.inject({ method: 'GET', url, headers: bearer(ADMIN_TOKEN) });
        expect(res.statusCode, url).toBe(404);
        expect(res.json<{ code: string }>().code).toBe('route_not_found');
      }
    } finally {
      await bare.close();
    }
  });
});

describe('queue_jobs while Redis does not answer', () => {
  test('the scrape succeeds without queue_jobs samples, within the timeout', async () => {
    const redis = createRedis('redis://127.0.0.1:1', 'producer');
    const queues = createQueues(redis, {
      prefix: 'unreachable',
      syncAttempts: 1,
      syncBackoffMs: 100,
      webhookAttempts: 1,
      notifyAttempts: 1,
    });
    try {
      const metrics = createMetrics({ queues });
      metrics.jobFailed('sync');
      const started = Date.now();
      const text = await metrics.registry.metrics();
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(text).toContain('# TYPE queue_jobs gauge');
      expect(sample(text, 'queue_jobs')).toBeUndefined();
      expect(sample(text, 'queue_job_failures_total', { queue: 'sync' })).toBe(1);
    } finally {
      await Promise.race([closeQueues(queues), sleep(1_000)]);
      redis.disconnect();
    }
  });
});

describe('a worker process (RUN_MODE=worker) with ADMIN_TOKEN', () => {
  test('listens for /metrics only: its own job, sync and delivery counts are scraped from it', async () => {
    const { logger } = capturingLogger();
    const runtime = await startRuntime(testConfig({ RUN_MODE: 'worker', ADMIN_TOKEN }), logger, {
      database: await openTestDatabase('pglite'),
    });
    try {
      expect(runtime.app).toBeUndefined();
      const address = runtime.metricsApp!.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      runtime.container.metrics.jobFailed('sync');
      const res = await fetch(`${base}/metrics`, { headers: bearer(ADMIN_TOKEN) });
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const queue of QUEUES) expect(sample(text, 'queue_jobs', { queue, state: 'waiting' })).toBe(0);
      expect(sample(text, 'queue_job_failures_total', { queue: 'sync' })).toBe(1);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      for (const path of ['/api/v1/connections', '/admin/queues', '/healthz'])
        expect((await fetch(`${base}${path}`, { headers: bearer(ADMIN_TOKEN) })).status, path).toBe(404);
    } finally {
      await runtime.close();
    }
  });
});

import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { UpstreamHttp, checkUrl, isPublicAddress, retryAfterHeaderMs } from '../../service/connectors/http';
import type { RequestLimiter, UpstreamHttpOptions } from '../../service/connectors/http';
import { rejection } from '../support/assert';

const BASE = 'https://tool.example.com';
const schema = z.object({ ok: z.boolean() });

function client(options: Partial<UpstreamHttpOptions> = {}): UpstreamHttp {
  return new UpstreamHttp({
    toolName: 'Tool',
    baseUrl: BASE,
    allowPrivate: false,
    timeoutMs: 200,
    ...options,
  });
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.disableNetConnect();
  vi.restoreAllMocks();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('success', () => {
  test('GET with query and headers, parsed with the schema', async () => {
    const scope = nock(BASE, { reqheaders: { authorization: 'Bearer t', accept: 'application/json' } })
      .get('/v1/things')
      .query({ page_size: 100, page_index: 0 })
      .reply(200, { ok: true, extra: 'stripped' });
    const result = await client().request({
      path: '/v1/things',
      query: { page_size: 100, page_index: 0, unused: undefined },
      headers: { Authorization: 'Bearer t' },
      schema,
    });
    expect(result).toEqual({ ok: true });
    scope.done();
  });

  test('POST sends the body as JSON', async () => {
    const scope = nock(BASE)
      .post('/v1/search', { a: [1, 'b'] })
      .reply(200, { ok: true });
    await client().request({ method: 'POST', path: '/v1/search', body: { a: [1, 'b'] }, schema });
    scope.done();
  });

  test('the limiter is asked once per request, with the connection key', async () => {
    const acquire = vi.fn<RequestLimiter['acquire']>(() => Promise.resolve());
    const scope = nock(BASE).get('/x').twice().reply(200, { ok: true });
    const upstream = client({ limiter: { acquire }, limiterKey: 'conn-1' });
    await upstream.request({ path: '/x', schema });
    await upstream.request({ path: '/x', schema });
    expect(acquire.mock.calls.map((c) => c[0])).toEqual(['conn-1', 'conn-1']);
    scope.done();
  });
});

describe('status classification', () => {
  test.each([
    { status: 400, code: 'bad_request', retryable: false },
    { status: 401, code: 'auth_failed', retryable: false },
    { status: 403, code: 'auth_failed', retryable: false },
    { status: 404, code: 'not_found', retryable: false },
    { status: 408, code: 'timeout', retryable: true },
    { status: 409, code: 'bad_request', retryable: false },
    { status: 422, code: 'bad_request', retryable: false },
    { status: 500, code: 'upstream_unavailable', retryable: true },
    { status: 502, code: 'upstream_unavailable', retryable: true },
    { status: 503, code: 'upstream_unavailable', retryable: true },
    { status: 504, code: 'upstream_unavailable', retryable: true },
  ])('HTTP $status → $code (retryable $retryable)', async ({ status, code, retryable }) => {
    const scope = nock(BASE).get('/x').reply(status, { code: '100000', message: '参数错误' });
    const error = await rejection(client().request({ path: '/x', schema }));
    expect([error.code, error.retryable, error.status]).toEqual([code, retryable, status]);
    expect(error.message).toMatch(/^Tool /);
    scope.done();
  });

  test('the upstream message is quoted on client errors', async () => {
    const scope = nock(BASE).get('/x').reply(400, { code: '100043', message: '不支持使用过滤条件 filter.x' });
    const error = await rejection(client().request({ path: '/x', schema }));
    expect(error.message).toBe('Tool rejected the request (HTTP 400: 不支持使用过滤条件 filter.x).');
    scope.done();
  });

  test.each([
    { headers: { 'Retry-After': '7' }, expected: 7_000 },
    { headers: {}, expected: undefined },
  ])('503 with $headers → retryAfterMs $expected', async ({ headers, expected }) => {
    const scope = nock(BASE).get('/x').reply(503, 'down', headers);
    const error = await rejection(client().request({ path: '/x', schema }));
    expect([error.code, error.retryAfterMs]).toEqual(['upstream_unavailable', expected]);
    scope.done();
  });
});

describe('429', () => {
  test('Retry-After in seconds', async () => {
    const scope = nock(BASE).get('/x').reply(429, '', { 'Retry-After': '30' });
    const error = await rejection(client().request({ path: '/x', schema }));
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(['rate_limited', true, 30_000]);
    scope.done();
  });

  test('Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 120_000);
    at.setMilliseconds(0);
    const scope = nock(BASE).get('/x').reply(429, '', { 'Retry-After': at.toUTCString() });
    const error = await rejection(client().request({ path: '/x', schema }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(115_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
    scope.done();
  });

  test('no header → a minute', async () => {
    const scope = nock(BASE).get('/x').reply(429, '');
    const error = await rejection(client().request({ path: '/x', schema }));
    expect(error.retryAfterMs).toBe(60_000);
    scope.done();
  });

  test("the tool's own header wins over Retry-After", async () => {
    const scope = nock(BASE).get('/x').reply(429, '', { 'x-pc-retry-after': '50', 'Retry-After': '5' });
    const upstream = client({
      retryAfterMs: (h) => (h['x-pc-retry-after'] ? Number(h['x-pc-retry-after']) * 1000 : undefined),
    });
    const error = await rejection(upstream.request({ path: '/x', schema }));
    expect(error.retryAfterMs).toBe(50_000);
    scope.done();
  });

  test.each([
    { value: '7', expected: 7_000 },
    { value: '0', expected: 0 },
    { value: 'Thu, 01 Jan 2026 00:01:00 GMT', expected: 60_000 },
    { value: 'Wed, 31 Dec 2025 23:59:00 GMT', expected: 0 },
    { value: 'later', expected: undefined },
    { value: undefined, expected: undefined },
  ])('retryAfterHeaderMs($value) → $expected', ({ value, expected }) => {
    expect(retryAfterHeaderMs({ 'retry-after': value }, Date.parse('2026-01-01T00:00:00Z'))).toBe(expected);
  });
});

describe('redirects', () => {
  test.each([301, 302, 307, 308])('%i → redirect_refused, Location not followed', async (status) => {
    const target = nock('https://elsewhere.example.com').get('/x').reply(200, { ok: true });
    const sameHost = nock(BASE).get('/moved').reply(200, { ok: true });
    const scope = nock(BASE).get('/x').reply(status, '', { Location: 'https://elsewhere.example.com/x' });
    const error = await rejection(client().request({ path: '/x', schema }));
    expect([error.code, error.retryable, error.status]).toEqual(['redirect_refused', false, status]);
    scope.done();
    expect(target.isDone()).toBe(false);
    expect(sameHost.isDone()).toBe(false);
  });
});

describe('payloads', () => {
  test.each([
    { name: 'malformed JSON', body: '{"ok":tr', where: /not JSON/ },
    { name: 'empty body', body: '', where: /not JSON/ },
    { name: 'HTML error page', body: '<html>502</html>', where: /not JSON/ },
    { name: 'schema mismatch', body: '{"ok":"yes"}', where: /unexpected shape \(at ok\)/ },
    { name: 'wrong top-level shape', body: '[]', where: /unexpected shape/ },
  ])('$name → bad_payload, retryable', async ({ body, where }) => {
    const scope = nock(BASE).get('/x').reply(200, body, { 'content-type': 'application/json' });
    const error = await rejection(client().request({ path: '/x', schema }));
    expect([error.code, error.retryable]).toEqual(['bad_payload', true]);
    expect(error.message).toMatch(where);
    scope.done();
  });
});

describe('network', () => {
  test('a response slower than timeoutMs → timeout, retryable', async () => {
    const scope = nock(BASE).get('/x').delay(1_000).reply(200, { ok: true });
    const error = await rejection(client({ timeoutMs: 100 }).request({ path: '/x', schema }));
    expect([error.code, error.retryable]).toEqual(['timeout', true]);
    scope.done();
  });

  test.each([
    { code: 'ECONNRESET', message: /could not be reached \(ECONNRESET\)/ },
    { code: 'ECONNREFUSED', message: /could not be reached \(ECONNREFUSED\)/ },
    { code: 'ENOTFOUND', message: /host name does not resolve/ },
    { code: 'ETIMEDOUT', message: /did not answer/ },
  ])('$code → retryable', async ({ code, message }) => {
    // nock 14 only emits Error instances: a plain `{ code }` object never reaches the request.
    const scope = nock(BASE)
      .get('/x')
      .replyWithError(Object.assign(new Error('socket trouble'), { code }));
    const error = await rejection(client().request({ path: '/x', schema }));
    expect(error.code).toBe(code === 'ETIMEDOUT' ? 'timeout' : 'network_error');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(message);
    scope.done();
  });

  test("the caller's abort stops the request", async () => {
    const scope = nock(BASE).get('/x').delay(1_000).reply(200, { ok: true });
    const controller = new AbortController();
    const pending = client({ timeoutMs: 5_000 }).request({ path: '/x', schema, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect([error.code, error.retryable]).toEqual(['network_error', true]);
    scope.done();
  });
});

describe('SSRF guard', () => {
  test.each([
    { address: '8.8.8.8', expected: true },
    { address: '1.1.1.1', expected: true },
    { address: '2606:4700:4700::1111', expected: true },
    { address: '127.0.0.1', expected: false },
    { address: '127.8.9.10', expected: false },
    { address: '10.0.0.1', expected: false },
    { address: '172.16.0.1', expected: false },
    { address: '192.168.1.1', expected: false },
    { address: '169.254.169.254', expected: false },
    { address: '100.64.0.1', expected: false },
    { address: '0.0.0.0', expected: false },
    { address: '255.255.255.255', expected: false },
    { address: '224.0.0.1', expected: false },
    { address: '::1', expected: false },
    { address: '::', expected: false },
    { address: 'fe80::1', expected: false },
    { address: 'fd00::1', expected: false },
    { address: '::ffff:127.0.0.1', expected: false },
    { address: '::ffff:10.0.0.1', expected: false },
    { address: '::ffff:8.8.8.8', expected: true },
    { address: 'not-an-ip', expected: false },
  ])('isPublicAddress($address) → $expected', ({ address, expected }) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  test.each([
    { url: 'http://tool.example.com', allowPrivate: false, refused: true },
    { url: 'http://tool.example.com', allowPrivate: true, refused: false },
    { url: 'ftp://tool.example.com', allowPrivate: true, refused: true },
    { url: 'https://tool.example.com', allowPrivate: false, refused: false },
    { url: 'https://8.8.8.8', allowPrivate: false, refused: false },
    { url: 'https://169.254.169.254', allowPrivate: false, refused: true },
    { url: 'https://10.0.0.1', allowPrivate: false, refused: true },
    { url: 'https://[::1]', allowPrivate: false, refused: true },
    { url: 'https://127.0.0.1', allowPrivate: false, refused: true },
    { url: 'https://localhost', allowPrivate: false, refused: true },
    { url: 'https://api.localhost', allowPrivate: false, refused: true },
    { url: 'https://[::ffff:127.0.0.1]', allowPrivate: false, refused: true },
    // WHATWG URL normalizes these to 127.0.0.1.
    { url: 'https://2130706433', allowPrivate: false, refused: true },
    { url: 'https://0x7f.1', allowPrivate: false, refused: true },
    { url: 'https://10.0.0.1', allowPrivate: true, refused: false },
    { url: 'http://localhost:8080', allowPrivate: true, refused: false },
  ])('checkUrl($url, allowPrivate $allowPrivate) refused: $refused', ({ url, allowPrivate, refused }) => {
    const check = () => checkUrl(url, allowPrivate);
    if (refused) expect(check).toThrow(expect.objectContaining({ code: 'address_refused' }) as Error);
    else expect(check).not.toThrow();
  });

  test('an invalid URL is a bad request', () => {
    expect(() => checkUrl('not a url', false)).toThrow(
      expect.objectContaining({ code: 'bad_request' }) as Error,
    );
  });

  test.each([
    'http://tool.example.com',
    'https://169.254.169.254',
    'https://10.0.0.1',
    'https://[::1]',
    'https://127.0.0.1',
    'https://localhost',
    'https://[::ffff:127.0.0.1]',
  ])('%s is refused before any request is sent', async (baseUrl) => {
    const acquire = vi.fn<RequestLimiter['acquire']>(() => Promise.resolve());
    const target = nock(baseUrl).get('/latest/meta-data').reply(200, { ok: true });
    const error = await rejection(
      client({ baseUrl, limiter: { acquire } }).request({ path: '/latest/meta-data', schema }),
    );
    expect([error.code, error.retryable]).toEqual(['address_refused', false]);
    expect(target.isDone()).toBe(false);
    expect(acquire).not.toHaveBeenCalled();
  });

  test('an absolute URL as the path cannot escape the base URL', async () => {
    const metadata = nock('http://169.254.169.254').get('/latest/meta-data').reply(200, { ok: true });
    const base = nock(BASE).get(/.*/).reply(404, '');
    const error = await rejection(
      client().request({ path: 'http://169.254.169.254/latest/meta-data', schema }),
    );
    expect(error.code).toBe('not_found');
    expect(metadata.isDone()).toBe(false);
    base.done();
  });
});

describe('SSRF guard on a real socket', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  });

  function allowLocalSockets(): void {
    nock.enableNetConnect((host) => host === `localhost:${port}` || host === `intranet.example.com:${port}`);
  }

  /** Makes `intranet.example.com` resolve to 127.0.0.1, as a split-horizon or rebinding DNS would. */
  function pointIntranetAtLoopback(): void {
    const real = dns.lookup.bind(dns);
    vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, options: unknown, callback: unknown) => {
      if (hostname !== 'intranet.example.com')
        return (real as (...a: unknown[]) => void)(hostname, options, callback);
      const done = callback as (e: null, a: dns.LookupAddress[]) => void;
      done(null, [{ address: '127.0.0.1', family: 4 }]);
    }) as unknown as typeof dns.lookup);
  }

  test('http://localhost is refused when private addresses are not allowed', async () => {
    allowLocalSockets();
    const error = await rejection(
      client({ baseUrl: `http://localhost:${port}` }).request({ path: '/x', schema }),
    );
    expect(error.code).toBe('address_refused');
  });

  test('http://localhost works when the operator allows private addresses', async () => {
    allowLocalSockets();
    const result = await client({
      baseUrl: `http://localhost:${port}`,
      allowPrivate: true,
      timeoutMs: 2_000,
    }).request({
      path: '/x',
      schema,
    });
    expect(result).toEqual({ ok: true });
  });

  test('a public-looking name that resolves to a private address is refused at connect time', async () => {
    allowLocalSockets();
    pointIntranetAtLoopback();
    const error = await rejection(
      client({ baseUrl: `https://intranet.example.com:${port}`, timeoutMs: 2_000 }).request({
        path: '/x',
        schema,
      }),
    );
    expect([error.code, error.retryable]).toEqual(['address_refused', false]);
    expect(dns.lookup).toHaveBeenCalled();
  });

  test('the same name is reachable when private addresses are allowed', async () => {
    allowLocalSockets();
    pointIntranetAtLoopback();
    const result = await client({
      baseUrl: `http://intranet.example.com:${port}`,
      allowPrivate: true,
      timeoutMs: 2_000,
    }).request({ path: '/x', schema });
    expect(result).toEqual({ ok: true });
  });
});

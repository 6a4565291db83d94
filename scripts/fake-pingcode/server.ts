import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from './errors';
import { FaultQueue } from './faults';
import type { FaultSpec } from './faults';
import { SlidingWindowLimiter } from './rate-limiter';
import { buildRoutes, matchRoute } from './routes';
import type { Area } from './routes';
import { DAY } from './time';
import type { Dataset } from './types';

/**
 * A local PingCode Open API over a generated dataset, for the demo, the integration tests and the
 * benchmark. Plain node:http: a request costs a route match, a filter over the dataset and one
 * JSON.stringify, and every knob (latency, rate limit, tokens, faults) can be turned at runtime.
 */
export interface FakePingcodeOptions {
  dataset: Dataset;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Routes live under `/v1/pjm/...` (default) or `/v1/project/...`; the token route is always `/v1/auth/token`. */
  area?: Area;
  clientId?: string;
  clientSecret?: string;
  rateLimit?: { enabled: boolean; perMinute: number };
  latencyMs?: number;
}

export interface FakePingcodeStats {
  requests: number;
  /** Keyed by method and route pattern, e.g. `GET /v1/pjm/work_items`. */
  byRoute: Record<string, number>;
  rateLimited: number;
}

export interface FakePingcode {
  /** e.g. `http://127.0.0.1:54321`, no trailing slash. */
  url: string;
  area: Area;
  clientId: string;
  clientSecret: string;
  dataset: Dataset;
  faults: FaultQueue;
  /** Stops listening and ends every open connection, hanging requests included. */
  close(): Promise<void>;
  setLatency(ms: number): void;
  setRateLimit(enabled: boolean, perMinute?: number): void;
  revokeTokens(): void;
  stats(): FakePingcodeStats;
  resetStats(): void;
  /** Sets `updated_at` of these work items to `at` (default: the wall clock, Unix s). Throws on unknown ids. */
  touch(itemIds: readonly string[], at?: number): void;
}

const TOKEN_PATH = '/v1/auth/token';
const MAX_BODY_BYTES = 1024 * 1024;
const RATE_LIMITED = { code: '100038', message: '请求频率过高' };

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new ApiError(413, '100413', 'request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, '100040', '请求体不是合法的 JSON (invalid JSON body)');
  }
}

function applyFault(fault: FaultSpec, req: IncomingMessage, res: ServerResponse): void {
  switch (fault.kind) {
    case 'status': {
      const status = fault.status ?? 500;
      const fallback = status === 429 ? RATE_LIMITED : { code: '100000', message: 'injected fault' };
      send(res, status, fault.body ?? fallback, fault.headers ?? {});
      return;
    }
    case 'malformed': {
      const full = JSON.stringify(
        fault.body ?? { page_size: 30, page_index: 0, total: 1, values: [{ id: 'x' }] },
      );
      const text = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        ...fault.headers,
      });
      res.end(text);
      return;
    }
    case 'hang':
      // Never answered; close() ends the connection.
      return;
    case 'reset':
      req.socket.destroy();
      return;
  }
}

export async function startFakePingcode(options: FakePingcodeOptions): Promise<FakePingcode> {
  const { dataset } = options;
  const area = options.area ?? 'pjm';
  const clientId = options.clientId ?? 'demo-client';
  const clientSecret = options.clientSecret ?? 'demo-secret';
  const rate = {
    enabled: options.rateLimit?.enabled ?? true,
    perMinute: options.rateLimit?.perMinute ?? 200,
  };
  let latencyMs = options.latencyMs ?? 0;
  const routes = buildRoutes(area);
  const tokens = new Set<string>();
  const limiter = new SlidingWindowLimiter();
  const faults = new FaultQueue();
  const timers = new Set<NodeJS.Timeout>();
  let stats: FakePingcodeStats = { requests: 0, byRoute: {}, rateLimited: 0 };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Answers 429 and returns true when `identity` is over its budget. */
  const limited = (identity: string, res: ServerResponse): boolean => {
    if (!rate.enabled) return false;
    const wait = limiter.take(identity, rate.perMinute);
    if (wait === 0) return false;
    stats.rateLimited++;
    send(res, 429, RATE_LIMITED, { 'x-pc-retry-after': String(wait) });
    return true;
  };

  const issueToken = (query: URLSearchParams, res: ServerResponse): void => {
    const id = query.get('client_id') ?? '';
    if (limited(`client:${id}`, res)) return;
    if (
      query.get('grant_type') !== 'client_credentials' ||
      id !== clientId ||
      query.get('client_secret') !== clientSecret
    ) {
      send(res, 401, { code: '100012', message: 'invalid client credentials' });
      return;
    }
    const token = randomUUID();
    tokens.add(token);
    // The doc's example shows an absolute timestamp here, 30 days ahead (reference/upstream-apis.md §1.2).
    send(res, 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: Math.floor(Date.now() / 1000) + 30 * DAY,
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = (q === -1 ? rawUrl : rawUrl.slice(0, q)).replace(/\/+$/, '') || '/';
    const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
    const isToken = path === TOKEN_PATH;
    const match = isToken ? undefined : matchRoute(routes, method, path);
    const key = isToken
      ? `${method} ${TOKEN_PATH}`
      : match?.route
        ? `${method} ${match.route.pattern}`
        : `${method} (unmatched)`;
    stats.requests++;
    stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;

    if (latencyMs > 0) await sleep(latencyMs);
    const fault = faults.take(method, rawUrl);
    if (fault) {
      applyFault(fault, req, res);
      return;
    }

    if (isToken) {
      if (method === 'GET') issueToken(query, res);
      else send(res, 405, { code: '100405', message: 'method not allowed' });
      return;
    }
    if (!match?.route) {
      const status = match?.methodMismatch ? 405 : 404;
      send(res, status, {
        code: `100${status}`,
        message: status === 405 ? 'method not allowed' : 'resource not found',
      });
      return;
    }

    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined || !tokens.has(token)) {
      send(res, 401, { code: '100001', message: 'token invalid' });
      return;
    }
    if (limited(`token:${token}`, res)) return;

    const body = method === 'POST' ? await readJson(req) : undefined;
    send(res, 200, match.route.handler({ dataset, params: match.params, query, body }));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof ApiError) send(res, error.status, error.body);
      else if (error instanceof URIError) send(res, 400, { code: '100040', message: 'malformed URL' });
      else {
        console.error('[fake-pingcode]', error);
        send(res, 500, { code: '100000', message: 'internal error' });
      }
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    area,
    clientId,
    clientSecret,
    dataset,
    faults,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setRateLimit(enabled, perMinute) {
      if (perMinute !== undefined && !(perMinute >= 1)) throw new Error('perMinute must be ≥ 1');
      rate.enabled = enabled;
      if (perMinute !== undefined) rate.perMinute = perMinute;
    },
    revokeTokens() {
      tokens.clear();
    },
    stats() {
      return { ...stats, byRoute: { ...stats.byRoute } };
    },
    resetStats() {
      stats = { requests: 0, byRoute: {}, rateLimited: 0 };
    },
    touch(itemIds, at = Math.floor(Date.now() / 1000)) {
      const wanted = new Set(itemIds);
      const found = new Set<string>();
      for (const item of dataset.workItems) {
        if (!wanted.has(item.id)) continue;
        item.updated_at = at;
        found.add(item.id);
      }
      const missing = [...wanted].filter((id) => !found.has(id));
      if (missing.length > 0) throw new Error(`touch: unknown work item ids ${missing.join(', ')}`);
    },
  };
}

export type { Area } from './routes';
export type { FaultKind, FaultSpec } from './faults';
export { FaultQueue } from './faults';

import dns from 'node:dns';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, test, vi } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import {
  fieldKind,
  loadOpenApi,
  operations,
  paramKind,
  pathParams,
  type Operation,
  type Parameter,
} from '../support/openapi-ops';
import { junkValue, mutated, oddString, schemaArbitrary } from '../support/schema-arbitrary';
import { seedTenant, SHARE_HOST, type Tenant } from '../support/tenants';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/**
 * Schema-driven fuzzing of every /api/v1 operation in openapi/openapi.json and of the client pages
 * (`GET /s/:token`, `POST /s/:token/feedback`, `POST /s/:token/unlock`): values the schemas describe and their
 * boundaries, the same with one part broken, junk, malformed and oversized bodies, odd content types, ids
 * that are not uuids, that exist nowhere or in another workspace, with a valid API key and without.
 * Nothing may answer 5xx; every API error is problem+json with a `code` and a `detail`; every page error is
 * an HTML page.
 *
 * Deterministic: FUZZ_SEED (default below) seeds every property, FUZZ_RUNS (default 50) runs per API
 * operation, six times that per client page (twice for the unlock form: every passcode check is a
 * deliberately slow scrypt). A failure names the seed and the request to replay it; FUZZ_VERBOSE=1 prints
 * what the runs got (status and problem code per operation) and one request of each.
 * DNS is answered here (every name but localhost "does not resolve"), so no request leaves the machine.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const API_RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const PAGE_RUNS = API_RUNS * 6;

const doc = loadOpenApi();
// Writes before deletes, and the connection (which takes the project with it) last of all.
const rank = (op: Operation) => (op.method !== 'DELETE' ? 0 : op.operationId === 'deleteConnection' ? 2 : 1);
const apiOps = operations(doc).sort((x, y) => rank(x) - rank(y));

interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  url: string;
  headers: Record<string, string>;
  payload?: string;
  remoteAddress?: string;
}

/** Path segments sent as they are (not encoded): bad escapes, traversal, encoded NUL and slash. */
const RAW_SEGMENTS = ['%', '%zz', '%FF', '%ED%A0%80', '..', '.', '%2e%2e', '%2F', 'a%00b', '%00', '%20'];
const RAW_BODIES = [
  '{',
  '',
  ' ',
  'null',
  '[]',
  '"x"',
  '1e999',
  '{"a":1}}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\u0000',
  `"${'x'.repeat(1_500_000)}"`,
];
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/merge-patch+json',
];

/** `arbitrary` one time in `n`, else `none`. */
const rarely = <T, N>(arbitrary: fc.Arbitrary<T>, n: number, none: N): fc.Arbitrary<T | N> =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(none) }, { weight: 1, arbitrary });

const encode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate: sent as its replacement character.
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
};
/** Header values as a client can send them: printable ASCII, bounded. */
const headerSafe = (value: string): string => value.replace(/[^\x20-\x7e]/g, '?').slice(0, 8000);
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
const shorten = (text: string, max = 600): string =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
const describeRequest = (req: FuzzRequest): string =>
  shorten(
    JSON.stringify({ ...req, payload: req.payload === undefined ? undefined : shorten(req.payload, 300) }),
    1200,
  );

function checkProblem(req: FuzzRequest, res: LightMyRequestResponse): void {
  const where = () => `${describeRequest(req)} → ${res.statusCode} ${shorten(res.body)}`;
  if (res.statusCode >= 500) throw new Error(`5xx: ${where()}`);
  if (res.statusCode < 400) return;
  if (!String(res.headers['content-type']).startsWith('application/problem+json'))
    throw new Error(`error not problem+json: ${where()}`);
  const problem = JSON.parse(res.body) as { code?: unknown; detail?: unknown; status?: unknown };
  if (typeof problem.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(problem.code))
    throw new Error(`problem without a stable code: ${where()}`);
  if (typeof problem.detail !== 'string' || !problem.detail)
    throw new Error(`problem without detail: ${where()}`);
  if (problem.status !== res.statusCode) throw new Error(`problem status differs: ${where()}`);
}

function checkPage(req: FuzzRequest, res: LightMyRequestResponse): void {
  // `/s/%2e%2e` is `/` once the URL is parsed (as browsers do): not a client page any more.
  if (!new URL(req.url, 'http://x').pathname.startsWith('/s/')) return checkProblem(req, res);
  const where = () => `${describeRequest(req)} → ${res.statusCode} ${shorten(res.body)}`;
  if (res.statusCode >= 500) throw new Error(`5xx: ${where()}`);
  if (res.statusCode >= 300 && res.statusCode < 400) {
    if (!String(res.headers.location).startsWith('/s/')) throw new Error(`odd redirect: ${where()}`);
    return;
  }
  if (!String(res.headers['content-type']).startsWith('text/html') || !/<html/i.test(res.body))
    throw new Error(`not an HTML page: ${where()}`);
}

describe('fuzzing every /api/v1 operation and the client pages: no 5xx, errors in their format', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  let a: Tenant;
  let b: Tenant;
  let expiredToken: string;
  let unlockCookie: string;
  /** Answers by status class, and by operation when FUZZ_VERBOSE is set: how deep the runs got. */
  const tally = new Map<string, number>();
  let current = '';

  const inject = async (req: FuzzRequest): Promise<LightMyRequestResponse> => {
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    const options: InjectOptions = {
      method: req.method,
      url: req.url,
      headers: req.headers,
      ...(req.payload !== undefined ? { payload: req.payload } : {}),
      ...(req.remoteAddress ? { remoteAddress: req.remoteAddress } : {}),
    };
    const res = await h.runtime.app!.inject(options);
    count(`${Math.floor(res.statusCode / 100)}xx`);
    if (process.env.FUZZ_VERBOSE) {
      let why = '';
      try {
        const problem = JSON.parse(res.body) as { code?: string; errors?: { field: string }[] };
        why = `${problem.code ?? ''} ${(problem.errors ?? []).map((e) => e.field).join(',')}`;
      } catch {
        why = /<title>([^<]*)/.exec(res.body)?.[1] ?? '';
      }
      const key = `${current} ${res.statusCode} ${why}`;
      if (!tally.has(key)) console.log(`SAMPLE ${key}: ${describeRequest(req)}`);
      count(key);
    }
    return res;
  };

  async function run(
    name: string,
    index: number,
    arbitrary: fc.Arbitrary<FuzzRequest>,
    numRuns: number,
    check: typeof checkProblem,
  ) {
    const seed = SEED + index;
    current = name;
    try {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (req) => check(req, await inject(req))),
        { seed, numRuns },
      );
    } catch (error) {
      const { message, cause } = error as Error & { cause?: unknown };
      const why = cause instanceof Error ? `\nGot: ${cause.message}` : '';
      throw new Error(
        `${name}: FUZZ_SEED=${SEED} (this property's seed ${seed}). ${shorten(message, 4000)}${shorten(why, 2000)}`,
      );
    }
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startHarness({
      env: {
        API_RATE_LIMIT_PER_MINUTE: '1000000',
        FEEDBACK_LIMIT_PER_LINK: '1000000',
        FEEDBACK_LIMIT_PER_IP: '1000000',
        UPSTREAM_TIMEOUT_MS: '2000',
      },
    });
    a = await seedTenant(h, 'A', { receiverUrl: receiver.url, useHarnessWorkspace: true });
    b = await seedTenant(h, 'B', { receiverUrl: receiver.url });
    // Only names the tests own resolve from here on: fuzzed URLs never reach the network.
    const real = dns.lookup.bind(dns);
    vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, options: unknown, callback: unknown) => {
      if (hostname === 'localhost')
        return (real as (...args: unknown[]) => void)(hostname, options, callback);
      const done = (typeof options === 'function' ? options : callback) as (error: Error) => void;
      done(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    }) as unknown as typeof dns.lookup);

    const expired = await a.api('POST', `/api/v1/projects/${a.ids.project![0]}/share-links`, {
      label: 'Expired',
    });
    const { id, url } = expired.json<{ id: string; url: string }>();
    expiredToken = new URL(url).pathname.split('/')[2]!;
    await h.runtime.container.database.db.execute(
      sql`update share_link set expires_at = now() - interval '1 day' where id = ${id}`,
    );
    const unlocked = await h.runtime.app!.inject({
      method: 'POST',
      url: `/s/${a.tokens.passcode}/unlock`,
      headers: { host: SHARE_HOST, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `passcode=${encodeURIComponent(a.passcode)}`,
    });
    unlockCookie = String(unlocked.headers['set-cookie']).split(';')[0]!;
  }, 120_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    const classes = ['2xx', '3xx', '4xx', '5xx'].map((c) => `${c} ${tally.get(c) ?? 0}`).join(', ');
    console.log(`fuzz: ${classes}; FUZZ_SEED=${SEED}, FUZZ_RUNS=${API_RUNS}`);
    if (process.env.FUZZ_VERBOSE) console.log([...tally].map(([k, n]) => `${k}: ${n}`).join('\n'));
    await h.close();
    await receiver.close();
  });

  const ids = () => [...a.allIds(), ...b.allIds()];
  /** An id for a field or path parameter: mostly A's of that kind, else anyone's, absent or malformed. */
  const idFor = (kind: string | undefined): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...(kind && a.ids[kind]?.length ? a.ids[kind] : a.allIds())) },
      { weight: 2, arbitrary: fc.constantFrom(...ids()) },
      { weight: 1, arbitrary: fc.uuid({ version: [4, 7] }) },
      { weight: 1, arbitrary: oddString },
    );
  /** Mostly `value`, now and then one of `others`. */
  const mostly = <T>(value: T, ...others: T[]): fc.Arbitrary<T> =>
    others.length
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constant(value) },
          { weight: 1, arbitrary: fc.constantFrom(...others) },
        )
      : fc.constant(value);
  /** Valid values for what the document cannot say (its own schema still adds junk, 1 time in 4). */
  const hints = (): Record<string, fc.Arbitrary<unknown>> => ({
    provider: mostly('pingcode', 'worktile', 'jira', 'github'),
    timezone: fc.constantFrom('Europe/Paris', 'Asia/Shanghai', 'UTC', 'America/New_York'),
    baseUrl: mostly(
      h.fake.url,
      'http://127.0.0.1:1',
      'https://open.pingcode.com',
      'ftp://x',
      'https://169.254.169.254',
    ),
    url: mostly(`${receiver.url}/fuzz`, 'https://hooks.example.com/x', 'http://[::1]:1/x'),
    webhookUrl: mostly(
      `${receiver.url}/slack/fuzz`,
      'https://hooks.slack.com/services/T/B/x',
      'https://hooks.slack.com/…',
    ),
    address: fc.constantFrom('anna@client.example', 'pm@agency.example', 'b@example.com'),
    // `id` in a body is a comm-plan channel's: one of the plan's, or (undefined) a new channel.
    id: fc.constantFrom(...a.ids.channel!, undefined),
    credentials: fc.oneof(
      { weight: 4, arbitrary: fc.constant({ clientId: h.fake.clientId, clientSecret: h.fake.clientSecret }) },
      {
        weight: 1,
        arbitrary: fc.dictionary(fc.constantFrom('clientId', 'clientSecret', 'token', 'type'), junkValue, {
          maxKeys: 3,
        }),
      },
    ),
  });
  const options = () => ({
    doc,
    id: (field: string) => idFor(fieldKind(field)),
    hints: hints(),
  });

  const authHeader = (): fc.Arbitrary<string | undefined> =>
    fc.oneof(
      { weight: 20, arbitrary: fc.constant(`Bearer ${a.key}`) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(`Bearer ${b.key}`) },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.constantFrom(
            'Basic dXNlcjpwYXNz',
            'Bearer',
            `bearer ${a.key}`,
            `Bearer ${a.key} extra`,
            `Bearer ${a.key.slice(0, -1)}`,
          ),
          oddString.map((s) => `Bearer ${s}`),
        ),
      },
    );

  function queryArbitrary(params: Parameter[]): fc.Arbitrary<string> {
    const value = (p: Parameter) =>
      fc.oneof(
        { weight: 6, arbitrary: schemaArbitrary(p.schema, options(), p.name).map(asText) },
        { weight: 1, arbitrary: oddString },
        { weight: 1, arbitrary: junkValue.map(asText) },
      );
    const pairs = params.map((p) =>
      fc.option(
        fc.oneof(
          { weight: 5, arbitrary: value(p).map((v) => [[p.name, v]]) },
          {
            weight: 1,
            arbitrary: fc.tuple(value(p), value(p)).map(([x, y]) => [
              [p.name, x],
              [p.name, y],
            ]),
          },
        ),
        { nil: [] as string[][], freq: 2 },
      ),
    );
    const extra = rarely(
      fc.tuple(oddString, oddString).map(([k, v]) => [[k, v]]),
      4,
      [] as string[][],
    );
    return fc
      .tuple(fc.tuple(...pairs, extra), rarely(fc.constantFrom('&&==&', 'limit', 'limit[]=1', '=x'), 8, null))
      .map(([groups, raw]) => {
        const parts = groups.flat().map(([k, v]) => `${encode(k!)}=${encode(v!)}`);
        if (raw) parts.push(raw);
        return parts.length ? `?${parts.join('&')}` : '';
      });
  }

  function bodyArbitrary(op: Operation): fc.Arbitrary<{ contentType?: string; payload?: string }> {
    if (!op.body)
      return fc.oneof(
        { weight: 8, arbitrary: fc.constant({}) },
        {
          weight: 1,
          arbitrary: junkValue.map((v) => ({ contentType: 'application/json', payload: asText(v) })),
        },
      );
    const valid = schemaArbitrary(op.body, options());
    const value = fc.oneof(
      { weight: 6, arbitrary: valid },
      { weight: 3, arbitrary: mutated(valid) },
      { weight: 1, arbitrary: junkValue },
    );
    return fc.oneof(
      {
        weight: 16,
        arbitrary: value.map((v) => ({ contentType: 'application/json', payload: JSON.stringify(v) })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...RAW_BODIES)
          .map((payload) => ({ contentType: 'application/json', payload })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...OTHER_TYPES), value)
          .map(([contentType, v]) => ({ contentType, payload: JSON.stringify(v) ?? '' })),
      },
      { weight: 1, arbitrary: fc.constant({}) },
    );
  }

  function apiRequest(op: Operation): fc.Arbitrary<FuzzRequest> {
    const segments = Object.fromEntries(
      pathParams(op).map((p) => [
        p,
        fc.oneof(
          { weight: 12, arbitrary: idFor(paramKind(op, p)).map(encode) },
          { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
        ),
      ]),
    );
    const headerParams = op.parameters.filter((p) => p.in === 'header');
    const headers = fc.record(
      Object.fromEntries(
        headerParams.map((p) => [
          p.name.toLowerCase(),
          fc
            .oneof(
              { weight: 3, arbitrary: schemaArbitrary(p.schema, options(), p.name).map(asText) },
              { weight: 1, arbitrary: oddString },
            )
            .map(headerSafe),
        ]),
      ),
      { requiredKeys: [], noNullPrototype: true },
    );
    return fc
      .record({
        path: fc.record(segments, { noNullPrototype: true }),
        query: queryArbitrary(op.parameters.filter((p) => p.in === 'query')),
        auth: authHeader(),
        headers,
        body: bodyArbitrary(op),
      })
      .map(({ path, query, auth, headers: extra, body }) => ({
        method: op.method,
        // The segments are encoded already (or raw on purpose).
        url: `${op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => path[name] ?? '')}${query}`,
        headers: {
          ...(extra as Record<string, string>),
          ...(auth ? { authorization: headerSafe(auth) } : {}),
          ...(body.contentType ? { 'content-type': body.contentType } : {}),
        },
        ...(body.payload !== undefined ? { payload: body.payload } : {}),
      }));
  }

  // Found by this fuzzer, kept as plain cases: router-level refusals were Fastify's own JSON, client pages
  // answered 500 to a body too large or of a type no form sends, and unknown paths under /s/ answered JSON.
  test.each<[FuzzRequest['method'], string, number, string, Record<string, string>?]>([
    ['GET', '/api/v1/projects/%', 400, 'invalid_url'],
    ['GET', '/api/v1/projects/{101 x}', 414, 'uri_too_long'],
    ['GET', '/nothing/%zz', 400, 'invalid_url'],
    ['GET', '/s/%', 404, 'page'],
    ['GET', '/s/{300 x}', 404, 'page'],
    ['POST', '/s/feedback', 404, 'page'],
    ['PUT', '/s/{active}', 404, 'page'],
    ['GET', '/s/{active}/extra/path', 404, 'page'],
    ['POST', '/s/{active}/feedback', 404, 'page', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['POST', '/s/{active}/feedback', 404, 'page', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['POST', '/s/{passcode}/unlock', 404, 'page', { 'content-type': 'application/x-www-form-urlencoded' }],
  ])('found by fuzzing: %s %s → %i %s', async (method, path, status, answer, headers) => {
    const url = path
      .replace('{active}', a.tokens.active)
      .replace('{passcode}', a.tokens.passcode)
      .replace(/\{(\d+) x\}/, (_m, n: string) => 'x'.repeat(Number(n)));
    const big = headers?.['content-type'] === 'application/x-www-form-urlencoded';
    const req: FuzzRequest = {
      method,
      url,
      headers: { authorization: `Bearer ${a.key}`, host: SHARE_HOST, ...headers },
      ...(headers ? { payload: big ? `body=${'x'.repeat(70 * 1024)}` : '--x\r\n\r\nhi\r\n--x--' } : {}),
    };
    const res = await inject(req);
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${shorten(res.body)}`);
    if (answer === 'page') checkPage(req, res);
    else {
      checkProblem(req, res);
      if (res.json<{ code: string }>().code !== answer) throw new Error(res.body);
    }
  });

  test('the document lists the operations to fuzz', () => {
    if (apiOps.length < 30) throw new Error(`only ${apiOps.length} operations in openapi.json`);
    const withBody = apiOps.filter((op) => op.body).length;
    if (withBody < 10) throw new Error(`only ${withBody} operations with a JSON body schema`);
  });

  // ---- the client pages ----
  /** `valid` 4 times in 5, else `junk`: deep enough to reach storage, broken often enough to matter. */
  const validOr = <T>(valid: fc.Arbitrary<T>, junk: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: junk });
  const token = (main: string) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(main) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          a.tokens.active,
          a.tokens.passcode,
          a.tokens.revoked,
          expiredToken,
          b.tokens.active,
          b.tokens.passcode,
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .base64String({ minLength: 44, maxLength: 44 })
          .map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')),
      },
      { weight: 1, arbitrary: oddString.map(encode) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    );
  const KINDS = ['question', 'comment', 'approval', 'change_request', 'rating'];
  const pageQuery = () =>
    fc
      .record(
        {
          lang: validOr(fc.constantFrom('en', 'fr', 'zh-CN', 'de', 'EN', 'zh', ''), oddString),
          sent: validOr(fc.constantFrom(...KINDS), oddString),
          other: oddString,
        },
        { requiredKeys: [], noNullPrototype: true },
      )
      .map((q) => {
        const parts = Object.entries(q).map(([k, v]) => `${k}=${encode(v)}`);
        return parts.length ? `?${parts.join('&')}` : '';
      });
  const clientHeaders = () =>
    fc
      .record(
        {
          'accept-language': validOr(
            fc.constantFrom('fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5', '*', 'zh-CN', 'q=2', ''),
            oddString,
          ),
          cookie: validOr(
            fc.constant(unlockCookie),
            fc.oneof(
              oddString.map((v) => `${unlockCookie.split('=')[0]}=${v}`),
              fc.constantFrom('a', '=', ';;;', 'cl_unlock_=1.2', `${unlockCookie}; ${unlockCookie}x`),
            ),
          ),
          origin: validOr(
            fc.constant(`https://${SHARE_HOST}`),
            fc.oneof(fc.constantFrom('https://evil.example', 'null', ''), oddString),
          ),
          'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none', 'same-site', 'x'),
        },
        { requiredKeys: ['origin'], noNullPrototype: true },
      )
      .map((hs) => Object.fromEntries(Object.entries(hs).map(([k, v]) => [k, headerSafe(v)])));
  const junkField = fc.oneof(
    oddString,
    fc.constantFrom('x'.repeat(4001), 'a@b.co', 'not an email', '1', '5', '0', '6', ''),
  );
  /** A posted form: the fields the page has, mostly as a person fills them; junk, repeated or extra fields. */
  const formBody = (fields: Record<string, fc.Arbitrary<string>>, required: string[]) =>
    fc
      .tuple(
        fc.record(fields, { requiredKeys: required, noNullPrototype: true }),
        rarely(fc.tuple(oddString, junkField), 5, null),
        rarely(fc.constantFrom(...Object.keys(fields)), 8, null),
        fc.oneof(
          { weight: 12, arbitrary: fc.constant('form') },
          { weight: 1, arbitrary: fc.constantFrom('json', 'json-junk', 'text', 'multipart', 'none', 'huge') },
        ),
        junkValue,
      )
      .map(([values, extra, repeated, encoding, junk]) => {
        const params = new URLSearchParams();
        const plain = values as Record<string, string>;
        for (const [k, v] of Object.entries(plain)) params.append(k, v.replace(/[\ud800-\udfff]/g, '\ufffd'));
        if (extra) params.append(extra[0].replace(/[\ud800-\udfff]/g, ''), extra[1]);
        if (repeated) params.append(repeated, 'again');
        switch (encoding) {
          case 'form':
            return { contentType: 'application/x-www-form-urlencoded', payload: params.toString() };
          case 'json':
            return { contentType: 'application/json', payload: JSON.stringify(plain) };
          case 'json-junk':
            return {
              contentType: 'application/json',
              payload: JSON.stringify({ ...plain, kind: junk, body: junk }),
            };
          case 'text':
            return { contentType: 'text/plain', payload: params.toString() };
          case 'multipart':
            return { contentType: 'multipart/form-data; boundary=x', payload: '--x\r\n\r\nhi\r\n--x--' };
          case 'huge':
            return {
              contentType: 'application/x-www-form-urlencoded',
              payload: `body=${'x'.repeat(70 * 1024)}`,
            };
          default:
            return {};
        }
      });
  const pageRequest = (
    method: 'GET' | 'POST',
    main: string,
    suffix: string,
    body: fc.Arbitrary<{ contentType?: string; payload?: string }>,
  ): fc.Arbitrary<FuzzRequest> =>
    fc
      .record({ token: token(main), query: pageQuery(), headers: clientHeaders(), body, ip: fc.ipV4() })
      .map(({ token: t, query, headers, body: b2, ip }) => ({
        method,
        url: `/s/${t}${suffix}${query}`,
        headers: {
          host: SHARE_HOST,
          ...headers,
          ...(b2.contentType ? { 'content-type': b2.contentType } : {}),
        },
        ...(b2.payload !== undefined ? { payload: b2.payload } : {}),
        remoteAddress: ip,
      }));
  const feedbackForm = () =>
    formBody(
      {
        formToken: validOr(fc.constant(a.formToken), junkField),
        kind: validOr(fc.constantFrom(...KINDS), junkField),
        body: validOr(
          fc.constantFrom('When is the launch?', 'Looks good', '长'.repeat(100), 'é\r\nline'),
          junkField,
        ),
        name: validOr(fc.constantFrom('Ana Lima', '李雷', "O'Brien"), junkField),
        email: validOr(fc.constantFrom('', 'ana@client.example'), junkField),
        rating: validOr(fc.constantFrom('1', '3', '5'), junkField),
        milestoneId: validOr(
          fc.constantFrom(...a.ids.milestone!),
          fc.oneof(junkField, fc.constantFrom(...b.ids.milestone!)),
        ),
        website: fc.constantFrom('', 'http://spam.example'),
      },
      ['formToken', 'kind', 'name'],
    );

  test(
    'GET /s/:token',
    async () =>
      run(
        'GET /s/:token',
        1000,
        pageRequest('GET', a.tokens.active, '', fc.constant({})),
        PAGE_RUNS,
        checkPage,
      ),
    60_000,
  );

  test(
    'POST /s/:token/feedback (form posts)',
    async () =>
      run(
        'POST /s/:token/feedback',
        1001,
        pageRequest('POST', a.tokens.active, '/feedback', feedbackForm()),
        PAGE_RUNS,
        checkPage,
      ),
    60_000,
  );

  test(
    'POST /s/:token/unlock',
    async () =>
      run(
        'POST /s/:token/unlock',
        1002,
        pageRequest(
          'POST',
          a.tokens.passcode,
          '/unlock',
          formBody({ passcode: validOr(fc.constantFrom(a.passcode, `${a.passcode}x`, ''), junkField) }, []),
        ),
        API_RUNS * 2,
        checkPage,
      ),
    60_000,
  );

  // The API after the pages (its fuzzed DELETEs may remove what the pages show), deletes last of all.
  const apiCases = apiOps.map((op, i) => [`${op.method} ${op.path}`, op, i] as const);
  test.each(apiCases.filter(([, op]) => op.method !== 'DELETE'))(
    '%s',
    async (label, op, index) => run(label, index, apiRequest(op), API_RUNS, checkProblem),
    60_000,
  );

  test('documented paths with the wrong method → problem+json (API) or a page (client pages)', async () => {
    const paths = [...new Set(apiOps.map((op) => op.path))];
    const arbitrary = fc
      .record({
        path: fc.constantFrom(...paths, '/s/{token}', '/s/{token}/feedback', '/s/{token}/unlock'),
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        id: idFor(undefined).map(encode),
      })
      .map(({ path, method, id }) => ({
        method,
        url: path.replace(/\{[^}]+\}/g, path.startsWith('/s/') ? a.tokens.active : id),
        headers: { authorization: `Bearer ${a.key}`, host: SHARE_HOST },
      }));
    await run('wrong methods', 2000, arbitrary, API_RUNS * 4, (req, res) =>
      req.url.startsWith('/s/') ? checkPage(req, res) : checkProblem(req, res),
    );
  }, 60_000);

  test.each(apiCases.filter(([, op]) => op.method === 'DELETE'))(
    '%s',
    async (label, op, index) => run(label, index, apiRequest(op), API_RUNS, checkProblem),
    60_000,
  );
});

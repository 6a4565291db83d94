import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { encryptJson } from '../../service/crypto';
import { insertConnection } from '../../service/store/connections.store';
import { newId } from '../../service/store/ids';
import { upsertProjects } from '../../service/store/projects.store';
import { startHarness, type Harness } from '../support/harness';

/**
 * The SSRF guard through the API, as production runs it (ALLOW_PRIVATE_UPSTREAMS=false): upstream base URLs,
 * outbound webhook receivers and comm-plan chat webhooks at private, loopback, link-local or mapped
 * addresses, and names that resolve to them, are refused, and nothing reaches a listener on loopback.
 * Redirects are never followed (checked with private addresses allowed, so that a followed redirect would
 * land on a listener here and be seen).
 *
 * DNS: the guard resolves names with `dns.lookup` (getaddrinfo, which reads /etc/hosts and the system
 * resolver; a DNS server of our own could not answer it without reconfiguring the machine), so this process's
 * `dns.lookup` answers a few `*.intranet.test` names the way a split-horizon or rebinding DNS would, and
 * passes every other name to the real one. The guard itself runs unchanged.
 */
interface Listener {
  port: number;
  /** TCP connections accepted so far (a refused request never opens one). */
  connections: number;
  close(): Promise<void>;
}

async function tcpListener(host: string): Promise<Listener> {
  const server = net.createServer((socket) => {
    listener.connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const listener: Listener = {
    port: (server.address() as AddressInfo).port,
    connections: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return listener;
}

/** An HTTP server on 127.0.0.1 that answers every request with `302 Location: <to(path)>`. */
async function redirector(
  to: (path: string) => string,
): Promise<{ url: string; hits: number; close(): Promise<void> }> {
  const state = { url: '', hits: 0, close: async () => undefined as void };
  const server = http.createServer((req, res) => {
    state.hits++;
    req.resume();
    res.writeHead(302, { location: to(req.url ?? '/') }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** An HTTP server that counts requests and answers 200 `ok` (what a redirect would reach if followed). */
async function target(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let loopback: Listener;
/** Answers for names that do not exist: what a split-horizon or rebinding DNS would say. */
const intranet = (): Record<string, dns.LookupAddress[]> => ({
  'tool.intranet.test': [{ address: '10.0.0.7', family: 4 }],
  'rebind.intranet.test': [{ address: '127.0.0.1', family: 4 }],
  'metadata.intranet.test': [{ address: '169.254.169.254', family: 4 }],
  // One public answer does not make a private one acceptable.
  'mixed.intranet.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '10.1.2.3', family: 4 },
  ],
  'v6.intranet.test': [{ address: '::1', family: 6 }],
});

function pointIntranetNames(): void {
  const real = dns.lookup.bind(dns);
  const answers = intranet();
  vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, options: unknown, callback: unknown) => {
    const done = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const answer = answers[hostname];
    if (!answer) return (real as (...a: unknown[]) => void)(hostname, options, callback);
    const all = typeof options === 'object' && (options as { all?: boolean } | null)?.all;
    if (all) return done(null, answer);
    return done(null, answer[0]!.address, answer[0]!.family);
  }) as unknown as typeof dns.lookup);
}

/**
 * Literal addresses the guard must refuse before any socket is opened; `{port}` is a listener on 127.0.0.1
 * and `{port6}` one on [::1] (when the machine has IPv6 loopback), so a request that got out would be seen.
 */
const LITERAL_URLS = [
  'http://169.254.169.254',
  'https://169.254.169.254/latest',
  'https://[::1]:{port6}',
  'https://localhost:{port}',
  'https://127.0.0.1:{port}',
  'https://0.0.0.0:{port}',
  'https://[::ffff:10.0.0.1]',
  'https://[::ffff:169.254.169.254]',
  'https://10.0.0.1',
  'https://192.168.1.10',
  'https://[fd00::1]',
  'https://[fe80::1]',
  // WHATWG URL reads these as 127.0.0.1.
  'https://2130706433:{port}',
  'https://0x7f.1:{port}',
  // Plain http is refused whatever the host.
  'http://tool.example.com:{port}',
];
/** Names whose DNS answers are private (see `intranet`): refused when the connection is made. */
const RESOLVED_URLS = [
  'https://tool.intranet.test:{port}',
  'https://rebind.intranet.test:{port}',
  'https://metadata.intranet.test:{port}/latest',
  'https://mixed.intranet.test:{port}',
  'https://v6.intranet.test:{port}',
];
let loopback6: Listener | undefined;
const fill = (template: string): string =>
  template
    .replace('{port6}', String(loopback6?.port ?? loopback.port))
    .replace('{port}', String(loopback.port));

beforeAll(async () => {
  loopback = await tcpListener('127.0.0.1');
  loopback6 = await tcpListener('::1').catch(() => undefined);
  pointIntranetNames();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await loopback.close();
  await loopback6?.close();
});

describe('with ALLOW_PRIVATE_UPSTREAMS=false (the production default)', () => {
  let h: Harness;
  let projectId: string;

  const createConnection = (baseUrl: string) =>
    h.api('POST', '/api/v1/connections', {
      provider: 'pingcode',
      name: 'Intranet',
      baseUrl,
      credentials: { clientId: 'id', clientSecret: 'secret' },
    });
  const deliveriesOf = async (subscriptionId: string) =>
    (await h.api('GET', `/api/v1/webhook-subscriptions/${subscriptionId}/deliveries`)).json<{
      items: { status: string; lastError: string | null; attempts: number }[];
    }>().items;

  beforeAll(async () => {
    h = await startHarness({
      env: { ALLOW_PRIVATE_UPSTREAMS: 'false', WEBHOOK_POLL_MS: '100', NOTIFY_POLL_MS: '100' },
    });
    expect(h.runtime.container.config.ALLOW_PRIVATE_UPSTREAMS).toBe(false);
    // A project to hang a comm plan on, written to the store: no tool on this machine is at a public
    // address, so none can be connected through the API here.
    const db = h.runtime.container.database.db;
    const connectionId = newId();
    await insertConnection(db, {
      id: connectionId,
      workspaceId: h.workspaceId,
      provider: 'pingcode',
      name: 'Cloud PingCode',
      baseUrl: 'https://open.pingcode.com',
      credentials: encryptJson(
        h.runtime.container.config.SECRET_KEY,
        { clientId: 'a', clientSecret: 'b' },
        connectionId,
      ),
      settings: {},
      timezone: 'UTC',
      reconcileMinutes: 0,
    });
    const [project] = await upsertProjects(db, { workspaceId: h.workspaceId, connectionId }, [
      {
        externalId: 'p1',
        key: 'ATL',
        name: 'Atlas',
        url: null,
        type: null,
        startDate: null,
        endDate: null,
        archived: false,
      },
    ]);
    projectId = project!.id;
  });
  afterAll(() => h.close());
  const untouched = () => {
    expect(loopback.connections, 'connections to 127.0.0.1').toBe(0);
    if (loopback6) expect(loopback6.connections, 'connections to [::1]').toBe(0);
  };

  test.each([...LITERAL_URLS, ...RESOLVED_URLS])(
    'POST /connections with baseUrl %s → 422 naming baseUrl, nothing stored',
    async (template) => {
      const url = fill(template);
      const res = await createConnection(url);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json<{ code: string; detail: string; errors: { field: string }[] }>();
      expect(problem.code).toBe('upstream_address_refused');
      expect(problem.errors.map((e) => e.field)).toEqual(['baseUrl']);
      expect(problem.detail).toMatch(/private|loopback|https/);
      const list = (await h.api('GET', '/api/v1/connections')).json<{ items: { baseUrl: string }[] }>();
      expect(list.items.map((c) => c.baseUrl)).not.toContain(url);
      untouched();
    },
  );

  test('PATCH /connections/:id to a private base URL → 422 naming baseUrl, the stored one kept', async () => {
    const [connection] = (await h.api('GET', '/api/v1/connections')).json<{ items: { id: string }[] }>()
      .items;
    for (const baseUrl of ['https://169.254.169.254', `https://rebind.intranet.test:${loopback.port}`]) {
      const res = await h.api('PATCH', `/api/v1/connections/${connection!.id}`, { baseUrl });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['baseUrl']);
    }
    const kept = (await h.api('GET', `/api/v1/connections/${connection!.id}`)).json<{ baseUrl: string }>();
    expect(kept.baseUrl).toBe('https://open.pingcode.com');
    untouched();
  });

  test('webhook receivers at private literal addresses → 400 naming url', async () => {
    for (const url of LITERAL_URLS.map(fill)) {
      const res = await h.api('POST', '/api/v1/webhook-subscriptions', { url, events: ['update.published'] });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(
        res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
        url,
      ).toEqual(['url']);
    }
    const list = (await h.api('GET', '/api/v1/webhook-subscriptions')).json<{ items: unknown[] }>();
    expect(list.items).toEqual([]);
  });

  test('comm-plan chat webhooks at private literal addresses → 400 naming the channel’s webhookUrl', async () => {
    const cadence = { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' };
    for (const url of LITERAL_URLS.map(fill)) {
      for (const field of ['channels', 'pmNotify'] as const) {
        const res = await h.api('PUT', `/api/v1/projects/${projectId}/comm-plan`, {
          cadence,
          [field]: [{ type: 'slack', webhookUrl: `${url}/services/T0/B0/x` }],
        });
        expect(res.statusCode, `${field} ${url}: ${res.body}`).toBe(400);
        expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
          `${field}.0.webhookUrl`,
        ]);
      }
    }
    expect((await h.api('GET', `/api/v1/projects/${projectId}/comm-plan`)).statusCode).toBe(404);
  });

  test('names resolving to private addresses: accepted as URLs, refused when sent, nothing reaches them', async () => {
    // Checked on every DNS answer at connect time (a name can be re-pointed after any earlier check).
    const urls = RESOLVED_URLS.map(fill);
    const subscriptions: string[] = [];
    for (const url of urls) {
      const res = await h.api('POST', '/api/v1/webhook-subscriptions', {
        url: `${url}/hooks`,
        events: ['update.published'],
      });
      expect(res.statusCode, res.body).toBe(201);
      subscriptions.push(res.json<{ id: string }>().id);
    }
    const plan = await h.api('PUT', `/api/v1/projects/${projectId}/comm-plan`, {
      cadence: { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' },
      channels: urls.map((url) => ({ type: 'slack', webhookUrl: `${url}/services/T0/B0/x` })),
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const draft = await h.api('POST', `/api/v1/projects/${projectId}/updates`);
    expect(draft.statusCode, draft.body).toBe(201);
    const published = await h.api('POST', `/api/v1/updates/${draft.json<{ id: string }>().id}/publish`);
    expect(published.statusCode, published.body).toBe(200);

    for (const id of subscriptions) {
      let items = await deliveriesOf(id);
      for (let i = 0; i < 200 && items[0]?.status !== 'failed'; i++) {
        await sleep(50);
        items = await deliveriesOf(id);
      }
      expect(items, id).toHaveLength(1);
      expect(items[0]).toMatchObject({ status: 'failed', attempts: 1 });
      expect(items[0]!.lastError).toMatch(/private or loopback address/);
    }
    const sends = async () =>
      (await h.api('GET', `/api/v1/projects/${projectId}/deliveries?limit=50`)).json<{
        items: { status: string; lastError: { code: string } | null }[];
      }>().items;
    let channelSends = await sends();
    for (
      let i = 0;
      i < 200 && !(channelSends.length === urls.length && channelSends.every((d) => d.status === 'failed'));
      i++
    ) {
      await sleep(50);
      channelSends = await sends();
    }
    expect(channelSends.map((d) => [d.status, d.lastError?.code])).toEqual(
      urls.map(() => ['failed', 'address_refused']),
    );
    expect(dns.lookup).toHaveBeenCalled();
    untouched();
  });
});

describe('redirects are never followed (private addresses allowed, so a followed one would be seen)', () => {
  let h: Harness;
  let landing: Awaited<ReturnType<typeof target>>;
  let toLanding: Awaited<ReturnType<typeof redirector>>;
  let toMetadata: Awaited<ReturnType<typeof redirector>>;
  let projectId: string;

  beforeAll(async () => {
    landing = await target();
    toLanding = await redirector((path) => `${landing.url}${path}`);
    toMetadata = await redirector((path) => `http://169.254.169.254${path}`);
    h = await startHarness({ env: { WEBHOOK_POLL_MS: '100', NOTIFY_POLL_MS: '100' } });
    projectId = (await h.connect()).projects[0]!.id;
  });
  afterAll(async () => {
    await h.close();
    await Promise.all([landing.close(), toLanding.close(), toMetadata.close()]);
  });

  test('the listener is seen when reached: a name resolving to it is reachable with private addresses allowed', async () => {
    const before = loopback.connections;
    const res = await h.api('POST', '/api/v1/connections', {
      provider: 'pingcode',
      name: 'Reached',
      baseUrl: `http://rebind.intranet.test:${loopback.port}`,
      credentials: { clientId: 'id', clientSecret: 'secret' },
    });
    expect(res.statusCode).toBe(422);
    expect(loopback.connections).toBeGreaterThan(before);
    loopback.connections = before;
  });

  test.each([
    ['to a listener here', () => toLanding],
    ['to 169.254.169.254', () => toMetadata],
  ])(
    'a base URL that redirects %s → 422 naming baseUrl, the redirect not followed',
    async (_label, server) => {
      const hits = server().hits;
      const res = await h.api('POST', '/api/v1/connections', {
        provider: 'pingcode',
        name: 'Redirecting',
        baseUrl: server().url,
        credentials: { clientId: 'id', clientSecret: 'secret' },
      });
      expect(res.statusCode, res.body).toBe(422);
      const problem = res.json<{ detail: string; errors: { field: string }[] }>();
      expect(problem.errors.map((e) => e.field)).toEqual(['baseUrl']);
      expect(problem.detail).toMatch(/redirect/);
      expect(server().hits).toBeGreaterThan(hits);
      expect(landing.hits).toEqual([]);
    },
  );

  test('a webhook receiver that redirects: the delivery fails for good, the redirect not followed', async () => {
    const sub = await h.api('POST', '/api/v1/webhook-subscriptions', {
      url: `${toLanding.url}/hooks`,
      events: ['update.published'],
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const plan = await h.api('PUT', `/api/v1/projects/${projectId}/comm-plan`, {
      cadence: { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' },
      channels: [
        { type: 'slack', webhookUrl: `${toLanding.url}/services/T0/B0/x` },
        { type: 'teams', webhookUrl: `${toMetadata.url}/webhookb2/x` },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const draft = (await h.api('POST', `/api/v1/projects/${projectId}/updates`)).json<{ id: string }>();
    expect((await h.api('POST', `/api/v1/updates/${draft.id}/publish`)).statusCode).toBe(200);

    const subId = sub.json<{ id: string }>().id;
    const delivery = async () =>
      (await h.api('GET', `/api/v1/webhook-subscriptions/${subId}/deliveries`)).json<{
        items: { status: string; lastError: string | null; lastResponseStatus: number | null }[];
      }>().items[0];
    let d = await delivery();
    for (let i = 0; i < 200 && d?.status !== 'failed'; i++) {
      await sleep(50);
      d = await delivery();
    }
    expect(d).toMatchObject({ status: 'failed', lastResponseStatus: 302 });
    expect(d!.lastError).toMatch(/redirect/);

    const sends = async () =>
      (await h.api('GET', `/api/v1/projects/${projectId}/deliveries?updateId=${draft.id}`)).json<{
        items: { status: string; channelType: string; lastError: { code: string; message: string } | null }[];
      }>().items;
    let items = await sends();
    for (let i = 0; i < 200 && !(items.length === 2 && items.every((s) => s.status === 'failed')); i++) {
      await sleep(50);
      items = await sends();
    }
    expect(items.map((s) => s.status)).toEqual(['failed', 'failed']);
    for (const s of items) expect(s.lastError?.message, s.channelType).toMatch(/redirect/);
    expect(landing.hits).toEqual([]);
  });
});

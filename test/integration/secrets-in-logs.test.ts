import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../service/crypto';
import { rawRows } from '../support/env';
import { startHarness, type Harness } from '../support/harness';
import { dumpTables, SHARE_HOST } from '../support/tenants';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { sql } from 'drizzle-orm';

/**
 * Secrets in logs and at rest, over the whole service (PGlite, real Redis, the fake PingCode behind a proxy
 * that records the access tokens it issues): every log line, at debug level, of a flow that connects with
 * credentials, syncs, delivers webhooks and chat messages, opens share links, unlocks one with its passcode,
 * posts feedback and receives an inbound webhook names none of the secrets involved. Share tokens carry 256
 * random bits and only their sha256 is stored.
 */

/** Forwards to the fake PingCode and keeps every bearer token it sees and every access token it issues. */
async function recordingProxy(
  upstream: string,
): Promise<{ url: string; tokens: Set<string>; close(): Promise<void> }> {
  const tokens = new Set<string>();
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) tokens.add(auth.slice(7));
    const forward = http.request(
      `${upstream}${req.url ?? '/'}`,
      { method: req.method, headers: { ...req.headers, host: new URL(upstream).host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          try {
            const issued = (JSON.parse(body.toString('utf8')) as { access_token?: unknown }).access_token;
            if (typeof issued === 'string') tokens.add(issued);
          } catch {
            // Not JSON: nothing issued.
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
        });
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

const hex = (n: number) => randomBytes(n).toString('hex');

describe('secrets never reach the logs or the database in clear', () => {
  let h: Harness;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let receiver: WebhookReceiver;
  let projectId: string;
  /** Named, so a failure says which secret leaked. */
  const secrets: Record<string, string> = {};
  const shareTokens: string[] = [];

  const client = (method: 'GET' | 'POST', url: string, form?: Record<string, string>, cookie?: string) =>
    h.runtime.app!.inject({
      method,
      url,
      headers: {
        host: SHARE_HOST,
        ...(form
          ? { origin: `https://${SHARE_HOST}`, 'content-type': 'application/x-www-form-urlencoded' }
          : {}),
        ...(cookie ? { cookie } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
  const ok = async (res: Promise<{ statusCode: number; body: string }>, status: number, what: string) => {
    const answer = await res;
    expect(answer.statusCode, `${what}: ${answer.body.slice(0, 300)}`).toBe(status);
    return answer as Awaited<typeof res> & { json<T>(): T; headers: Record<string, unknown> };
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    secrets.clientSecret = `pc-secret-${hex(16)}`;
    h = await startHarness({
      fake: { clientId: `pc-client-${hex(6)}`, clientSecret: secrets.clientSecret },
      // One attempt per chat send: the DingTalk stand-in answers without a result code, a failure to log.
      env: {
        WEBHOOK_POLL_MS: '100',
        NOTIFY_POLL_MS: '100',
        NOTIFY_ATTEMPTS: '1',
        API_RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    proxy = await recordingProxy(h.fake.url);
    secrets.apiKey = h.apiKey;
    secrets.secretKey = h.runtime.container.config.SECRET_KEY.toString('base64');
    secrets.connectionWebhookSecret = `inbound-${hex(16)}`;
    secrets.passcode = `pass-${hex(6)}`;
    secrets.slackPath = `T0/B0/${hex(12)}`;
    secrets.dingtalkSecret = `SEC${hex(16)}`;
    secrets.wrongClientSecret = `wrong-${hex(8)}`;

    // Connect with credentials (first wrong ones, refused), with a webhook secret.
    const connect = (clientSecret: string) =>
      h.api('POST', '/api/v1/connections', {
        provider: 'pingcode',
        name: 'PingCode',
        baseUrl: proxy.url,
        credentials: { clientId: h.fake.clientId, clientSecret },
        webhookSecret: secrets.connectionWebhookSecret,
      });
    await ok(connect(secrets.wrongClientSecret), 422, 'wrong credentials');
    const connection = (await ok(connect(secrets.clientSecret), 201, 'connect')).json<{
      id: string;
      projects: { id: string; externalId: string }[];
    }>();
    projectId = connection.projects[0]!.id;
    await ok(
      h.api('PATCH', `/api/v1/connections/${connection.id}`, {
        credentials: { clientId: h.fake.clientId, clientSecret: secrets.wrongClientSecret },
      }),
      422,
      'PATCH wrong credentials',
    );
    await ok(h.api('GET', '/api/v1/projects', undefined, `cl_${hex(20)}`), 401, 'unknown key');

    // A webhook subscription and a comm plan with chat webhooks (URLs and secrets are credentials).
    const subscription = (
      await ok(
        h.api('POST', '/api/v1/webhook-subscriptions', {
          url: `${receiver.url}/events`,
          events: ['sync.completed', 'update.published', 'feedback.created', 'feedback.answered'],
        }),
        201,
        'subscribe',
      )
    ).json<{ id: string; secret: string }>();
    secrets.subscriptionSecret = subscription.secret;
    await ok(
      h.api('PUT', `/api/v1/projects/${projectId}/comm-plan`, {
        cadence: { frequency: 'weekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' },
        channels: [
          { type: 'slack', webhookUrl: `${receiver.url}/services/${secrets.slackPath}` },
          {
            type: 'dingtalk',
            webhookUrl: `${receiver.url}/robot/send?access_token=${secrets.slackPath.slice(6)}`,
            secret: secrets.dingtalkSecret,
          },
        ],
      }),
      200,
      'comm plan',
    );

    // A full sync, then an incremental one.
    expect((await h.syncAndWait(connection.id, projectId, 'full')).status).toBe('succeeded');
    expect((await h.syncAndWait(connection.id, projectId, 'incremental')).status).toBe('succeeded');

    // Publish: webhook deliveries and chat sends.
    const draft = (await ok(h.api('POST', `/api/v1/projects/${projectId}/updates`), 201, 'draft')).json<{
      id: string;
    }>();
    await ok(h.api('POST', `/api/v1/updates/${draft.id}/publish`), 200, 'publish');

    // Share links: one opened as is, one with a passcode (wrong, then right, then opened with the cookie).
    const link = async (body: Record<string, unknown>) => {
      const { url } = (
        await ok(h.api('POST', `/api/v1/projects/${projectId}/share-links`, body), 201, 'share link')
      ).json<{ url: string }>();
      const token = new URL(url).pathname.split('/')[2]!;
      shareTokens.push(token);
      return token;
    };
    const open = await link({ label: 'Board' });
    const page = await ok(client('GET', `/s/${open}`), 200, 'open the page');
    const formToken = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1];
    expect(formToken).toBeTruthy();
    await ok(client('GET', `/s/${open}?lang=fr`), 200, 'open in French');
    const locked = await link({ label: 'Locked', passcode: secrets.passcode });
    await ok(client('GET', `/s/${locked}`), 200, 'passcode page');
    await ok(
      client('POST', `/s/${locked}/unlock`, { passcode: `${secrets.passcode}x` }),
      403,
      'wrong passcode',
    );
    const unlocked = await ok(
      client('POST', `/s/${locked}/unlock`, { passcode: secrets.passcode }),
      303,
      'unlock',
    );
    const cookie = String(unlocked.headers['set-cookie']).split(';')[0]!;
    secrets.unlockCookie = cookie.split('=')[1]!;
    await ok(client('GET', `/s/${locked}`, undefined, cookie), 200, 'open unlocked');

    // Feedback from the page, and its answer.
    await ok(
      client('POST', `/s/${open}/feedback`, {
        formToken: formToken!,
        kind: 'question',
        body: 'When can we try it?',
        name: 'Ana',
        email: 'ana@client.example',
      }),
      303,
      'feedback',
    );
    const [item] = (await h.api('GET', `/api/v1/projects/${projectId}/feedback`)).json<{
      items: { id: string }[];
    }>().items;
    await ok(h.api('PATCH', `/api/v1/feedback/${item!.id}`, { reply: 'Next Friday.' }), 200, 'answer');

    // An inbound webhook, signed both ways PingCode deployments send it.
    const body = JSON.stringify({
      event_type: 'pce:pjm:workitem:updated',
      payload: { data: { id: 'x', project: { id: connection.projects[0]!.externalId } } },
    });
    const signature = `sha256=${createHmac('sha256', secrets.connectionWebhookSecret).update(body).digest('hex')}`;
    for (const headers of [
      { 'x-clientlens-secret': secrets.connectionWebhookSecret },
      { 'x-hub-signature-256': signature },
      { 'x-clientlens-secret': `${secrets.connectionWebhookSecret}-wrong` },
    ])
      await h.runtime.app!.inject({
        method: 'POST',
        url: `/webhooks/pingcode/${connection.id}`,
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
      });

    // Revoked: the next open is a gone page.
    const links = (await h.api('GET', `/api/v1/projects/${projectId}/share-links`)).json<{
      items: { id: string; label: string }[];
    }>().items;
    await ok(
      h.api('DELETE', `/api/v1/share-links/${links.find((l) => l.label === 'Board')!.id}`),
      200,
      'revoke',
    );
    await ok(client('GET', `/s/${open}`), 410, 'revoked page');

    // Everything sent and synced before the logs are read.
    await until(
      'webhook deliveries',
      async () =>
        (await h.api('GET', `/api/v1/webhook-subscriptions/${subscription.id}/deliveries`)).json<{
          items: { status: string }[];
        }>().items,
      (items) => items.length >= 4 && items.every((d) => ['delivered', 'failed'].includes(d.status)),
    );
    await until(
      'chat sends',
      async () =>
        (await h.api('GET', `/api/v1/projects/${projectId}/deliveries`)).json<{
          items: { status: string }[];
        }>().items,
      (items) => items.length >= 2 && items.every((d) => ['sent', 'failed'].includes(d.status)),
    );
    await until(
      'syncs',
      async () =>
        (await h.api('GET', `/api/v1/connections/${connection.id}/syncs?limit=200`)).json<{
          items: { status: string }[];
        }>().items,
      (runs) => runs.every((r) => !['queued', 'running'].includes(r.status)),
    );
    await h.runtime.container.services.shareLinks.flushViews();
    [...proxy.tokens].forEach((token, i) => (secrets[`accessToken${i}`] = token));
    shareTokens.forEach((token, i) => (secrets[`shareToken${i}`] = token));
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await proxy.close();
    await receiver.close();
  });

  test('the flow ran and was logged (request lines with masked share paths)', () => {
    expect(proxy.tokens.size, 'access tokens issued').toBeGreaterThan(0);
    expect(receiver.received.length, 'webhooks and chat messages received').toBeGreaterThanOrEqual(4);
    expect(h.logLines.length).toBeGreaterThan(50);
    expect(h.logLines.some((line) => line.includes('/s/[token]'))).toBe(true);
  });

  test('no log line holds a credential, an API key, a token, a passcode or a signing secret', () => {
    const leaks = Object.entries(secrets).flatMap(([name, value]) =>
      h.logLines.filter((line) => line.includes(value)).map((line) => `${name}: ${line.slice(0, 400)}`),
    );
    expect(leaks).toEqual([]);
  });

  test('no table holds any of them in clear', async () => {
    const dump = JSON.stringify(await dumpTables(h.runtime.container.database.db));
    const { secretKey: _notStored, ...stored } = secrets;
    expect(
      Object.entries(stored)
        .filter(([, value]) => dump.includes(value))
        .map(([name]) => name),
    ).toEqual([]);
  });

  test('share tokens: 256 random bits each (base64url of 32 bytes), 1 000 all different, only sha256 stored', async () => {
    // Made by the service the API calls (the API's own answers are checked above and in isolation.test.ts).
    const tokens: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const { url } = await h.runtime.container.services.shareLinks.create(h.workspaceId, projectId, {
        locale: 'en',
        detail: 'overview',
      });
      tokens.push(new URL(url).pathname.split('/')[2]!);
    }
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const bytes = Buffer.from(token, 'base64url');
      expect(bytes.length * 8).toBeGreaterThanOrEqual(256);
      expect(bytes.toString('base64url')).toBe(token);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // 256 000 bits: a fair source gives 50 % ones ± 0.1 % (one standard deviation); 1 % is ten of them.
    let ones = 0;
    for (const token of tokens)
      for (const byte of Buffer.from(token, 'base64url')) for (let b = byte; b; b >>= 1) ones += b & 1;
    expect(Math.abs(ones / (tokens.length * 256) - 0.5)).toBeLessThan(0.01);

    const db = h.runtime.container.database.db;
    const rows = await rawRows<{ token_hash: string }>(db, sql`select token_hash from share_link`);
    const hashes = new Set(rows.map((r) => r.token_hash));
    for (const token of [...tokens, ...shareTokens]) expect(hashes.has(sha256Hex(token))).toBe(true);
    const dump = JSON.stringify(await dumpTables(db));
    expect([...tokens, ...shareTokens].filter((token) => dump.includes(token))).toEqual([]);
  }, 60_000);
});

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../service/app';
import { publicUrl } from '../../service/config';
import { AppError } from '../../service/errors';
import { authenticatePanel, panelAuth } from '../../service/plugins/panel-auth';
import { PANEL_DIST } from '../../service/routes/plugin.routes';
import {
  createNexusService,
  NIT_AUDIENCE,
  NIT_ISSUER,
  NIT_JWKS_PATH,
} from '../../service/services/nexus.service';
import {
  PANEL_TOKEN_AUDIENCE,
  PANEL_TOKEN_ISSUER,
  panelTokenKey,
} from '../../service/services/panel-tokens.service';
import { upsertProjects } from '../../service/store/projects.store';
import { nexusInstallations } from '../../service/store/schema';
import { listWorkspaces } from '../../service/store/workspaces.store';
import { rawRows, STORES } from '../support/env';
import { startHarness, type Harness } from '../support/harness';

/** Ids shaped like the documented context (nexus-skills wiki/reference/resource/context.md). */
const APP_ID = '4abd2038-a42c-49a1-b98c-ae04e29bf57a';
const ENV_ID = 'adc783ac-4b53-4f9b-a7b4-a6bc5d2c99ff';
const TEAM = {
  id: '5db7a0ed77c86b2d749605ad',
  url: 'https://acme.pingcode.com',
  locale: 'en-us',
  timezone: 'Asia/Shanghai',
};
const KID = 'nexus-nit-1';

interface Nexus {
  host: string;
  hits: () => number;
  /** Signs a NIT: RS256, kid nexus-nit-1, 5-minute exp, unless `claims`/`header`/`key` say otherwise. */
  sign(
    context: object,
    options?: { claims?: Record<string, unknown>; header?: Record<string, unknown>; key?: CryptoKey },
  ): Promise<string>;
  close(): Promise<void>;
}

/** A stand-in for the Nexus host: the public JWKS endpoint, served from 127.0.0.1. */
async function startNexus(): Promise<Nexus> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  let hits = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== NIT_JWKS_PATH) return void res.writeHead(404).end();
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    hits: () => hits,
    async sign(context, options = {}) {
      const iat = Math.floor(Date.now() / 1000);
      return new SignJWT({
        iss: NIT_ISSUER,
        aud: NIT_AUDIENCE,
        iat,
        exp: iat + 300,
        jti: randomUUID(),
        context,
        ...options.claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT', ...options.header })
        .sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The context of a project-page invocation (remote.invoke from the panel). */
const pageContext = (
  installationId: string,
  projectExternalId: string,
  overrides: { userLocale?: string; appId?: string; teamId?: string } = {},
) => ({
  app: { id: overrides.appId ?? APP_ID, version: '1.0.0' },
  environment: { id: ENV_ID, type: 'development' },
  team: { ...TEAM, id: overrides.teamId ?? TEAM.id },
  installation: { id: installationId },
  invocation: { id: randomUUID() },
  user: {
    id: '52b9af20da8a4969aab88092d1fa64ce',
    locale: overrides.userLocale ?? 'zh-cn',
    timezone: 'Asia/Shanghai',
  },
  extension: {
    key: 'clientlens-project-page',
    local_id: `${APP_ID}/${ENV_ID}/clientlens-project-page`,
    target: 'pcm:pjm:project:page',
    location: `https://acme.pingcode.com/pjm/projects/NEXUS/apps/${APP_ID}/${ENV_ID}/client-view`,
    data: { project: { id: projectExternalId, identifier: 'NEXUS', name: 'NEXUS 开发项目', type: 'scrum' } },
  },
});

/** The context of a lifecycle trigger delivery (wiki/reference/functions/events/lifecycle.md). */
const lifecycleContext = (installationId: string) => ({
  app: { id: APP_ID, version: '1.0.0' },
  environment: { id: ENV_ID, type: 'development' },
  team: TEAM,
  installation: { id: installationId },
  invocation: { id: randomUUID() },
  event: { trigger: { key: 'clientlens-lifecycle', type: 'lifecycle' } },
});

const lifecycleBody = (eventType: string, installationId: string) => ({
  event_type: eventType,
  payload: {
    installation_id: installationId,
    app: { id: APP_ID, version: '1.0.0', name: 'clientlens', publisher: '69f16a4bd200465a6826a6c0' },
    environment: { id: ENV_ID, type: 'development', name: 'development' },
    operated_by: '631fec198a984680b564b2104ff79ce9',
  },
});

const unsigned = (header: object, payload: object) =>
  `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.`;

/** The service with a tiny panel route: `GET /plugin/api/test/whoami` answers `request.panel`. */
async function appWithPanelRoute(h: Harness): Promise<FastifyInstance> {
  const { container } = h.runtime;
  const app = await buildApp({
    logger: container.logger,
    db: container.database.db,
    services: container.services,
    health: { db: () => container.database.ping(), redis: async () => void (await container.redis.ping()) },
    panel: { distDir: PANEL_DIST, hostOrigins: container.config.PANEL_HOST_ORIGINS },
    admin: { metrics: container.metrics, queues: container.queues, token: container.config.ADMIN_TOKEN },
    share: {
      redis: container.redis,
      secretKey: container.config.SECRET_KEY,
      secureCookies: publicUrl(container.config).startsWith('https:'),
      keyPrefix: container.config.QUEUE_PREFIX,
    },
  });
  await app.register(
    async (scope) => {
      await scope.register(panelAuth, {
        nexus: container.services.nexus,
        panelTokens: container.services.panelTokens,
      });
      scope.get('/whoami', async (request) => request.panel);
    },
    { prefix: '/plugin/api/test' },
  );
  await app.ready();
  return app;
}

describe('panel identity: Nexus invocation tokens and panel tokens', () => {
  let nexus: Nexus;
  let h: Harness;
  let app: FastifyInstance;
  /** Installed through the lifecycle route, with its own PingCode connection. */
  let installationId: string;
  let nexusWorkspaceId: string;
  let nexusProjectId: string;
  let externalId: string;
  /** A project only the harness workspace has. */
  let harnessOnlyExternalId: string;
  let harnessProjectId: string;
  const seenTokens: string[] = [];

  const whoami = async (token: string | null, scheme = 'Bearer'): Promise<LightMyRequestResponse> => {
    if (token) seenTokens.push(token);
    return app.inject({
      method: 'GET',
      url: '/plugin/api/test/whoami',
      headers: token === null ? {} : { authorization: `${scheme} ${token}` },
    });
  };
  const lifecycle = async (token: string | null, body: unknown): Promise<LightMyRequestResponse> => {
    if (token) seenTokens.push(token);
    return app.inject({
      method: 'POST',
      url: '/plugin/nexus/lifecycle',
      payload: body as Record<string, unknown>,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
  };
  const install = async (id: string) =>
    lifecycle(await nexus.sign(lifecycleContext(id)), lifecycleBody('pce:nexus:app:install', id));
  const installationRow = async (id: string) =>
    (
      await h.runtime.container.database.db
        .select()
        .from(nexusInstallations)
        .where(eq(nexusInstallations.id, id))
    )[0];
  const expectProblem = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<{ code: string }>().code).toBe(code);
  };
  const expectRejected = (res: LightMyRequestResponse, detail: 'expired' | 'invalid' = 'invalid') => {
    expectProblem(res, 401, 'invalid_panel_token');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(res.json<{ detail: string }>().detail).toMatch(
      detail === 'expired' ? /has expired/ : /is not valid/,
    );
  };

  beforeAll(async () => {
    nexus = await startNexus();
    h = await startHarness({ env: { NEXUS_HOST: nexus.host, NEXUS_APP_ID: APP_ID } });
    app = await appWithPanelRoute(h);

    // The harness workspace: its own PingCode connection, one synced project, and one project only it has.
    const harnessConnection = await h.connect();
    harnessProjectId = harnessConnection.projects[0]!.id;
    expect((await h.syncAndWait(harnessConnection.id, harnessProjectId)).status).toBe('succeeded');
    harnessOnlyExternalId = `only-${randomUUID()}`;
    await upsertProjects(
      h.runtime.container.database.db,
      { workspaceId: h.workspaceId, connectionId: harnessConnection.id },
      [
        {
          externalId: harnessOnlyExternalId,
          key: 'ONLY',
          name: 'Harness only',
          url: null,
          type: 'scrum',
          startDate: null,
          endDate: null,
          archived: false,
        },
      ],
    );

    // The PingCode team installs the app: a workspace appears; its PM connects PingCode there.
    installationId = randomUUID();
    expect((await install(installationId)).statusCode).toBe(204);
    nexusWorkspaceId = (await installationRow(installationId))!.workspaceId;
    const { key } = await h.runtime.container.services.workspaces.createKey(nexusWorkspaceId, 'pm');
    const connected = await h.api(
      'POST',
      '/api/v1/connections',
      {
        provider: 'pingcode',
        name: 'PingCode',
        baseUrl: h.fake.url,
        credentials: { clientId: h.fake.clientId, clientSecret: h.fake.clientSecret },
      },
      key,
    );
    expect(connected.statusCode, connected.body).toBe(201);
    const project = connected.json<{ projects: { id: string; externalId: string }[] }>().projects[0]!;
    nexusProjectId = project.id;
    externalId = project.externalId;
  });

  afterAll(async () => {
    await app?.close();
    await h?.close();
    await nexus?.close();
  });

  describe('a Nexus invocation token', () => {
    test('sets request.panel from the verified context: installation → workspace, project, user locale', async () => {
      const res = await whoami(await nexus.sign(pageContext(installationId, externalId)));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        workspaceId: nexusWorkspaceId,
        projectId: nexusProjectId,
        locale: 'zh-CN',
        via: 'nexus',
      });
      expect(nexusWorkspaceId).not.toBe(h.workspaceId);
    });

    test.each([
      ['en-us', 'en'],
      ['fr-fr', 'fr'],
      ['zh-cn', 'zh-CN'],
      ['de-de', undefined],
    ])('user.locale %s → %s', async (userLocale, locale) => {
      const res = await whoami(await nexus.sign(pageContext(installationId, externalId, { userLocale })));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ locale?: string }>().locale).toBe(locale);
    });

    test('an exp within the 30 s clock tolerance is accepted', async () => {
      const iat = Math.floor(Date.now() / 1000) - 310;
      const token = await nexus.sign(pageContext(installationId, externalId), {
        claims: { iat, exp: iat + 300 },
      });
      expect((await whoami(token)).statusCode).toBe(200);
    });

    test.each<[string, (context: object) => Promise<string>, 'expired' | 'invalid']>([
      [
        'expired',
        (c) =>
          nexus.sign(c, {
            claims: { iat: Math.floor(Date.now() / 1000) - 400, exp: Math.floor(Date.now() / 1000) - 100 },
          }),
        'expired',
      ],
      ['without exp', (c) => nexus.sign(c, { claims: { exp: undefined } }), 'invalid'],
      ['wrong audience', (c) => nexus.sign(c, { claims: { aud: 'clientlens-panel' } }), 'invalid'],
      ['wrong issuer', (c) => nexus.sign(c, { claims: { iss: 'nexus/other-token' } }), 'invalid'],
      [
        'an unknown kid',
        async (c) =>
          nexus.sign(c, { header: { kid: 'nexus-nit-2' }, key: (await generateKeyPair('RS256')).privateKey }),
        'invalid',
      ],
      [
        'the right kid, another key',
        async (c) => nexus.sign(c, { key: (await generateKeyPair('RS256')).privateKey }),
        'invalid',
      ],
      [
        'a tampered payload',
        async (c) => {
          const [header, , signature] = (await nexus.sign(c)).split('.');
          const now = Math.floor(Date.now() / 1000);
          const forged = {
            iss: NIT_ISSUER,
            aud: NIT_AUDIENCE,
            iat: now,
            exp: now + 300,
            context: pageContext(installationId, harnessOnlyExternalId),
          };
          return `${header}.${base64url.encode(JSON.stringify(forged))}.${signature}`;
        },
        'invalid',
      ],
      [
        'HS256-signed',
        (c) => {
          const now = Math.floor(Date.now() / 1000);
          return new SignJWT({ iss: NIT_ISSUER, aud: NIT_AUDIENCE, iat: now, exp: now + 300, context: c })
            .setProtectedHeader({ alg: 'HS256', kid: KID })
            .sign(randomBytes(32));
        },
        'invalid',
      ],
      [
        'alg none',
        async (c) => {
          const now = Math.floor(Date.now() / 1000);
          return unsigned(
            { alg: 'none', kid: KID },
            { iss: NIT_ISSUER, aud: NIT_AUDIENCE, iat: now, exp: now + 300, context: c },
          );
        },
        'invalid',
      ],
      ['without a context', (c) => nexus.sign(c, { claims: { context: undefined } }), 'invalid'],
    ])('%s → 401', async (_label, make, detail) => {
      expectRejected(await whoami(await make(pageContext(installationId, externalId))), detail);
    });

    test.each<[string, () => object]>([
      ['an unknown installation', () => pageContext(randomUUID(), externalId)],
      [
        'another team than the installation',
        () => pageContext(installationId, externalId, { teamId: 'another-team' }),
      ],
      [
        'another Nexus app (NEXUS_APP_ID)',
        () => pageContext(installationId, externalId, { appId: randomUUID() }),
      ],
      ['a lifecycle context (no project)', () => lifecycleContext(installationId)],
    ])('%s → 401', async (_label, context) => {
      expectRejected(await whoami(await nexus.sign(context())));
    });

    test('a project of another workspace → 404 project_not_connected, telling the PM what to do', async () => {
      const res = await whoami(await nexus.sign(pageContext(installationId, harnessOnlyExternalId)));
      expectProblem(res, 404, 'project_not_connected');
      expect(res.json<{ detail: string }>().detail).toMatch(/not connected to ClientLens.*Connect it/);
    });

    test('a project not connected in a freshly installed workspace → 404', async () => {
      const other = randomUUID();
      expect((await install(other)).statusCode).toBe(204);
      expectProblem(
        await whoami(await nexus.sign(pageContext(other, externalId))),
        404,
        'project_not_connected',
      );
    });

    test('the JWKS is fetched once and cached, not per request', () => {
      expect(nexus.hits()).toBeGreaterThanOrEqual(1);
      expect(nexus.hits()).toBeLessThanOrEqual(3);
    });

    test('an unreachable Nexus is a 503, not a bad token', async () => {
      const { container } = h.runtime;
      const offline = createNexusService({
        db: container.database.db,
        host: 'http://127.0.0.1:1',
        logger: container.logger,
      });
      const token = await nexus.sign(pageContext(installationId, externalId));
      const error = await authenticatePanel(
        { nexus: offline, panelTokens: container.services.panelTokens },
        token,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(503);
      expect((error as AppError).code).toBe('nexus_unavailable');
    });
  });

  describe('a ClientLens panel token', () => {
    const issue = (body: Record<string, unknown>, key?: string) =>
      h.api('POST', '/api/v1/panel-tokens', body, key);

    test('POST /api/v1/panel-tokens → 201 { token, expiresAt }; the token sets request.panel', async () => {
      const before = Date.now();
      const res = await issue({ projectId: harnessProjectId, locale: 'fr' });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json<{ token: string; expiresAt: string }>();
      expect(Object.keys(body).sort()).toEqual(['expiresAt', 'token']);
      const expiresIn = Date.parse(body.expiresAt) - before;
      expect(expiresIn).toBeGreaterThan(595_000);
      expect(expiresIn).toBeLessThanOrEqual(601_000);
      const who = await whoami(body.token);
      expect(who.statusCode, who.body).toBe(200);
      expect(who.json()).toEqual({
        workspaceId: h.workspaceId,
        projectId: harnessProjectId,
        locale: 'fr',
        via: 'panel_token',
      });
    });

    test('ttlSeconds up to 3600', async () => {
      const res = await issue({ projectId: harnessProjectId, ttlSeconds: 3600 });
      expect(res.statusCode).toBe(201);
      expect(Date.parse(res.json<{ expiresAt: string }>().expiresAt) - Date.now()).toBeGreaterThan(3_590_000);
    });

    test.each([
      [{ projectId: 'nope' }, 'projectId'],
      [{ projectId: randomUUID(), ttlSeconds: 59 }, 'ttlSeconds'],
      [{ projectId: randomUUID(), ttlSeconds: 3601 }, 'ttlSeconds'],
      [{ projectId: randomUUID(), locale: 'de' }, 'locale'],
    ])('%j → 400 naming %s', async (body, field) => {
      const res = await issue(body);
      expectProblem(res, 400, 'validation_failed');
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    });

    test("another workspace's project → 404; no API key → 401", async () => {
      expectProblem(await issue({ projectId: nexusProjectId }), 404, 'not_found');
      expectProblem(await issue({ projectId: harnessProjectId }, 'cl_not_a_key'), 401, 'unauthorized');
    });

    test("a validly signed token naming another workspace's project → 404", async () => {
      const key = panelTokenKey(h.runtime.container.config.SECRET_KEY);
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({
        ws: h.workspaceId,
        sub: nexusProjectId,
        jti: randomUUID(),
        iat: now,
        exp: now + 600,
        iss: PANEL_TOKEN_ISSUER,
        aud: PANEL_TOKEN_AUDIENCE,
      })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(key);
      expectProblem(await whoami(token), 404, 'not_found');
    });

    test.each<[string, () => Promise<string>, 'expired' | 'invalid']>([
      [
        'signed with another SECRET_KEY',
        async () => {
          const now = Math.floor(Date.now() / 1000);
          return new SignJWT({
            ws: h.workspaceId,
            sub: harnessProjectId,
            jti: randomUUID(),
            iat: now,
            exp: now + 600,
            iss: PANEL_TOKEN_ISSUER,
            aud: PANEL_TOKEN_AUDIENCE,
          })
            .setProtectedHeader({ alg: 'HS256' })
            .sign(panelTokenKey(randomBytes(32)));
        },
        'invalid',
      ],
      [
        'expired',
        async () => {
          const now = Math.floor(Date.now() / 1000);
          return new SignJWT({
            ws: h.workspaceId,
            sub: harnessProjectId,
            jti: randomUUID(),
            iat: now - 700,
            exp: now - 100,
            iss: PANEL_TOKEN_ISSUER,
            aud: PANEL_TOKEN_AUDIENCE,
          })
            .setProtectedHeader({ alg: 'HS256' })
            .sign(panelTokenKey(h.runtime.container.config.SECRET_KEY));
        },
        'expired',
      ],
      ['an API key', async () => h.apiKey, 'invalid'],
    ])('%s → 401', async (_label, make, detail) => {
      expectRejected(await whoami(await make()), detail);
    });

    test('no Authorization header, or another scheme → 401 with a Bearer challenge', async () => {
      const missing = await whoami(null);
      expectRejected(missing);
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="clientlens-panel"');
      const token = (await issue({ projectId: harnessProjectId })).json<{ token: string }>().token;
      expectRejected(await whoami(token, 'Basic'));
    });
  });

  describe('Nexus lifecycle', () => {
    const workspaceCount = async () => (await listWorkspaces(h.runtime.container.database.db)).length;

    test('install twice → one workspace, named and set up from the team', async () => {
      const id = randomUUID();
      const before = await workspaceCount();
      expect((await install(id)).statusCode).toBe(204);
      expect((await install(id)).statusCode).toBe(204);
      expect(await workspaceCount()).toBe(before + 1);
      const row = await installationRow(id);
      expect(row).toMatchObject({ teamId: TEAM.id, uninstalledAt: null });
      const workspace = (await listWorkspaces(h.runtime.container.database.db)).find(
        (w) => w.id === row!.workspaceId,
      );
      expect(workspace).toMatchObject({
        name: 'PingCode acme.pingcode.com',
        locale: 'en',
        timezone: 'Asia/Shanghai',
      });
    });

    test('upgrade is a no-op 204', async () => {
      const before = await installationRow(installationId);
      const res = await lifecycle(
        await nexus.sign(lifecycleContext(installationId)),
        lifecycleBody('pce:nexus:app:upgrade', installationId),
      );
      expect(res.statusCode).toBe(204);
      expect(await installationRow(installationId)).toEqual(before);
    });

    test('a panel invocation token cannot drive lifecycle events', async () => {
      const res = await lifecycle(
        await nexus.sign(pageContext(installationId, externalId)),
        lifecycleBody('pce:nexus:app:uninstall', installationId),
      );
      expectProblem(res, 401, 'invalid_nexus_token');
      expect((await installationRow(installationId))!.uninstalledAt).toBeNull();
    });

    test("a body naming another installation than the token's → 401", async () => {
      const res = await lifecycle(
        await nexus.sign(lifecycleContext(randomUUID())),
        lifecycleBody('pce:nexus:app:uninstall', installationId),
      );
      expectProblem(res, 401, 'invalid_nexus_token');
      expect((await installationRow(installationId))!.uninstalledAt).toBeNull();
    });

    test('no token or a panel token → 401; a body that is no event → 400', async () => {
      expectProblem(
        await lifecycle(null, lifecycleBody('pce:nexus:app:install', installationId)),
        401,
        'invalid_nexus_token',
      );
      const panel = (await h.api('POST', '/api/v1/panel-tokens', { projectId: harnessProjectId })).json<{
        token: string;
      }>().token;
      expectProblem(
        await lifecycle(panel, lifecycleBody('pce:nexus:app:install', installationId)),
        401,
        'invalid_nexus_token',
      );
      expectProblem(
        await lifecycle(await nexus.sign(lifecycleContext(installationId)), { hello: 'world' }),
        400,
        'validation_failed',
      );
    });

    test('uninstall: the installation is closed, its tokens are refused from then on', async () => {
      const id = randomUUID();
      expect((await install(id)).statusCode).toBe(204);
      const workspaceId = (await installationRow(id))!.workspaceId;
      const { key } = await h.runtime.container.services.workspaces.createKey(workspaceId, 'pm');
      const connected = await h.api(
        'POST',
        '/api/v1/connections',
        {
          provider: 'pingcode',
          name: 'PingCode',
          baseUrl: h.fake.url,
          credentials: { clientId: h.fake.clientId, clientSecret: h.fake.clientSecret },
        },
        key,
      );
      expect(connected.statusCode).toBe(201);
      expect((await whoami(await nexus.sign(pageContext(id, externalId)))).statusCode).toBe(200);

      const res = await lifecycle(
        await nexus.sign(lifecycleContext(id)),
        lifecycleBody('pce:nexus:app:uninstall', id),
      );
      expect(res.statusCode).toBe(204);
      expect((await installationRow(id))!.uninstalledAt).toBeInstanceOf(Date);
      expectRejected(await whoami(await nexus.sign(pageContext(id, externalId))));
    });

    test('no token reaches the logs', () => {
      expect(seenTokens.length).toBeGreaterThan(20);
      const logs = h.logLines.join('\n');
      for (const token of seenTokens) expect(logs).not.toContain(token.split('.')[2] || token);
    });
  });
});

describe.each(STORES)('%s: concurrent install deliveries', (store) => {
  let nexus: Nexus;
  let h: Harness;
  let app: FastifyInstance;

  beforeAll(async () => {
    nexus = await startNexus();
    h = await startHarness({ store, env: { NEXUS_HOST: nexus.host } });
    app = await appWithPanelRoute(h);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
    await nexus?.close();
  });

  test('the same install event delivered 5 times at once → one workspace, one installation', async () => {
    const id = randomUUID();
    const deliveries = await Promise.all(
      Array.from({ length: 5 }, async () =>
        app.inject({
          method: 'POST',
          url: '/plugin/nexus/lifecycle',
          payload: lifecycleBody('pce:nexus:app:install', id),
          headers: { authorization: `Bearer ${await nexus.sign(lifecycleContext(id))}` },
        }),
      ),
    );
    expect(deliveries.map((res) => res.statusCode)).toEqual([204, 204, 204, 204, 204]);
    const [count] = await rawRows<{ n: string }>(
      h.runtime.container.database.db,
      sql`select count(*) as n from workspace where name = 'PingCode acme.pingcode.com'`,
    );
    expect(Number(count!.n)).toBe(1);
    const [installations] = await rawRows<{ n: string }>(
      h.runtime.container.database.db,
      sql`select count(*) as n from nexus_installation where id = ${id}`,
    );
    expect(Number(installations!.n)).toBe(1);
  });
});

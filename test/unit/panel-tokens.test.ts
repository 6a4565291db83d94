import { randomBytes } from 'node:crypto';
import { base64url, decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../service/config';
import type { ProjectInput } from '../../service/domain/model';
import { AppError } from '../../service/errors';
import { panelTokenKind } from '../../service/plugins/panel-auth';
import {
  createPanelTokensService,
  PANEL_TOKEN_AUDIENCE,
  PANEL_TOKEN_ISSUER,
  panelTokenKey,
  TokenRejected,
  type PanelTokensService,
} from '../../service/services/panel-tokens.service';
import { insertConnection } from '../../service/store/connections.store';
import { openDatabase, type Database } from '../../service/store/db';
import { newId } from '../../service/store/ids';
import { upsertProjects } from '../../service/store/projects.store';
import { createWorkspace } from '../../service/store/workspaces.store';

const SECRET = randomBytes(32);
const KEY = Buffer.alloc(32, 7).toString('base64');
const now = () => Math.floor(Date.now() / 1000);
const unsigned = (header: object, payload: object) =>
  `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.`;

/** A panel token as `createPanelTokensService` signs one, with any claim changed. */
async function panelToken(
  claims: Record<string, unknown>,
  options: { key?: Uint8Array; alg?: string } = {},
): Promise<string> {
  const iat = now();
  return new SignJWT({
    jti: newId(),
    iat,
    exp: iat + 600,
    iss: PANEL_TOKEN_ISSUER,
    aud: PANEL_TOKEN_AUDIENCE,
    ...claims,
  })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .sign(options.key ?? panelTokenKey(SECRET));
}

describe('which verifier a token goes to', () => {
  let rsa: CryptoKey;
  beforeAll(async () => {
    rsa = (await generateKeyPair('RS256')).privateKey;
  });

  test.each([
    ['RS256 from Nexus', 'RS256', 'nexus/invocation-token', 'nexus'],
    ['HS256 from ClientLens', 'HS256', 'clientlens', 'panel_token'],
    ['HS256 claiming to be Nexus', 'HS256', 'nexus/invocation-token', undefined],
    ['RS256 claiming to be ClientLens', 'RS256', 'clientlens', undefined],
    ['RS256 from someone else', 'RS256', 'https://evil.example', undefined],
    ['HS512 from ClientLens', 'HS512', 'clientlens', undefined],
  ])('%s', async (_label, alg, iss, kind) => {
    const key = alg.startsWith('RS') ? rsa : panelTokenKey(SECRET);
    const token = await new SignJWT({ iss }).setProtectedHeader({ alg }).sign(key);
    expect(panelTokenKind(token)).toBe(kind);
  });

  test.each([
    ['alg none', unsigned({ alg: 'none' }, { iss: 'clientlens' })],
    ['alg none, Nexus issuer', unsigned({ alg: 'none' }, { iss: 'nexus/invocation-token' })],
    ['not a JWT', 'not-a-token'],
    ['an API key', `cl_${randomBytes(24).toString('base64url')}`],
    ['a JSON array payload', `${base64url.encode('{"alg":"HS256"}')}.${base64url.encode('[]')}.sig`],
  ])('%s is refused before any verification', (_label, token) => {
    expect(panelTokenKind(token)).toBeUndefined();
  });
});

describe('panel token key', () => {
  test('derived from SECRET_KEY (HKDF): stable, 32 bytes, never the secret itself', () => {
    const key = panelTokenKey(SECRET);
    expect(key).toHaveLength(32);
    expect(Buffer.from(key).equals(SECRET)).toBe(false);
    expect(Buffer.from(panelTokenKey(SECRET)).equals(Buffer.from(key))).toBe(true);
    expect(Buffer.from(panelTokenKey(randomBytes(32))).equals(Buffer.from(key))).toBe(false);
  });
});

describe('NEXUS_HOST', () => {
  test.each([
    ['https', { NEXUS_HOST: 'https://nexus.example.com/' }, 'https://nexus.example.com'],
    [
      'http with private upstreams',
      { NEXUS_HOST: 'http://127.0.0.1:8080', ALLOW_PRIVATE_UPSTREAMS: 'true' },
      'http://127.0.0.1:8080',
    ],
    ['unset', {}, undefined],
  ])('%s', (_label, env, expected) => {
    expect(loadConfig({ SECRET_KEY: KEY, ...env }).NEXUS_HOST).toBe(expected);
  });

  test.each([
    ['http without private upstreams', 'http://nexus.example.com'],
    ['not a URL', 'nexus.example.com'],
    ['another scheme', 'ftp://nexus.example.com'],
  ])('%s is refused with a sentence naming the variable', (_label, value) => {
    let error: unknown;
    try {
      loadConfig({ SECRET_KEY: KEY, NEXUS_HOST: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^NEXUS_HOST /)]);
  });
});

describe('panel tokens', () => {
  let database: Database;
  let service: PanelTokensService;
  let workspaceId: string;
  let otherWorkspaceId: string;
  let projectId: string;
  let otherProjectId: string;

  async function projectIn(workspace: string, externalId: string): Promise<string> {
    const connection = await insertConnection(database.db, {
      id: newId(),
      workspaceId: workspace,
      provider: 'pingcode',
      name: 'PingCode',
      baseUrl: 'https://open.pingcode.com',
      credentials: 'sealed',
    });
    const input: ProjectInput = {
      externalId,
      key: 'NEXUS',
      name: 'Nexus',
      url: null,
      type: 'scrum',
      startDate: null,
      endDate: null,
      archived: false,
    };
    const [row] = await upsertProjects(database.db, { workspaceId: workspace, connectionId: connection.id }, [
      input,
    ]);
    return row!.id;
  }

  async function rejection(token: string): Promise<unknown> {
    return service.verify(token).then(
      () => 'accepted',
      (error: unknown) => error,
    );
  }

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    service = createPanelTokensService({ db: database.db, secretKey: SECRET });
    workspaceId = (await createWorkspace(database.db, { name: 'A' })).id;
    otherWorkspaceId = (await createWorkspace(database.db, { name: 'B' })).id;
    projectId = await projectIn(workspaceId, 'p-a');
    otherProjectId = await projectIn(otherWorkspaceId, 'p-b');
  });
  afterAll(async () => {
    await database.close();
  });

  test('issued with the documented claims, 10 minutes by default', async () => {
    const { token, expiresAt } = await service.issue(workspaceId, { projectId });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: 'clientlens',
      aud: 'clientlens-panel',
      ws: workspaceId,
      sub: projectId,
    });
    expect(claims.jti).toEqual(expect.any(String));
    expect(claims.locale).toBeUndefined();
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(expiresAt.getTime()).toBe(claims.exp! * 1000);
    await expect(service.verify(token)).resolves.toEqual({
      workspaceId,
      projectId,
      locale: undefined,
      via: 'panel_token',
    });
  });

  test.each([
    [60, 60],
    [3600, 3600],
  ])('a lifetime of %s s', async (ttlSeconds, expected) => {
    const { token } = await service.issue(workspaceId, { projectId, ttlSeconds, locale: 'fr' });
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(expected);
    expect((await service.verify(token)).locale).toBe('fr');
  });

  test('each token has its own jti', async () => {
    const a = decodeJwt((await service.issue(workspaceId, { projectId })).token);
    const b = decodeJwt((await service.issue(workspaceId, { projectId })).token);
    expect(a.jti).not.toBe(b.jti);
  });

  test("another workspace's project is not found when issuing", async () => {
    const error = await service.issue(workspaceId, { projectId: otherProjectId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(404);
  });

  test('a token whose project is not in its workspace (any more) is not found', async () => {
    const error = await rejection(await panelToken({ ws: workspaceId, sub: otherProjectId }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(404);
  });

  test('expiry within the 30 s clock tolerance is accepted; past it the token has expired', async () => {
    const iat = now() - 700;
    await expect(
      service.verify(await panelToken({ ws: workspaceId, sub: projectId, iat, exp: now() - 10 })),
    ).resolves.toMatchObject({ projectId });
    const error = await rejection(
      await panelToken({ ws: workspaceId, sub: projectId, iat, exp: now() - 60 }),
    );
    expect(error).toBeInstanceOf(TokenRejected);
    expect((error as TokenRejected).reason).toBe('expired');
  });

  test.each<[string, () => Promise<string>]>([
    [
      'signed with another SECRET_KEY',
      () => panelToken({ ws: workspaceId, sub: projectId }, { key: panelTokenKey(randomBytes(32)) }),
    ],
    [
      'signed with SECRET_KEY itself',
      () => panelToken({ ws: workspaceId, sub: projectId }, { key: new Uint8Array(SECRET) }),
    ],
    ['another audience', () => panelToken({ ws: workspaceId, sub: projectId, aud: 'nexus' })],
    ['another issuer', () => panelToken({ ws: workspaceId, sub: projectId, iss: 'nexus/invocation-token' })],
    ['a lifetime over 60 minutes', () => panelToken({ ws: workspaceId, sub: projectId, exp: now() + 7200 })],
    ['no expiry', () => panelToken({ ws: workspaceId, sub: projectId, exp: undefined })],
    ['no jti', () => panelToken({ ws: workspaceId, sub: projectId, jti: undefined })],
    ['no workspace', () => panelToken({ sub: projectId })],
    [
      'a locale ClientLens does not speak',
      () => panelToken({ ws: workspaceId, sub: projectId, locale: 'de' }),
    ],
    ['HS512', () => panelToken({ ws: workspaceId, sub: projectId }, { alg: 'HS512' })],
    [
      'alg none',
      async () =>
        unsigned(
          { alg: 'none' },
          {
            iss: PANEL_TOKEN_ISSUER,
            aud: PANEL_TOKEN_AUDIENCE,
            ws: workspaceId,
            sub: projectId,
            jti: 'x',
            iat: now(),
            exp: now() + 60,
          },
        ),
    ],
    [
      'a tampered payload (other workspace)',
      async () => {
        const [header, , signature] = (await panelToken({ ws: workspaceId, sub: projectId })).split('.');
        const payload = base64url.encode(
          JSON.stringify({
            ws: otherWorkspaceId,
            sub: otherProjectId,
            jti: 'x',
            iat: now(),
            exp: now() + 600,
            iss: PANEL_TOKEN_ISSUER,
            aud: PANEL_TOKEN_AUDIENCE,
          }),
        );
        return `${header}.${payload}.${signature}`;
      },
    ],
  ])('%s: not valid', async (_label, make) => {
    const error = await rejection(await make());
    expect(error).toBeInstanceOf(TokenRejected);
    expect((error as TokenRejected).reason).toBe('invalid');
  });
});

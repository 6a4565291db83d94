import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { WebhookRejected } from '../../service/connectors/connector';
import type { ConnectorContext, Cursor, WebhookRequest } from '../../service/connectors/connector';
import { UpstreamHttp } from '../../service/connectors/http';
import {
  WORKTILE_META,
  createWorktileConnector,
  signWebhook,
  worktileConnector,
} from '../../service/connectors/worktile/worktile.connector';
import type {
  WorktileCredentials,
  WorktileSettings,
} from '../../service/connectors/worktile/worktile.connector';
import { rejection } from '../support/assert';
import { contract } from '../fixtures/worktile/contract';

const BASE = 'https://dev.worktile.com';
const SECRET = 'wt-Client-Secret-4d2f8a6c';
const TOKEN = 'wt-tenant-7f3c9a1e5b2d4c6f8a0e1b3d5c7f9a2e';
const TOKEN2 = 'wt-tenant-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const PROJECT = '5f9a1b2c3d4e5f6a7b8c9d01';
const M1 = '64d1e2f3a4b5c6d7e8f90006';
const PROJECTS = '/open-api/mission/get-projects-by-page';
const TASKS = '/open-api/mission/get-project-tasks-by-page';
const DETAILS = '/open-api/mission/get-tasks-by-ids';
const MEMBERS = '/open-api/contact/get-members-by-ids';
const FIELDS = 'assignee,start,due,tag';

type Ctx = ConnectorContext<WorktileCredentials, WorktileSettings>;
type Json = Record<string, unknown>;

function text(name: string): string {
  return readFileSync(new URL(`../fixtures/worktile/${name}`, import.meta.url), 'utf8');
}
function fixture<T = Json>(name: string): T {
  return JSON.parse(text(name)) as T;
}

const tokenBody = fixture('token.json');
const listedTasks = fixture<{ items: Json[] }>('tasks.json').items;
const detailedTasks = fixture<Json[]>('tasks-by-ids.json');
const members = fixture<Json[]>('members.json');
const [portal] = fixture<{ items: Json[] }>('projects.json').items as [Json];

let connectionSeq = 0;
function makeCtx(
  patch: { settings?: Partial<WorktileSettings>; creds?: Partial<WorktileCredentials> } = {},
): Ctx {
  const http = new UpstreamHttp({
    toolName: 'Worktile',
    baseUrl: BASE,
    allowPrivate: false,
    timeoutMs: 2_000,
    retryAfterMs: (headers) => worktileConnector.retryAfterMs(headers),
  });
  connectionSeq += 1;
  return {
    connectionId: `conn-${connectionSeq}`,
    baseUrl: BASE,
    creds: { clientId: 'wt-app-client-id', clientSecret: SECRET, ...patch.creds },
    settings: {
      blockedTags: ['blocked', '阻塞'],
      milestoneTaskTypes: ['里程碑', 'milestone'],
      versionProperty: null,
      webUrl: 'https://acme.worktile.com',
      ...patch.settings,
    },
    timezone: 'Asia/Shanghai',
    http,
  };
}

function tokenRequest(secret = SECRET) {
  return { client_id: 'wt-app-client-id', client_secret: secret };
}
function expectToken(scope: nock.Scope, token = TOKEN, extra: Json = {}, secret = SECRET): nock.Scope {
  return scope
    .post('/open-api/tenant-access-token', tokenRequest(secret))
    .reply(200, { ...tokenBody, tenant_access_token: token, ...extra });
}
function api(token = TOKEN): nock.Scope {
  return nock(BASE, { reqheaders: { authorization: `Bearer ${token}` } });
}
function page(items: unknown[], more: Json = { has_more: false }): Json {
  return { items, ...more };
}
function project(id: string): Json {
  return { ...portal, _id: id, identifier: `P${id}` };
}
/** A listed task (no properties, as the V1 listing sends them) cloned from CPR-1. */
function listed(id: string, patch: Json = {}): Json {
  return { ...listedTasks[0], _id: id, identifier: id, ...patch };
}
function detailed(id: string, patch: Json = {}): Json {
  return { ...detailedTasks[0], _id: id, identifier: id, ...patch };
}
function tasksQuery(pageIndex: number, token = TOKEN) {
  return { project_id: PROJECT, page_index: pageIndex, page_size: 100, access_token: token };
}
function detailsQuery(ids: string[], fields = FIELDS) {
  return { task_ids: ids.join(','), fields, access_token: TOKEN };
}
function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}
function rejected(fn: () => unknown): WebhookRejected {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookRejected);
    return error as WebhookRejected;
  }
  throw new Error('expected a WebhookRejected');
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('static facts', () => {
  test('defaults come from the meta facts', () => {
    expect(worktileConnector.defaults).toEqual({
      baseUrl: 'https://dev.worktile.com',
      requestsPerMinute: 60,
      pageSize: 100,
    });
    expect([worktileConnector.provider, worktileConnector.displayName]).toEqual(['worktile', 'Worktile']);
  });

  test('every fact cites its source or says ASSUMPTION, and the README lists it', () => {
    const readme = readFileSync(
      new URL('../../service/connectors/worktile/README.md', import.meta.url),
      'utf8',
    );
    for (const [key, { source }] of Object.entries(WORKTILE_META)) {
      expect(source, key).toMatch(/\[doc\]|\[3p\]|\[3p-live\]|Research §|ClientLens convention|ASSUMPTION/);
      expect(readme, `README mentions ${key}`).toContain(`\`${key}\``);
    }
  });

  test.each([
    {
      settings: {},
      expected: {
        blockedTags: ['blocked', '阻塞', '受阻', 'bloqué'],
        milestoneTaskTypes: ['里程碑', 'milestone'],
        versionProperty: null,
        webUrl: null,
      },
    },
    {
      settings: {
        webUrl: 'https://acme.worktile.com/',
        versionProperty: ' qp_version ',
        milestoneTaskTypes: [],
      },
      expected: {
        blockedTags: ['blocked', '阻塞', '受阻', 'bloqué'],
        milestoneTaskTypes: [],
        versionProperty: 'qp_version',
        webUrl: 'https://acme.worktile.com',
      },
    },
  ])('settings $settings', ({ settings, expected }) => {
    expect(worktileConnector.settingsSchema.parse(settings)).toEqual(expected);
  });

  test.each([
    { webUrl: 'acme.worktile.com' },
    { webUrl: 'ftp://acme.worktile.com' },
    { versionProperty: ' ' },
  ])('settings $0 are refused', (settings) => {
    expect(worktileConnector.settingsSchema.safeParse(settings).success).toBe(false);
  });

  test.each([
    { creds: { clientId: ' id ', clientSecret: ' secret ' }, ok: true },
    { creds: { clientId: '', clientSecret: 'secret' }, ok: false },
    { creds: { clientId: 'id' }, ok: false },
  ])('credentials $creds valid: $ok', ({ creds, ok }) => {
    const parsed = worktileConnector.credentialsSchema.safeParse(creds);
    expect(parsed.success).toBe(ok);
    if (parsed.success) expect(parsed.data).toEqual({ clientId: 'id', clientSecret: 'secret' });
  });

  test.each([
    { headers: { 'retry-after': '30' }, expected: 30_000 },
    { headers: { 'retry-after': '0' }, expected: 0 },
    { headers: { 'retry-after': 'soon' }, expected: undefined },
    { headers: {}, expected: undefined },
  ])('retryAfterMs($headers) → $expected', ({ headers, expected }) => {
    expect(worktileConnector.retryAfterMs(headers)).toBe(expected);
  });

  test('retryAfterMs reads an HTTP date too', () => {
    const wait = worktileConnector.retryAfterMs({
      'retry-after': new Date(Date.now() + 3_600_000).toUTCString(),
    });
    expect(wait).toBeGreaterThan(3_590_000);
    expect(wait).toBeLessThanOrEqual(3_600_000);
  });
});

describe('tenant access token', () => {
  test('POSTed once as JSON, sent as access_token and Bearer, reused and shared by concurrent callers', async () => {
    const connector = createWorktileConnector();
    const ctx = makeCtx();
    const token = expectToken(nock(BASE));
    const calls = api()
      .get(PROJECTS)
      .query({ page_index: 0, page_size: 100, access_token: TOKEN })
      .times(3)
      .reply(200, fixture('projects.json'));
    await Promise.all([connector.getProject(ctx, PROJECT), connector.getProject(ctx, PROJECT)]);
    expect(await connector.getProject(ctx, PROJECT)).toMatchObject({ externalId: PROJECT, key: 'CPR' });
    token.done();
    calls.done();
  });

  test('a token is replaced once expires_in (less a margin) has passed', async () => {
    let now = Date.parse('2025-04-01T00:00:00Z');
    const connector = createWorktileConnector({ now: () => now });
    const ctx = makeCtx();
    const tokens = expectToken(expectToken(nock(BASE)), TOKEN2);
    const first = api().get(PROJECTS).query(true).times(2).reply(200, fixture('projects.json'));
    const second = api(TOKEN2).get(PROJECTS).query(true).reply(200, fixture('projects.json'));
    await connector.getProject(ctx, PROJECT);
    now += (7200 - 301) * 1000;
    await connector.getProject(ctx, PROJECT);
    now += 2_000;
    await connector.getProject(ctx, PROJECT);
    tokens.done();
    first.done();
    second.done();
  });

  test.each([{ expiresIn: 1_900_000_000 }, { expiresIn: 0 }, { expiresIn: null }])(
    'expires_in $expiresIn is not a lifetime: the token is kept until refused',
    async ({ expiresIn }) => {
      let now = Date.parse('2025-04-01T00:00:00Z');
      const connector = createWorktileConnector({ now: () => now });
      const ctx = makeCtx();
      const token = expectToken(nock(BASE), TOKEN, { expires_in: expiresIn });
      const calls = api().get(PROJECTS).query(true).times(2).reply(200, fixture('projects.json'));
      await connector.getProject(ctx, PROJECT);
      now += 90 * 86_400_000;
      await connector.getProject(ctx, PROJECT);
      token.done();
      calls.done();
    },
  );

  test.each([
    { name: 'HTTP 401', status: 401, body: { message: 'Unauthorized' } },
    { name: 'HTTP 200 + error_code 1103', status: 200, body: fixture('refusal-token-invalid.json') },
    { name: 'HTTP 200 + error_code 1102', status: 200, body: fixture('refusal-token-malformed.json') },
  ])(
    'a token refused with $name is refreshed once, the call retried, the new token kept',
    async ({ status, body }) => {
      const connector = createWorktileConnector();
      const ctx = makeCtx();
      const tokens = expectToken(expectToken(nock(BASE)), TOKEN2);
      const stale = api().get(PROJECTS).query(true).reply(status, body);
      const fresh = api(TOKEN2)
        .get(PROJECTS)
        .query({ page_index: 0, page_size: 100, access_token: TOKEN2 })
        .times(2)
        .reply(200, fixture('projects.json'));
      await connector.getProject(ctx, PROJECT);
      await connector.getProject(ctx, PROJECT);
      tokens.done();
      stale.done();
      fresh.done();
    },
  );

  test('concurrent refusals share one refresh', async () => {
    const connector = createWorktileConnector();
    const ctx = makeCtx();
    const tokens = expectToken(expectToken(nock(BASE)), TOKEN2);
    const stale = api().get(PROJECTS).query(true).times(3).reply(200, fixture('refusal-token-invalid.json'));
    const fresh = api(TOKEN2).get(PROJECTS).query(true).times(3).reply(200, fixture('projects.json'));
    await Promise.all([1, 2, 3].map(() => connector.getProject(ctx, PROJECT)));
    tokens.done();
    stale.done();
    fresh.done();
  });

  test('a fresh token refused again is auth_failed, without token or secret in the message', async () => {
    const connector = createWorktileConnector();
    const tokens = expectToken(expectToken(nock(BASE)), TOKEN2);
    const calls = nock(BASE)
      .get(PROJECTS)
      .query(true)
      .reply(401, { message: `token ${TOKEN} expired` })
      .get(PROJECTS)
      .query(true)
      .reply(200, fixture('refusal-token-invalid.json'));
    const error = await rejection(connector.checkCredentials(makeCtx()));
    expect([error.code, error.retryable]).toEqual(['auth_failed', false]);
    expect(error.message).toMatch(/^Worktile issued a tenant access token and then refused it/);
    expect(error.message).not.toMatch(new RegExp(`${SECRET}|${TOKEN}|${TOKEN2}`));
    tokens.done();
    calls.done();
  });

  test.each([400, 401, 403])('the token endpoint answering %i is auth_failed', async (status) => {
    const connector = createWorktileConnector();
    const scope = nock(BASE)
      .post('/open-api/tenant-access-token', tokenRequest())
      .reply(status, { message: `client_secret ${SECRET} 无效` });
    const error = await rejection(connector.checkCredentials(makeCtx()));
    expect([error.code, error.retryable, error.status]).toEqual(['auth_failed', false, status]);
    expect(error.message).toMatch(/^Worktile refused the client ID and secret/);
    expect(error.message).not.toContain(SECRET);
    scope.done();
  });

  test('the token endpoint refusing on HTTP 200 is auth_failed too', async () => {
    const connector = createWorktileConnector();
    const scope = nock(BASE)
      .post('/open-api/tenant-access-token')
      .reply(200, { ok: false, error_code: 1001, error_message: 'client_secret 错误' });
    const error = await rejection(connector.checkCredentials(makeCtx()));
    expect([error.code, error.retryable]).toEqual(['auth_failed', false]);
    scope.done();
  });

  test('a failed token request is not cached', async () => {
    const connector = createWorktileConnector();
    const ctx = makeCtx();
    const scope = nock(BASE)
      .post('/open-api/tenant-access-token')
      .reply(503, 'busy')
      .post('/open-api/tenant-access-token')
      .reply(200, tokenBody)
      .get(PROJECTS)
      .query(true)
      .reply(200, fixture('projects.json'));
    const error = await rejection(connector.getProject(ctx, PROJECT));
    expect([error.code, error.retryable]).toEqual(['upstream_unavailable', true]);
    await connector.getProject(ctx, PROJECT);
    scope.done();
  });

  test('new credentials on the same connection get a new token', async () => {
    const connector = createWorktileConnector();
    const ctx = makeCtx();
    const tokens = expectToken(expectToken(nock(BASE)), TOKEN2, {}, 'rotated-secret');
    const first = api().get(PROJECTS).query(true).reply(200, fixture('projects.json'));
    const second = api(TOKEN2).get(PROJECTS).query(true).reply(200, fixture('projects.json'));
    await connector.getProject(ctx, PROJECT);
    await connector.getProject({ ...ctx, creds: { ...ctx.creds, clientSecret: 'rotated-secret' } }, PROJECT);
    tokens.done();
    first.done();
    second.done();
  });
});

describe('errors', () => {
  test('429 as nginx HTML with Retry-After: 30 → rate_limited, retry after 30 000 ms', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(PROJECTS)
      .query(true)
      .reply(429, text('rate-limited.html'), { 'content-type': 'text/html', 'retry-after': '30' });
    const error = await rejection(collect(connector.listProjects(makeCtx())));
    expect([error.code, error.retryable, error.retryAfterMs, error.status]).toEqual([
      'rate_limited',
      true,
      30_000,
      429,
    ]);
    scope.done();
  });

  test('429 without Retry-After → rate_limited after the default 60 s', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE)).get(TASKS).query(true).reply(429, text('rate-limited.html'));
    const pages = connector.pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined });
    const error = await rejection(collect(pages));
    expect([error.code, error.retryAfterMs]).toEqual(['rate_limited', 60_000]);
    scope.done();
  });

  test('403 → auth_failed naming the application’s scopes', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE)).get(PROJECTS).query(true).reply(403, '<html>forbidden</html>');
    const error = await rejection(connector.checkCredentials(makeCtx()));
    expect([error.code, error.retryable, error.status]).toEqual(['auth_failed', false, 403]);
    expect(error.message).toMatch(/scopes granted to the application/);
    scope.done();
  });

  test('another refusal on HTTP 200 → bad_request with its code, not retried, token redacted', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(PROJECTS)
      .query(true)
      .reply(200, { ok: false, error_code: 2003, error_message: `no access for ${TOKEN}` });
    const error = await rejection(collect(connector.listProjects(makeCtx())));
    expect([error.code, error.retryable]).toEqual(['bad_request', false]);
    expect(error.message).toBe('Worktile refused the request (error_code 2003: no access for [redacted]).');
    scope.done();
  });

  test('a task without a state category fails the page as bad_payload naming the field', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(true)
      .reply(200, page([listed('x', { task_state: { name: '新状态', type: 7 }, state_type: 7 })]));
    const pages = connector.pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined });
    const error = await rejection(collect(pages));
    expect(error.code).toBe('bad_payload');
    expect(error.message).toContain('items.0');
    scope.done();
  });
});

describe('projects', () => {
  test('pages with 0-based page_index and page_size=100 until has_more is false', async () => {
    const connector = createWorktileConnector();
    const all = ids('p', 250);
    const scope = expectToken(nock(BASE));
    for (const index of [0, 1, 2])
      scope
        .get(PROJECTS)
        .query({ page_index: index, page_size: 100, access_token: TOKEN })
        .reply(
          200,
          page(all.slice(index * 100, index * 100 + 100).map(project), { has_more: index < 2, total: 250 }),
        );
    const pages = await collect(connector.listProjects(makeCtx()));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pages.flat().map((p) => p.externalId)).toEqual(all);
    scope.done();
  });

  test.each([
    { name: 'total, without has_more', count: 200, extra: { total: 200 }, requests: 2 },
    { name: 'a short page, without has_more or total', count: 230, extra: {}, requests: 3 },
  ])('stops at $name', async ({ count, extra, requests }) => {
    const connector = createWorktileConnector();
    const all = ids('p', count);
    const scope = expectToken(nock(BASE));
    for (let index = 0; index < requests; index += 1)
      scope
        .get(PROJECTS)
        .query({ page_index: index, page_size: 100, access_token: TOKEN })
        .reply(200, { items: all.slice(index * 100, index * 100 + 100).map(project), ...extra });
    expect((await collect(connector.listProjects(makeCtx()))).flat()).toHaveLength(count);
    scope.done();
  });

  test('an empty first page yields nothing and ends the listing, even if has_more says otherwise', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(PROJECTS)
      .query(true)
      .reply(200, page([], { has_more: true }));
    expect(await collect(connector.listProjects(makeCtx()))).toEqual([]);
    scope.done();
  });

  test('the fixture listing maps with links under the team’s web address', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE)).get(PROJECTS).query(true).reply(200, fixture('projects.json'));
    const [projects] = await collect(connector.listProjects(makeCtx()));
    expect(projects?.map((p) => [p.key, p.url, p.archived])).toEqual([
      ['CPR', `https://acme.worktile.com/mission/projects/${PROJECT}`, false],
      ['OPS', 'https://acme.worktile.com/mission/projects/5f9a1b2c3d4e5f6a7b8c9d02', true],
    ]);
    scope.done();
  });

  test('getProject pages until it finds the project, then stops', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(PROJECTS)
      .query({ page_index: 0, page_size: 100, access_token: TOKEN })
      .reply(200, page(ids('a', 100).map(project), { has_more: true }))
      .get(PROJECTS)
      .query({ page_index: 1, page_size: 100, access_token: TOKEN })
      .reply(200, page([project('b0'), project(PROJECT)], { has_more: true }));
    expect(await connector.getProject(makeCtx(), PROJECT)).toMatchObject({ externalId: PROJECT });
    scope.done();
  });

  test('getProject for a project the listing does not hold → not_found', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE)).get(PROJECTS).query(true).reply(200, fixture('projects.json'));
    const error = await rejection(connector.getProject(makeCtx(), 'gone'));
    expect([error.code, error.retryable]).toEqual(['not_found', false]);
    scope.done();
  });

  test('checkCredentials fetches a token and reads one project', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE));
    const call = api()
      .get(PROJECTS)
      .query({ page_index: 0, page_size: 1, access_token: TOKEN })
      .reply(200, page([portal], { has_more: true, total: 2 }));
    await connector.checkCredentials(makeCtx());
    scope.done();
    call.done();
  });
});

describe('pullTasks', () => {
  const full = { cursor: undefined, updatedSince: undefined };

  test('full run: every page, details for listed tasks, names looked up once, milestones left out', async () => {
    const connector = createWorktileConnector();
    const first = ids('g', 100);
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(
        200,
        page(
          first.map((id) => listed(id)),
          { has_more: true, total: 107 },
        ),
      )
      .get(DETAILS)
      .query(detailsQuery(first))
      .reply(
        200,
        first.map((id) => detailed(id)),
      )
      .get(MEMBERS)
      .query({ uids: 'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d', access_token: TOKEN })
      .reply(200, members.slice(0, 1))
      .get(TASKS)
      .query(tasksQuery(1))
      .reply(200, { ...fixture('tasks.json'), has_more: false, total: 107 })
      .get(DETAILS)
      .query(detailsQuery(listedTasks.map((t) => t._id as string)))
      .reply(200, detailedTasks)
      .get(MEMBERS)
      .query({ uids: 'b2c3d4e5f6a74b8c9d0e1f2a3b4c5d6e', access_token: TOKEN })
      .reply(200, members.slice(1));
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, full));
    expect(pages.map((p) => [p.tasks.length, p.next, p.scanned, p.total])).toEqual([
      [100, { pageIndex: 1 }, 100, 107],
      [6, undefined, 7, 107],
    ]);
    const second = pages[1]?.tasks ?? [];
    expect(second.map((t) => t.identifier)).toEqual(['CPR-1', 'CPR-2', 'CPR-3', 'CPR-4', 'CPR-5', 'CPR-7']);
    expect(second[1]).toMatchObject({
      assignee: '赵磊',
      blocked: true,
      dueDate: '2025-04-20',
      milestoneExternalIds: [`task:${M1}`],
    });
    expect(pages[0]?.tasks[0]).toMatchObject({ assignee: '李娜', dueDate: '2025-04-15' });
    scope.done();
  });

  test('listed tasks that carry properties need no details call', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(200, page(detailedTasks))
      .get(MEMBERS)
      .query(true)
      .reply(200, members);
    const [only] = await collect(connector.pullTasks(makeCtx(), PROJECT, full));
    expect(only?.tasks).toHaveLength(6);
    scope.done();
  });

  test('incremental run: every page is read, only tasks updated since (less 10 min) are kept and completed', async () => {
    const connector = createWorktileConnector();
    const updatedSince = new Date('2025-04-05T00:00:00Z');
    const threshold = updatedSince.getTime() / 1000 - 600;
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(
        200,
        page(
          [
            listed('old', { updated_at: threshold - 1 }),
            listed('edge', { updated_at: threshold }),
            listed('new', { updated_at: threshold + 3600 }),
            listed('unknown', { updated_at: null }),
          ],
          { has_more: true },
        ),
      )
      .get(DETAILS)
      .query(detailsQuery(['edge', 'new', 'unknown']))
      .reply(200, [detailed('edge'), detailed('new'), detailed('unknown')])
      .get(MEMBERS)
      .query(true)
      .reply(200, members)
      .get(TASKS)
      .query(tasksQuery(1))
      .reply(200, page([listed('older', { updated_at: 1_700_000_000 })]));
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince }));
    expect(pages.map((p) => [p.tasks.map((t) => t.externalId), p.scanned, p.next])).toEqual([
      [['edge', 'new', 'unknown'], 4, { pageIndex: 1 }],
      [[], 1, undefined],
    ]);
    scope.done();
  });

  test.each<{ name: string; cursor: Cursor; first: number }>([
    { name: 'a checkpointed cursor resumes at its page', cursor: { pageIndex: 3 }, first: 3 },
    { name: 'a cursor that does not parse restarts', cursor: { mode: 'search', pageIndex: -1 }, first: 0 },
  ])('$name', async ({ cursor, first }) => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(first))
      .reply(200, page(detailedTasks.slice(0, 1)))
      .get(MEMBERS)
      .query(true)
      .reply(200, members);
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, { cursor, updatedSince: undefined }));
    expect(pages.map((p) => p.next)).toEqual([undefined]);
    scope.done();
  });

  test('a version property adds version links and is asked for in the details', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(200, page([listed('v')]))
      .get(DETAILS)
      .query(detailsQuery(['v'], `${FIELDS},qp_version`))
      .reply(200, [detailed('v')])
      .get(MEMBERS)
      .query(true)
      .reply(200, members);
    const ctx = makeCtx({ settings: { versionProperty: 'qp_version' } });
    const [only] = await collect(connector.pullTasks(ctx, PROJECT, full));
    expect(only?.tasks[0]?.milestoneExternalIds).toEqual(['version:65e0f1a2b3c4d5e6f7a8b932']);
    scope.done();
  });

  test('a directory the application may not read (403) leaves names out and is not asked again', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(200, page([detailed('a')], { has_more: true }))
      .get(MEMBERS)
      .query(true)
      .reply(403, { message: 'no contact scope' })
      .get(TASKS)
      .query(tasksQuery(1))
      .reply(200, page([detailed('b', { properties: { assignee: 'someone-else' } })]));
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, full));
    expect(pages.flatMap((p) => p.tasks.map((t) => [t.externalId, t.assignee]))).toEqual([
      ['a', null],
      ['b', null],
    ]);
    scope.done();
  });

  test('a directory lookup that fails retryably fails the page', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(200, page([detailed('a')]))
      .get(MEMBERS)
      .query(true)
      .reply(502, 'bad gateway');
    const error = await rejection(collect(connector.pullTasks(makeCtx(), PROJECT, full)));
    expect([error.code, error.retryable]).toEqual(['upstream_unavailable', true]);
    scope.done();
  });

  test('a refused token in the middle of a listing is refreshed and the listing carries on', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(200, page([detailed('a')], { has_more: true }))
      .get(MEMBERS)
      .query(true)
      .reply(200, members)
      .get(TASKS)
      .query(tasksQuery(1))
      .reply(200, fixture('refusal-token-invalid.json'));
    const refreshed = expectToken(nock(BASE), TOKEN2)
      .get(TASKS)
      .query(tasksQuery(1, TOKEN2))
      .reply(200, page([detailed('b')]));
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, full));
    expect(pages.map((p) => p.tasks.length)).toEqual([1, 1]);
    scope.done();
    refreshed.done();
  });
});

describe('pullMilestones', () => {
  test('milestone-type tasks: details only for candidates, across every page', async () => {
    const connector = createWorktileConnector();
    const others = ids('o', 100).map((id) => listed(id));
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(200, page(others, { has_more: true }))
      .get(TASKS)
      .query(tasksQuery(1))
      .reply(200, fixture('tasks.json'))
      .get(DETAILS)
      .query(detailsQuery([M1]))
      .reply(
        200,
        detailedTasks.filter((t) => t._id === M1),
      );
    const batches = await collect(connector.pullMilestones(makeCtx(), PROJECT));
    expect(batches).toEqual([
      [
        {
          externalId: `task:${M1}`,
          kind: 'milestone',
          name: '上线发布',
          url: `https://acme.worktile.com/mission/projects/${PROJECT}/tasks/${M1}`,
          startDate: null,
          dueDate: '2025-05-31',
          status: 'planned',
          progress: null,
          completedAt: null,
        },
      ],
    ]);
    scope.done();
  });

  test('with a version property: milestone tasks, then one version per option with its tasks’ status', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE))
      .get(TASKS)
      .query(tasksQuery(0))
      .reply(200, fixture('tasks.json'))
      .get(DETAILS)
      .query(
        detailsQuery(
          listedTasks.map((t) => t._id as string),
          `${FIELDS},qp_version`,
        ),
      )
      .reply(200, detailedTasks);
    const ctx = makeCtx({ settings: { versionProperty: 'qp_version' } });
    const batches = await collect(connector.pullMilestones(ctx, PROJECT));
    expect(batches.map((b) => b.map((m) => [m.externalId, m.kind, m.name, m.status]))).toEqual([
      [[`task:${M1}`, 'milestone', '上线发布', 'planned']],
      [
        // W32: CPR-1 planned + CPR-2 in progress; W33: CPR-3 done.
        ['version:65e0f1a2b3c4d5e6f7a8b932', 'version', 'W32', 'in_progress'],
        ['version:65e0f1a2b3c4d5e6f7a8b933', 'version', 'W33', 'done'],
      ],
    ]);
    scope.done();
  });

  test('no milestone type configured and no version property: the listing is read, nothing is yielded', async () => {
    const connector = createWorktileConnector();
    const scope = expectToken(nock(BASE)).get(TASKS).query(tasksQuery(0)).reply(200, fixture('tasks.json'));
    const ctx = makeCtx({ settings: { milestoneTaskTypes: [] } });
    expect(await collect(connector.pullMilestones(ctx, PROJECT))).toEqual([]);
    scope.done();
  });
});

describe('verifyWebhook', () => {
  const body = Buffer.from(text('webhook-update-state.json'));
  const hookSecret = 'whsec-worktile-shared-secret-0123456789';
  const signature = signWebhook(hookSecret, body);
  const now = new Date('2025-04-08T06:00:00Z');
  function request(patch: Partial<WebhookRequest> = {}, headers: Record<string, string | undefined> = {}) {
    return {
      headers: { 'content-type': 'application/json', 'x-worktile-signature': signature, ...headers },
      rawBody: body,
      secret: hookSecret,
      now,
      ...patch,
    };
  }
  const verify = (req: WebhookRequest) => worktileConnector.verifyWebhook!(req);

  test('a valid signature: event and project from the payload, delivery id = SHA-256 of the body', () => {
    expect(verify(request())).toEqual({
      deliveryId: createHash('sha256').update(body).digest('hex'),
      event: 'update_state',
      projectExternalIds: [PROJECT],
    });
  });

  test.each([
    { name: 'a sha256= prefix', header: `sha256=${signature}` },
    { name: 'upper-case hex', header: signature.toUpperCase() },
    { name: 'surrounding spaces', header: ` ${signature} ` },
  ])('accepted with $name', ({ header }) => {
    expect(verify(request({}, { 'x-worktile-signature': header })).event).toBe('update_state');
  });

  test('the delivery header, when sent, is the delivery id', () => {
    const event = verify(request({}, { 'x-worktile-delivery': 'dlv-42' }));
    expect(event.deliveryId).toBe('dlv-42');
  });

  test('a create delivery names its project', () => {
    const created = Buffer.from(text('webhook-create-task.json'));
    const event = verify(
      request({ rawBody: created }, { 'x-worktile-signature': signWebhook(hookSecret, created) }),
    );
    expect([event.event, event.projectExternalIds]).toEqual(['create_task', [PROJECT]]);
  });

  test.each([
    { name: 'a tampered body', patch: { rawBody: Buffer.from(body.toString().replace('进行中', '已完成')) } },
    { name: 'one byte appended', patch: { rawBody: Buffer.concat([body, Buffer.from(' ')]) } },
    { name: 'another secret', patch: { secret: 'another-secret' } },
  ])('$name → rejected (signature)', ({ patch }) => {
    expect(rejected(() => verify(request(patch))).reason).toBe('signature');
  });

  test.each([
    { name: 'no header', header: undefined },
    { name: 'an empty header', header: '' },
    { name: 'a truncated signature', header: signature.slice(0, -2) },
    { name: 'not hex', header: 'z'.repeat(64) },
    { name: 'a GitHub-style signature of another algorithm', header: `sha1=${signature.slice(0, 40)}` },
  ])('$name → rejected (signature)', ({ header }) => {
    expect(rejected(() => verify(request({}, { 'x-worktile-signature': header }))).reason).toBe('signature');
  });

  test.each([{ secret: null }, { secret: '' }])('secret $secret → rejected (no_secret)', ({ secret }) => {
    expect(rejected(() => verify(request({ secret }))).reason).toBe('no_secret');
  });

  test('a signed body that is not JSON → rejected (payload)', () => {
    const raw = Buffer.from('event=update_state');
    const error = rejected(() =>
      verify(request({ rawBody: raw }, { 'x-worktile-signature': signWebhook(hookSecret, raw) })),
    );
    expect(error.reason).toBe('payload');
  });

  test('a signed JSON body without event or project → unknown event, every project', () => {
    const raw = Buffer.from('{"ping":true}');
    const event = verify(request({ rawBody: raw }, { 'x-worktile-signature': signWebhook(hookSecret, raw) }));
    expect([event.event, event.projectExternalIds]).toEqual(['unknown', []]);
  });
});

describe('contract fixture (test/fixtures/worktile/contract.ts)', () => {
  test('serves what it promises', async () => {
    const served = contract.serve();
    const ctx = contract.context();
    const { connector } = contract;
    await connector.checkCredentials(ctx);
    expect((await collect(connector.listProjects(ctx))).flat()).toHaveLength(contract.expected.projects);
    expect((await connector.getProject(ctx, contract.projectExternalId)).externalId).toBe(
      contract.projectExternalId,
    );
    const milestones = (await collect(connector.pullMilestones(ctx, contract.projectExternalId))).flat();
    expect(milestones).toHaveLength(contract.expected.milestones);
    const pages = await collect(
      connector.pullTasks(ctx, contract.projectExternalId, { cursor: undefined, updatedSince: undefined }),
    );
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.flatMap((p) => p.tasks)).toHaveLength(contract.expected.tasks);
    served.done();
    const hook = contract.webhook;
    if (!hook) throw new Error('the contract has a webhook');
    expect(connector.verifyWebhook?.(hook.request)).toEqual({
      deliveryId: hook.deliveryId,
      event: 'update_state',
      projectExternalIds: hook.projectExternalIds,
    });
  });
});

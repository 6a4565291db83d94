import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorContext, Cursor } from '../../service/connectors/connector';
import { UpstreamHttp } from '../../service/connectors/http';
import {
  createPingcodeConnector,
  pingcodeConnector,
} from '../../service/connectors/pingcode/pingcode.connector';
import type {
  PingcodeCredentials,
  PingcodeSettings,
} from '../../service/connectors/pingcode/pingcode.connector';
import { rejection } from '../support/assert';

const BASE = 'https://open.pingcode.com';
const SECRET = 's3cr3t-Client-Secret-value';
const TOKEN = 'e7321ca8-4f6b-4a8e-9c1d-2b3a4c5d6e7f';
const TOKEN2 = 'f8432db9-5a7c-4b9f-8d2e-3c4b5d6e7f80';
const PROJECT = '5eb623f6a70571487ea47000';
const PLAN_TYPE = '64f1a2b3c4d5e6f708192a3c';

type Ctx = ConnectorContext<PingcodeCredentials, PingcodeSettings>;
type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`../fixtures/pingcode/${name}`, import.meta.url), 'utf8')) as Json;
}
function values(name: string): Json[] {
  return fixture(name).values as Json[];
}

const tokenBody = fixture('token.json');
const rateLimitedBody = fixture('rate-limited.json');
const errorBody = fixture('error.json');
const filterUnsupportedBody = fixture('search-filter-unsupported.json');
const [documentedItem] = values('work-items.json') as [Json];
const [scrumProject] = values('projects.json') as [Json];

let connectionSeq = 0;
function makeCtx(
  patch: { settings?: Partial<PingcodeSettings>; creds?: Partial<PingcodeCredentials> } = {},
): Ctx {
  const http = new UpstreamHttp({
    toolName: 'PingCode',
    baseUrl: BASE,
    allowPrivate: false,
    timeoutMs: 2_000,
    retryAfterMs: (headers) => pingcodeConnector.retryAfterMs(headers),
  });
  connectionSeq += 1;
  return {
    connectionId: `conn-${connectionSeq}`,
    baseUrl: BASE,
    creds: { clientId: 'app-client-id', clientSecret: SECRET, ...patch.creds },
    settings: { pathArea: 'pjm', blockedTags: ['blocked', '阻塞'], ...patch.settings },
    timezone: 'Asia/Shanghai',
    http,
  };
}

function tokenQuery(secret = SECRET) {
  return { grant_type: 'client_credentials', client_id: 'app-client-id', client_secret: secret };
}
function expectToken(scope: nock.Scope, token = TOKEN, secret = SECRET): nock.Scope {
  return scope
    .get('/v1/auth/token')
    .query(tokenQuery(secret))
    .reply(200, { ...tokenBody, access_token: token });
}

function page(items: unknown[], pageIndex: number, total: number, pageSize = 100): Json {
  return { page_size: pageSize, page_index: pageIndex, total, values: items };
}
function project(id: string): Json {
  return { ...scrumProject, id, identifier: `P${id}` };
}
function item(id: string, patch: Json = {}): Json {
  return { ...documentedItem, id, identifier: `SCR-${id}`, ...patch };
}
const TYPES = page(
  [
    { id: 'story', name: '用户故事', group: 'requirement' },
    { id: 'task', name: '任务', group: 'task' },
    { id: PLAN_TYPE, name: '里程碑', group: 'plan' },
  ],
  0,
  3,
);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
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

describe('static facts and schemas', () => {
  test('defaults', () => {
    expect(pingcodeConnector.defaults).toEqual({
      baseUrl: 'https://open.pingcode.com',
      requestsPerMinute: 200,
      pageSize: 100,
    });
    expect(pingcodeConnector.provider).toBe('pingcode');
  });

  test.each([
    { settings: {}, expected: { pathArea: 'pjm', blockedTags: ['blocked', '阻塞', '受阻', 'bloqué'] } },
    {
      settings: { pathArea: 'project' },
      expected: { pathArea: 'project', blockedTags: ['blocked', '阻塞', '受阻', 'bloqué'] },
    },
    { settings: { blockedTags: [' waiting '] }, expected: { pathArea: 'pjm', blockedTags: ['waiting'] } },
  ])('settings $settings → $expected', ({ settings, expected }) => {
    expect(pingcodeConnector.settingsSchema.parse(settings)).toEqual(expected);
  });

  test('settings reject an unknown path area', () => {
    expect(pingcodeConnector.settingsSchema.safeParse({ pathArea: 'agile' }).success).toBe(false);
  });

  test.each([
    { creds: { clientId: ' id ', clientSecret: ' secret ' }, ok: true },
    { creds: { clientId: '', clientSecret: 'secret' }, ok: false },
    { creds: { clientId: 'id', clientSecret: '   ' }, ok: false },
    { creds: { clientId: 'id' }, ok: false },
  ])('credentials $creds valid: $ok', ({ creds, ok }) => {
    const parsed = pingcodeConnector.credentialsSchema.safeParse(creds);
    expect(parsed.success).toBe(ok);
    if (parsed.success) expect(parsed.data).toEqual({ clientId: 'id', clientSecret: 'secret' });
  });

  test.each([
    { headers: { 'x-pc-retry-after': '50' }, expected: 50_000 },
    { headers: { 'x-pc-retry-after': '0' }, expected: 0 },
    { headers: { 'x-pc-retry-after': 'soon' }, expected: undefined },
    { headers: { 'x-pc-retry-after': '-3' }, expected: undefined },
    { headers: { 'x-pc-retry-after': '' }, expected: undefined },
    { headers: {}, expected: undefined },
  ])('retryAfterMs($headers) → $expected', ({ headers, expected }) => {
    expect(pingcodeConnector.retryAfterMs(headers)).toBe(expected);
  });
});

describe('token', () => {
  test('fetched once, reused across calls, shared by concurrent callers', async () => {
    const connector = createPingcodeConnector();
    const ctx = makeCtx();
    const scope = expectToken(nock(BASE));
    const api = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(`/v1/pjm/projects/${PROJECT}`)
      .times(3)
      .reply(200, project(PROJECT));
    await Promise.all([connector.getProject(ctx, PROJECT), connector.getProject(ctx, PROJECT)]);
    const mapped = await connector.getProject(ctx, PROJECT);
    expect(mapped).toMatchObject({
      externalId: PROJECT,
      key: `P${PROJECT}`,
      type: 'scrum',
      startDate: '2025-01-01',
    });
    scope.done();
    api.done();
  });

  test('new credentials on the same connection get a new token', async () => {
    const connector = createPingcodeConnector();
    const ctx = makeCtx();
    const scope = expectToken(expectToken(nock(BASE)), TOKEN2, 'rotated-secret');
    const first = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(`/v1/pjm/projects/${PROJECT}`)
      .reply(200, project(PROJECT));
    const second = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN2}` } })
      .get(`/v1/pjm/projects/${PROJECT}`)
      .reply(200, project(PROJECT));
    await connector.getProject(ctx, PROJECT);
    await connector.getProject({ ...ctx, creds: { ...ctx.creds, clientSecret: 'rotated-secret' } }, PROJECT);
    scope.done();
    first.done();
    second.done();
  });

  test('a 401 on a data call refreshes the token once and retries', async () => {
    const connector = createPingcodeConnector();
    const ctx = makeCtx();
    const scope = expectToken(expectToken(nock(BASE)), TOKEN2);
    const stale = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(`/v1/pjm/projects/${PROJECT}`)
      .reply(401, { code: '100001', message: 'token 无效' });
    const fresh = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN2}` } })
      .get(`/v1/pjm/projects/${PROJECT}`)
      .times(2)
      .reply(200, project(PROJECT));
    await connector.getProject(ctx, PROJECT);
    // The refreshed token is cached in turn.
    await connector.getProject(ctx, PROJECT);
    scope.done();
    stale.done();
    fresh.done();
  });

  test('concurrent 401s share one refresh', async () => {
    const connector = createPingcodeConnector();
    const ctx = makeCtx();
    const scope = expectToken(expectToken(nock(BASE)), TOKEN2);
    const stale = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(`/v1/pjm/projects/${PROJECT}`)
      .times(3)
      .reply(401, errorBody);
    const fresh = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN2}` } })
      .get(`/v1/pjm/projects/${PROJECT}`)
      .times(3)
      .reply(200, project(PROJECT));
    await Promise.all([1, 2, 3].map(() => connector.getProject(ctx, PROJECT)));
    scope.done();
    stale.done();
    fresh.done();
  });

  test('a refused refresh is auth_failed, plainly worded, without secret or token', async () => {
    const connector = createPingcodeConnector();
    const ctx = makeCtx();
    const scope = expectToken(nock(BASE))
      .get('/v1/auth/token')
      .query(tokenQuery())
      .reply(401, { code: '100001', message: `client_secret ${SECRET} 无效` });
    const api = nock(BASE)
      .get(`/v1/pjm/projects/${PROJECT}`)
      .reply(401, { code: '100001', message: `token ${TOKEN} expired` });
    const error = await rejection(connector.getProject(ctx, PROJECT));
    expect(error.code).toBe('auth_failed');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'PingCode refused the client ID and secret. Check the app under Admin → Credential management (凭据管理) and update the connection.',
    );
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(TOKEN);
    scope.done();
    api.done();
  });

  test.each([400, 401, 403])('the token endpoint answering %i is auth_failed', async (status) => {
    const connector = createPingcodeConnector();
    const scope = nock(BASE).get('/v1/auth/token').query(tokenQuery()).reply(status, errorBody);
    const error = await rejection(connector.checkCredentials(makeCtx()));
    expect([error.code, error.retryable, error.status]).toEqual(['auth_failed', false, status]);
    expect(error.message).toMatch(/^PingCode refused the client ID and secret/);
    expect(error.message).not.toContain(SECRET);
    scope.done();
  });

  test('a second 401 with a fresh token is auth_failed, and the secret stays out of it', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(expectToken(nock(BASE)), TOKEN2);
    const api = nock(BASE).get('/v1/pjm/projects').query(true).times(2).reply(401, errorBody);
    const error = await rejection(connector.checkCredentials(makeCtx()));
    expect([error.code, error.retryable]).toEqual(['auth_failed', false]);
    expect(error.message).toMatch(/Credential management \(凭据管理\)/);
    expect(error.message).not.toMatch(new RegExp(`${SECRET}|${TOKEN}|${TOKEN2}`));
    scope.done();
    api.done();
  });

  test('a failed token request is not cached', async () => {
    const connector = createPingcodeConnector();
    const ctx = makeCtx();
    const scope = nock(BASE)
      .get('/v1/auth/token')
      .query(tokenQuery())
      .reply(503, 'busy')
      .get('/v1/auth/token')
      .query(tokenQuery())
      .reply(200, tokenBody)
      .get(`/v1/pjm/projects/${PROJECT}`)
      .reply(200, project(PROJECT));
    const error = await rejection(connector.getProject(ctx, PROJECT));
    expect([error.code, error.retryable]).toEqual(['upstream_unavailable', true]);
    await connector.getProject(ctx, PROJECT);
    scope.done();
  });
});

describe('checkCredentials', () => {
  test('fetches a token and reads one project', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE));
    const api = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/v1/pjm/projects')
      .query({ page_size: 1, page_index: 0 })
      .reply(200, page([scrumProject], 0, 12, 1));
    await connector.checkCredentials(makeCtx());
    scope.done();
    api.done();
  });

  test('a missing projects endpoint suggests the other path area', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE)).get('/v1/pjm/projects').query(true).reply(404, errorBody);
    const error = await rejection(connector.checkCredentials(makeCtx()));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('"project"');
    scope.done();
  });
});

describe('listProjects', () => {
  test('pages with 0-based page_index and page_size=100 until (page_index+1)*page_size >= total', async () => {
    const connector = createPingcodeConnector();
    const ids = Array.from({ length: 250 }, (_, i) => `p${i}`);
    const scope = expectToken(nock(BASE));
    for (const index of [0, 1, 2])
      scope
        .get('/v1/pjm/projects')
        .query({ page_size: 100, page_index: index })
        .reply(200, page(ids.slice(index * 100, index * 100 + 100).map(project), index, 250));
    const pages = await collect(connector.listProjects(makeCtx()));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pages.flat().map((p) => p.externalId)).toEqual(ids);
    scope.done();
  });

  test('an exact multiple of the page size stops without an extra request', async () => {
    const connector = createPingcodeConnector();
    const ids = Array.from({ length: 200 }, (_, i) => `p${i}`);
    const scope = expectToken(nock(BASE));
    for (const index of [0, 1])
      scope
        .get('/v1/pjm/projects')
        .query({ page_size: 100, page_index: index })
        .reply(200, page(ids.slice(index * 100, index * 100 + 100).map(project), index, 200));
    expect((await collect(connector.listProjects(makeCtx()))).flat()).toHaveLength(200);
    scope.done();
  });

  test('pathArea "project" uses the legacy /v1/project/… paths', async () => {
    const connector = createPingcodeConnector();
    const ctx = makeCtx({ settings: { pathArea: 'project' } });
    const scope = expectToken(nock(BASE))
      .get('/v1/project/projects')
      .query({ page_size: 100, page_index: 0 })
      .reply(200, page([project('a')], 0, 1))
      .get('/v1/project/projects/a')
      .reply(200, project('a'));
    expect((await collect(connector.listProjects(ctx))).flat()).toHaveLength(1);
    await connector.getProject(ctx, 'a');
    scope.done();
  });

  test('429 with x-pc-retry-after: 50 → rate_limited, retry after 50 000 ms', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE))
      .get('/v1/pjm/projects')
      .query(true)
      .reply(429, rateLimitedBody, { 'x-pc-retry-after': '50' });
    const error = await rejection(collect(connector.listProjects(makeCtx())));
    expect([error.code, error.retryable, error.retryAfterMs, error.status]).toEqual([
      'rate_limited',
      true,
      50_000,
      429,
    ]);
    scope.done();
  });

  test('malformed JSON → bad_payload, retryable', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE))
      .get('/v1/pjm/projects')
      .query(true)
      .reply(200, '{"page_size":100,"page_index":0,"total":1,"values":[{"id":', {
        'content-type': 'application/json',
      });
    const error = await rejection(collect(connector.listProjects(makeCtx())));
    expect([error.code, error.retryable]).toEqual(['bad_payload', true]);
    scope.done();
  });

  test('a project without a name → bad_payload naming the field', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE))
      .get('/v1/pjm/projects')
      .query(true)
      .reply(200, page([{ ...scrumProject, name: null }], 0, 1));
    const error = await rejection(collect(connector.listProjects(makeCtx())));
    expect(error.code).toBe('bad_payload');
    expect(error.message).toContain('values.0.name');
    scope.done();
  });
});

describe('pullMilestones', () => {
  const project = `/v1/pjm/projects/${PROJECT}`;

  test('versions, sprints and plan items (phases, milestones) of a waterfall project', async () => {
    const connector = createPingcodeConnector();
    const types = fixture('work-item-types.json');
    const scope = expectToken(nock(BASE))
      .get(`${project}/versions`)
      .query({ page_size: 100, page_index: 0 })
      .reply(200, fixture('versions.json'))
      .get(`${project}/sprints`)
      .query({ page_size: 100, page_index: 0 })
      .reply(200, fixture('sprints.json'))
      .get('/v1/pjm/work_item/types')
      .query({ project_id: PROJECT, page_size: 100, page_index: 0 })
      .reply(200, types)
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, type_id: '64f1a2b3c4d5e6f708192a3b', page_size: 100, page_index: 0 })
      .reply(200, fixture('plan-phases.json'))
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, type_id: PLAN_TYPE, page_size: 100, page_index: 0 })
      .reply(200, fixture('plan-milestones.json'));
    const batches = await collect(connector.pullMilestones(makeCtx(), PROJECT));
    expect(batches.map((b) => b.map((m) => `${m.kind}:${m.status}`))).toEqual([
      ['version:planned', 'version:in_progress', 'version:done'],
      ['sprint:done', 'sprint:in_progress', 'sprint:planned'],
      ['phase:done'],
      ['milestone:planned'],
    ]);
    expect(batches.flat().map((m) => m.externalId)).toContain('workitem:64f1b2c3d4e5f6a7b8c9d0e2');
    scope.done();
  });

  test('a 404 on sprints or versions (kanban) skips that source', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE))
      .get(`${project}/versions`)
      .query(true)
      .reply(200, fixture('versions.json'))
      .get(`${project}/sprints`)
      .query(true)
      .reply(404, errorBody)
      .get('/v1/pjm/work_item/types')
      .query(true)
      .reply(200, page([{ id: 'task', name: '任务', group: 'task' }], 0, 1));
    const batches = await collect(connector.pullMilestones(makeCtx(), PROJECT));
    expect(batches.flat().map((m) => m.kind)).toEqual(['version', 'version', 'version']);
    scope.done();
  });

  test('a 404 on versions too still lists the rest', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE))
      .get(`${project}/versions`)
      .query(true)
      .reply(404, errorBody)
      .get(`${project}/sprints`)
      .query(true)
      .reply(200, fixture('sprints.json'))
      .get('/v1/pjm/work_item/types')
      .query(true)
      .reply(200, TYPES)
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, type_id: PLAN_TYPE, page_size: 100, page_index: 0 })
      .reply(200, page([], 0, 0));
    const batches = await collect(connector.pullMilestones(makeCtx(), PROJECT));
    expect(batches.flat().map((m) => m.kind)).toEqual(['sprint', 'sprint', 'sprint']);
    scope.done();
  });

  test('other errors on an optional source still fail the pull', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE)).get(`${project}/versions`).query(true).reply(500, errorBody);
    const error = await rejection(collect(connector.pullMilestones(makeCtx(), PROJECT)));
    expect([error.code, error.retryable]).toEqual(['upstream_unavailable', true]);
    scope.done();
  });
});

describe('pullTasks', () => {
  const updatedSince = new Date('2025-03-01T00:00:00Z');
  const threshold = Math.floor(updatedSince.getTime() / 1000) - 86_400;

  function searchBody(pageIndex: number) {
    return {
      mode: 'query',
      payload: {
        filter: { 'project.id': { in: [PROJECT] }, updated_at: { gte: threshold } },
        include_deleted: true,
        page_size: 100,
        page_index: pageIndex,
      },
    };
  }
  function withTypes(scope: nock.Scope): nock.Scope {
    return scope
      .get('/v1/pjm/work_item/types')
      .query({ project_id: PROJECT, page_size: 100, page_index: 0 })
      .reply(200, TYPES);
  }

  test('full run: lists work items page by page, leaves out plan items, cursor resumes at the next page', async () => {
    const connector = createPingcodeConnector();
    const first = Array.from({ length: 100 }, (_, i) => item(`a${i}`));
    first[5] = item('plan', { type: PLAN_TYPE });
    const scope = withTypes(expectToken(nock(BASE)))
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, page_size: 100, page_index: 0 })
      .reply(200, page(first, 0, 130))
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, page_size: 100, page_index: 1 })
      .reply(200, page([item('b0'), item('b1', { is_deleted: 0 })], 1, 130));
    const pages = await collect(
      connector.pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
    );
    expect(pages.map((p) => [p.tasks.length, p.next, p.total])).toEqual([
      [99, { mode: 'list', pageIndex: 1 }, 130],
      [2, undefined, 130],
    ]);
    expect(pages.flatMap((p) => p.tasks).some((t) => t.externalId === 'plan')).toBe(false);
    expect(pages[0]?.tasks[0]).toMatchObject({
      identifier: 'SCR-a0',
      statusCategory: 'planned',
      milestoneExternalIds: [
        'version:5eb623f6a70571487ea47111',
        'sprint:5ecf8b2c9d1e4a3b2c1d0e0f',
        'workitem:5edf2b4c8a7d6e5f4a3b2c1d',
      ],
    });
    scope.done();
  });

  test('incremental run: search with the updated_at filter (one day of overlap) and deleted items', async () => {
    const connector = createPingcodeConnector();
    const scope = withTypes(expectToken(nock(BASE)))
      .post('/v1/pjm/work_items/search', searchBody(0))
      .reply(200, page([item('x1', { updated_at: threshold + 10 }), item('x2', { is_deleted: 1 })], 0, 150))
      .post('/v1/pjm/work_items/search', searchBody(1))
      .reply(200, page([item('x3')], 1, 150));
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince }));
    expect(pages.map((p) => p.next)).toEqual([{ mode: 'search', pageIndex: 1 }, undefined]);
    expect(pages.flatMap((p) => p.tasks.map((t) => [t.externalId, t.deleted]))).toEqual([
      ['x1', false],
      ['x2', true],
      ['x3', false],
    ]);
    scope.done();
  });

  test('the search body is exactly the documented query', async () => {
    const connector = createPingcodeConnector();
    let body: unknown;
    const scope = withTypes(expectToken(nock(BASE)))
      .post('/v1/pjm/work_items/search', (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, page([], 0, 0));
    await collect(connector.pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince }));
    expect(JSON.stringify(body)).toBe(
      `{"mode":"query","payload":{"filter":{"project.id":{"in":["${PROJECT}"]},"updated_at":{"gte":${threshold}}},"include_deleted":true,"page_size":100,"page_index":0}}`,
    );
    scope.done();
  });

  test('search answering 400 → full listing, keeping items updated since the threshold', async () => {
    const connector = createPingcodeConnector();
    const scope = withTypes(expectToken(nock(BASE)))
      .post('/v1/pjm/work_items/search', searchBody(0))
      .reply(400, filterUnsupportedBody)
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, page_size: 100, page_index: 0 })
      .reply(
        200,
        page(
          [
            item('old', { updated_at: threshold - 1 }),
            item('edge', { updated_at: threshold }),
            item('new', { updated_at: threshold + 3600 }),
          ],
          0,
          101,
        ),
      )
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, page_size: 100, page_index: 1 })
      .reply(200, page([item('older', { updated_at: 1583290300 })], 1, 101));
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince }));
    expect(pages.map((p) => [p.tasks.map((t) => t.externalId), p.next])).toEqual([
      [['edge', 'new'], { mode: 'list', pageIndex: 1 }],
      [[], undefined],
    ]);
    scope.done();
  });

  test.each<{ name: string; cursor: Cursor; since: Date | undefined }>([
    { name: 'full run', cursor: { mode: 'list', pageIndex: 2 }, since: undefined },
    {
      name: 'incremental run after a search fallback',
      cursor: { mode: 'list', pageIndex: 2 },
      since: updatedSince,
    },
  ])('resuming a $name continues the listing at the cursor', async ({ cursor, since }) => {
    const connector = createPingcodeConnector();
    const scope = withTypes(expectToken(nock(BASE)))
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, page_size: 100, page_index: 2 })
      .reply(200, page([item('c0', { updated_at: threshold + 1 })], 2, 201));
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, { cursor, updatedSince: since }));
    expect(pages.map((p) => [p.tasks.map((t) => t.externalId), p.next])).toEqual([[['c0'], undefined]]);
    scope.done();
  });

  test('resuming an incremental search continues at the cursor page', async () => {
    const connector = createPingcodeConnector();
    const scope = withTypes(expectToken(nock(BASE)))
      .post('/v1/pjm/work_items/search', searchBody(3))
      .reply(200, page([item('s0')], 3, 500))
      .post('/v1/pjm/work_items/search', searchBody(4))
      .reply(200, page([item('s1')], 4, 500));
    const cursor = { mode: 'search', pageIndex: 3 };
    const pages = await collect(connector.pullTasks(makeCtx(), PROJECT, { cursor, updatedSince }));
    expect(pages.map((p) => p.next)).toEqual([{ mode: 'search', pageIndex: 4 }, undefined]);
    scope.done();
  });

  test('pathArea "project" searches under /v1/project', async () => {
    const connector = createPingcodeConnector();
    const scope = expectToken(nock(BASE))
      .get('/v1/project/work_item/types')
      .query(true)
      .reply(200, TYPES)
      .post('/v1/project/work_items/search', searchBody(0))
      .reply(200, page([item('p0')], 0, 1));
    const ctx = makeCtx({ settings: { pathArea: 'project' } });
    const pages = await collect(connector.pullTasks(ctx, PROJECT, { cursor: undefined, updatedSince }));
    expect(pages.flatMap((p) => p.tasks.map((t) => t.externalId))).toEqual(['p0']);
    scope.done();
  });

  test('a 401 in the middle of a listing refreshes the token and carries on', async () => {
    const connector = createPingcodeConnector();
    const scope = withTypes(expectToken(nock(BASE)))
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, page_size: 100, page_index: 0 })
      .reply(
        200,
        page(
          Array.from({ length: 100 }, (_, i) => item(`a${i}`)),
          0,
          101,
        ),
      )
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, page_size: 100, page_index: 1 })
      .reply(401, errorBody);
    const refreshed = expectToken(nock(BASE), TOKEN2);
    const retried = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN2}` } })
      .get('/v1/pjm/work_items')
      .query({ project_id: PROJECT, page_size: 100, page_index: 1 })
      .reply(200, page([item('b0')], 1, 101));
    const pages = await collect(
      connector.pullTasks(makeCtx(), PROJECT, { cursor: undefined, updatedSince: undefined }),
    );
    expect(pages.map((p) => p.tasks.length)).toEqual([100, 1]);
    scope.done();
    refreshed.done();
    retried.done();
  });
});

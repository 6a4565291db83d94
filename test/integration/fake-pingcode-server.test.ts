import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { demoDataset } from '../../scripts/fake-pingcode/dataset';
import { startFakePingcode } from '../../scripts/fake-pingcode/server';
import type { FakePingcode, FakePingcodeOptions } from '../../scripts/fake-pingcode/server';
import { DAY } from '../../scripts/fake-pingcode/time';
import type { Page, PcProject, PcWorkItem } from '../../scripts/fake-pingcode/types';

const NOW = new Date('2026-03-10T04:00:00Z');
const sh = (local: string): number => Math.floor(new Date(`${local}+08:00`).getTime() / 1000);

interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

async function call<T = unknown>(
  fake: FakePingcode,
  path: string,
  init: { token?: string; method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(init.timeoutMs ?? 5_000),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

async function tokenFor(fake: FakePingcode): Promise<string> {
  const res = await call<{ access_token: string }>(
    fake,
    `/v1/auth/token?grant_type=client_credentials&client_id=${fake.clientId}&client_secret=${fake.clientSecret}`,
  );
  expect(res.status).toBe(200);
  return res.body.access_token;
}

const started: FakePingcode[] = [];
async function start(options: Partial<FakePingcodeOptions> = {}): Promise<FakePingcode> {
  const fake = await startFakePingcode({
    dataset: demoDataset(NOW),
    rateLimit: { enabled: false, perMinute: 200 },
    ...options,
  });
  started.push(fake);
  return fake;
}
afterAll(async () => {
  await Promise.all(started.map((f) => f.close()));
});

describe('auth', () => {
  let fake: FakePingcode;
  beforeAll(async () => {
    fake = await start();
  });

  test('client credentials give a Bearer token that expires in 30 days (absolute timestamp)', async () => {
    const res = await call<{ access_token: string; token_type: string; expires_in: number }>(
      fake,
      '/v1/auth/token?grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
    );
    expect(res.status).toBe(200);
    expect(res.body.access_token).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.token_type).toBe('Bearer');
    expect(res.body.expires_in - Date.now() / 1000).toBeCloseTo(30 * DAY, -2);
  });

  test.each([
    'grant_type=client_credentials&client_id=demo-client&client_secret=wrong',
    'grant_type=client_credentials&client_id=other&client_secret=demo-secret',
    'grant_type=authorization_code&client_id=demo-client&client_secret=demo-secret',
  ])('bad credentials → 401 (%s)', async (query) => {
    const res = await call(fake, `/v1/auth/token?${query}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: '100012', message: 'invalid client credentials' });
  });

  test('missing or unknown tokens → 401 100001; revokeTokens forgets every token', async () => {
    expect((await call(fake, '/v1/pjm/projects')).status).toBe(401);
    const unknown = await call(fake, '/v1/pjm/projects', { token: 'nope' });
    expect(unknown).toMatchObject({ status: 401, body: { code: '100001', message: 'token invalid' } });
    const token = await tokenFor(fake);
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(200);
    fake.revokeTokens();
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(401);
  });
});

describe('resources', () => {
  let fake: FakePingcode;
  let token: string;
  let project: PcProject;
  beforeAll(async () => {
    fake = await start();
    token = await tokenFor(fake);
    const projects = await call<Page<PcProject>>(fake, '/v1/pjm/projects', { token });
    expect(projects.body).toMatchObject({ page_size: 30, page_index: 0, total: 1 });
    project = projects.body.values[0] as PcProject;
  });
  const items = (query: string): Promise<Reply<Page<PcWorkItem>>> =>
    call<Page<PcWorkItem>>(fake, `/v1/pjm/work_items?project_id=${project.id}&${query}`, { token });

  test('projects: list, one, 404', async () => {
    expect(project).toMatchObject({ identifier: 'WEB', type: 'hybrid', is_deleted: 0, is_archived: 0 });
    expect(Object.keys(project).sort()).toEqual(
      [
        'id',
        'url',
        'type',
        'identifier',
        'name',
        'description',
        'state',
        'start_at',
        'end_at',
        'created_at',
        'updated_at',
        'is_archived',
        'is_deleted',
      ].sort(),
    );
    expect((await call(fake, `/v1/pjm/projects/${project.id}`, { token })).body).toEqual(project);
    const missing = await call<{ code: string }>(fake, '/v1/pjm/projects/000000000000000000000000', {
      token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('100404');
  });

  test('versions, sprints and work item types', async () => {
    const versions = await call<Page<{ stage: { type: string }; progress: number }>>(
      fake,
      `/v1/pjm/projects/${project.id}/versions`,
      { token },
    );
    expect(versions.body.values.map((v) => v.stage.type)).toEqual(['published', 'in_progress']);
    expect(versions.body.values[0]?.progress).toBe(100);
    const sprints = await call<Page<{ status: string }>>(fake, `/v1/pjm/projects/${project.id}/sprints`, {
      token,
    });
    expect(sprints.body.values.map((s) => s.status)).toEqual(['in_progress']);
    const types = await call<Page<{ id: string; group: string }>>(
      fake,
      `/v1/pjm/work_item/types?project_id=${project.id}`,
      { token },
    );
    expect(types.body.values.map((t) => t.id)).toEqual(
      expect.arrayContaining(['epic', 'feature', 'story', 'task', 'bug']),
    );
    expect(types.body.values.filter((t) => t.group === 'plan')).toHaveLength(2);
    expect((await call(fake, `/v1/pjm/projects/nope/sprints`, { token })).status).toBe(404);
  });

  test('paging: default 30, clamp to 100, disjoint pages in creation order', async () => {
    expect((await items('')).body.values).toHaveLength(30);
    const clamped = await items('page_size=500');
    expect(clamped.body.page_size).toBe(100);
    expect(clamped.body.values).toHaveLength(100);
    const total = clamped.body.total;
    const all: PcWorkItem[] = [];
    for (let index = 0; index * 100 < total; index++) {
      const res = await items(`page_size=100&page_index=${index}`);
      expect(res.body.page_index).toBe(index);
      all.push(...res.body.values);
    }
    expect(all).toHaveLength(total);
    expect(new Set(all.map((i) => i.id)).size).toBe(total);
    expect(all.every((i, n) => n === 0 || i.created_at >= (all[n - 1]?.created_at ?? 0))).toBe(true);
    expect((await items('page_size=100&page_index=99')).body).toMatchObject({ total, values: [] });
  });

  test('work item shape follows the doc', async () => {
    const [item] = (await items('page_size=1')).body.values;
    expect(Object.keys(item ?? {}).sort()).toEqual(
      [
        ...[
          'id',
          'url',
          'html_url',
          'project',
          'identifier',
          'title',
          'type',
          'start_at',
          'end_at',
          'parent_id',
        ],
        ...[
          'parent',
          'short_id',
          'assignee',
          'state',
          'priority',
          'versions',
          'sprint',
          'phase',
          'completed_at',
        ],
        ...['story_points', 'estimated_workload', 'remaining_workload', 'tags', 'created_at', 'updated_at'],
        ...['is_archived', 'is_deleted'],
      ].sort(),
    );
  });

  test('include_deleted and type_id', async () => {
    const live = (await items('')).body.total;
    expect((await items('include_deleted=true')).body.total).toBe(live + 3);
    const types = fake.dataset.workItemTypes[project.id] ?? [];
    const milestoneType = types.find((t) => t.name === '里程碑')?.id ?? '';
    const milestones = await items(`type_id=${milestoneType}`);
    expect(milestones.body.total).toBe(1);
    const bugs = await items('type_id=bug&page_size=100');
    expect(bugs.body.values.every((i) => i.type === 'bug')).toBe(true);
  });

  test('one work item by id or short_id', async () => {
    const [item] = (await items('page_size=1')).body.values;
    expect((await call(fake, `/v1/pjm/work_items/${item?.id}`, { token })).body).toEqual(item);
    expect((await call(fake, `/v1/pjm/work_items/${item?.short_id}`, { token })).body).toEqual(item);
  });
});

describe('search', () => {
  let fake: FakePingcode;
  let token: string;
  let projectId: string;
  beforeAll(async () => {
    fake = await start();
    token = await tokenFor(fake);
    projectId = fake.dataset.projects[0]?.id ?? '';
  });
  const search = (
    payload: Record<string, unknown>,
    mode: unknown = 'query',
  ): Promise<Reply<Page<PcWorkItem>>> =>
    call<Page<PcWorkItem>>(fake, '/v1/pjm/work_items/search', { token, body: { mode, payload } });

  test('updated_at filters by calendar day in Asia/Shanghai', async () => {
    const live = fake.dataset.workItems.filter((i) => i.is_deleted === 0);
    for (const item of live) item.updated_at = Math.min(item.updated_at, sh('2026-03-01T12:00:00'));
    const [early, late] = live;
    if (!early || !late) throw new Error('need two items');
    early.updated_at = sh('2026-03-09T08:00:00');
    late.updated_at = sh('2026-03-09T21:00:00');

    const filter = (op: string, value: unknown): Record<string, unknown> => ({
      filter: { 'project.id': { in: [projectId] }, updated_at: { [op]: value } },
      page_size: 100,
    });
    const ids = (res: Reply<Page<PcWorkItem>>): string[] => res.body.values.map((i) => i.id).sort();
    const both = [early.id, late.id].sort();
    expect(ids(await search(filter('gte', sh('2026-03-09T15:00:00'))))).toEqual(both);
    expect(ids(await search(filter('gt', sh('2026-03-08T23:59:59'))))).toEqual(both);
    expect((await search(filter('gt', sh('2026-03-09T01:00:00')))).body.total).toBe(0);
    expect(
      ids(await search(filter('between', `${sh('2026-03-09T12:00:00')},${sh('2026-03-09T12:00:01')}`))),
    ).toEqual(both);
    expect((await search(filter('lt', sh('2026-03-09T23:00:00')))).body.total).toBe(live.length - 2);
  });

  test('project.id, type, include_deleted and paging in the body', async () => {
    const all = await search({ filter: { 'project.id': { in: [projectId] } } });
    expect(all.body.page_size).toBe(30);
    const withDeleted = await search({
      filter: { 'project.id': { in: [projectId] } },
      include_deleted: true,
    });
    expect(withDeleted.body.total).toBe(all.body.total + 3);
    expect((await search({ filter: { 'project.id': { in: ['nope'] } } })).body.total).toBe(0);
    const bugs = await search({ filter: { type: { in: ['bug'] } }, page_size: 1000, page_index: 0 });
    expect(bugs.body.page_size).toBe(100);
    expect(bugs.body.values.every((i) => i.type === 'bug')).toBe(true);
  });

  test.each(['identifier', 'id', 'short_id', 'is_deleted'])('filter.%s → 400 100043', async (key) => {
    const res = await search({ filter: { [key]: { in: ['x'] } } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: '100043', message: `不支持使用过滤条件 filter.${key}` });
  });

  test('items a test appends are served in creation order', async () => {
    const first = fake.dataset.workItems.find((i) => i.is_deleted === 0);
    if (!first) throw new Error('no items');
    const oldest = { ...first, id: 'ffffffffffffffffffffffff', created_at: first.created_at - DAY };
    fake.dataset.workItems.push(oldest);
    const res = await search({ filter: { 'project.id': { in: [projectId] } }, page_size: 2 });
    expect(res.body.values.map((i) => i.id)).toEqual([oldest.id, first.id]);
  });

  test('a body without mode "query" → 400', async () => {
    expect((await search({}, 'other')).status).toBe(400);
    expect((await call(fake, '/v1/pjm/work_items/search', { token, body: { payload: {} } })).status).toBe(
      400,
    );
  });
});

describe('area "project"', () => {
  test('serves /v1/project/... and not /v1/pjm/...', async () => {
    const fake = await start({ area: 'project' });
    const token = await tokenFor(fake);
    const res = await call<Page<PcProject>>(fake, '/v1/project/projects', { token });
    expect(res.body.total).toBe(1);
    const projectId = res.body.values[0]?.id ?? '';
    expect((await call(fake, `/v1/project/work_items?project_id=${projectId}`, { token })).status).toBe(200);
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(404);
  });
});

describe('rate limit', () => {
  test('429 with x-pc-retry-after after perMinute requests, per token, switchable', async () => {
    const fake = await start({ rateLimit: { enabled: true, perMinute: 3 } });
    const token = await tokenFor(fake);
    for (let i = 0; i < 3; i++) expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(200);
    const limited = await call(fake, '/v1/pjm/projects', { token });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ code: '100038', message: '请求频率过高' });
    const retryAfter = Number(limited.headers.get('x-pc-retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(fake.stats().rateLimited).toBe(1);

    // Another caller identity has its own budget.
    expect((await call(fake, '/v1/pjm/projects', { token: await tokenFor(fake) })).status).toBe(200);

    fake.setRateLimit(false);
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(200);
    fake.setRateLimit(true, 100);
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(200);
  });

  test('the token endpoint is limited per client_id', async () => {
    const fake = await start({ rateLimit: { enabled: true, perMinute: 2 } });
    await tokenFor(fake);
    await tokenFor(fake);
    const res = await call(
      fake,
      '/v1/auth/token?grant_type=client_credentials&client_id=demo-client&client_secret=x',
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('x-pc-retry-after')).toMatch(/^\d+$/);
  });
});

describe('faults, latency, stats', () => {
  let fake: FakePingcode;
  let token: string;
  beforeAll(async () => {
    fake = await start();
    token = await tokenFor(fake);
  });
  afterEach(() => {
    fake.faults.clear();
    fake.setLatency(0);
  });

  test('status faults answer once (after N passes), in order', async () => {
    fake.faults.add({ kind: 'status', status: 500, match: '/projects', afterRequests: 1 });
    fake.faults.add({
      kind: 'status',
      status: 429,
      match: '/projects',
      headers: { 'x-pc-retry-after': '2' },
    });
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(200);
    const failed = await call(fake, '/v1/pjm/projects', { token });
    expect(failed.status).toBe(500);
    const limited = await call(fake, '/v1/pjm/projects', { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-pc-retry-after')).toBe('2');
    expect(limited.body).toEqual({ code: '100038', message: '请求频率过高' });
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(200);
  });

  test('malformed answers 200 with truncated JSON', async () => {
    fake.faults.add({ kind: 'malformed', match: '/work_items' });
    const res = await fetch(`${fake.url}/v1/pjm/work_items`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  test('reset destroys the socket', async () => {
    fake.faults.add({ kind: 'reset', method: 'GET' });
    await expect(call(fake, '/v1/pjm/projects', { token })).rejects.toThrow();
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(200);
  });

  test('hang never answers', async () => {
    fake.faults.add({ kind: 'hang' });
    await expect(call(fake, '/v1/pjm/projects', { token, timeoutMs: 200 })).rejects.toThrow();
  });

  test('latency delays every response and can be changed at runtime', async () => {
    fake.setLatency(120);
    const before = performance.now();
    expect((await call(fake, '/v1/pjm/projects', { token })).status).toBe(200);
    expect(performance.now() - before).toBeGreaterThanOrEqual(110);
    fake.setLatency(0);
    const after = performance.now();
    await call(fake, '/v1/pjm/projects', { token });
    expect(performance.now() - after).toBeLessThan(100);
  });

  test('latencyMs option', async () => {
    const slow = await start({ latencyMs: 80 });
    const before = performance.now();
    expect((await call(slow, '/v1/auth/token?grant_type=client_credentials')).status).toBe(401);
    expect(performance.now() - before).toBeGreaterThanOrEqual(70);
  });

  test('stats count requests by route; touch bumps updated_at', async () => {
    fake.resetStats();
    const item = fake.dataset.workItems.find((i) => i.is_deleted === 0);
    if (!item) throw new Error('no items');
    fake.touch([item.id], sh('2026-03-10T11:00:00'));
    expect(() => fake.touch(['nope'])).toThrow(/unknown/);
    const res = await call<Page<PcWorkItem>>(fake, '/v1/pjm/work_items/search', {
      token,
      body: { mode: 'query', payload: { filter: { updated_at: { gte: sh('2026-03-10T00:00:00') } } } },
    });
    expect(res.body.values.map((i) => i.id)).toContain(item.id);
    await call(fake, '/v1/pjm/projects', { token });
    expect(fake.stats()).toEqual({
      requests: 2,
      byRoute: { 'POST /v1/pjm/work_items/search': 1, 'GET /v1/pjm/projects': 1 },
      rateLimited: 0,
    });
  });
});

describe('close', () => {
  test('ends hanging requests and releases the port', async () => {
    const fake = await startFakePingcode({ dataset: demoDataset(NOW), latencyMs: 0 });
    fake.faults.add({ kind: 'hang' });
    const pending = call(fake, '/v1/pjm/projects', { timeoutMs: 5_000 });
    const settled = pending.then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = performance.now();
    await fake.close();
    expect(await settled).toBe('failed');
    expect(performance.now() - before).toBeLessThan(1_000);
    await fake.close(); // idempotent
  });
});

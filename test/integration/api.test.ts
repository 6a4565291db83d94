import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type ConnectionBody, type Harness } from '../support/harness';

/** The integrator API over a real store, real Redis and the fake PingCode. */
describe('integrator API', () => {
  let h: Harness;
  let connection: ConnectionBody;
  let projectId: string;

  beforeAll(async () => {
    h = await startHarness();
    connection = await h.connect();
    projectId = connection.projects[0]!.id;
    const run = await h.syncAndWait(connection.id, projectId);
    expect(run.status).toBe('succeeded');
  });
  afterAll(() => h.close());

  describe('authentication', () => {
    test.each([
      ['no header', null],
      ['an unknown key', 'cl_not-a-real-key'],
    ])('%s → 401 problem+json', async (_label, key) => {
      const res = await h.api('GET', '/api/v1/projects', undefined, key);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthorized' });
    });

    test('a revoked key stops working on the next request', async () => {
      const { apiKey, key } = await h.runtime.container.services.workspaces.createKey(h.workspaceId, 'temp');
      expect((await h.api('GET', '/api/v1/projects', undefined, key)).statusCode).toBe(200);
      await h.runtime.container.services.workspaces.revokeKey(apiKey.id);
      expect((await h.api('GET', '/api/v1/projects', undefined, key)).statusCode).toBe(401);
    });

    test('health and docs need no key', async () => {
      expect((await h.api('GET', '/healthz', undefined, null)).json()).toEqual({ status: 'ok' });
      const ready = await h.api('GET', '/readyz', undefined, null);
      expect(ready.json()).toEqual({ status: 'ready', checks: { db: 'ok', redis: 'ok' } });
      const doc = await h.api('GET', '/openapi.json', undefined, null);
      expect(doc.json<{ openapi: string }>().openapi).toBe('3.1.0');
    });
  });

  describe('validation errors name the field', () => {
    test.each([
      ['missing credentials', { provider: 'pingcode', name: 'x' }, 'credentials'],
      ['unknown provider', { provider: 'trello', name: 'x', credentials: {} }, 'provider'],
      ['empty name', { provider: 'pingcode', name: ' ', credentials: {} }, 'name'],
      ['bad base URL', { provider: 'pingcode', name: 'x', credentials: {}, baseUrl: 'not a url' }, 'baseUrl'],
      [
        'bad time zone',
        { provider: 'pingcode', name: 'x', credentials: {}, timezone: 'Mars/Base' },
        'timezone',
      ],
      [
        'missing client secret',
        { provider: 'pingcode', name: 'x', credentials: { clientId: 'a' } },
        'credentials.clientSecret',
      ],
    ])('%s → 400 naming %s', async (_label, body, field) => {
      const res = await h.api('POST', '/api/v1/connections', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json<{ code: string; errors: { field: string }[] }>();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e) => e.field)).toContain(field);
    });

    test('malformed JSON → 400 invalid_json', async () => {
      const res = await h.runtime.app!.inject({
        method: 'POST',
        url: '/api/v1/connections',
        payload: '{"provider":',
        headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_json' });
    });

    test.each([
      ['/api/v1/projects/not-a-uuid', 'id'],
      ['/api/v1/projects?limit=0', 'limit'],
      ['/api/v1/projects?cursor=Zm9v', 'cursor'],
    ])('GET %s → 400 naming %s', async (url, field) => {
      const res = await h.api('GET', url);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    });

    test('an unknown route → 404 problem+json', async () => {
      const res = await h.api('GET', '/api/v1/nothing-here');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'route_not_found' });
    });
  });

  describe('connections', () => {
    test('wrong credentials → 422 in plain words, nothing stored', async () => {
      const before = (await h.api('GET', '/api/v1/connections')).json<{ items: unknown[] }>().items.length;
      const res = await h.api('POST', '/api/v1/connections', {
        provider: 'pingcode',
        name: 'Wrong',
        baseUrl: h.fake.url,
        credentials: { clientId: h.fake.clientId, clientSecret: 'wrong-secret' },
      });
      expect(res.statusCode).toBe(422);
      const problem = res.json<{ code: string; detail: string }>();
      expect(problem.code).toBe('upstream_credentials_rejected');
      expect(problem.detail).toMatch(/PingCode/);
      expect(problem.detail).not.toContain('wrong-secret');
      const after = (await h.api('GET', '/api/v1/connections')).json<{ items: unknown[] }>().items.length;
      expect(after).toBe(before);
    });

    test('an unreachable upstream → 422 upstream_unreachable', async () => {
      const res = await h.api('POST', '/api/v1/connections', {
        provider: 'pingcode',
        name: 'Nowhere',
        baseUrl: 'http://127.0.0.1:1',
        credentials: { clientId: 'a', clientSecret: 'b' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'upstream_unreachable' });
    });

    test('credentials are write-only and the list pages by cursor', async () => {
      await h.connect({ name: 'Second' });
      const first = (await h.api('GET', '/api/v1/connections?limit=1')).json<{
        items: object[];
        nextCursor: string;
      }>();
      expect(first.items).toHaveLength(1);
      expect(JSON.stringify(first)).not.toContain(h.fake.clientSecret);
      expect(first.items[0]).not.toHaveProperty('credentials');
      const second = (await h.api('GET', `/api/v1/connections?limit=1&cursor=${first.nextCursor}`)).json<{
        items: { id: string }[];
      }>();
      expect(second.items[0]!.id).not.toBe((first.items[0] as { id: string }).id);
    });

    test('PATCH renames; new credentials are checked first', async () => {
      const renamed = await h.api('PATCH', `/api/v1/connections/${connection.id}`, { name: 'Renamed' });
      expect(renamed.json()).toMatchObject({ name: 'Renamed' });
      const bad = await h.api('PATCH', `/api/v1/connections/${connection.id}`, {
        credentials: { clientId: h.fake.clientId, clientSecret: 'nope' },
      });
      expect(bad.statusCode).toBe(422);
      // The stored credentials still work.
      expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
    });

    test('DELETE removes the connection and what was synced through it', async () => {
      const extra = await h.connect({ name: 'To delete' });
      const extraProject = extra.projects[0]!.id;
      expect((await h.api('DELETE', `/api/v1/connections/${extra.id}`)).statusCode).toBe(204);
      expect((await h.api('GET', `/api/v1/connections/${extra.id}`)).statusCode).toBe(404);
      expect((await h.api('GET', `/api/v1/projects/${extraProject}`)).statusCode).toBe(404);
    });
  });

  describe('projects, tasks and milestones', () => {
    test('tasks page by cursor without gaps or repeats', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/projects/${projectId}/tasks?limit=70${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await h.api('GET', url)).json<{ items: { id: string }[]; nextCursor: string | null }>();
        for (const task of page.items) seen.add(task.id);
        cursor = page.nextCursor;
      } while (cursor);
      const live = h.dataset.workItems.filter((i) => !i.is_deleted && !isPlanItem(h, i.type)).length;
      expect(seen.size).toBe(live);
    });

    test('filters by status category and milestone', async () => {
      const done = (
        await h.api('GET', `/api/v1/projects/${projectId}/tasks?statusCategory=done&limit=200`)
      ).json<{ items: { statusCategory: string }[] }>();
      expect(done.items.length).toBeGreaterThan(0);
      expect(done.items.every((t) => t.statusCategory === 'done')).toBe(true);

      const milestones = (await h.api('GET', `/api/v1/projects/${projectId}/milestones`)).json<{
        items: { id: string; kind: string }[];
      }>();
      const sprint = milestones.items.find((m) => m.kind === 'sprint')!;
      const inSprint = (
        await h.api('GET', `/api/v1/projects/${projectId}/tasks?milestoneId=${sprint.id}&limit=200`)
      ).json<{ items: { milestoneIds: string[] }[] }>();
      expect(inSprint.items.length).toBeGreaterThan(0);
      expect(inSprint.items.every((t) => t.milestoneIds.includes(sprint.id))).toBe(true);

      const bad = await h.api('GET', `/api/v1/projects/${projectId}/tasks?statusCategory=finished`);
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('workspace isolation', () => {
    test("another workspace's ids answer 404, and its lists are empty", async () => {
      const other = await h.runtime.container.services.workspaces.create({ name: 'Other tenant' });
      const runs = (await h.api('GET', `/api/v1/connections/${connection.id}/syncs`)).json<{
        items: { id: string }[];
      }>();
      const runId = runs.items[0]!.id;
      for (const url of [
        `/api/v1/connections/${connection.id}`,
        `/api/v1/connections/${connection.id}/syncs`,
        `/api/v1/syncs/${runId}`,
        `/api/v1/projects/${projectId}`,
        `/api/v1/projects/${projectId}/tasks`,
        `/api/v1/projects/${projectId}/milestones`,
      ]) {
        const res = await h.api('GET', url, undefined, other.key);
        expect(res.statusCode, url).toBe(404);
        expect(res.json(), url).toMatchObject({ status: 404 });
      }
      const sync = await h.api(
        'POST',
        `/api/v1/connections/${connection.id}/syncs`,
        { projectId },
        other.key,
      );
      expect(sync.statusCode).toBe(404);
      const patch = await h.api(
        'PATCH',
        `/api/v1/connections/${connection.id}`,
        { name: 'hijack' },
        other.key,
      );
      expect(patch.statusCode).toBe(404);
      const del = await h.api('DELETE', `/api/v1/connections/${connection.id}`, undefined, other.key);
      expect(del.statusCode).toBe(404);
      const list = (await h.api('GET', '/api/v1/projects', undefined, other.key)).json<{
        items: unknown[];
      }>();
      expect(list.items).toEqual([]);
      expect((await h.api('GET', `/api/v1/connections/${connection.id}`)).statusCode).toBe(200);
    });
  });
});

function isPlanItem(h: Harness, type: string): boolean {
  return Object.values(h.dataset.workItemTypes)
    .flat()
    .some((t) => t.id === type && t.group === 'plan');
}

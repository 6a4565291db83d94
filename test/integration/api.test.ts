import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ok, typedClient, type ApiClient, type ApiSchemas } from '../support/api-client';
import { startHarness, type ConnectionBody, type Harness } from '../support/harness';

type Problem = ApiSchemas['Problem'];
/** What every call of the typed client answers, for tables of calls. */
type Answer = { error?: Problem | undefined; response: Response };

/**
 * The integrator API over a real store, real Redis and the fake PingCode, called over HTTP through the
 * client typed from openapi/openapi.json: what an integrator's code compiles against.
 */
describe('integrator API', () => {
  let h: Harness;
  let api: ApiClient;
  let connection: ConnectionBody;
  let projectId: string;

  beforeAll(async () => {
    h = await startHarness();
    api = typedClient(h);
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
      const { error, response } = await typedClient(h, key).GET('/api/v1/projects');
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    });

    test('a revoked key stops working on the next request', async () => {
      const { apiKey, key } = await h.runtime.container.services.workspaces.createKey(h.workspaceId, 'temp');
      const client = typedClient(h, key);
      expect((await client.GET('/api/v1/projects')).response.status).toBe(200);
      await h.runtime.container.services.workspaces.revokeKey(apiKey.id);
      expect((await client.GET('/api/v1/projects')).response.status).toBe(401);
    });

    test('health and docs need no key', async () => {
      const anonymous = typedClient(h, null);
      expect(await ok(anonymous.GET('/healthz'))).toEqual({ status: 'ok' });
      expect(await ok(anonymous.GET('/readyz'))).toEqual({
        status: 'ready',
        checks: { db: 'ok', redis: 'ok' },
      });
      // The document itself is no operation of the API (hidden): plain fetch.
      const doc = (await (await fetch(`${h.runtime.url}/openapi.json`)).json()) as { openapi: string };
      expect(doc.openapi).toBe('3.1.0');
    });
  });

  describe('validation errors name the field', () => {
    test.each<[string, Record<string, unknown>, string]>([
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
      // Bodies the API must refuse: cast past the types, which refuse some of them already.
      const { error, response } = await api.POST('/api/v1/connections', { body: body as never });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(error?.code).toBe('validation_failed');
      expect(error?.errors?.map((e) => e.field)).toContain(field);
    });

    test('the types refuse what the API refuses (checked by tsc: each `@ts-expect-error` must be needed)', () => {
      // Built, never sent: a route or schema that accepted these again would fail the typecheck.
      const refused = [
        () =>
          api.POST('/api/v1/connections', {
            // @ts-expect-error — `trello` is no provider
            body: { provider: 'trello', name: 'x', credentials: {} },
          }),
        () =>
          api.POST('/api/v1/connections', {
            // @ts-expect-error — credentials are required
            body: { provider: 'pingcode', name: 'x' },
          }),
        () =>
          api.GET('/api/v1/projects/{id}/tasks', {
            // @ts-expect-error — `finished` is no status category
            params: { path: { id: projectId }, query: { statusCategory: 'finished' } },
          }),
      ];
      expect(refused).toHaveLength(3);
    });

    test('malformed JSON → 400 invalid_json', async () => {
      const { error, response } = await api.POST('/api/v1/connections', {
        body: {} as never,
        bodySerializer: () => '{"provider":',
      });
      expect(response.status).toBe(400);
      expect(error).toMatchObject({ code: 'invalid_json' });
    });

    test.each<[string, () => Promise<Answer>, string]>([
      [
        '/api/v1/projects/not-a-uuid',
        () => api.GET('/api/v1/projects/{id}', { params: { path: { id: 'not-a-uuid' } } }),
        'id',
      ],
      [
        '/api/v1/projects?limit=0',
        () => api.GET('/api/v1/projects', { params: { query: { limit: 0 } } }),
        'limit',
      ],
      [
        '/api/v1/projects?cursor=Zm9v',
        () => api.GET('/api/v1/projects', { params: { query: { cursor: 'Zm9v' } } }),
        'cursor',
      ],
    ])('GET %s → 400 naming %s', async (_url, call, field) => {
      const { error, response } = await call();
      expect(response.status).toBe(400);
      expect(error?.errors?.map((e) => e.field)).toContain(field);
    });

    test('an unknown route → 404 problem+json', async () => {
      // @ts-expect-error — no such path in the API: the types refuse it too
      const { error, response } = (await api.GET('/api/v1/nothing-here')) as Answer;
      expect(response.status).toBe(404);
      expect(error).toMatchObject({ code: 'route_not_found' });
    });
  });

  describe('connections', () => {
    const count = async () => (await ok(api.GET('/api/v1/connections'))).items.length;

    test('wrong credentials → 422 in plain words, nothing stored', async () => {
      const before = await count();
      const { error, response } = await api.POST('/api/v1/connections', {
        body: {
          provider: 'pingcode',
          name: 'Wrong',
          baseUrl: h.fake.url,
          credentials: { clientId: h.fake.clientId, clientSecret: 'wrong-secret' },
        },
      });
      expect(response.status).toBe(422);
      expect(error?.code).toBe('upstream_credentials_rejected');
      expect(error?.detail).toMatch(/PingCode/);
      expect(error?.detail).not.toContain('wrong-secret');
      expect(await count()).toBe(before);
    });

    test('an unreachable upstream → 422 upstream_unreachable', async () => {
      const { error, response } = await api.POST('/api/v1/connections', {
        body: {
          provider: 'pingcode',
          name: 'Nowhere',
          baseUrl: 'http://127.0.0.1:1',
          credentials: { clientId: 'a', clientSecret: 'b' },
        },
      });
      expect(response.status).toBe(422);
      expect(error).toMatchObject({ code: 'upstream_unreachable' });
    });

    test('credentials are write-only and the list pages by cursor', async () => {
      await h.connect({ name: 'Second' });
      const first = await ok(api.GET('/api/v1/connections', { params: { query: { limit: 1 } } }));
      expect(first.items).toHaveLength(1);
      expect(JSON.stringify(first)).not.toContain(h.fake.clientSecret);
      expect(first.items[0]).not.toHaveProperty('credentials');
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await ok(
        api.GET('/api/v1/connections', { params: { query: { limit: 1, cursor: first.nextCursor! } } }),
      );
      expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    });

    test('PATCH renames; new credentials are checked first', async () => {
      const path = { id: connection.id };
      const renamed = await ok(
        api.PATCH('/api/v1/connections/{id}', { params: { path }, body: { name: 'Renamed' } }),
      );
      expect(renamed.name).toBe('Renamed');
      const bad = await api.PATCH('/api/v1/connections/{id}', {
        params: { path },
        body: { credentials: { clientId: h.fake.clientId, clientSecret: 'nope' } },
      });
      expect(bad.response.status).toBe(422);
      // The stored credentials still work.
      expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
    });

    test('DELETE removes the connection and what was synced through it', async () => {
      const extra = await h.connect({ name: 'To delete' });
      const deleted = await api.DELETE('/api/v1/connections/{id}', { params: { path: { id: extra.id } } });
      expect(deleted.response.status).toBe(204);
      const gone = await api.GET('/api/v1/connections/{id}', { params: { path: { id: extra.id } } });
      expect(gone.response.status).toBe(404);
      const project = await api.GET('/api/v1/projects/{id}', {
        params: { path: { id: extra.projects[0]!.id } },
      });
      expect(project.response.status).toBe(404);
    });
  });

  describe('projects, tasks and milestones', () => {
    test('tasks page by cursor without gaps or repeats', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const page: ApiSchemas['TaskPage'] = await ok(
          api.GET('/api/v1/projects/{id}/tasks', {
            params: { path: { id: projectId }, query: { limit: 70, ...(cursor ? { cursor } : {}) } },
          }),
        );
        for (const task of page.items) seen.add(task.id);
        cursor = page.nextCursor;
      } while (cursor);
      const live = h.dataset.workItems.filter((i) => !i.is_deleted && !isPlanItem(h, i.type)).length;
      expect(seen.size).toBe(live);
    });

    test('filters by status category and milestone', async () => {
      const path = { id: projectId };
      const done = await ok(
        api.GET('/api/v1/projects/{id}/tasks', {
          params: { path, query: { statusCategory: 'done', limit: 200 } },
        }),
      );
      expect(done.items.length).toBeGreaterThan(0);
      expect(done.items.every((t) => t.statusCategory === 'done')).toBe(true);

      const milestones = await ok(api.GET('/api/v1/projects/{id}/milestones', { params: { path } }));
      const sprint = milestones.items.find((m) => m.kind === 'sprint')!;
      const inSprint = await ok(
        api.GET('/api/v1/projects/{id}/tasks', {
          params: { path, query: { milestoneId: sprint.id, limit: 200 } },
        }),
      );
      expect(inSprint.items.length).toBeGreaterThan(0);
      expect(inSprint.items.every((t) => t.milestoneIds.includes(sprint.id))).toBe(true);

      const bad = await api.GET('/api/v1/projects/{id}/tasks', {
        params: { path, query: { statusCategory: 'finished' as never } },
      });
      expect(bad.response.status).toBe(400);
    });
  });

  describe('workspace isolation', () => {
    test("another workspace's ids answer 404, and its lists are empty", async () => {
      const other = await h.runtime.container.services.workspaces.create({ name: 'Other tenant' });
      const intruder = typedClient(h, other.key);
      const runs = await ok(
        api.GET('/api/v1/connections/{id}/syncs', { params: { path: { id: connection.id } } }),
      );
      const runId = runs.items[0]!.id;
      const connectionPath = { path: { id: connection.id } };
      const projectPath = { path: { id: projectId } };
      const reads: [string, () => Promise<Answer>][] = [
        ['getConnection', () => intruder.GET('/api/v1/connections/{id}', { params: connectionPath })],
        ['listSyncs', () => intruder.GET('/api/v1/connections/{id}/syncs', { params: connectionPath })],
        ['getSync', () => intruder.GET('/api/v1/syncs/{id}', { params: { path: { id: runId } } })],
        ['getProject', () => intruder.GET('/api/v1/projects/{id}', { params: projectPath })],
        ['listProjectTasks', () => intruder.GET('/api/v1/projects/{id}/tasks', { params: projectPath })],
        [
          'listProjectMilestones',
          () => intruder.GET('/api/v1/projects/{id}/milestones', { params: projectPath }),
        ],
      ];
      for (const [operation, read] of reads) {
        const { error, response } = await read();
        expect(response.status, operation).toBe(404);
        expect(error, operation).toMatchObject({ status: 404 });
      }
      const sync = await intruder.POST('/api/v1/connections/{id}/syncs', {
        params: connectionPath,
        body: { projectId },
      });
      expect(sync.response.status).toBe(404);
      const patch = await intruder.PATCH('/api/v1/connections/{id}', {
        params: connectionPath,
        body: { name: 'hijack' },
      });
      expect(patch.response.status).toBe(404);
      const del = await intruder.DELETE('/api/v1/connections/{id}', { params: connectionPath });
      expect(del.response.status).toBe(404);
      expect((await ok(intruder.GET('/api/v1/projects'))).items).toEqual([]);
      expect((await api.GET('/api/v1/connections/{id}', { params: connectionPath })).response.status).toBe(
        200,
      );
    });
  });
});

function isPlanItem(h: Harness, type: string): boolean {
  return Object.values(h.dataset.workItemTypes)
    .flat()
    .some((t) => t.id === type && t.group === 'plan');
}

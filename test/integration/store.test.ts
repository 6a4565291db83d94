import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decryptJson, encryptJson, sha256Hex } from '../../service/crypto';
import type { MilestoneInput, TaskInput } from '../../service/domain/model';
import { createApiKey, findActiveApiKey } from '../../service/store/api-keys.store';
import { insertConnection } from '../../service/store/connections.store';
import type { Database } from '../../service/store/db';
import { newId } from '../../service/store/ids';
import {
  listMilestones,
  markUnseenMilestonesDeleted,
  upsertMilestones,
} from '../../service/store/milestones.store';
import { upsertProjects } from '../../service/store/projects.store';
import { createOrGetActiveRun, updateRun } from '../../service/store/sync-runs.store';
import {
  listTasks,
  markTasksDeleted,
  markUnseenTasksDeleted,
  upsertTasks,
} from '../../service/store/tasks.store';
import { createWorkspace } from '../../service/store/workspaces.store';
import { openTestDatabase, rawRows, STORES } from '../support/env';

const key = randomBytes(32);

const task = (externalId: string, overrides: Partial<TaskInput> = {}): TaskInput => ({
  externalId,
  identifier: `WEB-${externalId}`,
  title: `Task ${externalId}`,
  type: 'task',
  statusName: '进行中',
  statusCategory: 'in_progress',
  blocked: false,
  milestoneExternalIds: [],
  parentExternalId: null,
  assignee: 'Li Lei',
  labels: ['frontend'],
  startDate: '2026-11-01',
  dueDate: '2026-11-30',
  completedAt: null,
  estimate: 3,
  url: null,
  remoteUpdatedAt: new Date('2026-11-20T08:00:00Z'),
  remoteCreatedAt: new Date('2026-11-01T08:00:00Z'),
  deleted: false,
  ...overrides,
});

const milestone = (dueDate: string | null): MilestoneInput => ({
  externalId: 'version:v1',
  kind: 'version',
  name: 'v1.0',
  url: null,
  startDate: null,
  dueDate,
  status: 'in_progress',
  progress: 0.5,
  completedAt: null,
});

/** The store on both engines: same schema, same migrations, same behaviour. */
describe.each(STORES)('store on %s', (store) => {
  let database: Database;
  let scope: { projectId: string; connectionId: string; runId: string };
  let workspaceId: string;

  beforeAll(async () => {
    database = await openTestDatabase(store);
    const { db } = database;
    workspaceId = (await createWorkspace(db, { name: 'Store test' })).id;
    const connectionId = newId();
    await insertConnection(db, {
      id: connectionId,
      workspaceId,
      provider: 'pingcode',
      name: 'PC',
      baseUrl: 'https://open.pingcode.com',
      credentials: encryptJson(key, { clientId: 'cid', clientSecret: 'top-secret-value' }, connectionId),
    });
    const [project] = await upsertProjects(db, { workspaceId, connectionId }, [
      {
        externalId: 'p1',
        key: 'WEB',
        name: 'Web',
        url: null,
        type: 'scrum',
        startDate: null,
        endDate: null,
        archived: false,
      },
    ]);
    scope = { projectId: project!.id, connectionId, runId: 'run-1' };
  });
  afterAll(() => database.close());

  test('migrations applied: every table exists', async () => {
    const rows = await rawRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const names = rows.map((r) => r.table_name);
    expect(names).toEqual(
      expect.arrayContaining([
        'workspace',
        'api_key',
        'connection',
        'project',
        'milestone',
        'task',
        'sync_run',
      ]),
    );
  });

  test('credentials are stored encrypted, never in clear', async () => {
    const [row] = await rawRows<{ id: string; credentials: string }>(
      database.db,
      sql`select id, credentials from connection`,
    );
    if (!row) throw new Error('no connection row');
    expect(row.credentials).not.toContain('top-secret-value');
    expect(row.credentials).toMatch(/^v1\./);
    expect(decryptJson(key, row.credentials, row.id)).toEqual({
      clientId: 'cid',
      clientSecret: 'top-secret-value',
    });
  });

  test('API keys are stored as sha256 only', async () => {
    const { key: apiKey } = await createApiKey(database.db, { workspaceId, name: 'k' });
    const rows = await rawRows(database.db, sql`select * from api_key`);
    expect(JSON.stringify(rows)).not.toContain(apiKey);
    expect((await findActiveApiKey(database.db, apiKey))?.hash).toBe(sha256Hex(apiKey));
  });

  test('replaying a page changes nothing: one row per external id', async () => {
    const page = [task('1'), task('2'), task('2', { title: 'Task 2, last copy wins' })];
    await upsertTasks(database.db, scope, page, new Map());
    await upsertTasks(database.db, scope, page, new Map());
    const { items } = await listTasks(database.db, scope.projectId, {}, { limit: 50 });
    expect(items.map((t) => t.externalId).sort()).toEqual(['1', '2']);
    expect(items.find((t) => t.externalId === '2')?.title).toBe('Task 2, last copy wins');
    expect(items[0]).toMatchObject({ labels: ['frontend'], dueDate: '2026-11-30', estimate: 3 });
  });

  test('every due-date change is kept, oldest first; an unchanged date adds nothing', async () => {
    for (const due of ['2026-12-01', '2026-12-01', '2026-12-15', '2027-01-10'])
      await upsertMilestones(database.db, scope, [milestone(due)], new Date());
    const [m] = await listMilestones(database.db, scope.projectId);
    expect(m?.dueDate).toBe('2027-01-10');
    expect(m?.dueHistory.map(({ from, to }) => [from, to])).toEqual([
      ['2026-12-01', '2026-12-15'],
      ['2026-12-15', '2027-01-10'],
    ]);
  });

  test('tasks link to milestones by upstream id', async () => {
    const ids = new Map(
      (await listMilestones(database.db, scope.projectId)).map((m) => [m.externalId, m.id]),
    );
    await upsertTasks(
      database.db,
      scope,
      [task('3', { milestoneExternalIds: ['version:v1', 'sprint:unknown'] })],
      ids,
    );
    const { items } = await listTasks(
      database.db,
      scope.projectId,
      { milestoneId: ids.get('version:v1') },
      { limit: 50 },
    );
    expect(items.map((t) => t.externalId)).toEqual(['3']);
    expect(items[0]?.milestoneIds).toEqual([ids.get('version:v1')]);
  });

  test('deletions: reported ones count once; absence marks only what a run did not see', async () => {
    expect(await markTasksDeleted(database.db, scope.connectionId, ['1', 'never-seen'])).toBe(1);
    expect(await markTasksDeleted(database.db, scope.connectionId, ['1'])).toBe(0);
    await upsertTasks(database.db, { ...scope, runId: 'run-2' }, [task('2')], new Map());
    expect(await markUnseenTasksDeleted(database.db, scope.projectId, 'run-2')).toBe(1); // task 3
    const live = await listTasks(database.db, scope.projectId, {}, { limit: 50 });
    expect(live.items.map((t) => t.externalId)).toEqual(['2']);
    expect(await markUnseenMilestonesDeleted(database.db, scope.projectId, 'run-2')).toBe(1);
    expect(await listMilestones(database.db, scope.projectId)).toEqual([]);
    // Seen again upstream: alive again.
    await upsertTasks(database.db, { ...scope, runId: 'run-3' }, [task('1')], new Map());
    const again = await listTasks(database.db, scope.projectId, {}, { limit: 50 });
    expect(again.items.map((t) => t.externalId).sort()).toEqual(['1', '2']);
  });

  test('at most one active run per connection + project, even when requested concurrently', async () => {
    const request = () =>
      createOrGetActiveRun(database.db, {
        workspaceId,
        connectionId: scope.connectionId,
        projectId: scope.projectId,
        kind: 'full',
        trigger: 'api',
        updatedSince: null,
      });
    const results = await Promise.all([request(), request(), request(), request()]);
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    await updateRun(database.db, results[0].run.id, { status: 'succeeded' });
    const next = await request();
    expect(next.created).toBe(true);
    expect(next.run.id).not.toBe(results[0].run.id);
  });
});

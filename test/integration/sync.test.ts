import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PcWorkItem } from '../../scripts/fake-pingcode/types';
import { STORES } from '../support/env';
import { startHarness, type ConnectionBody, type Harness, type RunBody } from '../support/harness';

interface TaskBody {
  externalId: string;
  title: string;
  deleted: boolean;
  statusCategory: string;
  milestoneIds: string[];
}
interface MilestoneBody {
  id: string;
  externalId: string;
  kind: string;
  name: string;
  dueDate: string | null;
  status: string;
  dueHistory: { from: string | null; to: string | null }[];
}

/** The queued sync end to end, on both stores, over real Redis, against the fake PingCode. */
describe.each(STORES)('sync on %s', (store) => {
  let h: Harness;
  let connection: ConnectionBody;
  let projectId: string;
  let pcProjectId: string;

  const allTasks = async (): Promise<TaskBody[]> => {
    const out: TaskBody[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/projects/${projectId}/tasks?includeDeleted=true&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await h.api('GET', url)).json<{ items: TaskBody[]; nextCursor: string | null }>();
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  const milestones = async () =>
    (await h.api('GET', `/api/v1/projects/${projectId}/milestones`)).json<{ items: MilestoneBody[] }>().items;
  const liveItems = () => h.dataset.workItems.filter((i) => !i.is_deleted && !isPlanType(i.type));
  const isPlanType = (type: string) =>
    Object.values(h.dataset.workItemTypes)
      .flat()
      .some((t) => t.id === type && t.group === 'plan');
  const taskListing = (page: number) =>
    `work_items?project_id=${pcProjectId}&page_size=100&page_index=${page}`;

  beforeAll(async () => {
    h = await startHarness({ store });
    connection = await h.connect();
    projectId = connection.projects[0]!.id;
    pcProjectId = connection.projects[0]!.externalId;
  });
  afterAll(() => h.close());

  test('a full run stores every work item, the four milestones and the links between them', async () => {
    const run = await h.syncAndWait(connection.id, projectId);
    expect(run).toMatchObject({ status: 'succeeded', kind: 'full', error: null });
    // Progress counts every work item listed (milestone items included); tasks exclude milestone items.
    const listed = h.dataset.workItems.filter((i) => !i.is_deleted).length;
    expect(run.progress).toMatchObject({ phase: 'done', done: listed, total: listed });
    expect(run.counts.fetched).toBe(liveItems().length);
    const job = await h.runtime.container.queues.sync.getJob(run.id);
    expect(job?.data).toEqual({ runId: run.id }); // ids only: no credentials in Redis

    const tasks = await allTasks();
    expect(tasks.map((t) => t.externalId).sort()).toEqual(
      liveItems()
        .map((i) => i.id)
        .sort(),
    );
    expect(tasks.every((t) => !t.deleted)).toBe(true);

    const ms = await milestones();
    expect(ms.map((m) => m.kind).sort()).toEqual(['milestone', 'sprint', 'version', 'version']);
    const today = new Date().toISOString().slice(0, 10);
    const late = ms.filter((m) => m.status !== 'done' && m.dueDate !== null && m.dueDate < today);
    expect(late.map((m) => m.kind)).toEqual(['milestone']);
    for (const m of ms) {
      const linked = tasks.filter((t) => t.milestoneIds.includes(m.id));
      expect(linked.length, m.name).toBeGreaterThan(0);
    }
  });

  test('a second request while a run is queued or running returns that run', async () => {
    h.fake.setLatency(30);
    const [a, b] = await Promise.all([
      h.api('POST', `/api/v1/connections/${connection.id}/syncs`, { projectId, kind: 'full' }),
      h.api('POST', `/api/v1/connections/${connection.id}/syncs`, { projectId, kind: 'full' }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(a.json<{ id: string }>().id).toBe(b.json<{ id: string }>().id);
    expect((await h.waitForRun(a.json<{ id: string }>().id)).status).toBe('succeeded');
    h.fake.setLatency(0);
  });

  test('an incremental run fetches only recent changes and applies them, upstream deletions included', async () => {
    const items = liveItems();
    const edited = items.slice(0, 3);
    const removed = items.slice(3, 5);
    for (const item of edited) item.title = `${item.title} (edited)`;
    for (const item of removed) item.is_deleted = 1;
    const added: PcWorkItem = {
      ...structuredClone(items[6]!),
      id: 'f'.repeat(24),
      identifier: 'WEB-9999',
      title: '新增需求 New scope',
    };
    h.dataset.workItems.push(added);
    h.fake.touch([...edited, ...removed, added].map((i) => i.id));

    const run = await h.syncAndWait(connection.id, projectId);
    expect(run).toMatchObject({ status: 'succeeded', kind: 'incremental' });
    expect(run.counts.fetched).toBeLessThan(items.length);
    expect(run.counts.deleted).toBe(2);

    const tasks = new Map((await allTasks()).map((t) => [t.externalId, t]));
    for (const item of edited) expect(tasks.get(item.id)?.title).toMatch(/\(edited\)$/);
    for (const item of removed) expect(tasks.get(item.id)?.deleted).toBe(true);
    expect(tasks.get(added.id)).toMatchObject({ title: '新增需求 New scope', deleted: false });
  });

  test('a moved due date is kept in the milestone history', async () => {
    const version = h.dataset.versions.find((v) => v.stage.type === 'in_progress')!;
    version.end_at = version.end_at! + 7 * 86400;
    const run = await h.syncAndWait(connection.id, projectId);
    expect(run.status).toBe('succeeded');
    const moved = (await milestones()).find((m) => m.externalId === `version:${version.id}`)!;
    expect(moved.dueHistory).toHaveLength(1);
    expect(moved.dueHistory[0]!.to).toBe(moved.dueDate);
    expect(moved.dueHistory[0]!.from! < moved.dueDate!).toBe(true);
  });

  test('a failed full run deletes nothing; a successful one marks what vanished', async () => {
    const gone = liveItems()[10]!;
    h.dataset.workItems.splice(h.dataset.workItems.indexOf(gone), 1);
    h.fake.faults.add({
      match: taskListing(1),
      kind: 'status',
      status: 400,
      body: { code: '100000', message: 'bad' },
    });
    const failed = await h.syncAndWait(connection.id, projectId, 'full');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'bad_request' });
    expect((await allTasks()).find((t) => t.externalId === gone.id)?.deleted).toBe(false);

    const ok = await h.syncAndWait(connection.id, projectId, 'full');
    expect(ok.status).toBe('succeeded');
    expect(ok.counts.deleted).toBeGreaterThanOrEqual(1);
    const tasks = await allTasks();
    expect(tasks.find((t) => t.externalId === gone.id)?.deleted).toBe(true);
    expect(tasks.filter((t) => !t.deleted)).toHaveLength(liveItems().length);
  });

  test('5xx, malformed JSON and resets are retried and the run still completes', async () => {
    h.fake.faults.add({ match: taskListing(1), kind: 'status', status: 502 });
    h.fake.faults.add({ match: taskListing(2), kind: 'malformed' });
    h.fake.faults.add({ match: taskListing(0), kind: 'reset' });
    const run = await h.syncAndWait(connection.id, projectId, 'full');
    expect(run.status).toBe('succeeded');
    expect(run.attempts).toBe(4);
    expect(run.error).toBeNull();
    expect((await allTasks()).filter((t) => !t.deleted)).toHaveLength(liveItems().length);
  });

  test('a 429 waits the x-pc-retry-after seconds and costs no attempt', async () => {
    h.fake.faults.add({
      match: taskListing(1),
      kind: 'status',
      status: 429,
      headers: { 'x-pc-retry-after': '2' },
    });
    const started = Date.now();
    const res = await h.api('POST', `/api/v1/connections/${connection.id}/syncs`, {
      projectId,
      kind: 'full',
    });
    const runId = res.json<{ id: string }>().id;
    let sawWaiting = false;
    let run = (await h.api('GET', `/api/v1/syncs/${runId}`)).json<RunBody>();
    while (run.status === 'queued' || run.status === 'running') {
      sawWaiting ||= Boolean(run.progress.waitingUntil);
      await sleep(25);
      run = (await h.api('GET', `/api/v1/syncs/${runId}`)).json<RunBody>();
    }
    expect(sawWaiting).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  test('refused credentials stop the run as auth_failed with a plain message', async () => {
    h.fake.revokeTokens();
    h.fake.faults.add({ match: '/v1/auth/token', kind: 'status', status: 401, times: Infinity });
    const run = await h.syncAndWait(connection.id, projectId);
    h.fake.faults.clear();
    expect(run.status).toBe('auth_failed');
    expect(run.attempts).toBe(1);
    expect(run.error?.code).toBe('auth_failed');
    expect(run.error?.message).toMatch(/PingCode refused/);
    const conn = (await h.api('GET', `/api/v1/connections/${connection.id}`)).json<{ status: string }>();
    expect(conn.status).toBe('auth_failed');

    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
    const healed = (await h.api('GET', `/api/v1/connections/${connection.id}`)).json<{ status: string }>();
    expect(healed.status).toBe('active');
  });

  test('no credential, token or API key reaches the logs', () => {
    const logs = h.logLines.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(h.fake.clientSecret);
    expect(logs).not.toContain(h.apiKey);
    expect(logs).not.toMatch(/access_token/);
  });
});

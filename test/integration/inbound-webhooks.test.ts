import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRuntime, type Runtime } from '../../service/runtime';
import { capturingLogger, rawRows, testConfig } from '../support/env';
import { startHarness, type ConnectionBody, type Harness } from '../support/harness';
import { dumpProject, type ApiGet } from '../support/project-dump';

const SECRET = 'flow-rule-shared-secret-2026';

interface ConnectionDto {
  id: string;
  webhook: { path: string; hasSecret: boolean };
  reconcileEveryMinutes: number;
  nextSyncAt: string | null;
  lastSyncedAt: string | null;
  lastError: { code: string; message: string } | null;
}

/**
 * Inbound webhooks and reconciliation over the real service on PostgreSQL and real Redis, with the fake
 * PingCode as the tool: a delivery is verified over its raw body, acted on once however often it comes,
 * answered before any call to the tool, and turned into an incremental sync; a job scheduler per
 * connection repairs what a lost webhook missed, and three workers starting at once leave one schedule.
 */
describe('inbound webhooks and reconciliation', () => {
  let h: Harness;
  let connection: ConnectionBody;
  let projectId: string;
  let pcProjectId: string;

  const deliver = (
    body: unknown,
    headers: Record<string, string>,
    path = `/webhooks/pingcode/${connection.id}`,
  ) =>
    h.runtime.app!.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const event = (itemId: string) => ({
    event_type: 'pce:pjm:workitem:updated',
    payload: { data: { id: itemId, project: { id: pcProjectId } } },
  });
  const runs = async () =>
    (await h.api('GET', `/api/v1/connections/${connection.id}/syncs?limit=200`)).json<{
      items: { id: string; status: string; kind: string; trigger?: string }[];
    }>().items;
  const deliveries = async () =>
    (
      await rawRows<{ n: number }>(
        h.runtime.container.database.db,
        sql`select count(*)::int as n from inbound_delivery where connection_id = ${connection.id}`,
      )
    )[0]!.n;
  const quiet = async () => {
    for (const run of await runs())
      if (['queued', 'running'].includes(run.status)) await h.waitForRun(run.id);
  };

  beforeAll(async () => {
    h = await startHarness({ store: 'postgres' });
    connection = await h.connect();
    projectId = connection.projects[0]!.id;
    pcProjectId = connection.projects[0]!.externalId;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
  }, 60_000);
  afterAll(() => h.close());

  test('the webhook secret is write-only; the connection shows where to send deliveries', async () => {
    const before = (await h.api('GET', `/api/v1/connections/${connection.id}`)).json<ConnectionDto>();
    expect(before.webhook).toEqual({ path: `/webhooks/pingcode/${connection.id}`, hasSecret: false });
    // Without a secret nothing is accepted.
    expect((await deliver(event('x'), { 'x-clientlens-secret': SECRET })).statusCode).toBe(401);
    const patched = await h.api('PATCH', `/api/v1/connections/${connection.id}`, { webhookSecret: SECRET });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<ConnectionDto>().webhook.hasSecret).toBe(true);
    expect(patched.body).not.toContain(SECRET);
    const short = await h.api('PATCH', `/api/v1/connections/${connection.id}`, { webhookSecret: 'short' });
    expect(short.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('webhookSecret');
  });

  test('a bad or missing signature is 401 and writes nothing', async () => {
    const runsBefore = (await runs()).length;
    const body = JSON.stringify(event('a'));
    for (const headers of [
      {},
      { 'x-clientlens-secret': 'wrong-secret-wrong-secret' },
      { 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(`${body} `).digest('hex')}` },
      { 'x-hub-signature-256': 'sha256=zz' },
    ]) {
      const res = await deliver(body, headers);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await deliveries()).toBe(0);
    expect((await runs()).length).toBe(runsBefore);
    expect(
      (await deliver(body, { 'x-clientlens-secret': SECRET }, `/webhooks/github/${connection.id}`))
        .statusCode,
    ).toBe(404);
  });

  test('a delivery becomes one incremental sync, answered before any call to the tool; five copies → one sync', async () => {
    await quiet();
    // Upstream, a work item changes (a second later than the last sync's cursor).
    await sleep(1_100);
    const item = h.dataset.workItems.find((i) => i.project.id === pcProjectId && !i.is_deleted)!;
    item.title = 'Changed upstream, announced by a webhook';
    h.fake.touch([item.id]);
    h.fake.resetStats();
    const body = JSON.stringify(event(item.id));
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => deliver(body, { 'x-hub-signature-256': signature })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202]);
    const receipts = answers.map((a) => a.json<{ accepted: boolean; runIds: string[] }>());
    expect(receipts.filter((r) => r.accepted)).toHaveLength(1);
    // The answers came before ClientLens called the tool at all.
    expect(h.fake.stats().requests).toBe(0);
    expect(await deliveries()).toBe(1);
    const [runId] = receipts.find((r) => r.accepted)!.runIds;
    const run = await h.waitForRun(runId!);
    expect(run).toMatchObject({ status: 'succeeded', kind: 'incremental' });
    const tasks = (await h.api('GET', `/api/v1/projects/${projectId}/tasks?limit=200`)).json<{
      items: { externalId: string; title: string }[];
    }>().items;
    expect(tasks.find((t) => t.externalId === item.id)?.title).toBe(
      'Changed upstream, announced by a webhook',
    );
    // Delivered again later (the tool retried): still nothing new.
    expect(
      (await deliver(body, { 'x-clientlens-secret': SECRET })).json<{ accepted: boolean }>().accepted,
    ).toBe(false);
    expect((await runs()).filter((r) => r.id === runId)).toHaveLength(1);

    // What the five copies left equals what a clean full sync of a fresh connection stores.
    const clean = await h.connect({ name: 'Clean' });
    const cleanProjectId = clean.projects[0]!.id;
    expect((await h.syncAndWait(clean.id, cleanProjectId)).status).toBe('succeeded');
    const get: ApiGet = async (url) => (await h.api('GET', url)).json();
    expect(await dumpProject(get, projectId)).toEqual(await dumpProject(get, cleanProjectId));
    expect((await h.api('DELETE', `/api/v1/connections/${clean.id}`)).statusCode).toBe(204);
  });

  test('each connection has one reconciliation schedule, shown as its next sync; it repairs a lost webhook', async () => {
    const { queues } = h.runtime.container;
    const schedulers = async () =>
      (await queues.reconcile.getJobSchedulers(0, -1, true)).filter((s) => s.key === connection.id);
    expect((await schedulers()).map((s) => s.every)).toEqual([15 * 60_000]);
    const patched = (
      await h.api('PATCH', `/api/v1/connections/${connection.id}`, { reconcileEveryMinutes: 5 })
    ).json<ConnectionDto>();
    expect(patched.reconcileEveryMinutes).toBe(5);
    expect((await schedulers()).map((s) => s.every)).toEqual([5 * 60_000]);
    const next = Date.parse(patched.nextSyncAt!);
    expect(next).toBeGreaterThan(Date.now());
    expect(next - Date.now()).toBeLessThanOrEqual(5 * 60_000 + 1_000);
    expect(
      (await h.api('PATCH', `/api/v1/connections/${connection.id}`, { reconcileEveryMinutes: 3 })).statusCode,
    ).toBe(400);

    // A change upstream whose webhook never came: the next reconciliation picks it up.
    await quiet();
    await sleep(1_100);
    const item = h.dataset.workItems.find((i) => i.project.id === pcProjectId && !i.is_deleted)!;
    item.title = 'Changed upstream, webhook lost';
    h.fake.touch([item.id]);
    await queues.reconcile.add('reconcile', { connectionId: connection.id }); // what the scheduler adds
    const deadline = Date.now() + 20_000;
    for (;;) {
      const tasks = (await h.api('GET', `/api/v1/projects/${projectId}/tasks?limit=200`)).json<{
        items: { externalId: string; title: string }[];
      }>().items;
      if (tasks.find((t) => t.externalId === item.id)?.title === 'Changed upstream, webhook lost') break;
      if (Date.now() > deadline) throw new Error('the reconciliation did not repair the change');
      await sleep(100);
    }
    const scheduled = (await runs()).filter((r) => r.trigger === 'schedule');
    expect(scheduled.length).toBeGreaterThanOrEqual(1);

    expect(
      (
        await h.api('PATCH', `/api/v1/connections/${connection.id}`, { reconcileEveryMinutes: 0 })
      ).json<ConnectionDto>().nextSyncAt,
    ).toBeNull();
    expect(await schedulers()).toEqual([]);
    await h.api('PATCH', `/api/v1/connections/${connection.id}`, { reconcileEveryMinutes: 15 });
  });

  test('three worker processes starting at once leave exactly one schedule per connection', async () => {
    const second = await h.connect({ name: 'Second account' });
    const { queues, config } = h.runtime.container;
    // Redis lost the schedules (say): the workers write them back at start.
    for (const s of await queues.reconcile.getJobSchedulers(0, -1, true))
      await queues.reconcile.removeJobScheduler(s.key);
    const workers: Runtime[] = await Promise.all(
      [1, 2, 3].map(() =>
        startRuntime(
          testConfig({
            RUN_MODE: 'worker',
            DATABASE_URL: h.databaseUrl!,
            QUEUE_PREFIX: config.QUEUE_PREFIX,
            SECRET_KEY: config.SECRET_KEY.toString('base64'),
          }),
          capturingLogger('silent').logger,
        ),
      ),
    );
    try {
      const keys = (await queues.reconcile.getJobSchedulers(0, -1, true)).map((s) => s.key).sort();
      expect(keys).toEqual([connection.id, second.id].sort());
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 60_000);
});

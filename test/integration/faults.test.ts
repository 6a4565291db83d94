import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { largeDataset } from '../../scripts/fake-pingcode/dataset';
import { openDatabase } from '../../service/store/db';
import { openTestDatabase, rawRows, TEST_REDIS_URL, uniqueName } from '../support/env';
import { startHarness, type Harness, type RunBody } from '../support/harness';
import {
  freePort,
  serviceUrl,
  spawnScript,
  startPrivateRedis,
  type ServiceProcess,
} from '../support/process';
import { startPrivatePostgres } from '../support/private-postgres';
import { dumpProject, type ApiGet, type ProjectDump } from '../support/project-dump';

/** Enough pages (100 work items each) that a fault can land in the middle of the listing. */
const ITEMS = 800;
/** Per fake response: a full run takes a few seconds, so an outage can start and end inside it. */
const LATENCY_MS = 80;
const OUTAGE_MS = 3_000;

const cleanUp: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanUp.splice(0).reverse()) await step().catch(() => undefined);
});

const getter =
  (h: Harness): ApiGet =>
  async (path) => {
    const res = await h.api('GET', path);
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

/** A new connection to the fake project, and a full sync requested for it. */
async function startSync(h: Harness, name: string) {
  const connection = await h.connect({ name });
  const projectId = connection.projects[0]!.id;
  const res = await h.api('POST', `/api/v1/connections/${connection.id}/syncs`, { projectId, kind: 'full' });
  expect(res.statusCode, res.body).toBe(202);
  return { connectionId: connection.id, projectId, runId: res.json<RunBody>().id };
}

/** The run as stored (read through the service: polling the API would spend the key's request budget). */
const runRow = (h: Harness, runId: string) => h.runtime.container.services.syncs.get(h.workspaceId, runId);

/** Polls the run until it has stored at least `n` tasks. */
async function fetchedAtLeast(h: Harness, runId: string, n: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await runRow(h, runId);
    if (run.fetched >= n) return;
    if (run.status !== 'queued' && run.status !== 'running')
      throw new Error(`run ended before the fault: ${JSON.stringify(run)}`);
    if (Date.now() > deadline) throw new Error(`run still at ${run.fetched} tasks`);
    await sleep(20);
  }
}

/** Waits until the run has ended, then reads it through the API once. */
async function waitForEnd(h: Harness, runId: string, timeoutMs = 30_000): Promise<RunBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runRow(h, runId);
    if (run.status !== 'queued' && run.status !== 'running') break;
    if (Date.now() > deadline) throw new Error(`run still ${run.status}: ${JSON.stringify(run)}`);
    await sleep(50);
  }
  return (await h.api('GET', `/api/v1/syncs/${runId}`)).json<RunBody>();
}

/** A fresh connection to the same upstream project, synced with no fault: the reference. */
async function cleanRun(h: Harness): Promise<{ dump: ProjectDump }> {
  h.fake.setLatency(0);
  const { projectId, runId } = await startSync(h, 'Clean');
  const run = await waitForEnd(h, runId);
  expect(run).toMatchObject({ status: 'succeeded', attempts: 1, error: null });
  return { dump: await dumpProject(getter(h), projectId) };
}

async function runsOf(h: Harness, connectionId: string): Promise<string[]> {
  const res = await h.api('GET', `/api/v1/connections/${connectionId}/syncs?limit=50`);
  return res.json<{ items: { id: string }[] }>().items.map((r) => r.id);
}

function taskCount(h: Harness): number {
  const planTypes = new Set(
    Object.values(h.dataset.workItemTypes)
      .flat()
      .filter((t) => t.group === 'plan')
      .map((t) => t.id),
  );
  return h.dataset.workItems.filter((i) => !i.is_deleted && !planTypes.has(i.type)).length;
}

/**
 * Issue 7's faults, each injected into a full sync (or, last, into a stream of client feedback posts). After
 * each, the stored data must equal, field for field, what a clean run of a fresh connection stores; the
 * faulty run is one run, and ends `succeeded`. Two tests pin bugs these faults found: an open transaction's
 * client erroring to nobody, and a run left `running` by a job that gave up while PostgreSQL was away.
 * Redis and PostgreSQL are private servers started here: the machine's own are never stopped. Worker SIGKILL
 * is worker-kill.test.ts; a webhook delivered five times, inbound-webhooks.test.ts.
 */
describe('faults survived', () => {
  test('Redis restarted mid-sync: the run waits, then completes once; data equals a clean run', async () => {
    const redis = await startPrivateRedis({ persistent: true });
    cleanUp.push(() => redis.close());
    const h = await startHarness({
      dataset: largeDataset(ITEMS, new Date()),
      env: { REDIS_URL: redis.url },
      fake: { latencyMs: LATENCY_MS },
    });
    cleanUp.push(() => h.close());
    const total = taskCount(h);

    const faulty = await startSync(h, 'Faulty');
    await fetchedAtLeast(h, faulty.runId, total / 4);
    await redis.stop('SIGTERM'); // a restart: the server shuts down cleanly, writing its AOF
    await sleep(OUTAGE_MS);
    // Without Redis the job cannot report progress or finish: the run holds, it does not fail.
    const during = await runRow(h, faulty.runId);
    expect(during.status).toBe('running');
    expect(during.fetched).toBeLessThan(total);
    await redis.start();

    // Each client reconnects on its own backoff; a job attempt that ran while the fail-fast client holding
    // the upstream request budget was still reconnecting is retried from the checkpoint: attempts may be > 1.
    const run = await waitForEnd(h, faulty.runId);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(run.counts.fetched).toBe(total); // counts commit with their page: a retried page counts once
    expect(await runsOf(h, faulty.connectionId)).toEqual([faulty.runId]);
    const dump = await dumpProject(getter(h), faulty.projectId);

    // After the restart the worker still takes new jobs (BullMQ #2466, #3185): the clean run is one.
    const clean = await cleanRun(h);
    expect(dump.tasks).toHaveLength(total);
    expect(dump).toEqual(clean.dump);
  }, 60_000);

  test('PostgreSQL restarted mid-sync: the run is retried and completes; data equals a clean run', async () => {
    const postgres = await startPrivatePostgres();
    cleanUp.push(() => postgres.close());
    const database = await openDatabase({ url: postgres.url });
    const h = await startHarness({
      database,
      dataset: largeDataset(ITEMS, new Date()),
      // 1 s, 2 s, 4 s…: a few seconds of outage cost a few attempts of the default eight.
      env: { SYNC_BACKOFF_MS: '1000' },
      fake: { latencyMs: LATENCY_MS },
    });
    cleanUp.push(() => h.close());
    const total = taskCount(h);

    const faulty = await startSync(h, 'Faulty');
    await fetchedAtLeast(h, faulty.runId, total / 4);
    await postgres.stop(); // fast shutdown: every session is ended, then the server is gone
    await sleep(OUTAGE_MS);
    await postgres.start();

    const run = await waitForEnd(h, faulty.runId);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(run.attempts).toBeGreaterThan(1); // the outage did hit the run
    expect(run.counts.fetched).toBe(total); // counts commit with their page: a retried page counts once
    expect(await runsOf(h, faulty.connectionId)).toEqual([faulty.runId]);
    const dump = await dumpProject(getter(h), faulty.projectId);

    const clean = await cleanRun(h);
    expect(dump.tasks).toHaveLength(total);
    expect(dump).toEqual(clean.dump);
  }, 60_000);

  test('PostgreSQL restarted with a transaction open: that transaction fails, the process does not', async () => {
    const postgres = await startPrivatePostgres();
    cleanUp.push(() => postgres.close());
    const database = await openDatabase({ url: postgres.url });
    cleanUp.push(() => database.close());
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    cleanUp.push(async () => process.off('uncaughtException', onUncaught));

    // Between two statements the transaction's client is checked out of the pool with no query running, as
    // a sync's page transaction is between its upsert and its checkpoint. Its 'error' had no listener: an
    // uncaught exception, which ends the service process.
    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await postgres.stop();
      await tx.execute(sql`select 1`);
    });
    await expect(transaction).rejects.toThrow();
    await postgres.start();
    const { rows } = (await database.db.execute(sql`select 1 as ok`)) as { rows: { ok: number }[] };
    expect(rows).toEqual([{ ok: 1 }]); // the pool replaced the dead client
    expect(uncaught).toEqual([]);
  }, 30_000);

  test('PostgreSQL away longer than the retry budget: the next request resumes the run it left', async () => {
    const postgres = await startPrivatePostgres();
    cleanUp.push(() => postgres.close());
    const database = await openDatabase({ url: postgres.url });
    const h = await startHarness({
      database,
      dataset: largeDataset(ITEMS, new Date()),
      env: { SYNC_ATTEMPTS: '2', SYNC_BACKOFF_MS: '200' },
      fake: { latencyMs: LATENCY_MS },
    });
    cleanUp.push(() => h.close());
    const total = taskCount(h);

    const faulty = await startSync(h, 'Faulty');
    await fetchedAtLeast(h, faulty.runId, total / 4);
    await postgres.stop();
    // Both attempts fail while the database is gone; the failure cannot be written to the run.
    const job = (await h.runtime.container.queues.sync.getJob(faulty.runId))!;
    for (const deadline = Date.now() + 15_000; !(await job.isFailed()); await sleep(50))
      if (Date.now() > deadline) throw new Error('the job did not give up');
    await postgres.start();
    expect((await runRow(h, faulty.runId)).status).toBe('running');

    // Any request for the project (the API, a webhook, the reconciliation schedule) gets that run going.
    const again = await h.api('POST', `/api/v1/connections/${faulty.connectionId}/syncs`, {
      projectId: faulty.projectId,
    });
    expect(again.json<RunBody>().id).toBe(faulty.runId);
    const run = await waitForEnd(h, faulty.runId, 20_000);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(await runsOf(h, faulty.connectionId)).toEqual([faulty.runId]);
    const dump = await dumpProject(getter(h), faulty.projectId);
    expect(dump).toEqual((await cleanRun(h)).dump);
  }, 60_000);

  test('upstream 429, 500, a timeout and malformed JSON: retried, one run; data equals a clean run', async () => {
    const h = await startHarness({
      dataset: largeDataset(ITEMS, new Date()),
      env: { UPSTREAM_TIMEOUT_MS: '1000' },
    });
    cleanUp.push(() => h.close());
    const pcProjectId = h.dataset.projects[0]!.id;
    const page = (n: number) => `work_items?project_id=${pcProjectId}&page_size=100&page_index=${n}`;
    h.fake.faults.add({ match: page(1), kind: 'status', status: 429, headers: { 'x-pc-retry-after': '1' } });
    h.fake.faults.add({ match: page(2), kind: 'status', status: 500 });
    h.fake.faults.add({ match: page(3), kind: 'hang' }); // never answered: the 1 s timeout ends it
    h.fake.faults.add({ match: page(5), kind: 'malformed' });
    h.fake.faults.add({ match: '/versions', kind: 'status', status: 503 });

    const faulty = await startSync(h, 'Faulty');
    const run = await waitForEnd(h, faulty.runId);
    expect(h.fake.faults.pending).toBe(0); // every fault was served
    // The 429 waits without costing an attempt; the 503, 500, timeout and malformed page cost one each.
    expect(run).toMatchObject({ status: 'succeeded', attempts: 5, error: null });
    expect(await runsOf(h, faulty.connectionId)).toEqual([faulty.runId]);
    const dump = await dumpProject(getter(h), faulty.projectId);

    const clean = await cleanRun(h);
    expect(dump.tasks).toHaveLength(taskCount(h));
    expect(dump).toEqual(clean.dump);
  }, 60_000);

  test('the API restarted (SIGTERM, then SIGKILL) while feedback is posted: no 303 without its row', async () => {
    // The API as its own process on the database the in-process harness sets up, with the same secret key
    // (so the page's form token holds there); it starts while the harness syncs.
    const database = await openTestDatabase('postgres');
    const secretKey = randomBytes(32).toString('base64');
    const prefix = uniqueName('faults');
    const port = await freePort();
    const env = {
      RUN_MODE: 'api',
      PORT: String(port),
      DATABASE_URL: database.url!,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      SECRET_KEY: secretKey,
      LOG_LEVEL: 'info',
      // Every post here comes from one address to one link: the limits must not be what refuses them.
      FEEDBACK_LIMIT_PER_IP: '1000000',
      FEEDBACK_LIMIT_PER_LINK: '1000000',
    };
    const spawned: ServiceProcess[] = [];
    cleanUp.push(async () => {
      for (const p of spawned)
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    });
    const startApi = async () => {
      const api = spawnScript(env);
      spawned.push(api);
      await serviceUrl(api);
      return api;
    };
    const firstApi = startApi();
    firstApi.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile

    const h = await startHarness({ database, env: { SECRET_KEY: secretKey, QUEUE_PREFIX: prefix } });
    cleanUp.push(() => h.close());
    const connection = await h.connect();
    const projectId = connection.projects[0]!.id;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');
    const link = (await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'en' })).json<{
      id: string;
      url: string;
    }>();
    const token = new URL(link.url).pathname.split('/').pop()!;
    const page = await h.runtime.app!.inject({ method: 'GET', url: `/s/${token}` });
    const formToken = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1];
    expect(formToken).toBeDefined();

    type Outcome = 'accepted' | 'answered' | 'refused' | 'in_flight';
    const posts: { body: string; outcome: Outcome; status?: number; phase: number }[] = [];
    let phase = 0;
    let stopping = false;
    const origin = `http://127.0.0.1:${port}`;
    const post = async (n: number) => {
      const body = `post ${n} ${randomBytes(4).toString('hex')}`;
      const at = phase;
      try {
        const res = await fetch(`${origin}/s/${token}/feedback`, {
          method: 'POST',
          redirect: 'manual',
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            formToken: formToken!,
            kind: 'comment',
            body,
            name: 'Load',
          }).toString(),
          signal: AbortSignal.timeout(15_000),
        });
        await res.arrayBuffer();
        posts.push({
          body,
          outcome: res.status === 303 ? 'accepted' : 'answered',
          status: res.status,
          phase: at,
        });
      } catch (error) {
        // Refused: no connection was ever made, so nothing can have been stored. Anything else happened to a
        // request that may have reached the server: it may or may not be stored, and the client saw an error.
        const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
        posts.push({ body, outcome: refused ? 'refused' : 'in_flight', phase: at });
        await sleep(refused ? 50 : 0); // nothing listens: the restart is under way
      }
    };
    const accepted = () => posts.filter((p) => p.outcome === 'accepted').length;
    const acceptedMore = async (n: number) => {
      const target = accepted() + n;
      const deadline = Date.now() + 20_000;
      while (accepted() < target) {
        if (Date.now() > deadline) throw new Error(`only ${accepted()} posts accepted`);
        await sleep(10);
      }
    };

    let api = await firstApi;
    let sequence = 0;
    const posters = Array.from({ length: 16 }, async () => {
      while (!stopping) await post(sequence++);
    });
    try {
      await acceptedMore(40);
      phase = 1;
      api.child.kill('SIGTERM');
      expect((await api.waitForExit(15_000)).code).toBe(0);
      api = await startApi();
      await acceptedMore(40);
      phase = 2;
      api.child.kill('SIGKILL');
      await api.waitForExit();
      api = await startApi();
      await acceptedMore(40);
    } finally {
      stopping = true;
      await Promise.all(posters);
    }
    api.child.kill('SIGTERM');
    expect((await api.waitForExit(15_000)).code).toBe(0);

    const stored = (
      await rawRows<{ body: string }>(
        h.runtime.container.database.db,
        sql`select body from feedback where share_link_id = ${link.id}`,
      )
    ).map((r) => r.body);
    const storedSet = new Set(stored);
    const bodies = (outcome: Outcome) => posts.filter((p) => p.outcome === outcome).map((p) => p.body);
    // Both restarts happened under load: posts failed while each process was going or gone.
    for (const restart of [1, 2])
      expect(
        posts.some((p) => p.phase === restart && p.outcome !== 'accepted'),
        `restart ${restart}`,
      ).toBe(true);

    // An answer other than 303 is the server saying it could not take the post (503 while closing), never a
    // refusal of the post itself.
    expect(posts.filter((p) => p.outcome === 'answered' && p.status! < 500)).toEqual([]);
    expect(stored.length).toBe(storedSet.size); // nothing stored twice
    expect(bodies('accepted').filter((b) => !storedSet.has(b))).toEqual([]); // no 303 without its row
    expect(bodies('refused').filter((b) => storedSet.has(b))).toEqual([]); // never sent, never stored
    const sent = new Set(posts.map((p) => p.body));
    expect(stored.filter((b) => !sent.has(b))).toEqual([]);
    // Beyond the 303s, only posts the client saw fail mid-flight (or answered otherwise) may be stored.
    const acceptedSet = new Set(bodies('accepted'));
    const unsure = new Set([...bodies('in_flight'), ...bodies('answered')]);
    expect(stored.filter((b) => !acceptedSet.has(b) && !unsure.has(b))).toEqual([]);
    expect(stored.length).toBeLessThanOrEqual(acceptedSet.size + unsure.size);
    expect(acceptedSet.size).toBeGreaterThanOrEqual(120);
  }, 60_000);
});

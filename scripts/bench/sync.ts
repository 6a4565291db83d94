import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import axios from 'axios';
import { and, count, eq } from 'drizzle-orm';
import { loadConfig } from '../../service/config';
import { pingcodeConnector } from '../../service/connectors/pingcode/pingcode.connector';
import { createLogger } from '../../service/logger';
import { checkRedis } from '../../service/redis';
import { startRuntime, type Runtime } from '../../service/runtime';
import type { Database, Db } from '../../service/store/db';
import { tasks, type SyncRunRow } from '../../service/store/schema';
import type { Page, PcWorkItem } from '../fake-pingcode/types';
import { startFakeUpstream, type FakeMode, type FakeUpstream } from './fake-upstream';
import {
  deleteRedisKeys,
  fixed,
  mb,
  openBenchDatabase,
  sampleRss,
  uniqueName,
  type StoreKind,
} from './support';

/**
 * `npm run bench:sync`: a full ClientLens sync of a large fake PingCode project against a bare loop that
 * fetches the same task pages at the same per-request latency, in the same process. The time ratio shows
 * whether storing a page overlaps fetching the next; the zero-latency pair shows what the store itself costs.
 * See ./README.md.
 */
const USAGE = `Usage: npm run bench:sync -- [options]
  --items <n>                 work items in the fake project (default 10000)
  --latency <ms>              added to every fake PingCode response (default 50)
  --store pglite|postgres     in-memory PGlite (default) or a throwaway PostgreSQL database
  --fake thread|main          run the fake PingCode on its own thread (default) or on the main thread
  --json                      also print one JSON line with every figure
Environment: REDIS_URL (redis://127.0.0.1:6379), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test,
the server where --store postgres creates and drops its database).`;

const PAGE_SIZE = 100; // what the PingCode connector asks for
const WARM_UP_ITEMS = 500;
const POLL_MS = 20;
const TARGET_RATIO = 1.2;
const TARGET_RSS_MB = 150;
/** ClientLens's own request budget per PingCode connection (the limit PingCode documents). */
const CONNECTOR_REQUESTS_PER_MINUTE = pingcodeConnector.defaults.requestsPerMinute;

interface Options {
  items: number;
  latency: number;
  store: StoreKind;
  fake: FakeMode;
  json: boolean;
}

interface Measure {
  seconds: number;
  /** Work items received (bare loop) or fetched as tasks by the run (ClientLens). */
  items: number;
  itemsPerSecond: number;
  /** Requests the fake PingCode answered during the timed part. */
  requests: number;
  byRoute: Record<string, number>;
  peakRssGrowthBytes: number;
}

interface Pair {
  latencyMs: number;
  bare: Measure;
  clientLens: Measure;
  /** ClientLens wall time ÷ bare-loop wall time. */
  ratio: number;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: '10000' },
      latency: { type: 'string', default: '50' },
      store: { type: 'string', default: 'pglite' },
      fake: { type: 'string', default: 'thread' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const items = Number(values.items);
  const latency = Number(values.latency);
  if (!Number.isInteger(items) || items < 10) throw new Error(`--items must be an integer ≥ 10\n\n${USAGE}`);
  if (!Number.isInteger(latency) || latency < 0)
    throw new Error(`--latency must be a non-negative integer\n\n${USAGE}`);
  if (values.store !== 'pglite' && values.store !== 'postgres')
    throw new Error(`--store must be pglite or postgres\n\n${USAGE}`);
  if (values.fake !== 'thread' && values.fake !== 'main')
    throw new Error(`--fake must be thread or main\n\n${USAGE}`);
  return { items, latency, store: values.store, fake: values.fake, json: values.json };
}

/**
 * The baseline: the task pages a full run lists (`GET work_items?project_id&page_size=100&page_index=N`),
 * one after another, JSON parsed and dropped. The token is fetched before the clock starts, as the run's is
 * (the connector caches the one it got while the connection was created).
 */
async function bareLoop(fake: FakeUpstream): Promise<Measure> {
  const agent = new http.Agent({ keepAlive: true });
  const client = axios.create({ baseURL: fake.url, httpAgent: agent });
  try {
    const { data: token } = await client.get<{ access_token: string }>('/v1/auth/token', {
      params: {
        grant_type: 'client_credentials',
        client_id: fake.clientId,
        client_secret: fake.clientSecret,
      },
    });
    const headers = { Authorization: `Bearer ${token.access_token}` };
    await fake.resetStats();
    const rss = sampleRss();
    const started = performance.now();
    let items = 0;
    for (let pageIndex = 0; ; pageIndex++) {
      const { data: page } = await client.get<Page<PcWorkItem>>(`/v1/${fake.area}/work_items`, {
        params: { project_id: fake.projectId, page_size: PAGE_SIZE, page_index: pageIndex },
        headers,
      });
      items += page.values.length;
      if (page.values.length === 0 || (page.page_index + 1) * page.page_size >= page.total) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const peakRssGrowthBytes = rss.stop();
    const stats = await fake.stats();
    return {
      seconds,
      items,
      itemsPerSecond: items / seconds,
      requests: stats.requests,
      byRoute: stats.byRoute,
      peakRssGrowthBytes,
    };
  } finally {
    agent.destroy();
  }
}

interface Bench {
  runtime: Runtime;
  workspaceId: string;
}

/**
 * One full ClientLens sync, timed from the request until the run reads `succeeded`. Each call creates a new
 * connection, so the run lists a project ClientLens has never seen and inserts every task as a new row.
 */
async function clientLensSync(bench: Bench, fake: FakeUpstream, label: string): Promise<Measure> {
  const { services, database } = bench.runtime.container;
  const { connection, projects } = await services.connections.create(bench.workspaceId, {
    provider: 'pingcode',
    name: label,
    baseUrl: fake.url,
    credentials: { clientId: fake.clientId, clientSecret: fake.clientSecret },
  });
  const project = projects.find((p) => p.externalId === fake.projectId);
  if (!project) throw new Error(`${label}: the connection did not discover project ${fake.projectId}`);

  await fake.resetStats();
  const rss = sampleRss();
  const started = performance.now();
  const { run } = await services.syncs.request(
    bench.workspaceId,
    connection.id,
    { projectId: project.id, kind: 'full' },
    'api',
  );
  const done = await waitForRun(bench, run.id, label);
  const seconds = (performance.now() - started) / 1000;
  const peakRssGrowthBytes = rss.stop();
  const stats = await fake.stats();

  const stored = await liveTasks(database.db, project.id);
  if (done.kind !== 'full' || done.fetched !== fake.tasks || stored !== fake.tasks)
    throw new Error(
      `${label}: expected a full run storing ${fake.tasks} tasks, got a ${done.kind} run that fetched ` +
        `${done.fetched} and left ${stored} live tasks`,
    );
  return {
    seconds,
    items: done.fetched,
    itemsPerSecond: done.fetched / seconds,
    requests: stats.requests,
    byRoute: stats.byRoute,
    peakRssGrowthBytes,
  };
}

async function waitForRun(bench: Bench, runId: string, label: string): Promise<SyncRunRow> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const run = await bench.runtime.container.services.syncs.get(bench.workspaceId, runId);
    if (run.status === 'succeeded') return run;
    if (run.status !== 'queued' && run.status !== 'running')
      throw new Error(`${label}: the sync run ended ${run.status}: ${JSON.stringify(run.error)}`);
    if (run.progress.waitingUntil)
      throw new Error(
        `${label}: the run is waiting for a rate limit until ${run.progress.waitingUntil}; ` +
          'the figures would measure the wait, not the sync',
      );
    if (Date.now() > deadline) throw new Error(`${label}: the run is still ${run.status} after 10 minutes`);
    await sleep(POLL_MS);
  }
}

async function liveTasks(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(eq(tasks.projectId, projectId), eq(tasks.deleted, false)));
  return row?.n ?? 0;
}

async function measurePair(bench: Bench, fake: FakeUpstream, latencyMs: number): Promise<Pair> {
  await fake.setLatency(latencyMs);
  const bare = await bareLoop(fake);
  const clientLens = await clientLensSync(bench, fake, `bench ${latencyMs} ms`);
  return { latencyMs, bare, clientLens, ratio: clientLens.seconds / bare.seconds };
}

function report(options: Options, fake: FakeUpstream, main: Pair, zero: Pair): string[] {
  const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');
  const rssMb = mb(main.clientLens.peakRssGrowthBytes);
  const extra = main.clientLens.requests - main.bare.requests;
  const routes = Object.entries(main.clientLens.byRoute)
    .map(([route, n]) => `${route.replace(/^GET \/v1\/(pjm|project)/, '')} ×${n}`)
    .join(', ');
  const row = (name: string, m: Measure) =>
    `${name.padEnd(17)}${fixed(m.itemsPerSecond, 1, 10)}${fixed(m.seconds, 2, 10)}` +
    `${String(m.requests).padStart(10)}${fixed(mb(m.peakRssGrowthBytes), 0, 10)}`;
  return [
    `sync benchmark — ${fake.workItems} work items (${fake.tasks} tasks + ${fake.workItems - fake.tasks} plan ` +
      `milestones), store ${options.store}, latency ${main.latencyMs} ms/request, fake PingCode on ${options.fake === 'thread' ? 'its own' : 'the main'} thread`,
    `                     items/s   seconds  requests  peak RSS growth (MB)`,
    row('bare fetch loop', main.bare),
    row('ClientLens sync', main.clientLens),
    `ratio (ClientLens ÷ bare, time)  ${fixed(main.ratio, 2, 5)}   target ≤ ${TARGET_RATIO}   ${verdict(main.ratio <= TARGET_RATIO)}`,
    `peak RSS growth (ClientLens)    ${fixed(rssMb, 0, 4)} MB   target < ${TARGET_RSS_MB} MB  ${verdict(rssMb < TARGET_RSS_MB)}`,
    `  the run's ${extra} requests beyond the task pages (project, milestones, work item types) count in its ` +
      `time: ${extra} × ${main.latencyMs} ms = ${((extra * main.latencyMs) / 1000).toFixed(2)} s`,
    `  ClientLens requests: ${routes}`,
    `at 0 ms latency (store cost, no target): bare ${zero.bare.itemsPerSecond.toFixed(0)} items/s, ` +
      `ClientLens ${zero.clientLens.itemsPerSecond.toFixed(0)} items/s, ratio ${zero.ratio.toFixed(2)}, ` +
      `peak RSS growth ${mb(zero.clientLens.peakRssGrowthBytes).toFixed(0)} MB`,
  ];
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    console.log(USAGE);
    return;
  }
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  await checkRedis(redisUrl);
  const requestsPerRun = Math.ceil(options.items / PAGE_SIZE) + 10;
  if (requestsPerRun > CONNECTOR_REQUESTS_PER_MINUTE)
    console.warn(
      `note: a run sends about ${requestsPerRun} requests, more than one connection may send per minute ` +
        `(${CONNECTOR_REQUESTS_PER_MINUTE}); it will stop at ClientLens's own budget.`,
    );

  const prefix = uniqueName('clbench');
  const config = loadConfig({
    RUN_MODE: 'all',
    PORT: '0',
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ALLOW_PRIVATE_UPSTREAMS: 'true',
  });
  const fakes: FakeUpstream[] = [];
  let database: Database | undefined;
  let runtime: Runtime | undefined;
  try {
    const fake = await startFakeUpstream(options.items, options.fake);
    fakes.push(fake);
    const warmFake = await startFakeUpstream(WARM_UP_ITEMS, options.fake);
    fakes.push(warmFake);
    database = await openBenchDatabase(options.store, adminUrl);
    runtime = await startRuntime(config, createLogger('silent'), { database });
    const { workspace } = await runtime.container.services.workspaces.create({
      name: 'Benchmark',
      timezone: 'Asia/Shanghai',
    });
    const bench: Bench = { runtime, workspaceId: workspace.id };

    // Warm-up on a small project: JIT, first sockets, first inserts; nothing from it is reported.
    await bareLoop(warmFake);
    await clientLensSync(bench, warmFake, 'warm-up');

    const main = await measurePair(bench, fake, options.latency);
    const zero = await measurePair(bench, fake, 0);

    for (const line of report(options, fake, main, zero)) console.log(line);
    if (options.json)
      console.log(
        JSON.stringify({
          bench: 'sync',
          workItems: fake.workItems,
          tasks: fake.tasks,
          store: options.store,
          fake: options.fake,
          node: process.version,
          gcBeforeRss: typeof globalThis.gc === 'function',
          targets: { ratio: TARGET_RATIO, rssGrowthMb: TARGET_RSS_MB },
          ok: {
            ratio: main.ratio <= TARGET_RATIO,
            rss: mb(main.clientLens.peakRssGrowthBytes) < TARGET_RSS_MB,
          },
          atLatency: main,
          atZeroLatency: zero,
        }),
      );
  } finally {
    await runtime?.close();
    await database?.close(); // again: waits for the drop of a PostgreSQL database that outlived close's bound
    await Promise.all(fakes.map((fake) => fake.close()));
    await deleteRedisKeys(redisUrl, prefix);
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

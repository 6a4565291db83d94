import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { LOCALES, type Locale } from '../../service/domain/model';
import type { DetailLevel } from '../../service/domain/update';
import { createLogger } from '../../service/logger';
import { pageTranslator } from '../../service/render/page-translators';
import { publishedUpdateProps, renderSharePage } from '../../service/render/pages/share-page';
import { startRuntime, type Runtime } from '../../service/runtime';
import { createPageVersions } from '../../service/services/page-versions';
import type { Database, Db } from '../../service/store/db';
import type { ShareLinkRow } from '../../service/store/schema';
import { loadSummary } from '../../service/store/summaries.store';
import { listPublishedContent } from '../../service/store/updates.store';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { benchRuntimeConfig, renderJobsDone, syncedProject } from './synced-project';
import { measureSummaryTime } from './summary-time';
import { deleteRedisKeys, fixed, openBenchDatabase, type StoreKind } from './support';

/**
 * `npm run bench:share-page`: the client page of a large synced project under autocannon, against a bare
 * Fastify route answering a static body of the same size, in the same run; then where one request's time
 * goes, and how long computing the summary takes. See ./README.md.
 */
const WARM_UP_S = 2;
const USAGE = `Usage: npm run bench:share-page -- [options]
  --items <n>                     work items in the fake project (default 10000)
  --duration <s>                  seconds per autocannon run, each after a ${WARM_UP_S} s warm-up (default 10)
  --connections <n>               concurrent connections (default 50)
  --detail overview|detailed|both the share link's detail level under load (default overview; the breakdown
                                  always covers both)
  --updates <n>                   published updates in the project's history (default 1)
  --store pglite|postgres         in-memory PGlite (default) or a throwaway PostgreSQL database
  --json                          also print one JSON line with every figure
Environment: REDIS_URL (redis://127.0.0.1:6379), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test,
the server where --store postgres creates and drops its database).`;

const TARGET_RATIO = 0.5;
/** Summary computation targets from the issue: tasks → milliseconds. */
const TARGET_SUMMARY_MS: readonly (readonly [tasks: number, ms: number])[] = [
  [10_000, 50],
  [100_000, 500],
];
/** Sequential repetitions per step of the breakdown. */
const BREAKDOWN_RUNS = 20;
const COMPUTE_RUNS = 3;
const SETTLE_WINDOW_MS = 250;
/** Main-thread busy share under which the server counts as idle between runs. */
const SETTLE_IDLE = 0.05;

interface Options {
  items: number;
  duration: number;
  connections: number;
  detail: DetailLevel | 'both';
  updates: number;
  store: StoreKind;
  json: boolean;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: '10000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      detail: { type: 'string', default: 'overview' },
      updates: { type: 'string', default: '1' },
      store: { type: 'string', default: 'pglite' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const int = (name: string, raw: string, min: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}\n\n${USAGE}`);
    return n;
  };
  const { detail, store } = values;
  if (detail !== 'overview' && detail !== 'detailed' && detail !== 'both')
    throw new Error(`--detail must be overview, detailed or both\n\n${USAGE}`);
  if (store !== 'pglite' && store !== 'postgres')
    throw new Error(`--store must be pglite or postgres\n\n${USAGE}`);
  return {
    items: int('items', values.items, 10),
    duration: int('duration', values.duration, 1),
    connections: int('connections', values.connections, 1),
    detail,
    updates: int('updates', values.updates, 1),
    store,
    json: values.json,
  };
}

interface Bench {
  runtime: Runtime;
  db: Db;
  projectId: string;
  /** ClientLens's own address (the share links' host, but always the IPv4 loopback the baseline uses). */
  origin: string;
  links: Record<DetailLevel, { row: ShareLinkRow; token: string; path: string }>;
  summarySaves: () => Promise<number>;
}

/** Fake PingCode → connection → full sync → N published updates → render job done → a link per level. */
async function setUp(runtime: Runtime, fake: FakeUpstream, options: Options): Promise<Bench> {
  const { services, database } = runtime.container;
  const { db } = database;
  const { workspace, project } = await syncedProject(runtime, fake, 'Benchmark');

  for (let i = 0; i < options.updates; i++) {
    const draft = await services.updates.createDraft(workspace.id, project.id);
    await services.updates.publish(workspace.id, draft.id);
  }
  // The render jobs that the sync and the publishes queued: none may run while the page is measured.
  await renderJobsDone(runtime);
  if (!(await loadSummary(db, project.id))) throw new Error('the render job stored no summary');

  const summarySaves = await countSummarySaves(db);
  const address = runtime.app?.server.address();
  if (!address || typeof address !== 'object') throw new Error('ClientLens is not listening');
  const origin = `http://127.0.0.1:${address.port}`;
  const link = async (detail: DetailLevel) => {
    const { row, url } = await services.shareLinks.create(workspace.id, project.id, {
      label: `bench ${detail}`,
      locale: 'en',
      detail,
    });
    const { pathname } = new URL(url);
    return { row, token: pathname.split('/').pop() ?? '', path: pathname };
  };
  return {
    runtime,
    db,
    projectId: project.id,
    origin,
    links: { overview: await link('overview'), detailed: await link('detailed') },
    summarySaves,
  };
}

/**
 * Counts writes of `project_summary` (one per summary computation) with a trigger in the throwaway
 * database, so the benchmark can tell whether a run recomputed the summary while it was being measured.
 */
async function countSummarySaves(db: Db): Promise<() => Promise<number>> {
  await db.execute(sql`create table bench_summary_saves (n bigint not null)`);
  await db.execute(sql`insert into bench_summary_saves values (0)`);
  await db.execute(
    sql.raw(`create function bench_count_summary_save() returns trigger language plpgsql as $$
      begin update bench_summary_saves set n = n + 1; return null; end $$`),
  );
  await db.execute(
    sql`create trigger bench_summary_saves after insert or update on project_summary
        for each row execute function bench_count_summary_save()`,
  );
  return async () => {
    // node-postgres and PGlite both answer { rows }; bigint comes back as a string from the former.
    const { rows } = (await db.execute(sql`select n from bench_summary_saves`)) as { rows: { n: unknown }[] };
    return Number(rows[0]?.n ?? Number.NaN);
  };
}

interface Page {
  status: number;
  bytes: number;
  body: string;
}

async function fetchPage(url: string): Promise<Page> {
  const response = await fetch(url);
  const body = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(body), body };
}

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Share of the run the main thread (where both servers run) was busy, 0..1. */
  mainThreadBusy: number;
  /** Summary computations (stored-summary writes) during the timed part. */
  recomputes?: number;
}

/** One autocannon run on its own thread; requests/s counts 2xx answers only. */
async function cannon(url: string, options: Options, seconds: number): Promise<Load> {
  const before = performance.eventLoopUtilization();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const tracker = autocannon(
      { url, connections: options.connections, duration: seconds, workers: 1 },
      (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    tracker.on('error', reject);
  });
  const busy = performance.eventLoopUtilization(before);
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mainThreadBusy: busy.utilization,
  };
}

/**
 * Waits until the main thread has been idle for two windows in a row. When autocannon stops it closes its
 * sockets, but the requests already queued on a slow server still run to the end; without this they would
 * steal time from whatever is measured next.
 */
async function settle(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (let idle = 0; idle < 2;) {
    const start = performance.eventLoopUtilization();
    await sleep(SETTLE_WINDOW_MS);
    idle = performance.eventLoopUtilization(start).utilization < SETTLE_IDLE ? idle + 1 : 0;
    if (Date.now() > deadline) throw new Error('the server was still busy 2 minutes after a run');
  }
}

/**
 * The baseline: a bare Fastify on the same (main) thread as ClientLens, one route, a static body. The body is
 * encoded once, as ClientLens keeps its finished pages, so neither side pays for UTF-8 encoding per request.
 */
async function startBaseline(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  const bytes = Buffer.from(body);
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(bytes));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}/`, close: () => app.close() };
}

interface Pair {
  detail: DetailLevel;
  pageBytes: number;
  baseline: Load;
  clientLens: Load;
  /** ClientLens requests/s ÷ baseline requests/s. */
  ratio: number;
}

async function measurePair(bench: Bench, detail: DetailLevel, options: Options): Promise<Pair> {
  const url = bench.origin + bench.links[detail].path;
  const page = await fetchPage(url);
  if (page.status !== 200) throw new Error(`GET ${bench.links[detail].path} answered ${page.status}`);
  if (!page.body.includes('<html')) throw new Error(`the ${detail} page is not an HTML document`);

  const baseline = await startBaseline(page.body);
  let bare: Load;
  try {
    const check = await fetchPage(baseline.url);
    if (check.bytes !== page.bytes) throw new Error('the baseline body differs in size from the page');
    await cannon(baseline.url, options, WARM_UP_S);
    await settle();
    bare = await cannon(baseline.url, options, options.duration);
    await settle();
  } finally {
    await baseline.close();
  }

  // A freshly stored summary (valid until midnight, so the run measures serving it, not recomputing it).
  await bench.runtime.container.services.summaries.compute(bench.projectId);
  await cannon(url, options, WARM_UP_S);
  await settle();
  const saves = await bench.summarySaves();
  const clientLens = await cannon(url, options, options.duration);
  await settle();
  clientLens.recomputes = (await bench.summarySaves()) - saves;
  return {
    detail,
    pageBytes: page.bytes,
    baseline: bare,
    clientLens,
    ratio: clientLens.requestsPerSecond / bare.requestsPerSecond,
  };
}

interface Step {
  name: string;
  ms: number;
  note?: string;
}

async function meanMs(runs: number, work: () => unknown): Promise<number> {
  await work(); // warm-up
  const started = performance.now();
  for (let i = 0; i < runs; i++) await work();
  return (performance.now() - started) / runs;
}

/**
 * Where one request's time goes: the route's steps called one after another on an idle server (mean of
 * BREAKDOWN_RUNS), with the JSON.parse of the stored summary alone as the floor of loading it. No target:
 * it explains the ratio.
 */
async function breakdown(bench: Bench): Promise<{ steps: Step[]; summaryBytes: number }> {
  const { services, pagesRedis: redis, config } = bench.runtime.container;
  const versions = createPageVersions(redis, config.QUEUE_PREFIX);
  const { db, projectId } = bench;
  const { overview, detailed } = bench.links;
  await services.summaries.compute(projectId);

  const view = await services.summaries.forProject(projectId);
  if (!view) throw new Error('the project has no summary');
  const published = await listPublishedContent(db, projectId);
  const summaryText = JSON.stringify(view.summary);
  const render = (link: ShareLinkRow, token: string) => {
    const locale: Locale = link.locale;
    return renderSharePage({
      t: pageTranslator(locale),
      summary: view.summary,
      ...publishedUpdateProps(published),
      detail: link.detail,
      timeZone: view.timeZone,
      languages: LOCALES.map((l) => ({ locale: l, href: `/s/${token}?lang=${l}`, current: l === locale })),
      label: link.label,
    });
  };

  const steps: Step[] = [];
  const step = async (name: string, work: () => unknown, note?: string, runs = BREAKDOWN_RUNS) => {
    steps.push({ name, ms: await meanMs(runs, work), ...(note ? { note } : {}) });
  };
  await step('whole request, overview (GET over HTTP)', () => fetchPage(bench.origin + overview.path));
  await step('whole request, detailed (GET over HTTP)', () => fetchPage(bench.origin + detailed.path));
  await step(
    'whole request after a change, overview',
    async () => {
      await versions.bump(projectId);
      await fetchPage(bench.origin + overview.path);
    },
    'page version replaced first: link, summary and updates loaded, page rendered',
  );
  await step(
    'sharePages.open (cached link)',
    () => services.sharePages.open(overview.token),
    'one Redis GET',
  );
  await step('  of which the page version (Redis GET)', () => versions.current(projectId));
  await step(
    'summaries.forProject (fresh stored summary)',
    () => services.summaries.forProject(projectId),
    'project + stored summary + connection + workspace',
  );
  await step('  of which loadSummary', () => loadSummary(db, projectId));
  await step(
    '  of which JSON.parse of the summary',
    () => JSON.parse(summaryText),
    'the floor of loading it',
  );
  await step(`listPublishedContent, ${published.length} update(s)`, () =>
    listPublishedContent(db, projectId),
  );
  await step('render, overview', () => render(overview.row, overview.token));
  await step('render, detailed', () => render(detailed.row, detailed.token));
  await step('a view counted and flushed (UPDATE share_link)', async () => {
    services.shareLinks.recordView(overview.row);
    await services.shareLinks.flushViews();
  });
  await step(
    'summaries.compute (after a change, or past validUntil)',
    () => services.summaries.compute(projectId),
    'load tasks + summarize + save',
    COMPUTE_RUNS,
  );
  return { steps, summaryBytes: Buffer.byteLength(summaryText) };
}

interface Burst {
  requests: number;
  freshMs: number;
  staleMs: number;
  /** Summary computations the stale burst started (1 would be enough). */
  staleRecomputes: number;
}

/**
 * (d) The stale path under concurrency: `connections` requests at once while the stored summary is past its
 * `validUntil` (and the page version replaced, as the midnight after a summary does to every cached page),
 * against the same burst on a fresh summary; counts how many of them recomputed it.
 */
async function staleBurst(bench: Bench, connections: number): Promise<Burst> {
  const url = bench.origin + bench.links.overview.path;
  const burst = async () => {
    const started = performance.now();
    const pages = await Promise.all(Array.from({ length: connections }, () => fetchPage(url)));
    if (pages.some((p) => p.status !== 200)) throw new Error('a page of the burst was not 200');
    return performance.now() - started;
  };
  await bench.runtime.container.services.summaries.compute(bench.projectId);
  await burst(); // warm sockets
  const freshMs = await burst();
  const past = new Date(Date.now() - 1_000).toISOString();
  await bench.db.execute(
    sql`update project_summary set summary = jsonb_set(summary, '{validUntil}', to_jsonb(${past}::text)),
          computed_at = now() where project_id = ${bench.projectId}`,
  );
  const { pagesRedis: redis, config } = bench.runtime.container;
  await createPageVersions(redis, config.QUEUE_PREFIX).bump(bench.projectId);
  const saves = await bench.summarySaves();
  const staleMs = await burst();
  return { requests: connections, freshMs, staleMs, staleRecomputes: (await bench.summarySaves()) - saves };
}

const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

function report(
  options: Options,
  fake: FakeUpstream,
  pairs: Pair[],
  parts: Awaited<ReturnType<typeof breakdown>>,
  burst: Burst,
  summaryTimes: { tasks: number; ms: number }[],
): string[] {
  const lines = [
    `share-page benchmark — ${fake.workItems} work items (${fake.tasks} tasks), store ${options.store}, ` +
      `${options.updates} published update(s), ${options.connections} connections, ${options.duration} s per ` +
      `run after ${WARM_UP_S} s of warm-up; autocannon on its own thread, both servers on the main thread`,
  ];
  const row = (name: string, l: Load) =>
    `${name.padEnd(24)}${fixed(l.requestsPerSecond, 1, 9)}${fixed(l.p50, 0, 8)}${fixed(l.p99, 0, 8)}` +
    `${String(l.errors).padStart(8)}${String(l.non2xx).padStart(9)}${fixed(l.mainThreadBusy * 100, 0, 9)} %` +
    fixed((l.mainThreadBusy * 1000) / l.requestsPerSecond, 2, 14);
  for (const pair of pairs) {
    lines.push(
      `${`${pair.detail} page (${kb(pair.pageBytes)})`.padEnd(24)}    req/s  p50 ms  p99 ms  errors  non-2xx  main busy  main ms/req`,
      row('bare Fastify (static)', pair.baseline),
      row('ClientLens /s/:token', pair.clientLens),
      `ratio (ClientLens ÷ bare, req/s)  ${pair.ratio.toFixed(3)}   target ≥ ${TARGET_RATIO}   ` +
        verdict(pair.ratio >= TARGET_RATIO),
      `  summary recomputed during the timed run: ${pair.clientLens.recomputes ?? 0} time(s)`,
    );
  }
  lines.push('summary computation (summarize only, median of 5):');
  for (const { tasks, ms } of summaryTimes) {
    const target = TARGET_SUMMARY_MS.find(([n]) => n === tasks)?.[1];
    lines.push(
      `  ${String(tasks).padStart(7)} tasks ${fixed(ms, 1, 7)} ms` +
        (target === undefined ? '' : `   target < ${target} ms   ${verdict(ms < target)}`),
    );
  }
  lines.push(
    `where one request's time goes (one at a time on an idle server, mean ms; no target; the stored ` +
      `summary is ${kb(parts.summaryBytes)} of JSON):`,
  );
  for (const s of parts.steps)
    lines.push(`  ${s.name.padEnd(46)}${fixed(s.ms, 2, 9)}${s.note ? `   ${s.note}` : ''}`);
  lines.push(
    `stale summary under a burst of ${burst.requests} concurrent requests: ${burst.staleMs.toFixed(0)} ms ` +
      `(fresh: ${burst.freshMs.toFixed(0)} ms), ${burst.staleRecomputes} summary computation(s) for one stale summary`,
  );
  return lines;
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    console.log(USAGE);
    return;
  }
  const levels: DetailLevel[] = options.detail === 'both' ? ['overview', 'detailed'] : [options.detail];
  const { config, redisUrl, adminUrl, prefix } = await benchRuntimeConfig();
  let fake: FakeUpstream | undefined;
  let database: Database | undefined;
  let runtime: Runtime | undefined;
  try {
    fake = await startFakeUpstream(options.items, 'thread');
    await fake.setLatency(0);
    database = await openBenchDatabase(options.store, adminUrl);
    runtime = await startRuntime(config, createLogger('silent'), { database });
    const bench = await setUp(runtime, fake, options);

    const pairs: Pair[] = [];
    for (const detail of levels) pairs.push(await measurePair(bench, detail, options));
    const parts = await breakdown(bench);
    const burst = await staleBurst(bench, options.connections);
    const summaryTimes = await measureSummaryTime(TARGET_SUMMARY_MS.map(([tasks]) => tasks));

    for (const line of report(options, fake, pairs, parts, burst, summaryTimes)) console.log(line);
    if (options.json)
      console.log(
        JSON.stringify({
          bench: 'share-page',
          workItems: fake.workItems,
          tasks: fake.tasks,
          store: options.store,
          updates: options.updates,
          connections: options.connections,
          durationS: options.duration,
          node: process.version,
          targets: { ratio: TARGET_RATIO, summaryMs: Object.fromEntries(TARGET_SUMMARY_MS) },
          ok: {
            ratio: Object.fromEntries(pairs.map((p) => [p.detail, p.ratio >= TARGET_RATIO])),
            summary: Object.fromEntries(
              summaryTimes.map(({ tasks, ms }) => [
                tasks,
                ms < (TARGET_SUMMARY_MS.find(([n]) => n === tasks)?.[1] ?? Infinity),
              ]),
            ),
          },
          pairs,
          breakdown: parts,
          staleBurst: burst,
          summaryTimes,
        }),
      );
  } finally {
    await runtime?.close();
    await database?.close(); // again: waits for the drop of a PostgreSQL database that outlived close's bound
    await fake?.close();
    await deleteRedisKeys(redisUrl, prefix);
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

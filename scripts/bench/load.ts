import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { createLogger } from '../../service/logger';
import { startRuntime, type Runtime } from '../../service/runtime';
import type { Database, Db } from '../../service/store/db';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { benchRuntimeConfig, renderJobsDone, syncedProject } from './synced-project';
import { deleteRedisKeys, fixed, openBenchDatabase, type StoreKind } from './support';

/**
 * `npm run bench:load`: one ClientLens process under many concurrent connections over what clients and
 * integrators do most (the share page, the summary API, feedback posts), against GET /healthz of the same
 * process under the same load in the same run; then every feedback post it accepted is looked up in the
 * database. See ./README.md.
 */
const WARM_UP_S = 2;
const USAGE = `Usage: npm run bench:load -- [options]
  --connections <n>        concurrent connections (default 200)
  --duration <s>           seconds per autocannon run, each after a ${WARM_UP_S} s warm-up (default 30)
  --items <n>              work items in the fake project (default 1000)
  --store postgres|pglite  a throwaway PostgreSQL database (default) or in-memory PGlite
  --breakdown              also load each request of the mix alone, for as long, to see which one costs
  --json                   also print one JSON line with every figure
Environment: REDIS_URL (redis://127.0.0.1:6379), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test,
the server where --store postgres creates and drops its database).`;

/** Targets: nothing but 2xx/3xx answers, no socket error or timeout, and no accepted post missing. */
const TARGET_FAILURES = 0;
/**
 * The feedback limits are abuse limits for one client: 20 posts per address and 60 per link per hour.
 * Every post here comes from 127.0.0.1 to one link, so with them nearly all posts would be 429 and the run
 * would measure refusing feedback, not storing it. Raised out of reach, the limiter still runs (two Redis
 * counters per post) and its cost stays in the figures; the same goes for the API key's request budget.
 */
const UNLIMITED = '100000000';
const SETTLE_WINDOW_MS = 250;
const SETTLE_IDLE = 0.05;

interface Options {
  connections: number;
  duration: number;
  items: number;
  store: StoreKind;
  breakdown: boolean;
  json: boolean;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '200' },
      duration: { type: 'string', default: '30' },
      items: { type: 'string', default: '1000' },
      store: { type: 'string', default: 'postgres' },
      breakdown: { type: 'boolean', default: false },
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
  const { store } = values;
  if (store !== 'pglite' && store !== 'postgres')
    throw new Error(`--store must be postgres or pglite\n\n${USAGE}`);
  return {
    connections: int('connections', values.connections, 1),
    duration: int('duration', values.duration, 1),
    items: int('items', values.items, 10),
    store,
    breakdown: values.breakdown,
    json: values.json,
  };
}

interface Target {
  origin: string;
  db: Db;
  projectId: string;
  apiKey: string;
  token: string;
  linkId: string;
  formToken: string;
}

/** Fake PingCode → connection → full sync → a published update → render done → a share link and its form. */
async function setUp(runtime: Runtime, fake: FakeUpstream): Promise<Target> {
  const { services, database } = runtime.container;
  const { workspace, key, project } = await syncedProject(runtime, fake, 'Load');
  const draft = await services.updates.createDraft(workspace.id, project.id);
  await services.updates.publish(workspace.id, draft.id);
  await renderJobsDone(runtime);
  const { row, url } = await services.shareLinks.create(workspace.id, project.id, {
    label: 'load',
    locale: 'en',
    detail: 'overview',
  });
  const address = runtime.app?.server.address();
  if (!address || typeof address !== 'object') throw new Error('ClientLens is not listening');
  const origin = `http://127.0.0.1:${address.port}`;
  const token = new URL(url).pathname.split('/').pop() ?? '';
  const page = await fetch(`${origin}/s/${token}`);
  const formToken = /name="formToken" value="([^"]+)"/.exec(await page.text())?.[1];
  if (page.status !== 200 || !formToken)
    throw new Error(`the share page (${page.status}) has no feedback form`);
  return { origin, db: database.db, projectId: project.id, apiKey: key, token, linkId: row.id, formToken };
}

const KINDS = ['GET /s/:token', 'GET /api/v1/projects/:id/summary', 'POST /s/:token/feedback'] as const;

/** One of each, per connection, in turn (KINDS' order); each post's body is unique (autocannon's `[<id>]`). */
function mix(target: Target): autocannon.Request[] {
  const form = new URLSearchParams({ formToken: target.formToken, kind: 'comment', name: 'Load test' });
  return [
    { method: 'GET', path: `/s/${target.token}` },
    {
      method: 'GET',
      path: `/api/v1/projects/${target.projectId}/summary`,
      headers: { authorization: `Bearer ${target.apiKey}` },
    },
    {
      method: 'POST',
      path: `/s/${target.token}/feedback`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin },
      body: `${form.toString()}&body=load-[<id>]`,
    },
  ];
}

interface Load {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  /** Answers outside 2xx and 3xx. */
  failedAnswers: number;
  byStatus: Record<string, number>;
  /** Share of the run ClientLens's (main) thread was busy, 0..1. */
  mainThreadBusy: number;
}

/** One autocannon run on its own thread (the server keeps the main one); requests/s counts every answer. */
async function cannon(
  origin: string,
  options: Options,
  seconds: number,
  requests: autocannon.Request[],
): Promise<Load> {
  const before = performance.eventLoopUtilization();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const tracker = autocannon(
      {
        url: origin,
        connections: options.connections,
        duration: seconds,
        workers: 1,
        idReplacement: true,
        requests,
      },
      (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    tracker.on('error', reject);
  });
  const busy = performance.eventLoopUtilization(before);
  const byStatus = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats?.count ?? 0]),
  );
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    requests: answered,
    requestsPerSecond: answered / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    failedAnswers: result['1xx'] + result['4xx'] + result['5xx'],
    byStatus,
    mainThreadBusy: busy.utilization,
  };
}

/** Waits until the main thread has been idle for two windows in a row: the requests cut off have finished. */
async function settle(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (let idle = 0; idle < 2;) {
    const start = performance.eventLoopUtilization();
    await sleep(SETTLE_WINDOW_MS);
    idle = performance.eventLoopUtilization(start).utilization < SETTLE_IDLE ? idle + 1 : 0;
    if (Date.now() > deadline) throw new Error('the server was still busy 2 minutes after a run');
  }
}

interface Stored {
  rows: number;
  distinct: number;
}

async function storedFeedback(db: Db, linkId: string): Promise<Stored> {
  const { rows } = (await db.execute(
    sql`select count(*)::int as rows, count(distinct body)::int as distinct from feedback
        where share_link_id = ${linkId} and body like 'load-%'`,
  )) as { rows: { rows: number; distinct: number }[] };
  return { rows: Number(rows[0]?.rows ?? Number.NaN), distinct: Number(rows[0]?.distinct ?? Number.NaN) };
}

interface Figures {
  baseline: Load;
  mix: Load;
  /** Each request of the mix alone (--breakdown). */
  alone: { kind: string; load: Load }[];
  /** Feedback posts answered 303 (the only 303s of the mix), rows stored during the measured runs. */
  accepted: number;
  stored: Stored;
}

const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');

function report(options: Options, fake: FakeUpstream, f: Figures): string[] {
  const row = (name: string, l: Load) =>
    `${name.padEnd(34)}${fixed(l.requestsPerSecond, 0, 8)}${fixed(l.p50, 0, 8)}${fixed(l.p99, 0, 8)}` +
    `${String(l.errors).padStart(8)}${String(l.timeouts).padStart(10)}${String(l.failedAnswers).padStart(14)}` +
    `${fixed(l.mainThreadBusy * 100, 0, 10)} %`;
  const failures = f.mix.errors + f.mix.timeouts + f.mix.failedAnswers;
  const missing = Math.max(0, f.accepted - f.stored.rows);
  const beyond = f.stored.rows - f.accepted;
  return [
    `load benchmark — ${options.connections} connections, ${options.duration} s per run after ${WARM_UP_S} s of ` +
      `warm-up, store ${options.store}, ${fake.tasks} tasks; autocannon on its own thread, ClientLens on the main thread`,
    `${''.padEnd(34)}   req/s  p50 ms  p99 ms  errors  timeouts  non-2xx/3xx  main busy`,
    row('GET /healthz (baseline)', f.baseline),
    row('mix: page + summary + feedback', f.mix),
    `  answers by status: ${Object.entries(f.mix.byStatus)
      .map(([code, n]) => `${code} × ${n}`)
      .join(', ')}`,
    ...(f.alone.length ? ['each request alone (--breakdown):'] : []),
    ...f.alone.map(({ kind, load }) => row(`  ${kind}`, load)),
    `ratios (mix ÷ /healthz, no target): req/s ${(f.mix.requestsPerSecond / f.baseline.requestsPerSecond).toFixed(2)}, ` +
      `p50 ${(f.mix.p50 / Math.max(1, f.baseline.p50)).toFixed(1)}×, p99 ${(f.mix.p99 / Math.max(1, f.baseline.p99)).toFixed(1)}×`,
    `errors + timeouts + non-2xx/3xx in the mix: ${failures}   target ${TARGET_FAILURES}   ${verdict(failures === TARGET_FAILURES)}`,
    `feedback posts accepted (303): ${f.accepted}; stored: ${f.stored.rows} (${f.stored.distinct} distinct bodies); ` +
      `accepted but missing: ${missing}   target 0   ${verdict(missing === 0 && f.stored.distinct === f.stored.rows)}`,
    `  stored without a 303 seen: ${beyond} (posts still in flight when autocannon stopped; at most ${options.connections})`,
  ];
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    console.log(USAGE);
    return;
  }
  const { config, redisUrl, adminUrl, prefix } = await benchRuntimeConfig({
    FEEDBACK_LIMIT_PER_LINK: UNLIMITED,
    FEEDBACK_LIMIT_PER_IP: UNLIMITED,
    API_RATE_LIMIT_PER_MINUTE: UNLIMITED,
  });
  let fake: FakeUpstream | undefined;
  let database: Database | undefined;
  let runtime: Runtime | undefined;
  try {
    fake = await startFakeUpstream(options.items, 'thread');
    await fake.setLatency(0);
    database = await openBenchDatabase(options.store, adminUrl);
    runtime = await startRuntime(config, createLogger('silent'), { database });
    const target = await setUp(runtime, fake);

    const health: autocannon.Request[] = [{ method: 'GET', path: '/healthz' }];
    await cannon(target.origin, options, WARM_UP_S, health);
    await settle();
    const baseline = await cannon(target.origin, options, options.duration, health);
    await settle();

    const requests = mix(target);
    await cannon(target.origin, options, WARM_UP_S, requests);
    await settle();
    const before = await storedFeedback(target.db, target.linkId);
    const measured = await cannon(target.origin, options, options.duration, requests);
    await settle(); // posts cut off by the end of the run finish (and are stored) before counting
    const after = await storedFeedback(target.db, target.linkId);
    const alone: Figures['alone'] = [];
    if (options.breakdown)
      for (const [i, kind] of KINDS.entries()) {
        alone.push({ kind, load: await cannon(target.origin, options, options.duration, [requests[i]!]) });
        await settle();
      }
    const figures: Figures = {
      baseline,
      mix: measured,
      alone,
      accepted: measured.byStatus['303'] ?? 0,
      stored: { rows: after.rows - before.rows, distinct: after.distinct - before.distinct },
    };

    for (const line of report(options, fake, figures)) console.log(line);
    if (options.json)
      console.log(
        JSON.stringify({
          bench: 'load',
          connections: options.connections,
          durationS: options.duration,
          store: options.store,
          tasks: fake.tasks,
          node: process.version,
          ...figures,
          ratios: {
            requestsPerSecond: figures.mix.requestsPerSecond / baseline.requestsPerSecond,
            p50: figures.mix.p50 / Math.max(1, baseline.p50),
            p99: figures.mix.p99 / Math.max(1, baseline.p99),
          },
        }),
      );
    // A post answered 303 and not stored is a lost client message: the run is wrong, not slow.
    if (figures.stored.rows < figures.accepted || figures.stored.distinct !== figures.stored.rows) {
      console.error('LOST: accepted feedback posts are missing from the database');
      process.exitCode = 1;
    }
  } finally {
    await runtime?.close();
    await database?.close();
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

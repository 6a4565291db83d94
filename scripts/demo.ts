import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, loadConfig, type Config } from '../service/config';
import { createLogger } from '../service/logger';
import { startRuntime, type Runtime } from '../service/runtime';
import { demoApi, type Connection, type DemoApi, type Milestone, type Project } from './demo/api';
import { DemoError } from './demo/errors';
import { portInUse } from './demo/net';
import { progressView, type Run } from './demo/progress';
import { demoRedis } from './demo/redis';
import { demoSecretKey } from './demo/secret-key';
import { demoUpstream } from './demo/upstream';
import { startFakePingcode, type FakePingcode } from './fake-pingcode/server';
import { buildPanel } from './build-panel';
import { startPanelHost } from './panel-host/server';
import { PANEL_DIST } from '../service/routes/plugin.routes';

/**
 * `npm run demo`: ClientLens (API + worker, PGlite under DATA_DIR) and a fake PingCode in this process,
 * connected and synced over the real HTTP API, serving until Ctrl-C. Environment variables win over the
 * defaults below, except what the demo cannot work without: both roles in this process, the embedded
 * database, its own URLs, and an upstream on localhost.
 */
const DEFAULTS = {
  DATA_DIR: './data/demo',
  HOST: '127.0.0.1',
  PORT: '3000',
  REDIS_URL: 'redis://127.0.0.1:6379',
  // Service logs at warn and on stderr, so they do not drown the demo's own lines.
  LOG_LEVEL: 'warn',
  // Away from a real ClientLens sharing this Redis: its workers would take the demo's jobs.
  QUEUE_PREFIX: 'clientlens-demo',
};
const FORCED = { RUN_MODE: 'all', ALLOW_PRIVATE_UPSTREAMS: 'true', DATABASE_URL: '', PUBLIC_URL: '' };
const WORKSPACE_NAME = 'ClientLens demo';
const CONNECTION_NAME = 'PingCode demo';
const PROJECT_KEY = 'WEB';
const POLL_MS = 150;
/** Two signals closer than this are one Ctrl-C, delivered again by a wrapper (npm, tsx) passing it on. */
const SAME_SIGNAL_MS = 500;
const CLEANUP_LIMIT_MS = 20_000;

const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const complain = (text: string): void => void process.stderr.write(`${text}\n`);

/** Raised between start-up steps once Ctrl-C was pressed: stop like after serving. */
class Interrupted extends Error {}

/** What to undo on the way out, in reverse order of starting. */
const cleanup: (() => Promise<void>)[] = [];
async function runCleanup(): Promise<void> {
  const limit = setTimeout(() => {
    complain(`Could not stop everything within ${CLEANUP_LIMIT_MS / 1000} s; exiting anyway.`);
    process.exit(1);
  }, CLEANUP_LIMIT_MS);
  limit.unref();
  for (let step = cleanup.pop(); step; step = cleanup.pop()) {
    try {
      await step();
    } catch (error) {
      complain(`While stopping: ${(error as Error).message}`);
    }
  }
  clearTimeout(limit);
}

const stop = new AbortController();
let firstSignalAt = 0;
function onSignal(): void {
  if (!stop.signal.aborted) {
    firstSignalAt = Date.now();
    stop.abort();
    return;
  }
  if (Date.now() - firstSignalAt < SAME_SIGNAL_MS) return;
  complain('Stopping at once.'); // the 'exit' hooks still stop a private Redis
  process.exit(130);
}
const checkStop = (): void => {
  if (stop.signal.aborted) throw new Interrupted();
};

async function main(): Promise<number> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (const event of ['uncaughtException', 'unhandledRejection'] as const)
    process.on(event, (error: unknown) => {
      complain(
        `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      void runCleanup().finally(() => process.exit(1));
    });

  try {
    await start();
  } catch (error) {
    if (!(error instanceof Interrupted)) {
      complain(error instanceof DemoError ? error.message : `The demo failed: ${describe(error)}`);
      await runCleanup();
      return 1;
    }
  }
  if (!stop.signal.aborted) await once(stop.signal, 'abort');
  say('\nStopping…');
  await runCleanup();
  say('Stopped.');
  return 0;
}

async function start(): Promise<void> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value));
  const dataDir = env.DATA_DIR ?? DEFAULTS.DATA_DIR;
  mkdirSync(dataDir, { recursive: true });
  let secretKey = env.SECRET_KEY;
  let secretFile: string | undefined;
  if (!secretKey) {
    const secret = demoSecretKey(dataDir);
    secretKey = secret.key;
    secretFile = shown(secret.file);
    if (secret.generated)
      say(
        `Generated an encryption key for stored credentials in ${secretFile} ` +
          '(keep it: without it the stored credentials cannot be read).',
      );
  }
  let config: Config;
  try {
    config = loadConfig({ ...DEFAULTS, ...env, SECRET_KEY: secretKey, ...FORCED });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const where = secretFile ? `$1 (read from ${secretFile})` : '$1';
    throw new DemoError(error.message.replace(/^(\s+- SECRET_KEY .*)$/m, where));
  }
  if (config.PORT !== 0 && (await portInUse(config.HOST, config.PORT))) throw portTaken(config);

  const redis = await demoRedis(config.REDIS_URL);
  cleanup.push(() => redis.stop());
  if (redis.note) say(redis.note);
  config = { ...config, REDIS_URL: redis.url };
  checkStop();

  const fake = await startFakePingcode({
    dataset: demoUpstream(config.DATA_DIR, new Date()),
    rateLimit: { enabled: true, perMinute: 200 },
    latencyMs: 20,
  });
  cleanup.push(() => fake.close());
  const upstream = fake.dataset.projects.find((p) => p.identifier === PROJECT_KEY);
  const liveItems = fake.dataset.workItems.filter((item) => item.is_deleted === 0).length;
  say(`Fake PingCode at ${fake.url}: project ${PROJECT_KEY} “${upstream?.name}”, ${liveItems} work items.`);
  checkStop();

  if (!existsSync(path.join(PANEL_DIST, 'index.html'))) {
    say('Building the panel (first run)…');
    await buildPanel();
  }
  // A stand-in PM tool page that embeds the panel; it must be an allowed host before ClientLens starts.
  let panelToken: (locale: string) => Promise<string> = () => Promise.reject(new Error('not ready'));
  let serviceUrl = '';
  const host = await startPanelHost({
    panelUrl: () => `${serviceUrl}/plugin/`,
    mintToken: (locale) => panelToken(locale),
  });
  cleanup.push(() => host.close());
  config = { ...config, PANEL_HOST_ORIGINS: [...config.PANEL_HOST_ORIGINS, host.origin] };

  let runtime: Runtime;
  try {
    runtime = await startRuntime(config, createLogger(config.LOG_LEVEL, process.stderr));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portTaken(config);
    // db.ts's advice (DATABASE_URL) is for the service; the demo always uses the embedded database.
    const advice = /is in use by process/.test(describe(error))
      ? `\nIs another demo running? Stop it, or give this one its own directory: DATA_DIR=./data/demo2 npm run demo`
      : '';
    throw new DemoError(`ClientLens could not start: ${describe(error)}${advice}`);
  }
  cleanup.push(() => runtime.close());
  const url = runtime.url!;
  say(`ClientLens at ${url}: API and sync worker, embedded database in ${shown(config.DATA_DIR)}.`);
  checkStop();

  const apiKey = await demoApiKey(runtime);
  const api = demoApi(url, apiKey);
  const { connection, project } = await connect(api, fake);
  serviceUrl = url;
  panelToken = (locale) => api.panelToken(project.id, locale);
  say(`Connected the workspace “${WORKSPACE_NAME}” to the fake PingCode.`);
  checkStop();

  await sync(api, connection, project);
  checkStop();

  if ((await api.publishedUpdates(project.id)).length === 0) {
    await api.publishPrefilledUpdate(project.id);
    say('Published a first client update, pre-filled by ClientLens from the synced data.');
  }
  const shareLink = await api.createShareLink(project.id, {
    label: 'Demo client',
    language: 'en',
    detail: 'detailed',
  });

  const projectUrl = `${url}/api/v1/projects/${project.id}`;
  const links: [label: string, value: string][] = [
    ['API key', apiKey],
    ['API docs', `${url}/docs`],
    ['Project', projectUrl],
    ['Share link', shareLink.url],
    [
      'Panel',
      `${host.origin}/  (a PM tool page embedding the panel; ?locale=zh-CN or fr for the other languages)`,
    ],
  ];
  say();
  for (const [label, value] of links) say(`${label}: ${value}`);
  say();
  say(`Try: curl -H "Authorization: Bearer ${apiKey}" ${projectUrl}/milestones`);
  say('Press Ctrl-C to stop.');
}

/** The demo workspace (created on the first run) and a new API key for this run. */
async function demoApiKey(runtime: Runtime): Promise<string> {
  const { workspaces } = runtime.container.services;
  const existing = (await workspaces.list()).find((w) => w.name === WORKSPACE_NAME);
  if (!existing) {
    const created = await workspaces.create({
      name: WORKSPACE_NAME,
      timezone: 'Asia/Shanghai',
      locale: 'en',
    });
    return created.key;
  }
  return (await workspaces.createKey(existing.id, `demo ${new Date().toISOString()}`)).key;
}

/**
 * Creates the demo connection, or points the one from an earlier run at this run's fake PingCode (its port
 * changes): updating re-discovers the same projects, where a new connection would list them twice.
 */
async function connect(
  api: DemoApi,
  fake: FakePingcode,
): Promise<{ connection: Connection; project: Project }> {
  const upstream = {
    baseUrl: fake.url,
    credentials: { clientId: fake.clientId, clientSecret: fake.clientSecret },
  };
  const existing = (await api.connections()).items.find(
    (c) => c.name === CONNECTION_NAME && c.provider === 'pingcode',
  );
  const connection = existing
    ? await api.updateConnection(existing.id, upstream)
    : await api.createConnection({ provider: 'pingcode', name: CONNECTION_NAME, ...upstream });
  const project = (await api.projects(connection.id)).items.find((p) => p.key === PROJECT_KEY);
  if (!project) throw new DemoError(`The fake PingCode did not list the ${PROJECT_KEY} project.`);
  return { connection, project };
}

/** Requests a sync over the API and follows it to the end; a failure is told, and the demo serves anyway. */
async function sync(api: DemoApi, connection: Connection, project: Project): Promise<void> {
  const startedAt = Date.now();
  const view = progressView(project.name, process.stdout);
  let run: Run = await api.requestSync(connection.id, project.id);
  for (;;) {
    view.update(run);
    if (run.status !== 'queued' && run.status !== 'running') break;
    try {
      await sleep(POLL_MS, undefined, { signal: stop.signal });
    } catch {
      view.end();
      return; // Ctrl-C while syncing
    }
    run = await api.run(run.id);
  }
  view.end();
  if (run.status !== 'succeeded') {
    say(
      `The sync ${run.status === 'auth_failed' ? 'was refused' : 'failed'}: ${run.error?.message ?? run.status}`,
    );
    say('ClientLens keeps serving: the API shows what was stored so far.');
    return;
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const milestones = (await api.milestones(project.id)).items;
  const late = milestones.filter(isLate);
  const items = run.progress.done;
  const what = run.kind === 'full' ? `${items} work items` : `${items} work items changed since the last run`;
  say(
    `Synced ${what} and ${milestones.length} milestones in ${seconds} s` +
      (late.length > 0 ? `; late: ${late.map((m) => `${m.name} (due ${m.dueDate})`).join(', ')}.` : '.'),
  );
}

function isLate(milestone: Milestone): boolean {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const open = milestone.status !== 'done' && milestone.status !== 'cancelled';
  return open && milestone.dueDate !== null && milestone.dueDate < today;
}

function portTaken(config: Config): DemoError {
  return new DemoError(
    `Port ${config.PORT} on ${config.HOST} is already in use (another demo, or ClientLens itself?).\n` +
      `Choose another port: PORT=${config.PORT === 65535 ? 3001 : config.PORT + 1} npm run demo`,
  );
}

/** A path as the user would type it from here. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

process.exit(await main());

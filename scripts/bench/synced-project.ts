import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../service/config';
import { checkRedis } from '../../service/redis';
import type { Runtime } from '../../service/runtime';
import type { FakeUpstream } from './fake-upstream';
import { uniqueName } from './support';

const POLL_MS = 20;

/** Fake PingCode → a workspace and API key → a connection → a full sync of the fake project, checked. */
export async function syncedProject(runtime: Runtime, fake: FakeUpstream, name: string) {
  const { services } = runtime.container;
  const { workspace, key } = await services.workspaces.create({ name, timezone: 'Asia/Shanghai' });
  const { connection, projects } = await services.connections.create(workspace.id, {
    provider: 'pingcode',
    name,
    baseUrl: fake.url,
    credentials: { clientId: fake.clientId, clientSecret: fake.clientSecret },
  });
  const project = projects.find((p) => p.externalId === fake.projectId);
  if (!project) throw new Error(`the connection did not discover project ${fake.projectId}`);
  const { run } = await services.syncs.request(
    workspace.id,
    connection.id,
    { projectId: project.id, kind: 'full' },
    'api',
  );
  for (const deadline = Date.now() + 10 * 60_000; ; await sleep(POLL_MS)) {
    const current = await services.syncs.get(workspace.id, run.id);
    if (current.status === 'succeeded') {
      if (current.fetched !== fake.tasks)
        throw new Error(`the sync fetched ${current.fetched} tasks, expected ${fake.tasks}`);
      break;
    }
    if (current.status !== 'queued' && current.status !== 'running')
      throw new Error(`the sync ended ${current.status}: ${JSON.stringify(current.error)}`);
    if (current.progress.waitingUntil)
      throw new Error('the sync is waiting for a rate limit; use fewer --items');
    if (Date.now() > deadline) throw new Error('the sync is still running after 10 minutes');
  }
  return { workspace, key, connection, project };
}

/** Waits until no render job is queued or running: none may run while something is measured. */
export async function renderJobsDone(runtime: Runtime): Promise<void> {
  const { render } = runtime.container.queues;
  for (const deadline = Date.now() + 60_000; ; await sleep(POLL_MS)) {
    const counts = await render.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
    if (counts.failed) throw new Error('a render job failed');
    if (!counts.waiting && !counts.active && !counts.delayed && !counts.prioritized) return;
    if (Date.now() > deadline) throw new Error('the render jobs did not finish within a minute');
  }
}

/**
 * The config of a benchmark's in-process ClientLens (all roles, any free port, its own queue prefix) on the
 * Redis of `REDIS_URL` (checked first), with the PostgreSQL admin URL benchmarks create databases from.
 */
export async function benchRuntimeConfig(overrides: Record<string, string> = {}) {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  await checkRedis(redisUrl);
  const prefix = uniqueName('clbench');
  const config = loadConfig({
    RUN_MODE: 'all',
    PORT: '0',
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ALLOW_PRIVATE_UPSTREAMS: 'true',
    ...overrides,
  });
  return { config, redisUrl, adminUrl, prefix };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import axios, { type AxiosInstance } from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import { largeDataset } from '../../scripts/fake-pingcode/dataset';
import { startFakePingcode } from '../../scripts/fake-pingcode/server';
import type { Dataset } from '../../scripts/fake-pingcode/types';
import { createWorkspacesService } from '../../service/services/workspaces.service';
import { openDatabase } from '../../service/store/db';
import { openTestDatabase, STORES, TEST_REDIS_URL, uniqueName } from '../support/env';
import { serviceUrl, spawnScript, type ServiceProcess } from '../support/process';
import { dumpProject, type ApiGet } from '../support/project-dump';

const ITEMS = 2500;
const running: ServiceProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

interface Run {
  id: string;
  status: string;
  counts: { fetched: number };
}

/**
 * A worker killed with SIGKILL in the middle of a sync, then restarted, ends with the same rows as a clean
 * run: nothing lost, nothing duplicated. PostgreSQL runs the API and the worker as separate processes and
 * kills only the worker; PGlite (one process by design) kills and restarts the whole service.
 */
describe.each(STORES)('worker killed mid-sync on %s', (store) => {
  test('the restarted worker finishes the run and the rows equal a clean run', async () => {
    const dataset = largeDataset(ITEMS, new Date());
    const taskCount = dataset.workItems.filter((i) => !isPlanType(dataset, i.type)).length;
    const fake = await startFakePingcode({
      dataset,
      rateLimit: { enabled: false, perMinute: 200 },
      latencyMs: 60,
    });
    const database = store === 'postgres' ? await openTestDatabase('postgres') : undefined;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'clientlens-kill-'));
    try {
      // Seed a workspace and key before any service process holds the database.
      const seedDb = database ?? (await openDatabase({ dataDir }));
      const { key } = await createWorkspacesService({ db: seedDb.db }).create({ name: 'Kill test' });
      if (!database) await seedDb.close();

      const env: Record<string, string> = {
        SECRET_KEY: Buffer.alloc(32, 3).toString('base64'),
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: uniqueName('kill'),
        ALLOW_PRIVATE_UPSTREAMS: 'true',
        WORKER_LOCK_MS: '2000',
        SYNC_BACKOFF_MS: '200',
        LOG_LEVEL: 'info',
        PORT: '0',
        ...(database ? { DATABASE_URL: database.url! } : { DATA_DIR: dataDir }),
      };
      const spawnRole = (mode: 'all' | 'api' | 'worker') => {
        const p = spawnScript({ ...env, RUN_MODE: mode });
        running.push(p);
        return p;
      };

      let apiProcess = spawnRole(database ? 'api' : 'all');
      let worker = database ? spawnRole('worker') : apiProcess;
      const api = client(await serviceUrl(apiProcess), key);
      if (database) await worker.waitFor(/ClientLens started/);

      const project = async (on: AxiosInstance, name: string) => {
        const res = await on.post<{ id: string; projects: { id: string }[] }>('/api/v1/connections', {
          provider: 'pingcode',
          name,
          baseUrl: fake.url,
          credentials: { clientId: fake.clientId, clientSecret: fake.clientSecret },
        });
        return { connectionId: res.data.id, projectId: res.data.projects[0]!.id };
      };
      const crashed = await project(api, 'Crashed');
      const started = await api.post<Run>(`/api/v1/connections/${crashed.connectionId}/syncs`, {
        projectId: crashed.projectId,
      });
      const runId = started.data.id;

      // Kill once a good part, but not all, of the listing is stored.
      let seen = 0;
      while (seen < ITEMS / 3) {
        seen = (await api.get<Run>(`/api/v1/syncs/${runId}`)).data.counts.fetched;
        await sleep(20);
      }
      expect(seen).toBeLessThan(taskCount);
      worker.child.kill('SIGKILL');
      await worker.waitForExit();

      worker = spawnRole(database ? 'worker' : 'all');
      if (!database) apiProcess = worker;
      const restartedApi = client(await serviceUrl(apiProcess), key);
      const finished = await waitForRun(restartedApi, runId);
      expect(finished.status).toBe('succeeded');

      const clean = await project(restartedApi, 'Clean');
      const cleanRun = (
        await restartedApi.post<Run>(`/api/v1/connections/${clean.connectionId}/syncs`, {
          projectId: clean.projectId,
        })
      ).data;
      expect((await waitForRun(restartedApi, cleanRun.id)).status).toBe('succeeded');

      const get: ApiGet = async (url) => (await restartedApi.get<unknown>(url)).data;
      const afterCrash = await dumpProject(get, crashed.projectId);
      expect(afterCrash.tasks).toHaveLength(taskCount);
      expect(new Set(afterCrash.tasks.map((t) => t.externalId)).size).toBe(taskCount);
      expect(afterCrash).toEqual(await dumpProject(get, clean.projectId)); // tasks and milestones

      worker.child.kill('SIGTERM');
      expect((await worker.waitForExit(15_000)).code).toBe(0);
      if (database) {
        apiProcess.child.kill('SIGTERM');
        expect((await apiProcess.waitForExit(15_000)).code).toBe(0);
      }
    } finally {
      await fake.close();
      await database?.close();
    }
  }, 120_000);
});

function client(baseURL: string, key: string): AxiosInstance {
  return axios.create({ baseURL, headers: { authorization: `Bearer ${key}` } });
}

async function waitForRun(api: AxiosInstance, runId: string): Promise<Run> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = (await api.get<Run>(`/api/v1/syncs/${runId}`)).data;
    if (run.status !== 'queued' && run.status !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`run still ${run.status}`);
    await sleep(100);
  }
}

function isPlanType(dataset: Dataset, type: string): boolean {
  return Object.values(dataset.workItemTypes).some((types) =>
    types.some((t) => t.id === type && t.group === 'plan'),
  );
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { demoDataset } from '../../scripts/fake-pingcode/dataset';
import {
  startFakePingcode,
  type FakePingcode,
  type FakePingcodeOptions,
} from '../../scripts/fake-pingcode/server';
import type { Dataset } from '../../scripts/fake-pingcode/types';
import { startRuntime, type Runtime } from '../../service/runtime';
import type { Database } from '../../service/store/db';
import { capturingLogger, openTestDatabase, testConfig, type StoreKind } from './env';

export interface Harness {
  runtime: Runtime;
  fake: FakePingcode;
  dataset: Dataset;
  apiKey: string;
  workspaceId: string;
  /** The PostgreSQL database's URL (store `postgres` only), for a second process on the same data. */
  databaseUrl: string | undefined;
  logLines: string[];
  /** Sends a request through the app (app.inject) with this workspace's API key unless one is given. */
  api(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    key?: string | null,
  ): Promise<LightMyRequestResponse>;
  /** Creates a connection to the fake PingCode and returns its body (with discovered projects). */
  connect(overrides?: Record<string, unknown>): Promise<ConnectionBody>;
  /** Requests a sync and waits until the run ends; returns the final run. */
  syncAndWait(connectionId: string, projectId: string, kind?: 'full' | 'incremental'): Promise<RunBody>;
  waitForRun(runId: string, timeoutMs?: number): Promise<RunBody>;
  close(): Promise<void>;
}

export interface ConnectionBody {
  id: string;
  status: string;
  projects: { id: string; externalId: string; name: string }[];
}
export interface RunBody {
  id: string;
  status: string;
  kind: string;
  attempts: number;
  progress: { phase: string; done: number; total: number | null; waitingUntil?: string | null };
  counts: { fetched: number; upserted: number; deleted: number };
  error: { code: string; message: string } | null;
}

/** The whole service in-process (API + worker, real Redis, PGlite or PostgreSQL) against a fake PingCode. */
export async function startHarness(
  options: {
    store?: StoreKind;
    env?: Record<string, string>;
    fake?: Partial<FakePingcodeOptions>;
    dataset?: Dataset;
    /** An open database to run on instead of a fresh one of `store` (closed with the harness). */
    database?: Database & { url?: string };
  } = {},
): Promise<Harness> {
  const dataset = options.dataset ?? demoDataset(new Date());
  const fake = await startFakePingcode({
    rateLimit: { enabled: false, perMinute: 200 },
    ...options.fake,
    dataset,
  });
  const database = options.database ?? (await openTestDatabase(options.store ?? 'pglite'));
  const { logger, lines } = capturingLogger();
  const runtime = await startRuntime(testConfig(options.env), logger, { database });
  const { workspace, key } = await runtime.container.services.workspaces.create({
    name: 'Harness',
    timezone: 'Asia/Shanghai',
  });
  const app = runtime.app!;

  const api: Harness['api'] = (method, url, body, keyOverride) =>
    app.inject({
      method,
      url,
      ...(body !== undefined ? { payload: body as NonNullable<InjectOptions['payload']> } : {}),
      headers: keyOverride === null ? {} : { authorization: `Bearer ${keyOverride ?? key}` },
    });

  const waitForRun = async (runId: string, timeoutMs = 30_000): Promise<RunBody> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = (await api('GET', `/api/v1/syncs/${runId}`)).json<RunBody>();
      if (!['queued', 'running'].includes(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}: ${JSON.stringify(run)}`);
      await sleep(50);
    }
  };

  return {
    runtime,
    fake,
    dataset,
    apiKey: key,
    workspaceId: workspace.id,
    databaseUrl: database.url,
    logLines: lines,
    api,
    waitForRun,
    async connect(overrides = {}) {
      const res = await api('POST', '/api/v1/connections', {
        provider: 'pingcode',
        name: 'PingCode',
        baseUrl: fake.url,
        credentials: { clientId: fake.clientId, clientSecret: fake.clientSecret },
        ...overrides,
      });
      if (res.statusCode !== 201) throw new Error(`connect failed: ${res.statusCode} ${res.body}`);
      return res.json<ConnectionBody>();
    },
    async syncAndWait(connectionId, projectId, kind) {
      const res = await api('POST', `/api/v1/connections/${connectionId}/syncs`, {
        projectId,
        ...(kind ? { kind } : {}),
      });
      if (res.statusCode !== 202) throw new Error(`sync request failed: ${res.statusCode} ${res.body}`);
      return waitForRun(res.json<RunBody>().id);
    },
    async close() {
      await runtime.close();
      await fake.close();
    },
  };
}

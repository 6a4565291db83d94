import { Worker } from 'node:worker_threads';
import { largeDataset } from '../fake-pingcode/dataset';
import { startFakePingcode, type FakePingcode, type FakePingcodeStats } from '../fake-pingcode/server';
import type { Dataset } from '../fake-pingcode/types';

/**
 * The fake PingCode a benchmark fetches from, serving `largeDataset(items)` with its rate limit off, either
 * on its own thread (default) or on the benchmark's main thread.
 *
 * Why a thread: a real upstream's latency passes on another machine whatever our event loop is doing. A fake
 * on the main thread only notices a request, and only starts its latency timer, once the main thread is
 * free; a store that keeps the thread busy (PGlite runs its queries synchronously in WebAssembly) then
 * appears not to overlap fetching even when ClientLens sends the next request before storing.
 */
export type FakeMode = 'thread' | 'main';

export interface FakeInfo {
  url: string;
  area: string;
  clientId: string;
  clientSecret: string;
  /** The PingCode id of the dataset's one project. */
  projectId: string;
  workItems: number;
  /** Tasks a full sync must store: live work items that are not plan items (those become milestones). */
  tasks: number;
}

export interface FakeUpstream extends FakeInfo {
  setLatency(ms: number): Promise<void>;
  resetStats(): Promise<void>;
  stats(): Promise<FakePingcodeStats>;
  close(): Promise<void>;
}

export type FakeCommand =
  { op: 'setLatency'; ms: number } | { op: 'resetStats' } | { op: 'stats' } | { op: 'close' };
export type FromWorker =
  { kind: 'ready'; info: FakeInfo } | { kind: 'reply'; id: number; stats?: FakePingcodeStats | undefined };

export async function startFakeUpstream(items: number, mode: FakeMode): Promise<FakeUpstream> {
  if (mode === 'thread') return inWorkerThread(items);
  const { fake, info } = await serveLargeDataset(items);
  return {
    ...info,
    setLatency: async (ms) => fake.setLatency(ms),
    resetStats: async () => fake.resetStats(),
    stats: async () => fake.stats(),
    close: () => fake.close(),
  };
}

/** Starts the fake on the calling thread; the worker thread calls this too. */
export async function serveLargeDataset(items: number): Promise<{ fake: FakePingcode; info: FakeInfo }> {
  const dataset = largeDataset(items);
  const fake = await startFakePingcode({ dataset, rateLimit: { enabled: false, perMinute: 200 } });
  const project = dataset.projects[0];
  if (!project) throw new Error('the large dataset has no project');
  return {
    fake,
    info: {
      url: fake.url,
      area: fake.area,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      projectId: project.id,
      workItems: dataset.workItems.length,
      tasks: syncedTasks(dataset, project.id),
    },
  };
}

function syncedTasks(dataset: Dataset, projectId: string): number {
  const planTypes = new Set(
    (dataset.workItemTypes[projectId] ?? []).filter((t) => t.group === 'plan').map((t) => t.id),
  );
  return dataset.workItems.filter(
    (item) => item.project.id === projectId && item.is_deleted === 0 && !planTypes.has(item.type),
  ).length;
}

async function inWorkerThread(items: number): Promise<FakeUpstream> {
  const entry = new URL('./fake-upstream.worker.ts', import.meta.url).href;
  // tsx's loader does not reach worker threads on Node 20, so the worker registers it before importing.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { items } });

  const waiting = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const info = await new Promise<FakeInfo>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'ready') resolve(message.info);
      else waiting.get(message.id)?.resolve(message);
      if (message.kind === 'reply') waiting.delete(message.id);
    });
    worker.on('error', (error) => {
      reject(error);
      fail(error);
    });
    worker.on('exit', (code) => {
      const error = new Error(`the fake PingCode thread exited (code ${code})`);
      reject(error);
      fail(error);
    });
  });

  let nextId = 0;
  const send = (command: FakeCommand): Promise<FromWorker> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, command });
    });
  };
  return {
    ...info,
    setLatency: async (ms) => void (await send({ op: 'setLatency', ms })),
    resetStats: async () => void (await send({ op: 'resetStats' })),
    async stats() {
      const reply = await send({ op: 'stats' });
      if (reply.kind !== 'reply' || !reply.stats) throw new Error('the fake PingCode thread sent no stats');
      return reply.stats;
    },
    async close() {
      worker.removeAllListeners('exit');
      await send({ op: 'close' }).catch(() => undefined);
      await worker.terminate();
    },
  };
}

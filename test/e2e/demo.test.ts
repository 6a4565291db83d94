import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findOnPath, freePort } from '../../scripts/demo/net';
import { TEST_REDIS_URL, uniqueName } from '../support/env';

/** `npm run demo` as a user runs it: a child process, read by its output, stopped with Ctrl-C (SIGINT). */
const TSX = path.resolve('node_modules/.bin/tsx');
const READY_MS = 90_000;
const STOP_MS = 15_000;

interface Demo {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

const running = new Set<Demo>();
const dataDirs: string[] = [];

function startDemo(env: Record<string, string>): Demo {
  const inherited = { ...process.env };
  for (const name of ['SECRET_KEY', 'DATABASE_URL', 'PUBLIC_URL', 'HOST', 'PORT', 'DATA_DIR', 'LOG_LEVEL'])
    delete inherited[name];
  // Its own process group, so a failed test can end tsx and the demo together.
  const child = spawn(TSX, ['scripts/demo.ts'], {
    env: { ...inherited, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: uniqueName('cldemo'), PORT: '0', ...env },
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const demo: Demo = {
    child,
    output: () => output,
    exit,
    waitFor(pattern, timeoutMs = READY_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (!match) return;
          finish();
          resolve(match);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        void exit.then(() => {
          if (!pattern.test(output)) {
            finish();
            reject(new Error(`the demo exited before ${pattern}; output:\n${output}`));
          }
        });
        listeners.add(check);
        check();
      });
    },
  };
  running.add(demo);
  void exit.then(() => running.delete(demo));
  return demo;
}

async function stopDemo(demo: Demo): Promise<number | null> {
  demo.child.kill('SIGINT');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_MS));
  const code = await Promise.race([demo.exit, timeout]);
  if (code === 'timeout') throw new Error(`the demo did not stop within ${STOP_MS} ms:\n${demo.output()}`);
  return code;
}

function newDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clientlens-demo-'));
  dataDirs.push(dir);
  return dir;
}

/** The three lines the README promises, parsed. */
async function readyLines(demo: Demo) {
  const [, projectUrl, base, projectId] = await demo.waitFor(
    /^Project: ((http:\/\/127\.0\.0\.1:\d+)\/api\/v1\/projects\/([0-9a-f-]{36}))$/m,
  );
  const [, shareLink] = await demo.waitFor(
    /^Share link: (http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{43})$/m,
  );
  const key = /^API key: (cl_\S+)$/m.exec(demo.output())?.[1];
  expect(key).toBeDefined();
  expect(demo.output()).toMatch(new RegExp(`^API docs: ${base}/docs$`, 'm'));
  return { projectUrl: projectUrl!, base: base!, projectId: projectId!, key: key!, shareLink: shareLink! };
}

const get = (url: string, key: string) =>
  axios.get<{ items?: unknown[]; key?: string }>(url, {
    headers: { authorization: `Bearer ${key}` },
    validateStatus: () => true,
  });

afterEach(() => {
  for (const demo of running) {
    try {
      process.kill(-demo.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  const dataDir = newDataDir();
  let firstProjectId: string | undefined;

  it('syncs the demo project, prints where to look, and stops cleanly on Ctrl-C', async () => {
    const demo = startDemo({ DATA_DIR: dataDir });
    const { projectUrl, projectId, key, shareLink } = await readyLines(demo);
    firstProjectId = projectId;
    const clientPage = await axios.get<string>(shareLink, { validateStatus: () => true });
    expect(clientPage.status).toBe(200);
    expect(clientPage.data).toContain('官网改版');

    const project = await get(projectUrl, key);
    expect(project.status).toBe(200);
    expect(project.data.key).toBe('WEB');
    const milestones = await get(`${projectUrl}/milestones`, key);
    expect(milestones.status).toBe(200);
    expect(milestones.data.items).toHaveLength(4);

    // The panel line: a PM-tool page that frames /plugin/, which only that page may frame, and whose
    // backend hands out panel tokens.
    const [, panelHost] = /^Panel: (http:\/\/127\.0\.0\.1:\d+)\/ /m.exec(demo.output()) ?? [];
    expect(panelHost).toBeDefined();
    const hostPage = await axios.get<string>(`${panelHost}/`);
    expect(hostPage.data).toContain(`${new URL(projectUrl).origin}/plugin/`);
    const panel = await axios.get<string>(`${new URL(projectUrl).origin}/plugin/`);
    expect(panel.headers['content-security-policy']).toContain(`frame-ancestors ${panelHost}`);
    const minted = await axios.get<{ token: string }>(`${panelHost}/token?locale=fr`);
    const context = await axios.get<{ project: { id: string } }>(
      `${new URL(projectUrl).origin}/plugin/api/context`,
      {
        headers: { authorization: `Bearer ${minted.data.token}` },
      },
    );
    expect(context.data.project.id).toBe(projectId);

    expect(demo.output()).toMatch(/^Generated an encryption key for stored credentials in .*secret\.key/m);
    expect(demo.output()).toMatch(/^Syncing .*\[[█░]+\] +\d+\/\d+ work items$/m);
    expect(demo.output()).not.toContain('\r');
    expect(demo.output()).toContain('Press Ctrl-C to stop.');

    expect(await stopDemo(demo)).toBe(0);
    expect(demo.output()).toMatch(/^Stopped\.$/m);
  }, 120_000);

  it('runs again on the same data: same project, no new key file, no duplicate project', async () => {
    const demo = startDemo({ DATA_DIR: dataDir });
    const { base, projectId, key } = await readyLines(demo);
    expect(projectId).toBe(firstProjectId);
    expect(demo.output()).not.toContain('Generated an encryption key');
    const projects = await get(`${base}/api/v1/projects`, key);
    expect(projects.data.items).toHaveLength(1);
    expect(await stopDemo(demo)).toBe(0);
  }, 120_000);

  it.runIf(findOnPath('redis-server'))(
    'starts a private Redis when none answers, and stops it on the way out',
    async () => {
      const demo = startDemo({ DATA_DIR: dataDir, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
      const [, port] = await demo.waitFor(/ — started a private one on port (\d+) for this demo\.$/m);
      try {
        await readyLines(demo);
        expect(await stopDemo(demo)).toBe(0);
        expect(await answers(Number(port))).toBe(false);
      } finally {
        await shutdownRedis(Number(port));
      }
    },
    120_000,
  );

  it('says how to choose another port when its port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const demo = startDemo({ DATA_DIR: newDataDir(), PORT: String(port) });
      expect(await demo.exit).toBe(1);
      expect(demo.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(demo.output()).toMatch(/PORT=\d+ npm run demo/);
    } finally {
      blocker.close();
    }
  }, 60_000);
});

async function answers(port: number): Promise<boolean> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** In case the demo died without stopping its private Redis. */
async function shutdownRedis(port: number): Promise<void> {
  if (!(await answers(port))) return;
  const client = new Redis({ port, host: '127.0.0.1' });
  client.on('error', () => undefined);
  await client.shutdown('NOSAVE').catch(() => undefined);
  client.disconnect();
}

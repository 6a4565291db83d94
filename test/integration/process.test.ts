import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createServer } from 'node:net';
import axios from 'axios';
import { afterEach, describe, expect, test } from 'vitest';
import { TEST_REDIS_URL } from '../support/env';
import {
  freePort,
  serviceUrl,
  spawnScript,
  startPrivateRedis,
  type ServiceProcess,
} from '../support/process';

const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
const running: ServiceProcess[] = [];
const start = (env: Record<string, string>) => {
  const service = spawnScript({ PORT: '0', LOG_LEVEL: 'info', SECRET_KEY, ...env });
  running.push(service);
  return service;
};
const dataDir = () => mkdtempSync(path.join(tmpdir(), 'clientlens-'));

afterEach(() => {
  for (const service of running.splice(0)) if (service.child.exitCode === null) service.child.kill('SIGKILL');
});

/** The real process: start-up checks and graceful shutdown, as an operator sees them. */
describe('process', () => {
  test('bad settings stop start-up with one message listing each variable and its fix', async () => {
    const service = start({
      SECRET_KEY: '',
      PORT: 'eighty',
      REDIS_URL: 'http://localhost',
      RUN_MODE: 'both',
    });
    const { code } = await service.waitForExit();
    expect(code).toBe(1);
    const out = service.output();
    expect(out).toContain('ClientLens cannot start; fix these settings:');
    expect(out).toMatch(/SECRET_KEY .*openssl rand -base64 32/);
    expect(out).toMatch(/PORT /);
    expect(out).toMatch(/REDIS_URL must be a redis:\/\//);
    expect(out).toMatch(/RUN_MODE /);
    expect(out).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  test('an unreachable Redis stops start-up saying how to start one', async () => {
    const service = start({ REDIS_URL: 'redis://127.0.0.1:1', DATA_DIR: dataDir() });
    const { code } = await service.waitForExit();
    expect(code).toBe(1);
    expect(service.output()).toMatch(
      /Redis is not reachable at redis:\/\/127\.0\.0\.1:1.*docker compose up -d redis/s,
    );
  });

  test('separate api and worker roles need PostgreSQL, and say so', async () => {
    const service = start({ RUN_MODE: 'worker', REDIS_URL: TEST_REDIS_URL, DATA_DIR: dataDir() });
    expect((await service.waitForExit()).code).toBe(1);
    expect(service.output()).toContain('RUN_MODE=worker needs DATABASE_URL');
  });

  test('a taken port stops start-up with a plain message and releases the embedded database', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await once(blocker, 'listening');
    try {
      const dir = dataDir();
      const service = start({ REDIS_URL: TEST_REDIS_URL, DATA_DIR: dir, PORT: String(port) });
      expect((await service.waitForExit()).code).toBe(1);
      expect(service.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(service.output()).not.toMatch(/at .*\.ts:\d+/);
      expect(existsSync(path.join(dir, 'pglite', 'clientlens.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  test('SIGTERM closes HTTP and workers and exits 0', async () => {
    const dir = dataDir();
    const service = start({ REDIS_URL: TEST_REDIS_URL, DATA_DIR: dir, QUEUE_PREFIX: 'proc_term' });
    const url = await serviceUrl(service);
    expect((await axios.get(`${url}/readyz`)).data).toMatchObject({ status: 'ready' });
    service.child.kill('SIGTERM');
    const { code } = await service.waitForExit(15_000);
    expect(code).toBe(0);
    expect(service.output()).toContain('ClientLens stopped');
    expect(existsSync(path.join(dir, 'pglite', 'clientlens.lock'))).toBe(false);
  });

  test('shutdown stays bounded when Redis has gone away', async () => {
    const redis = await startPrivateRedis();
    try {
      const service = start({
        REDIS_URL: redis.url,
        DATA_DIR: dataDir(),
        SHUTDOWN_TIMEOUT_MS: '3000',
        QUEUE_PREFIX: 'proc_gone',
      });
      const url = await serviceUrl(service);
      await redis.stop();
      await expect(axios.get(`${url}/readyz`)).rejects.toMatchObject({ response: { status: 503 } });
      service.child.kill('SIGTERM');
      const { code, ms } = await service.waitForExit(10_000);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(3000 + 2000);
    } finally {
      await redis.stop();
    }
  });
});

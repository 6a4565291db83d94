import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkRedis, redactUrl } from '../../service/redis';
import { DemoError } from './errors';
import { findOnPath, freePort } from './net';

export interface DemoRedis {
  url: string;
  /** What the demo did about Redis, when it had to do something; printed as is. */
  note: string | undefined;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 5_000;

/**
 * The Redis at `url` when it answers; otherwise a private `redis-server` for the demo's lifetime (no
 * persistence, `noeviction` as BullMQ needs), stopped by `stop()` or, at the latest, when the process exits.
 */
export async function demoRedis(url: string): Promise<DemoRedis> {
  let reason: string;
  try {
    await checkRedis(url);
    return { url, note: undefined, stop: async () => undefined };
  } catch (error) {
    // checkRedis ends with its own advice on starting Redis; the demo gives (or follows) its own.
    reason = (error as Error).message.replace(/\s*Start one with .*$/s, '');
  }
  const binary = findOnPath('redis-server');
  if (!binary)
    throw new DemoError(
      `${reason}\nStart Redis with \`docker compose up -d redis\` (or install redis-server) and run the demo again.`,
    );

  const port = await freePort();
  const privateUrl = `redis://127.0.0.1:${port}`;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  // Its own process group: Ctrl-C reaches the demo only, which stops Redis after the workers are done.
  const child = spawn(binary, [...args, '--maxmemory-policy', 'noeviction'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-2_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.once('error', (error) => keep(Buffer.from(error.message)));
  const killNow = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', killNow);

  const stop = async () => {
    process.off('exit', killNow);
    if (exited) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exit.then(() => true), sleep(2_000).then(() => false)]);
    if (!stopped) child.kill('SIGKILL');
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new DemoError(`${binary} stopped at once:\n${output.trim()}`);
    try {
      await checkRedis(privateUrl);
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new DemoError(`${binary} did not answer on port ${port}: ${(error as Error).message}`);
      }
      await sleep(100);
    }
  }
  const unreachable = reason.startsWith('Redis is not reachable');
  return {
    url: privateUrl,
    note: unreachable
      ? `No Redis at ${redactUrl(url)} — started a private one on port ${port} for this demo.`
      : `${reason}\nStarted a private Redis on port ${port} for this demo instead.`,
    stop,
  };
}

import { Redis, type RedisOptions } from 'ioredis';

/**
 * Kinds of Redis clients, as BullMQ recommends: workers wait for Redis forever (`maxRetriesPerRequest:
 * null`); producers in HTTP handlers fail fast (`enableOfflineQueue: false`) so a request answers 503 rather
 * than hanging. `pages` is a producer that also batches the commands of one event-loop turn into one write
 * (auto-pipelining): every client page reads a version, and BullMQ's own clients must not pipeline.
 */
export function createRedis(url: string, role: 'worker' | 'producer' | 'pages'): Redis {
  const producer = { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 };
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null }
      : role === 'pages'
        ? { ...producer, enableAutoPipelining: true }
        : producer;
  const client = new Redis(url, { ...options, lazyConnect: true });
  // Reconnection is ioredis' job; an 'error' without a listener would crash the process.
  client.on('error', () => undefined);
  return client;
}

/** Fails start-up with one clear sentence when Redis is missing or misconfigured for BullMQ. */
export async function checkRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let reason: string | undefined;
  client.on('error', (error: Error) => (reason ??= error.message));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(
      `Redis is not reachable at ${redactUrl(url)} (${reason ?? (error as Error).message}). ` +
        'Start one with `docker compose up -d redis` or `redis-server`, or set REDIS_URL.',
    );
  }
  try {
    const [, policy] = (await client.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy && policy !== 'noeviction')
      throw new Error(
        `Redis at ${redactUrl(url)} uses maxmemory-policy "${policy}"; queued jobs need "noeviction" ` +
          '(`redis-cli config set maxmemory-policy noeviction`).',
      );
  } catch (error) {
    // Managed Redis may forbid CONFIG; only a policy we could read and is wrong stops start-up.
    if ((error as Error).message.includes('maxmemory-policy')) throw error;
  } finally {
    client.disconnect();
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { openDatabase, type Database } from '../../service/store/db';

/** Pieces every benchmark shares: a store to run against, memory sampling, clean-up and formatting. */

export type StoreKind = 'pglite' | 'postgres';

export const uniqueName = (prefix: string): string => `${prefix}_${randomBytes(5).toString('hex')}`;

/**
 * In-memory PGlite, or a throwaway PostgreSQL database created from `adminUrl` and dropped on close. Closing
 * twice is harmless (startRuntime closes the database itself when it fails half-way).
 */
export async function openBenchDatabase(kind: StoreKind, adminUrl: string): Promise<Database> {
  if (kind === 'pglite') return closeOnce(await openDatabase({ memory: true }), async () => undefined);
  const name = uniqueName('clbench');
  const drop = () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return closeOnce(await openDatabase({ url: url.toString() }), drop);
  } catch (error) {
    await drop();
    throw error;
  }
}

function closeOnce(database: Database, after: () => Promise<void>): Database {
  let closing: Promise<void> | undefined;
  return {
    ...database,
    close() {
      closing ??= database.close().finally(after);
      return closing;
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Removes every Redis key a run left under its unique prefix (queue and rate-limit counters). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

export interface RssSampler {
  /** Stops sampling; returns the highest RSS seen minus the RSS when sampling started, in bytes. */
  stop(): number;
}

/**
 * Samples RSS every `everyMs` from now on. The start value is taken after a full GC when the process runs
 * with --expose-gc, so garbage left by earlier work does not count against this run.
 */
export function sampleRss(everyMs = 50): RssSampler {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak - start;
    },
  };
}

export const mb = (bytes: number): number => bytes / 1024 / 1024;
export const fixed = (value: number, digits: number, width: number): string =>
  value.toFixed(digits).padStart(width);

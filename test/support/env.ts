import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../service/config';
import { createLogger } from '../../service/logger';
import { openDatabase, type Database } from '../../service/store/db';

/** PostgreSQL and Redis as the machine (and CI) runs them. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const STORES = ['pglite', 'postgres'] as const;
export type StoreKind = (typeof STORES)[number];

export const uniqueName = (prefix: string): string => `${prefix}_${randomBytes(5).toString('hex')}`;

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    SECRET_KEY: randomBytes(32).toString('base64'),
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueName('cltest'),
    PORT: '0',
    LOG_LEVEL: 'silent',
    ALLOW_PRIVATE_UPSTREAMS: 'true',
    UPSTREAM_TIMEOUT_MS: '5000',
    SYNC_BACKOFF_MS: '100',
    ...overrides,
  });
}

/** A fresh, empty database: in-memory PGlite, or a new PostgreSQL database dropped on close. */
export async function openTestDatabase(kind: StoreKind): Promise<Database & { url?: string }> {
  if (kind === 'pglite') return openDatabase({ memory: true });
  const name = uniqueName('cl_test');
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A logger whose every line is kept, to assert on what was (and was not) logged. */
export function capturingLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

/** Raw rows of a SQL query, the same way on both drivers (both answer `{ rows }`). */
export async function rawRows<T>(db: Database['db'], query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import { randomToken, sha256Hex } from '../crypto';
import type { Db } from './db';
import { newId } from './ids';
import { apiKeys, type ApiKeyRow } from './schema';

const KEY_PREFIX = 'cl_';
const TOUCH_EVERY_MS = 60_000;

/** Creates a key and returns it in clear exactly once; only its sha256 is stored. */
export async function createApiKey(
  db: Db,
  input: { workspaceId: string; name: string },
): Promise<{ row: ApiKeyRow; key: string }> {
  const key = `${KEY_PREFIX}${randomToken(32)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: newId(),
      workspaceId: input.workspaceId,
      name: input.name,
      prefix: key.slice(0, 10),
      hash: sha256Hex(key),
    })
    .returning();
  return { row: row!, key };
}

export async function findActiveApiKey(db: Db, key: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, sha256Hex(key)), isNull(apiKeys.revokedAt)));
  return row;
}

/** Records use at most once a minute per key, so authentication stays a read. */
export async function touchApiKey(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - TOUCH_EVERY_MS))),
      ),
    );
}

export const listApiKeys = (db: Db, workspaceId: string): Promise<ApiKeyRow[]> =>
  db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(asc(apiKeys.id));

export async function revokeApiKey(db: Db, id: string, now: Date): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

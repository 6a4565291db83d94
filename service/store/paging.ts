import { createError } from '../errors';

/** Lists are ordered by id (UUIDv7: creation order); the cursor is the last id seen, opaque to callers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw createError('invalid_cursor', 400, 'The cursor is not one this API returned.', {
      errors: [{ field: 'cursor', message: 'is not a cursor returned by this API' }],
    });
  return id;
}

/** Takes `limit + 1` rows fetched in id order and turns them into a page. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from './db';
import { decodeCursor, toPage, type Page, type PageRequest } from './paging';
import { connections, type ConnectionRow } from './schema';

export type NewConnection = typeof connections.$inferInsert;

export async function insertConnection(db: Db, values: NewConnection): Promise<ConnectionRow> {
  const [row] = await db.insert(connections).values(values).returning();
  return row!;
}

/** Scoped by workspace: another tenant's id reads as missing. */
export async function getConnection(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<ConnectionRow | undefined> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.id, id)));
  return row;
}

export async function getConnectionById(db: Db, id: string): Promise<ConnectionRow | undefined> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row;
}

export async function listConnections(
  db: Db,
  workspaceId: string,
  page: PageRequest,
): Promise<Page<ConnectionRow>> {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), after ? gt(connections.id, after) : undefined))
    .orderBy(asc(connections.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

export async function updateConnection(
  db: Db,
  id: string,
  values: Partial<Omit<NewConnection, 'id' | 'workspaceId' | 'createdAt'>>,
): Promise<ConnectionRow | undefined> {
  const [row] = await db
    .update(connections)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(connections.id, id))
    .returning();
  return row;
}

export async function deleteConnection(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.id, id)))
    .returning({ id: connections.id });
  return rows.length > 0;
}

/** Every connection of every workspace, for the worker's schedule reconciliation (ids and intervals only). */
export const listAllConnections = (db: Db): Promise<Pick<ConnectionRow, 'id' | 'reconcileMinutes'>[]> =>
  db.select({ id: connections.id, reconcileMinutes: connections.reconcileMinutes }).from(connections);

import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from './db';
import { shareLinks, type ShareLinkRow } from './schema';

export type NewShareLink = typeof shareLinks.$inferInsert;

export async function insertShareLink(db: Db, values: NewShareLink): Promise<ShareLinkRow> {
  const [row] = await db.insert(shareLinks).values(values).returning();
  return row!;
}

export async function findShareLinkByHash(db: Db, tokenHash: string): Promise<ShareLinkRow | undefined> {
  const [row] = await db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash));
  return row;
}

export const listShareLinks = (db: Db, projectId: string): Promise<ShareLinkRow[]> =>
  db.select().from(shareLinks).where(eq(shareLinks.projectId, projectId)).orderBy(desc(shareLinks.id));

export async function revokeShareLink(
  db: Db,
  workspaceId: string,
  id: string,
  at: Date,
): Promise<ShareLinkRow | undefined> {
  const [existing] = await db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.workspaceId, workspaceId), eq(shareLinks.id, id)));
  if (!existing || existing.revokedAt) return existing;
  const [row] = await db.update(shareLinks).set({ revokedAt: at }).where(eq(shareLinks.id, id)).returning();
  return row;
}

export async function recordViews(db: Db, id: string, count: number, at: Date): Promise<void> {
  await db
    .update(shareLinks)
    .set({
      viewCount: sql`${shareLinks.viewCount} + ${count}`,
      lastViewedAt: sql`greatest(${shareLinks.lastViewedAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(eq(shareLinks.id, id));
}

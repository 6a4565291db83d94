import { inScope, type Scope } from '../domain/scope';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './db';
import { shareLinks, updates, type ShareLinkRow } from './schema';

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
  scope: Scope,
  id: string,
  at: Date,
): Promise<ShareLinkRow | undefined> {
  const [found] = await db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.workspaceId, scope.workspaceId), eq(shareLinks.id, id)));
  const existing = inScope(found, scope.projectId);
  if (!existing || existing.revokedAt) return existing;
  const [row] = await db.update(shareLinks).set({ revokedAt: at }).where(eq(shareLinks.id, id)).returning();
  return row;
}

/**
 * Adds `count` views to the link and, in the same statement, to its project's latest published update:
 * the update the page showed. Both are increments in SQL, so flushes of several processes never race.
 */
export async function recordViews(db: Db, id: string, count: number, at: Date): Promise<void> {
  const viewed = db.$with('viewed_link').as(
    db
      .update(shareLinks)
      .set({
        viewCount: sql`${shareLinks.viewCount} + ${count}`,
        lastViewedAt: sql`greatest(${shareLinks.lastViewedAt}, ${at.toISOString()}::timestamptz)`,
      })
      .where(eq(shareLinks.id, id))
      .returning({ projectId: shareLinks.projectId }),
  );
  const current = db
    .select({ id: updates.id })
    .from(updates)
    .where(
      and(
        inArray(updates.projectId, db.select({ projectId: viewed.projectId }).from(viewed)),
        eq(updates.status, 'published'),
      ),
    )
    .orderBy(desc(updates.publishedAt), desc(updates.id))
    .limit(1);
  // A data-modifying WITH runs once, to completion, even when no update is published yet.
  await db
    .with(viewed)
    .update(updates)
    .set({ views: sql`${updates.views} + ${count}` })
    .where(inArray(updates.id, current));
}

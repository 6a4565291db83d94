import { and, desc, eq } from 'drizzle-orm';
import type { Summary } from '../domain/summary/types';
import type { UpdateContent } from '../domain/update';
import type { Db } from './db';
import { newId } from './ids';
import { updates, type UpdateRow } from './schema';

export async function insertUpdate(
  db: Db,
  values: { workspaceId: string; projectId: string; content: UpdateContent },
): Promise<UpdateRow> {
  const [row] = await db
    .insert(updates)
    .values({ id: newId(), ...values })
    .returning();
  return row!;
}

export async function getUpdate(db: Db, workspaceId: string, id: string): Promise<UpdateRow | undefined> {
  const [row] = await db
    .select()
    .from(updates)
    .where(and(eq(updates.workspaceId, workspaceId), eq(updates.id, id)));
  return row;
}

/** Newest first. */
export const listUpdates = (db: Db, projectId: string, status?: UpdateRow['status']): Promise<UpdateRow[]> =>
  db
    .select()
    .from(updates)
    .where(and(eq(updates.projectId, projectId), status ? eq(updates.status, status) : undefined))
    .orderBy(desc(updates.id));

/** Published updates without their frozen summaries (the client page shows only what the PM wrote). */
export const listPublishedContent = (
  db: Db,
  projectId: string,
): Promise<Pick<UpdateRow, 'id' | 'content' | 'publishedAt'>[]> =>
  db
    .select({ id: updates.id, content: updates.content, publishedAt: updates.publishedAt })
    .from(updates)
    .where(and(eq(updates.projectId, projectId), eq(updates.status, 'published')))
    .orderBy(desc(updates.publishedAt));

export async function latestPublished(db: Db, projectId: string): Promise<UpdateRow | undefined> {
  const [row] = await db
    .select()
    .from(updates)
    .where(and(eq(updates.projectId, projectId), eq(updates.status, 'published')))
    .orderBy(desc(updates.publishedAt))
    .limit(1);
  return row;
}

/** Changes a draft; a published update is never touched (the where clause makes sure). */
export async function updateDraft(
  db: Db,
  id: string,
  content: UpdateContent,
): Promise<UpdateRow | undefined> {
  const [row] = await db
    .update(updates)
    .set({ content, updatedAt: new Date() })
    .where(and(eq(updates.id, id), eq(updates.status, 'draft')))
    .returning();
  return row;
}

export async function markPublished(
  db: Db,
  id: string,
  summary: Summary,
  at: Date,
): Promise<UpdateRow | undefined> {
  const [row] = await db
    .update(updates)
    .set({ status: 'published', summary, publishedAt: at, updatedAt: at })
    .where(and(eq(updates.id, id), eq(updates.status, 'draft')))
    .returning();
  return row;
}

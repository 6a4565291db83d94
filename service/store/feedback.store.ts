import { and, desc, eq, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { THREAD_KINDS, type FeedbackKind, type FeedbackStatus } from '../domain/feedback';
import type { Db } from './db';
import { decodeCursor, toPage, type Page, type PageRequest } from './paging';
import { connections, feedback, projects, updates, type FeedbackRow, type ProjectRow } from './schema';

export type NewFeedback = typeof feedback.$inferInsert;

export async function insertFeedback(db: Db, values: NewFeedback): Promise<FeedbackRow> {
  const [row] = await db.insert(feedback).values(values).returning();
  return row!;
}

/** Scoped by workspace (another tenant's id reads as missing), locked for the transaction's change. */
export async function lockFeedback(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<FeedbackRow | undefined> {
  const [row] = await db
    .select()
    .from(feedback)
    .where(and(eq(feedback.workspaceId, workspaceId), eq(feedback.id, id)))
    .for('update');
  return row;
}

export async function saveAnswer(
  db: Db,
  id: string,
  values: Pick<FeedbackRow, 'status' | 'reply' | 'answeredAt'>,
  at: Date,
): Promise<FeedbackRow> {
  const [row] = await db
    .update(feedback)
    .set({ ...values, updatedAt: at })
    .where(eq(feedback.id, id))
    .returning();
  return row!;
}

export interface FeedbackFilter {
  kind?: FeedbackKind | undefined;
  status?: FeedbackStatus | undefined;
}

/** Newest first; the cursor is the last id seen. */
export async function listFeedback(
  db: Db,
  projectId: string,
  filter: FeedbackFilter,
  page: PageRequest,
): Promise<Page<FeedbackRow>> {
  const before = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(feedback)
    .where(
      and(
        eq(feedback.projectId, projectId),
        filter.kind ? eq(feedback.kind, filter.kind) : undefined,
        filter.status ? eq(feedback.status, filter.status) : undefined,
        before ? lt(feedback.id, before) : undefined,
      ),
    )
    .orderBy(desc(feedback.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

export type ThreadRow = Pick<FeedbackRow, 'id' | 'kind' | 'body' | 'authorName' | 'reply' | 'createdAt'> & {
  answeredAt: Date;
};

/** Answered questions and comments of a project, latest answer first: what the share page shows. */
export async function answeredThread(db: Db, projectId: string, limit: number): Promise<ThreadRow[]> {
  const rows = await db
    .select({
      id: feedback.id,
      kind: feedback.kind,
      body: feedback.body,
      authorName: feedback.authorName,
      reply: feedback.reply,
      createdAt: feedback.createdAt,
      answeredAt: feedback.answeredAt,
    })
    .from(feedback)
    .where(
      and(
        eq(feedback.projectId, projectId),
        isNotNull(feedback.reply),
        ne(feedback.status, 'open'),
        inArray(feedback.kind, [...THREAD_KINDS]),
      ),
    )
    .orderBy(sql`${feedback.answeredAt} desc nulls last`, desc(feedback.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, answeredAt: row.answeredAt ?? row.createdAt }));
}

/** A project of the workspace with the zone its dates are read in (its connection's). */
export async function projectWithZone(
  db: Db,
  workspaceId: string,
  projectId: string,
): Promise<{ project: ProjectRow; timeZone: string } | undefined> {
  const [row] = await db
    .select({ project: projects, timeZone: connections.timezone })
    .from(projects)
    .innerJoin(connections, eq(connections.id, projects.connectionId))
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, projectId)));
  return row;
}

/** The id of the latest published update (what a rating is about), without its snapshot. */
export async function latestPublishedId(db: Db, projectId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: updates.id })
    .from(updates)
    .where(and(eq(updates.projectId, projectId), eq(updates.status, 'published')))
    .orderBy(desc(updates.publishedAt))
    .limit(1);
  return row?.id;
}

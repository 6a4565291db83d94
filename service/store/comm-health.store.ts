import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { UpdateStats } from '../domain/comm-health';
import type { Db } from './db';
import { feedback, updates, type FeedbackRow } from './schema';

/** The last `limit` published updates, newest first, each with its views and the ratings it received. */
export async function publishedUpdateStats(db: Db, projectId: string, limit: number): Promise<UpdateStats[]> {
  const rows = await db
    .select({
      id: updates.id,
      publishedAt: updates.publishedAt,
      headline: sql<string>`${updates.content}->>'headline'`,
      views: updates.views,
      ratings: sql<number>`count(${feedback.rating})::int`.mapWith(Number),
      ratingSum: sql<number>`coalesce(sum(${feedback.rating}), 0)::int`.mapWith(Number),
    })
    .from(updates)
    .leftJoin(feedback, and(eq(feedback.updateId, updates.id), eq(feedback.kind, 'rating')))
    .where(and(eq(updates.projectId, projectId), eq(updates.status, 'published')))
    .groupBy(updates.id)
    .orderBy(desc(updates.publishedAt), desc(updates.id))
    .limit(limit);
  // A published update always has its publishedAt (markPublished sets both).
  return rows.map((row) => ({ ...row, publishedAt: row.publishedAt!, headline: row.headline ?? '' }));
}

/**
 * answeredAt − createdAt in seconds of every answered item of the project. `reply is not null` is what
 * sets answeredAt (applyFeedbackPatch), and it lets the query use `feedback_answered_idx`.
 */
export async function responseSeconds(db: Db, projectId: string): Promise<number[]> {
  const rows = await db
    .select({
      seconds:
        sql<number>`extract(epoch from (${feedback.answeredAt} - ${feedback.createdAt}))::float8`.mapWith(
          Number,
        ),
    })
    .from(feedback)
    .where(and(eq(feedback.projectId, projectId), isNotNull(feedback.reply), isNotNull(feedback.answeredAt)));
  return rows.map((row) => row.seconds);
}

/**
 * The project's open items: the PM's inbox, whole rows so the feedback service's own rule
 * (`toView`) decides which are overdue.
 */
export const openFeedbackRows = (db: Db, projectId: string): Promise<FeedbackRow[]> =>
  db
    .select()
    .from(feedback)
    .where(and(eq(feedback.projectId, projectId), eq(feedback.status, 'open')));

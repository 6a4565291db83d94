import { eq, sql } from 'drizzle-orm';
import type { Summary } from '../domain/summary/types';
import type { Db } from './db';
import { projectSummaries } from './schema';

export async function saveSummary(db: Db, projectId: string, summary: Summary, at: Date): Promise<void> {
  await db
    .insert(projectSummaries)
    .values({ projectId, summary, computedAt: at })
    .onConflictDoUpdate({
      target: projectSummaries.projectId,
      set: { summary: sql`excluded.summary`, computedAt: sql`excluded.computed_at` },
    });
}

/** When the stored summary was computed: a cheap check before using a cached copy. */
export async function summaryComputedAt(db: Db, projectId: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ computedAt: projectSummaries.computedAt })
    .from(projectSummaries)
    .where(eq(projectSummaries.projectId, projectId));
  return row?.computedAt;
}

export async function loadSummary(db: Db, projectId: string): Promise<Summary | undefined> {
  const [row] = await db.select().from(projectSummaries).where(eq(projectSummaries.projectId, projectId));
  return row?.summary;
}

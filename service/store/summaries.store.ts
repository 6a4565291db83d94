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

export async function loadSummary(db: Db, projectId: string): Promise<Summary | undefined> {
  const [row] = await db.select().from(projectSummaries).where(eq(projectSummaries.projectId, projectId));
  return row?.summary;
}

import { desc, eq } from 'drizzle-orm';
import { buildAgenda, type AgendaFeedbackInput } from '../domain/agenda';
import type { Locale } from '../domain/model';
import { localizeAgenda, type Agenda } from '../render/agenda.md';
import { getPlanOfProject } from '../store/comm-plans.store';
import type { Db } from '../store/db';
import { updates } from '../store/schema';
import { latestPublished } from '../store/updates.store';
import type { FeedbackService } from './feedback.service';
import type { SummariesService } from './summaries.service';

/** Open feedback is read in pages of the feedback list's largest size. */
const FEEDBACK_PAGE = 200;

/**
 * The weekly meeting agenda: the current summary against the last published update, the latest update's
 * risks, decisions and next steps, and the client's open feedback (overdue as the feedback service says).
 */
export function createAgendaService(deps: {
  db: Db;
  summaries: SummariesService;
  feedback: FeedbackService;
  now?: () => Date;
}) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** The newest update, draft or published, without its frozen summary. */
  async function latestUpdate(projectId: string) {
    const [row] = await db
      .select({ id: updates.id, status: updates.status, content: updates.content })
      .from(updates)
      .where(eq(updates.projectId, projectId))
      .orderBy(desc(updates.id))
      .limit(1);
    return row ?? null;
  }

  async function openFeedback(workspaceId: string, projectId: string): Promise<AgendaFeedbackInput[]> {
    const items: AgendaFeedbackInput[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.feedback.list(
        workspaceId,
        projectId,
        { status: 'open' },
        { limit: FEEDBACK_PAGE, cursor },
      );
      for (const { row, answerDueAt, overdue } of page.items)
        items.push({
          id: row.id,
          kind: row.kind,
          status: row.status,
          body: row.body,
          authorName: row.authorName,
          milestoneId: row.milestoneId,
          createdAt: row.createdAt,
          answerDueAt,
          overdue,
        });
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  }

  return {
    /** Another workspace's project is not found, like one that does not exist. */
    async forProject(workspaceId: string, projectId: string, lang?: Locale): Promise<Agenda> {
      const view = await deps.summaries.current(workspaceId, projectId);
      const published = await latestPublished(db, projectId);
      let { summary } = view;
      // Right after a publish the stored summary may still compare with the update before it (the render
      // job recomputes it shortly): the agenda is always about the last published one.
      if (
        published?.publishedAt &&
        published.summary &&
        summary.changes.since !== published.publishedAt.toISOString()
      )
        summary = (await deps.summaries.compute(projectId)) ?? summary;
      const [latest, feedback, plan] = await Promise.all([
        latestUpdate(projectId),
        openFeedback(workspaceId, projectId),
        getPlanOfProject(db, projectId),
      ]);
      const data = buildAgenda({
        summary,
        lastPublished: published?.publishedAt
          ? { id: published.id, publishedAt: published.publishedAt, snapshot: published.summary }
          : null,
        latestUpdate: latest,
        feedback,
        timeZone: view.timeZone,
        now: now(),
      });
      // The project's client language is its communication plan's; without a plan, the workspace's.
      return localizeAgenda(data, lang ?? plan?.locale ?? view.locale);
    },
  };
}

export type AgendaService = ReturnType<typeof createAgendaService>;

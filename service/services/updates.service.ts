import { inScope } from '../domain/scope';
import type { Locale } from '../domain/model';
import type { Summary } from '../domain/summary/types';
import type { UpdateContent } from '../domain/update';
import { createError, notFound } from '../errors';
import { draftMessages } from '../render/draft.messages';
import { coreMessages } from '../render/i18n/core.messages';
import { createTranslator, type Translator } from '../render/i18n/i18n';
import { healthWord, riskSentence, slipSentence } from '../render/plain-language';
import type { Db } from '../store/db';
import { getProject } from '../store/projects.store';
import type { UpdateRow } from '../store/schema';
import { getUpdate, insertUpdate, listUpdates, markPublished, updateDraft } from '../store/updates.store';
import type { SummariesService } from './summaries.service';
import { recordEvent, updatePublishedEvent } from './webhook-events.service';

const MAX_COMPLETED_LINES = 5;

export function createUpdatesService(deps: {
  db: Db;
  summaries: SummariesService;
  /** Recomputes the stored summary after a publish (the render job). */
  onPublished: (projectId: string) => Promise<void>;
  /** Records the comm plan's sends of a published update, in the publish transaction. */
  recordSends?: (tx: Db, update: UpdateRow) => Promise<unknown>;
}) {
  const { db } = deps;

  async function requireProject(workspaceId: string, projectId: string) {
    const project = await getProject(db, workspaceId, projectId);
    if (!project) throw notFound('Project');
    return project;
  }

  return {
    /** A new draft, pre-filled from what changed and the detected risks unless content is given. */
    async createDraft(workspaceId: string, projectId: string, content?: UpdateContent): Promise<UpdateRow> {
      const project = await requireProject(workspaceId, projectId);
      const { summary, locale } = await deps.summaries.current(workspaceId, project.id);
      return insertUpdate(db, { workspaceId, projectId, content: content ?? prefill(summary, locale) });
    },

    async list(workspaceId: string, projectId: string): Promise<UpdateRow[]> {
      await requireProject(workspaceId, projectId);
      return listUpdates(db, projectId);
    },

    async get(workspaceId: string, id: string, projectId?: string): Promise<UpdateRow> {
      const row = inScope(await getUpdate(db, workspaceId, id), projectId);
      if (!row) throw notFound('Update');
      return row;
    },

    async edit(
      workspaceId: string,
      id: string,
      content: UpdateContent,
      projectId?: string,
    ): Promise<UpdateRow> {
      const current = inScope(await getUpdate(db, workspaceId, id), projectId);
      if (!current) throw notFound('Update');
      const row = await updateDraft(db, id, content);
      if (!row)
        throw createError('update_published', 409, 'A published update cannot be changed; write a new one.');
      return row;
    },

    /** Freezes the summary of this moment with the update; from then on it never changes. */
    async publish(workspaceId: string, id: string, projectId?: string): Promise<UpdateRow> {
      const current = inScope(await getUpdate(db, workspaceId, id), projectId);
      if (!current) throw notFound('Update');
      if (current.status === 'published')
        throw createError('update_published', 409, 'This update is already published.');
      const project = await requireProject(workspaceId, current.projectId);
      const snapshot = await deps.summaries.snapshot(project);
      const row = await db.transaction(async (tx) => {
        const published = await markPublished(tx, id, snapshot, new Date());
        if (published) {
          await recordEvent(tx, updatePublishedEvent(published)); // outbox: commits with it
          await deps.recordSends?.(tx, published); // the comm plan's sends, likewise
        }
        return published;
      });
      if (!row) throw createError('update_published', 409, 'This update is already published.');
      await deps.onPublished(project.id);
      return row;
    },
  };
}

export type UpdatesService = ReturnType<typeof createUpdatesService>;

/** What ClientLens proposes; the PM edits it before publishing. */
export function prefill(summary: Summary, locale: Locale): UpdateContent {
  const t: Translator = createTranslator(locale, coreMessages, draftMessages);
  const { byCount, health } = summary.overall;
  const milestoneName = (id: string) => summary.milestones.find((m) => m.id === id)?.name;
  const completed = summary.changes.completed;
  const highlights = [
    ...completed.slice(0, MAX_COMPLETED_LINES).map((task) => t.t('draft.completed', { title: task.title })),
    ...(completed.length > MAX_COMPLETED_LINES
      ? [t.t('draft.completed.more', { count: completed.length - MAX_COMPLETED_LINES })]
      : []),
    ...summary.changes.slips.map((slip) => slipSentence(t, slip)),
  ];
  const risks = summary.risks.map((risk) => {
    const sentence = riskSentence(t, risk, {
      milestoneName,
      timeZone: 'UTC',
      source: summary.freshness.source,
    });
    return { problem: sentence.text, impact: sentence.impact, mitigation: '', decision: null };
  });
  const nextSteps = summary.milestones
    .filter((m) => m.health !== 'done')
    .slice(0, 3)
    .map((m) =>
      m.dueDate
        ? t.t('draft.next', { milestone: m.name, date: t.date(m.dueDate) })
        : t.t('draft.next.undated', { milestone: m.name }),
    );
  return {
    headline:
      byCount.total === 0
        ? t.t('draft.headline.empty')
        : t.t('draft.headline', {
            percent: t.percent(byCount.ratio),
            health: healthWord(t, health).toLowerCase(),
          }),
    highlights,
    risks,
    nextSteps,
  };
}

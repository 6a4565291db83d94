import { and, eq } from 'drizzle-orm';
import { getConnector } from '../connectors/registry';
import type { Summary, SummaryInput } from '../domain/summary/types';
import { summarize } from '../domain/summary/summarize';
import { notFound } from '../errors';
import type { Db } from '../store/db';
import { listMilestones } from '../store/milestones.store';
import { getProject, getProjectById } from '../store/projects.store';
import { connections, tasks, workspaces, type ProjectRow } from '../store/schema';
import { lastRun } from '../store/sync-runs.store';
import type { Locale } from '../domain/model';
import { isLocale } from '../render/i18n/i18n';
import { loadSummary, saveSummary, summaryComputedAt } from '../store/summaries.store';
import { latestPublished } from '../store/updates.store';
import type { PageVersions } from './page-versions';

export interface ClientView {
  project: ProjectRow;
  summary: Summary;
  /** The zone the project's dates and times are shown in. */
  timeZone: string;
  /** The workspace's language: the default for texts ClientLens writes. */
  locale: Locale;
}

export interface ClientSettings {
  hiddenTypes: string[];
  hiddenLabels: string[];
}

export function clientSettingsOf(project: ProjectRow): ClientSettings {
  const settings = project.clientSettings as Partial<ClientSettings>;
  return { hiddenTypes: settings.hiddenTypes ?? [], hiddenLabels: settings.hiddenLabels ?? [] };
}

/**
 * Summaries are computed by the render job (after each sync, failed sync, publish and client-settings
 * change) and stored; reading one is a lookup. A summary depends on the clock only through today's date
 * and the data's age, so a stored one is used until its `validUntil` and recomputed on the first read
 * after it.
 */
export function createSummariesService(deps: { db: Db; versions: PageVersions; now?: () => Date }) {
  const { db, versions } = deps;
  const now = deps.now ?? (() => new Date());

  async function inputFor(project: ProjectRow, at: Date): Promise<SummaryInput> {
    const [connection] = await db.select().from(connections).where(eq(connections.id, project.connectionId));
    const taskRows = await db
      .select({
        id: tasks.id,
        title: tasks.title,
        clientTitle: tasks.clientTitle,
        type: tasks.type,
        labels: tasks.labels,
        statusCategory: tasks.statusCategory,
        blocked: tasks.blocked,
        milestoneIds: tasks.milestoneIds,
        dueDate: tasks.dueDate,
        completedAt: tasks.completedAt,
        estimate: tasks.estimate,
        remoteCreatedAt: tasks.remoteCreatedAt,
        createdAt: tasks.createdAt,
      })
      .from(tasks)
      .where(and(eq(tasks.projectId, project.id), eq(tasks.deleted, false)));
    const milestoneRows = await listMilestones(db, project.id);
    const previous = await latestPublished(db, project.id);
    const latestRun = await lastRun(db, project.id);
    const failed = latestRun && (latestRun.status === 'failed' || latestRun.status === 'auth_failed');
    return {
      project: { id: project.id, name: project.name },
      source: connection ? getConnector(connection.provider).displayName : 'PM tool',
      milestones: milestoneRows.map((m) => ({
        id: m.id,
        name: m.name,
        kind: m.kind,
        startDate: m.startDate,
        dueDate: m.dueDate,
        dueHistory: m.dueHistory,
        status: m.status,
        completedAt: m.completedAt,
      })),
      tasks: taskRows.map(({ clientTitle, remoteCreatedAt, createdAt, ...task }) => ({
        ...task,
        title: clientTitle ?? task.title,
        createdAt: remoteCreatedAt ?? createdAt,
      })),
      previous:
        previous?.summary && previous.publishedAt
          ? { publishedAt: previous.publishedAt, summary: previous.summary }
          : null,
      sync: {
        lastSuccessAt: project.lastSyncedAt,
        lastFailure: failed
          ? { at: latestRun.finishedAt ?? latestRun.updatedAt, code: latestRun.error?.code ?? 'sync_failed' }
          : null,
      },
      now: at,
      timezone: connection?.timezone ?? 'UTC',
      options: clientSettingsOf(project),
    };
  }

  // Parsed summaries by project, valid while the stored row's computed_at is unchanged (a 10 000-task summary
  // is megabytes of JSON: reading it on every page view would dominate the page's cost).
  const cache = new Map<string, { computedAt: number; summary: Summary }>();
  async function loadStored(projectId: string): Promise<Summary | undefined> {
    const computedAt = (await summaryComputedAt(db, projectId))?.getTime();
    if (computedAt === undefined) return undefined;
    const hit = cache.get(projectId);
    if (hit?.computedAt === computedAt) return hit.summary;
    const summary = await loadSummary(db, projectId);
    if (summary) cache.set(projectId, { computedAt, summary });
    return summary;
  }

  async function view(project: ProjectRow): Promise<ClientView> {
    const stored = await loadStored(project.id);
    // A summary stored by an older version has no validUntil: NaN compares false, so it is recomputed.
    const fresh = stored && now().getTime() < Date.parse(stored.validUntil);
    const summary = fresh ? stored : ((await compute(project.id)) ?? stored!);
    const [connection] = await db
      .select({ timezone: connections.timezone })
      .from(connections)
      .where(eq(connections.id, project.connectionId));
    const [workspace] = await db
      .select({ locale: workspaces.locale })
      .from(workspaces)
      .where(eq(workspaces.id, project.workspaceId));
    return {
      project,
      summary,
      timeZone: connection?.timezone ?? 'UTC',
      locale: isLocale(workspace?.locale) ? workspace.locale : 'en',
    };
  }

  // Concurrent requests for the same project share one computation.
  const inFlight = new Map<string, Promise<Summary | undefined>>();
  function compute(projectId: string): Promise<Summary | undefined> {
    let pending = inFlight.get(projectId);
    if (!pending) {
      pending = computeNow(projectId).finally(() => inFlight.delete(projectId));
      inFlight.set(projectId, pending);
    }
    return pending;
  }

  async function computeNow(projectId: string): Promise<Summary | undefined> {
    const project = await getProjectById(db, projectId);
    if (!project) return undefined;
    const at = now();
    const summary = summarize(await inputFor(project, at));
    await saveSummary(db, project.id, summary, at);
    await versions.bump(project.id);
    return summary;
  }

  return {
    compute,
    /** The project's summary as of now: the stored one, recomputed when past its `validUntil`. */
    async current(workspaceId: string, projectId: string): Promise<ClientView> {
      const project = await getProject(db, workspaceId, projectId);
      if (!project) throw notFound('Project');
      return view(project);
    },
    /** The same for a share link, which already knows its project. */
    async forProject(projectId: string): Promise<ClientView | undefined> {
      const project = await getProjectById(db, projectId);
      return project ? view(project) : undefined;
    },
    /** A summary computed now, for freezing with a published update. */
    async snapshot(project: ProjectRow): Promise<Summary> {
      return summarize(await inputFor(project, now()));
    },
  };
}

export type SummariesService = ReturnType<typeof createSummariesService>;

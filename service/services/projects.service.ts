import { notFound } from '../errors';
import type { Db } from '../store/db';
import { listMilestones } from '../store/milestones.store';
import type { Page, PageRequest } from '../store/paging';
import { getProject, listProjects } from '../store/projects.store';
import type { MilestoneRow, ProjectRow, TaskRow } from '../store/schema';
import { listTasks, setClientTitle, type TaskFilter } from '../store/tasks.store';
import { and, eq } from 'drizzle-orm';
import { findJargon } from '../domain/jargon';
import { hiddenFilter } from '../domain/summary/context';
import type { Locale } from '../domain/model';
import { setClientSettings } from '../store/projects.store';
import { tasks as taskTable } from '../store/schema';
import { clientSettingsOf, type ClientSettings } from './summaries.service';

export type ProjectsService = ReturnType<typeof createProjectsService>;

export type ClientSettingsChange = Partial<ClientSettings> & { responseTargetHours?: number };

export function createProjectsService(deps: {
  db: Db;
  /** After a change to what clients see (hidden work, client titles): the summary is recomputed. */
  onClientViewChanged: (projectId: string) => Promise<void>;
}) {
  const { db } = deps;

  async function get(workspaceId: string, id: string): Promise<ProjectRow> {
    const project = await getProject(db, workspaceId, id);
    if (!project) throw notFound('Project');
    return project;
  }

  return {
    get,
    list: (
      workspaceId: string,
      filter: { connectionId?: string | undefined },
      page: PageRequest,
    ): Promise<Page<ProjectRow>> => listProjects(db, workspaceId, filter, page),
    async tasks(
      workspaceId: string,
      id: string,
      filter: TaskFilter,
      page: PageRequest,
    ): Promise<Page<TaskRow>> {
      await get(workspaceId, id);
      return listTasks(db, id, filter, page);
    },
    /** Which task types and labels are internal work, hidden from clients; the feedback response target. */
    async setClientSettings(
      workspaceId: string,
      id: string,
      settings: { [K in keyof ClientSettingsChange]?: ClientSettingsChange[K] | undefined },
    ): Promise<ProjectRow> {
      const project = await get(workspaceId, id);
      // Settings left out keep their value.
      const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
      const row = (await setClientSettings(db, project.id, { ...project.clientSettings, ...given }))!;
      await deps.onClientViewChanged(project.id);
      return row;
    },
    async setClientTitle(
      workspaceId: string,
      id: string,
      taskId: string,
      title: string | null,
    ): Promise<TaskRow> {
      await get(workspaceId, id);
      const row = await setClientTitle(db, id, taskId, title);
      if (!row) throw notFound('Task');
      await deps.onClientViewChanged(id);
      return row;
    },
    /** Client-visible titles that use technical terms, so the PM can give them client-facing titles. */
    async jargon(workspaceId: string, id: string, locale: Locale) {
      const project = await get(workspaceId, id);
      const hidden = hiddenFilter(clientSettingsOf(project));
      const rows = await db
        .select({
          id: taskTable.id,
          title: taskTable.title,
          clientTitle: taskTable.clientTitle,
          type: taskTable.type,
          labels: taskTable.labels,
        })
        .from(taskTable)
        .where(and(eq(taskTable.projectId, id), eq(taskTable.deleted, false)));
      const visible = rows.filter((task) => !hidden(task));
      return findJargon(
        visible.map((t) => ({ id: t.id, title: t.clientTitle ?? t.title })),
        locale,
      );
    },
    async milestones(workspaceId: string, id: string): Promise<MilestoneRow[]> {
      await get(workspaceId, id);
      return listMilestones(db, id);
    },
  };
}

import { notFound } from '../errors';
import type { Db } from '../store/db';
import { listMilestones } from '../store/milestones.store';
import type { Page, PageRequest } from '../store/paging';
import { getProject, listProjects } from '../store/projects.store';
import type { MilestoneRow, ProjectRow, TaskRow } from '../store/schema';
import { listTasks, type TaskFilter } from '../store/tasks.store';

export type ProjectsService = ReturnType<typeof createProjectsService>;

export function createProjectsService(deps: { db: Db }) {
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
    async milestones(workspaceId: string, id: string): Promise<MilestoneRow[]> {
      await get(workspaceId, id);
      return listMilestones(db, id);
    },
  };
}

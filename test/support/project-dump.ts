/**
 * A project's synced data as the API serves it, with everything that differs between two connections to the
 * same upstream project (our ids, the times we saw a change) taken out: what a faulty run stored must equal,
 * field for field, what a clean run of a fresh connection stores.
 */
export interface ProjectDump {
  tasks: Record<string, unknown>[];
  milestones: Record<string, unknown>[];
}

/** GETs an API path (with the workspace's key) and returns its JSON body. */
export type ApiGet = (path: string) => Promise<unknown>;

interface MilestoneBody {
  id: string;
  externalId: string;
  dueHistory: { from: string | null; to: string | null; at: string }[];
  [field: string]: unknown;
}
interface TaskBody {
  id: string;
  externalId: string;
  milestoneIds: string[];
  deleted: boolean;
  [field: string]: unknown;
}

/**
 * Every task (deleted ones too, unless `liveOnly`: a connection that saw a deletion keeps the row, a new one
 * never stored it) and every milestone, sorted by upstream id, milestone links as upstream ids.
 */
export async function dumpProject(
  get: ApiGet,
  projectId: string,
  options: { liveOnly?: boolean } = {},
): Promise<ProjectDump> {
  const { items: milestoneRows } = (await get(`/api/v1/projects/${projectId}/milestones`)) as {
    items: MilestoneBody[];
  };
  const externalOf = new Map(milestoneRows.map((m) => [m.id, m.externalId]));
  const milestones = milestoneRows.map(({ id: _id, dueHistory, ...m }) => ({
    ...m,
    dueHistory: dueHistory.map(({ from, to }) => ({ from, to })),
  }));

  const tasks: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const deleted = options.liveOnly ? 'false' : 'true';
    const query = `limit=200&includeDeleted=${deleted}${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await get(`/api/v1/projects/${projectId}/tasks?${query}`)) as {
      items: TaskBody[];
      nextCursor: string | null;
    };
    for (const { id: _id, milestoneIds, ...task } of page.items) {
      if (options.liveOnly && task.deleted) continue;
      tasks.push({ ...task, milestoneIds: milestoneIds.map((id) => externalOf.get(id) ?? `?${id}`).sort() });
    }
    cursor = page.nextCursor;
  } while (cursor);
  const byExternalId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    String(a.externalId).localeCompare(String(b.externalId));
  return { tasks: tasks.sort(byExternalId), milestones: milestones.sort(byExternalId) };
}

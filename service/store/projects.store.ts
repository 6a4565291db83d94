import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ProjectInput } from '../domain/model';
import type { Db } from './db';
import { newId } from './ids';
import { decodeCursor, toPage, type Page, type PageRequest } from './paging';
import { connections, projects, type ProjectRow } from './schema';

/** Inserts or refreshes projects seen upstream, keyed on (connection, external id). */
export async function upsertProjects(
  db: Db,
  scope: { workspaceId: string; connectionId: string },
  inputs: ProjectInput[],
): Promise<ProjectRow[]> {
  if (inputs.length === 0) return [];
  return db
    .insert(projects)
    .values(inputs.map((p) => ({ id: newId(), ...scope, ...projectColumns(p) })))
    .onConflictDoUpdate({
      target: [projects.connectionId, projects.externalId],
      set: {
        key: sql`excluded.key`,
        name: sql`excluded.name`,
        url: sql`excluded.url`,
        type: sql`excluded.type`,
        startDate: sql`excluded.start_date`,
        endDate: sql`excluded.end_date`,
        archived: sql`excluded.archived`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
}

const projectColumns = (p: ProjectInput) => ({
  externalId: p.externalId,
  key: p.key,
  name: p.name,
  url: p.url,
  type: p.type,
  startDate: p.startDate,
  endDate: p.endDate,
  archived: p.archived,
});

export async function getProject(db: Db, workspaceId: string, id: string): Promise<ProjectRow | undefined> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, id)));
  return row;
}

export async function getProjectById(db: Db, id: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  return row;
}

export async function listProjects(
  db: Db,
  workspaceId: string,
  filter: { connectionId?: string | undefined },
  page: PageRequest,
): Promise<Page<ProjectRow>> {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(projects)
    .where(
      and(
        eq(projects.workspaceId, workspaceId),
        filter.connectionId ? eq(projects.connectionId, filter.connectionId) : undefined,
        after ? gt(projects.id, after) : undefined,
      ),
    )
    .orderBy(asc(projects.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

export async function markProjectSynced(
  db: Db,
  id: string,
  values: { syncedFrom: Date; at: Date },
): Promise<void> {
  await db
    .update(projects)
    .set({ lastSyncedAt: values.at, syncedFrom: values.syncedFrom, updatedAt: values.at })
    .where(eq(projects.id, id));
}

export async function setClientSettings(
  db: Db,
  id: string,
  settings: Record<string, unknown>,
): Promise<ProjectRow | undefined> {
  const [row] = await db
    .update(projects)
    .set({ clientSettings: settings, updatedAt: new Date() })
    .where(eq(projects.id, id))
    .returning();
  return row;
}

/**
 * The workspace's project with this upstream id on a connection of `provider` (the oldest when several
 * connections see the same project), or undefined when the project is not connected there.
 */
export async function findProjectByExternalId(
  db: Db,
  scope: { workspaceId: string; provider: string },
  externalId: string,
): Promise<ProjectRow | undefined> {
  const [row] = await db
    .select({ project: projects })
    .from(projects)
    .innerJoin(connections, eq(connections.id, projects.connectionId))
    .where(
      and(
        eq(projects.workspaceId, scope.workspaceId),
        eq(connections.workspaceId, scope.workspaceId),
        eq(connections.provider, scope.provider),
        eq(projects.externalId, externalId),
      ),
    )
    .orderBy(asc(projects.id))
    .limit(1);
  return row?.project;
}

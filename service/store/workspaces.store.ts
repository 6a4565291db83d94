import { asc, eq } from 'drizzle-orm';
import type { Db } from './db';
import { newId } from './ids';
import { workspaces, type WorkspaceRow } from './schema';

export async function createWorkspace(
  db: Db,
  input: { name: string; locale?: string | undefined; timezone?: string | undefined },
): Promise<WorkspaceRow> {
  const [row] = await db
    .insert(workspaces)
    .values({
      id: newId(),
      name: input.name,
      locale: input.locale ?? 'en',
      timezone: input.timezone ?? 'UTC',
    })
    .returning();
  return row!;
}

export async function getWorkspace(db: Db, id: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row;
}

export const listWorkspaces = (db: Db): Promise<WorkspaceRow[]> =>
  db.select().from(workspaces).orderBy(asc(workspaces.id));

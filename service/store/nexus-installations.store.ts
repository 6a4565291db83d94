import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from './db';
import { nexusInstallations, type NexusInstallationRow } from './schema';

export async function getNexusInstallation(db: Db, id: string): Promise<NexusInstallationRow | undefined> {
  const [row] = await db.select().from(nexusInstallations).where(eq(nexusInstallations.id, id));
  return row;
}

/** Inserts the installation unless it exists; answers undefined when another delivery got there first. */
export async function insertNexusInstallation(
  db: Db,
  values: { id: string; workspaceId: string; teamId: string; installedAt: Date },
): Promise<NexusInstallationRow | undefined> {
  const [row] = await db.insert(nexusInstallations).values(values).onConflictDoNothing().returning();
  return row;
}

/** A new install event for a known installation makes it live again (same workspace). */
export async function reinstallNexusInstallation(db: Db, id: string, at: Date): Promise<void> {
  await db
    .update(nexusInstallations)
    .set({ uninstalledAt: null, installedAt: at })
    .where(and(eq(nexusInstallations.id, id), isNotNull(nexusInstallations.uninstalledAt)));
}

/** Marks the installation uninstalled; the first uninstall time is kept. Answers whether a live row changed. */
export async function markNexusUninstalled(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(nexusInstallations)
    .set({ uninstalledAt: at })
    .where(and(eq(nexusInstallations.id, id), isNull(nexusInstallations.uninstalledAt)))
    .returning({ id: nexusInstallations.id });
  return rows.length > 0;
}

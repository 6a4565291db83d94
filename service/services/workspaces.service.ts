import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { createError, notFound } from '../errors';
import { timezoneField } from '../schemas/connections';
import { createApiKey, listApiKeys, revokeApiKey } from '../store/api-keys.store';
import type { Db } from '../store/db';
import type { ApiKeyRow, WorkspaceRow } from '../store/schema';
import { createWorkspace, getWorkspace, listWorkspaces } from '../store/workspaces.store';

const NewWorkspace = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(120),
  locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).optional(),
  timezone: timezoneField.optional(),
});

/** Tenants and their API keys: used by the admin CLI and the demo. */
export function createWorkspacesService(deps: { db: Db }) {
  const { db } = deps;

  async function requireWorkspace(id: string): Promise<WorkspaceRow> {
    const workspace = await getWorkspace(db, id);
    if (!workspace) throw notFound('Workspace');
    return workspace;
  }

  return {
    /** Creates a workspace with its first API key; the key is returned in clear this once. */
    async create(input: { name: string; locale?: string | undefined; timezone?: string | undefined }) {
      const parsed = NewWorkspace.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw createError('validation_failed', 400, `${issue?.path.join('.')} ${issue?.message}.`);
      }
      return db.transaction(async (tx) => {
        const workspace = await createWorkspace(tx, parsed.data);
        const { row, key } = await createApiKey(tx, { workspaceId: workspace.id, name: 'default' });
        return { workspace, apiKey: row, key };
      });
    },
    list: (): Promise<WorkspaceRow[]> => listWorkspaces(db),
    async createKey(workspaceId: string, name: string): Promise<{ apiKey: ApiKeyRow; key: string }> {
      await requireWorkspace(workspaceId);
      const { row, key } = await createApiKey(db, { workspaceId, name });
      return { apiKey: row, key };
    },
    async listKeys(workspaceId: string): Promise<ApiKeyRow[]> {
      await requireWorkspace(workspaceId);
      return listApiKeys(db, workspaceId);
    },
    async revokeKey(id: string): Promise<ApiKeyRow> {
      const row = await revokeApiKey(db, id, new Date());
      if (!row) throw notFound('Active API key');
      return row;
    },
  };
}

export type WorkspacesService = ReturnType<typeof createWorkspacesService>;

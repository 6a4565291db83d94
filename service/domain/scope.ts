/**
 * What a request may touch: a workspace (API keys), or one project of it (the panel, whose token names
 * the project). A row outside the scope is treated exactly like a row that does not exist.
 */
export interface Scope {
  workspaceId: string;
  /** Set for panel requests: rows of other projects of the workspace are out of reach too. */
  projectId?: string | undefined;
}

export const inScope = <T extends { projectId: string }>(
  row: T | undefined,
  projectId?: string,
): T | undefined => (row && (projectId === undefined || row.projectId === projectId) ? row : undefined);

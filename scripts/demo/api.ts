import axios, { type AxiosInstance, type Method } from 'axios';
import type { z } from 'zod';
import type { ConnectionSchema } from '../../service/schemas/connections';
import type { MilestoneSchema, ProjectSchema } from '../../service/schemas/projects';
import { DemoError } from './errors';
import type { Run } from './progress';

export type Connection = z.output<typeof ConnectionSchema>;
export type Project = z.output<typeof ProjectSchema>;
export type Milestone = z.output<typeof MilestoneSchema>;
interface Page<T> {
  items: T[];
}

/** The demo talks to ClientLens the way an integrator does: over HTTP, with the API key. */
export function demoApi(baseUrl: string, apiKey: string) {
  const http: AxiosInstance = axios.create({
    baseURL: `${baseUrl}/api/v1`,
    headers: { authorization: `Bearer ${apiKey}` },
    timeout: 30_000,
    validateStatus: () => true,
  });

  async function call<T>(method: Method, url: string, expected: number, data?: unknown): Promise<T> {
    const res = await http.request<unknown>({ method, url, data });
    if (res.status === expected) return res.data as T;
    const problem = res.data as { code?: string; detail?: string } | undefined;
    throw new DemoError(
      `${method} /api/v1${url} answered ${res.status}${problem?.code ? ` ${problem.code}` : ''}: ` +
        `${problem?.detail ?? JSON.stringify(res.data)}`,
    );
  }

  return {
    connections: () => call<Page<Connection>>('GET', '/connections?limit=200', 200),
    createConnection: (body: Record<string, unknown>) =>
      call<Connection & { projects: Project[] }>('POST', '/connections', 201, body),
    updateConnection: (id: string, body: Record<string, unknown>) =>
      call<Connection>('PATCH', `/connections/${id}`, 200, body),
    projects: (connectionId: string) =>
      call<Page<Project>>('GET', `/projects?connectionId=${connectionId}&limit=200`, 200),
    milestones: (projectId: string) => call<Page<Milestone>>('GET', `/projects/${projectId}/milestones`, 200),
    requestSync: (connectionId: string, projectId: string) =>
      call<Run>('POST', `/connections/${connectionId}/syncs`, 202, { projectId }),
    run: (id: string) => call<Run>('GET', `/syncs/${id}`, 200),
    publishedUpdates: async (projectId: string) =>
      (await call<Page<{ status: string }>>('GET', `/projects/${projectId}/updates`, 200)).items.filter(
        (u) => u.status === 'published',
      ),
    /** A draft pre-filled by ClientLens from what changed and the risks, published as is. */
    publishPrefilledUpdate: async (projectId: string) => {
      const draft = await call<{ id: string }>('POST', `/projects/${projectId}/updates`, 201, {});
      return call<{ id: string }>('POST', `/updates/${draft.id}/publish`, 200, {});
    },
    createShareLink: (projectId: string, body: Record<string, unknown>) =>
      call<{ url: string }>('POST', `/projects/${projectId}/share-links`, 201, body),
    /** What a host's backend does for the embedded panel: a short-lived token for one project. */
    panelToken: async (projectId: string, locale: string) =>
      (await call<{ token: string }>('POST', '/panel-tokens', 201, { projectId, locale })).token,
  };
}

export type DemoApi = ReturnType<typeof demoApi>;

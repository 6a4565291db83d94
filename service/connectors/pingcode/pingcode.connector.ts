import { createHash } from 'node:crypto';
import { verifyPingcodeWebhook } from './pingcode.webhook';
import { z } from 'zod';
import type { MilestoneInput } from '../../domain/model';
import type { Connector, ConnectorContext, Cursor, TaskPage } from '../connector';
import { ConnectorError, redactSecrets } from '../http';
import {
  isPlanType,
  toPlanMilestone,
  toProject,
  toSprintMilestone,
  toTask,
  toVersionMilestone,
} from './pingcode.mapper';
import {
  projectPageSchema,
  projectSchema,
  sprintPageSchema,
  tokenSchema,
  versionPageSchema,
  workItemPageSchema,
  workItemTypePageSchema,
} from './pingcode.schemas';
import type { PingcodePage, PingcodeWorkItem, PingcodeWorkItemType } from './pingcode.schemas';

/**
 * PingCode Open API connector (https://open.pingcode.com). Mapping, paging and every assumption the
 * docs leave open are described in ./README.md.
 */

export interface PingcodeCredentials {
  clientId: string;
  clientSecret: string;
}

export interface PingcodeSettings {
  /** `pjm` in the 2026 docs; older deployments and clients use `project` (upstream-apis.md §1.6). */
  pathArea: 'pjm' | 'project';
  /** Tag names (case-insensitive) that mark a work item as blocked. */
  blockedTags: string[];
}

type Ctx = ConnectorContext<PingcodeCredentials, PingcodeSettings>;

export const DEFAULT_BLOCKED_TAGS: readonly string[] = ['blocked', '阻塞', '受阻', 'bloqué'];

const credentialsSchema = z.object({
  clientId: z.string().trim().min(1),
  clientSecret: z.string().trim().min(1),
});

const settingsSchema = z.object({
  pathArea: z.enum(['pjm', 'project']).default('pjm'),
  blockedTags: z.array(z.string().trim().min(1)).default(() => [...DEFAULT_BLOCKED_TAGS]),
});

/** PC-DOC "分页数据": page_size max 100. */
const PAGE_SIZE = 100;
/** Search date filters are day-granular, so incremental runs look one extra day back. */
const DAY_SECONDS = 86_400;

const CREDENTIALS_REFUSED =
  'PingCode refused the client ID and secret. Check the app under Admin → Credential management (凭据管理) and update the connection.';
const TOKEN_REFUSED =
  'PingCode issued an access token and then refused it. The app may have been deleted or its secret reset: check it under Admin → Credential management (凭据管理) and update the connection.';
const ACCESS_REFUSED =
  "PingCode refused access to this data (HTTP 403). Check the app's data scope (数据范围) under Admin → Credential management (凭据管理).";

const cursorSchema = z.object({
  mode: z.enum(['search', 'list']),
  pageIndex: z.number().int().nonnegative(),
});
type Mode = z.infer<typeof cursorSchema>['mode'];

export function createPingcodeConnector(): Connector<PingcodeCredentials, PingcodeSettings> {
  const tokens = new TokenCache();

  /** One authenticated call; a 401 gets exactly one retry with a freshly issued token. */
  async function call<T>(ctx: Ctx, req: DataRequest<T>): Promise<T> {
    const pending = tokens.get(ctx);
    const token = await pending;
    try {
      return await send(ctx, req, token);
    } catch (error) {
      if (!isUnauthorized(error)) throw redactSecrets(explainForbidden(error), token);
    }
    tokens.forget(ctx.connectionId, pending);
    const fresh = await tokens.get(ctx);
    try {
      return await send(ctx, req, fresh);
    } catch (error) {
      if (isUnauthorized(error))
        throw new ConnectorError('auth_failed', TOKEN_REFUSED, { retryable: false, status: 401 });
      throw redactSecrets(explainForbidden(error), fresh);
    }
  }

  /** Every page of a listing, from `firstIndex` on, until `(page_index + 1) * page_size >= total`. */
  async function* pages<T>(
    fetchPage: (pageIndex: number) => Promise<PingcodePage<T>>,
    firstIndex = 0,
  ): AsyncGenerator<{ page: PingcodePage<T>; next: number | undefined }> {
    for (let index = firstIndex; ; index += 1) {
      const page = await fetchPage(index);
      const next = isLastPage(page) ? undefined : index + 1;
      yield { page, next };
      if (next === undefined) return;
    }
  }

  function list<T>(ctx: Ctx, path: string, schema: z.ZodType<PingcodePage<T>>, query: Query = {}) {
    return pages((pageIndex) =>
      call(ctx, { path, query: { ...query, page_size: PAGE_SIZE, page_index: pageIndex }, schema }),
    );
  }

  /** Types are read once per sync context (milestones and tasks both need them). */
  const typesByContext = new WeakMap<Ctx, Map<string, Promise<PingcodeWorkItemType[]>>>();
  function workItemTypes(ctx: Ctx, projectId: string): Promise<PingcodeWorkItemType[]> {
    let byProject = typesByContext.get(ctx);
    if (!byProject) {
      byProject = new Map<string, Promise<PingcodeWorkItemType[]>>();
      typesByContext.set(ctx, byProject);
    }
    let types = byProject.get(projectId);
    if (!types) {
      types = fetchWorkItemTypes(ctx, projectId);
      byProject.set(projectId, types);
      types.catch(() => byProject.delete(projectId)); // a failure is not remembered
    }
    return types;
  }

  async function fetchWorkItemTypes(ctx: Ctx, projectId: string): Promise<PingcodeWorkItemType[]> {
    const all: PingcodeWorkItemType[] = [];
    for await (const { page } of list(ctx, `${area(ctx)}/work_item/types`, workItemTypePageSchema, {
      project_id: projectId,
    }))
      all.push(...page.values);
    return all;
  }

  /** Sprints and releases do not exist in every project type (kanban): a 404 on the first page means "none". */
  async function* unlessMissing<T>(
    source: AsyncGenerator<{ page: PingcodePage<T> }>,
  ): AsyncGenerator<PingcodePage<T>> {
    let first = true;
    try {
      for await (const { page } of source) {
        first = false;
        yield page;
      }
    } catch (error) {
      if (first && error instanceof ConnectorError && error.code === 'not_found') return;
      throw error;
    }
  }

  function searchPage(ctx: Ctx, projectId: string, since: number, pageIndex: number) {
    return call(ctx, {
      method: 'POST',
      path: `${area(ctx)}/work_items/search`,
      // `updated_at` is not a documented filter; a third-party live probe found it works (day-granular).
      body: {
        mode: 'query',
        payload: {
          filter: { 'project.id': { in: [projectId] }, updated_at: { gte: since } },
          include_deleted: true,
          page_size: PAGE_SIZE,
          page_index: pageIndex,
        },
      },
      schema: workItemPageSchema,
    });
  }

  function listPage(ctx: Ctx, projectId: string, pageIndex: number) {
    return call(ctx, {
      path: `${area(ctx)}/work_items`,
      query: { project_id: projectId, page_size: PAGE_SIZE, page_index: pageIndex },
      schema: workItemPageSchema,
    });
  }

  return {
    provider: 'pingcode',
    displayName: 'PingCode',
    defaults: { baseUrl: 'https://open.pingcode.com', requestsPerMinute: 200, pageSize: PAGE_SIZE },
    credentialsSchema,
    settingsSchema,
    verifyWebhook: verifyPingcodeWebhook,

    retryAfterMs(headers) {
      const raw = headers['x-pc-retry-after']?.trim();
      if (!raw) return undefined;
      const seconds = Number(raw);
      return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
    },

    async checkCredentials(ctx) {
      try {
        await call(ctx, {
          path: `${area(ctx)}/projects`,
          query: { page_size: 1, page_index: 0 },
          schema: projectPageSchema,
        });
      } catch (error) {
        if (error instanceof ConnectorError && error.code === 'not_found')
          throw new ConnectorError(
            'not_found',
            `PingCode has no ${area(ctx)}/projects endpoint at this address. Check the base URL (a private deployment is https://<your domain>/open) and, for an older deployment, set the path area to "${ctx.settings.pathArea === 'pjm' ? 'project' : 'pjm'}".`,
            { retryable: false, status: 404 },
          );
        throw error;
      }
    },

    async *listProjects(ctx) {
      for await (const { page } of list(ctx, `${area(ctx)}/projects`, projectPageSchema))
        yield page.values.map((p) => toProject(p, ctx.timezone));
    },

    async getProject(ctx, projectId) {
      const project = await call(ctx, {
        path: `${area(ctx)}/projects/${encodeURIComponent(projectId)}`,
        schema: projectSchema,
      });
      return toProject(project, ctx.timezone);
    },

    async *pullMilestones(ctx, projectId) {
      const project = `${area(ctx)}/projects/${encodeURIComponent(projectId)}`;
      for await (const page of unlessMissing(list(ctx, `${project}/versions`, versionPageSchema)))
        if (page.values.length) yield page.values.map((v) => toVersionMilestone(v, ctx.timezone));
      for await (const page of unlessMissing(list(ctx, `${project}/sprints`, sprintPageSchema)))
        if (page.values.length) yield page.values.map((s) => toSprintMilestone(s, ctx.timezone));

      // Waterfall/hybrid: phases and milestones are work items of a `group: "plan"` type.
      for (const type of (await workItemTypes(ctx, projectId)).filter(isPlanType)) {
        const query = { project_id: projectId, type_id: type.id };
        for await (const { page } of list(ctx, `${area(ctx)}/work_items`, workItemPageSchema, query)) {
          const milestones: MilestoneInput[] = page.values.map((item) =>
            toPlanMilestone(item, type, ctx.timezone),
          );
          if (milestones.length) yield milestones;
        }
      }
    },

    async *pullTasks(ctx, projectId, { cursor, updatedSince }) {
      const planTypeIds = new Set((await workItemTypes(ctx, projectId)).filter(isPlanType).map((t) => t.id));
      const since = updatedSince ? Math.floor(updatedSince.getTime() / 1000) - DAY_SECONDS : undefined;
      // A cursor that does not parse (older format) restarts the listing: upserts are idempotent.
      const resume = cursor ? cursorSchema.safeParse(cursor).data : undefined;
      let mode: Mode = since === undefined ? 'list' : (resume?.mode ?? 'search');
      let firstIndex = resume?.mode === mode ? resume.pageIndex : 0;

      const toPage = (
        page: PingcodePage<PingcodeWorkItem>,
        values: PingcodeWorkItem[],
        next: number | undefined,
      ): TaskPage => ({
        tasks: values
          .filter((item) => !planTypeIds.has(item.type ?? ''))
          .map((item) => toTask(item, { timezone: ctx.timezone, blockedTags: ctx.settings.blockedTags })),
        next: next === undefined ? undefined : ({ mode, pageIndex: next } satisfies Cursor),
        scanned: page.values.length,
        total: page.total,
      });

      if (since !== undefined && mode === 'search') {
        try {
          for await (const { page, next } of pages((i) => searchPage(ctx, projectId, since, i), firstIndex))
            yield toPage(page, page.values, next);
          return;
        } catch (error) {
          if (!searchUnsupported(error)) throw error;
          // The filter is undocumented: if PingCode rejects it, page through everything and filter here.
          mode = 'list';
          firstIndex = 0;
        }
      }

      for await (const { page, next } of pages((i) => listPage(ctx, projectId, i), firstIndex)) {
        const values =
          since === undefined ? page.values : page.values.filter((item) => item.updated_at >= since);
        yield toPage(page, values, next);
      }
    },
  };
}

type Query = Record<string, string | number | boolean | undefined>;

interface DataRequest<T> {
  method?: 'GET' | 'POST';
  path: string;
  query?: Query;
  body?: unknown;
  schema: z.ZodType<T>;
}

function area(ctx: Ctx): string {
  return `/v1/${ctx.settings.pathArea}`;
}

function send<T>(ctx: Ctx, req: DataRequest<T>, token: string): Promise<T> {
  return ctx.http.request({ ...req, headers: { Authorization: `Bearer ${token}` }, signal: ctx.signal });
}

function isLastPage(page: PingcodePage<unknown>): boolean {
  // An empty page also ends the listing, so a `total` that overstates cannot loop forever.
  return (
    page.values.length === 0 || page.page_size <= 0 || (page.page_index + 1) * page.page_size >= page.total
  );
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof ConnectorError && error.code === 'auth_failed' && error.status === 401;
}

function explainForbidden(error: unknown): unknown {
  if (error instanceof ConnectorError && error.code === 'auth_failed' && error.status === 403)
    return new ConnectorError('auth_failed', ACCESS_REFUSED, { retryable: false, status: 403 });
  return error;
}

/** 400: PingCode rejected the (undocumented) `updated_at` filter; 404: a deployment without the search endpoint. */
function searchUnsupported(error: unknown): boolean {
  return error instanceof ConnectorError && (error.code === 'bad_request' || error.code === 'not_found');
}

/**
 * Enterprise tokens live in memory, one per connection and set of credentials (new credentials → new
 * token). `expires_in` is not trusted (the docs' example looks like an absolute timestamp), so a token is
 * kept until an API call answers 401. Concurrent callers share one in-flight token request.
 */
class TokenCache {
  private readonly entries = new Map<string, { key: string; token: Promise<string> }>();

  get(ctx: Ctx): Promise<string> {
    const key = credentialsKey(ctx);
    const entry = this.entries.get(ctx.connectionId);
    if (entry?.key === key) return entry.token;
    const token = fetchToken(ctx);
    this.entries.set(ctx.connectionId, { key, token });
    // A refused or failed request is not cached: the next call asks again.
    void token.catch(() => this.forget(ctx.connectionId, token));
    return token;
  }

  /** Drops `token` unless another caller already replaced it (so N concurrent 401s cause one refresh). */
  forget(connectionId: string, token: Promise<string>): void {
    if (this.entries.get(connectionId)?.token === token) this.entries.delete(connectionId);
  }
}

function credentialsKey(ctx: Ctx): string {
  return createHash('sha256')
    .update([ctx.baseUrl, ctx.creds.clientId, ctx.creds.clientSecret].join('\0'))
    .digest('hex');
}

async function fetchToken(ctx: Ctx): Promise<string> {
  try {
    // PC-DOC "鉴权": GET with query parameters. No caller's signal: the request is shared by every caller.
    const token = await ctx.http.request({
      path: '/v1/auth/token',
      query: {
        grant_type: 'client_credentials',
        client_id: ctx.creds.clientId,
        client_secret: ctx.creds.clientSecret,
      },
      schema: tokenSchema,
    });
    return token.access_token;
  } catch (error) {
    if (
      error instanceof ConnectorError &&
      error.status !== undefined &&
      [400, 401, 403].includes(error.status)
    )
      throw new ConnectorError('auth_failed', CREDENTIALS_REFUSED, {
        retryable: false,
        status: error.status,
      });
    throw redactSecrets(error, ctx.creds.clientSecret);
  }
}

/** Module-level instance (declared last: it needs TokenCache). */
export const pingcodeConnector = createPingcodeConnector();

import { z } from 'zod';
import { byCreation } from './dataset';
import { badRequest, notFound } from './errors';
import { page, parsePaging } from './paging';
import { compileSearchFilter } from './search-filter';
import type { Dataset, PcProject, PcWorkItem } from './types';

/**
 * The PingCode Open API resources the connector reads (reference/upstream-apis.md §1.5), as pure
 * functions of the dataset. `server.ts` does auth, rate limits, latency and faults around them.
 */
export type Area = 'pjm' | 'project';

export interface RouteContext {
  dataset: Dataset;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  /** e.g. `/v1/pjm/projects/:id/versions`; also the key in `stats().byRoute` (with the method). */
  pattern: string;
  segments: string[];
  handler: (ctx: RouteContext) => unknown;
}

const flag = (raw: string | null): boolean => raw === 'true' || raw === '1';

function projectOr404(dataset: Dataset, id: string | undefined): PcProject {
  const project = dataset.projects.find((p) => p.id === id);
  if (!project) throw notFound('项目');
  return project;
}

/**
 * One pass over the dataset: keeps live (or, when asked, deleted/archived) items that pass `test`, in
 * creation order. Generated data is already in that order; items a test appended get sorted in.
 */
function select(
  items: readonly PcWorkItem[],
  options: { includeDeleted: boolean; includeArchived: boolean },
  test: (item: PcWorkItem) => boolean,
): PcWorkItem[] {
  const out: PcWorkItem[] = [];
  let ordered = true;
  let last: PcWorkItem | undefined;
  for (const item of items) {
    if (item.is_deleted === 1 && !options.includeDeleted) continue;
    if (item.is_archived === 1 && !options.includeArchived) continue;
    if (!test(item)) continue;
    if (ordered && last !== undefined && last.created_at >= item.created_at && byCreation(last, item) > 0) {
      ordered = false;
    }
    out.push(item);
    last = item;
  }
  return ordered ? out : out.sort(byCreation);
}

/** Query parameters of `GET /work_items` that map to a simple equality. */
const LIST_FILTERS: Record<string, (item: PcWorkItem, value: string) => boolean> = {
  project_id: (i, v) => i.project.id === v,
  type_id: (i, v) => i.type === v,
  parent_id: (i, v) => i.parent_id === v,
  state_id: (i, v) => i.state.id === v,
  assignee_id: (i, v) => i.assignee?.id === v,
  sprint_id: (i, v) => i.sprint?.id === v,
  version_id: (i, v) => i.versions.some((x) => x.id === v),
  identifier: (i, v) => i.identifier === v,
};

const SearchBody = z.object({
  mode: z.literal('query'),
  payload: z
    .object({
      filter: z.unknown().optional(),
      keywords: z.string().optional(),
      include_deleted: z.boolean().optional(),
      include_archived: z.boolean().optional(),
      page_size: z.union([z.number(), z.string()]).optional(),
      page_index: z.union([z.number(), z.string()]).optional(),
    })
    .optional(),
});

function define(method: Route['method'], pattern: string, handler: Route['handler']): Route {
  return { method, pattern, segments: pattern.split('/').filter(Boolean), handler };
}

/** Every route except `/v1/auth/token`, which the server answers itself. */
export function buildRoutes(area: Area): Route[] {
  const base = `/v1/${area}`;
  return [
    define('GET', `${base}/projects`, ({ dataset, query }) => {
      const includeDeleted = flag(query.get('include_deleted'));
      const includeArchived = flag(query.get('include_archived'));
      const projects = dataset.projects.filter(
        (p) => (includeDeleted || p.is_deleted === 0) && (includeArchived || p.is_archived === 0),
      );
      return page(projects, parsePaging(query.get('page_size'), query.get('page_index')));
    }),
    define('GET', `${base}/projects/:id`, ({ dataset, params }) => projectOr404(dataset, params.id)),
    define('GET', `${base}/projects/:id/progress`, ({ dataset, params }) => {
      const project = projectOr404(dataset, params.id);
      const items = dataset.workItems.filter((i) => i.project.id === project.id && i.is_deleted === 0);
      const count = (...types: string[]): number => items.filter((i) => types.includes(i.state.type)).length;
      return {
        work_item: {
          total: items.length,
          pending_count: count('pending'),
          in_progress_count: count('in_progress'),
          completed_count: count('completed', 'closed'),
        },
      };
    }),
    define('GET', `${base}/projects/:id/versions`, ({ dataset, params, query }) => {
      const project = projectOr404(dataset, params.id);
      const status = query.get('status');
      const versions = dataset.versions.filter(
        (v) => v.project.id === project.id && (status === null || v.stage.type === status),
      );
      return page(versions, parsePaging(query.get('page_size'), query.get('page_index')));
    }),
    define('GET', `${base}/projects/:id/sprints`, ({ dataset, params, query }) => {
      const project = projectOr404(dataset, params.id);
      const sprints = dataset.sprints.filter((s) => s.project.id === project.id);
      return page(sprints, parsePaging(query.get('page_size'), query.get('page_index')));
    }),
    define('GET', `${base}/work_item/types`, ({ dataset, query }) => {
      const projectId = query.get('project_id');
      if (projectId === null) throw badRequest('缺少参数 project_id');
      const types = dataset.workItemTypes[projectId];
      if (!types) throw notFound('项目');
      return page(types, parsePaging(query.get('page_size'), query.get('page_index')));
    }),
    define('GET', `${base}/work_items`, ({ dataset, query }) => {
      const checks = Object.entries(LIST_FILTERS).flatMap(([name, test]) => {
        let value = query.get(name);
        // Use the dataset's own id string: `===` on the very same string is a pointer check (10 000 items).
        if (name === 'project_id') value = dataset.projects.find((p) => p.id === value)?.id ?? value;
        return value === null ? [] : [(item: PcWorkItem) => test(item, value)];
      });
      const matches =
        checks.length === 1 && checks[0] ? checks[0] : (item: PcWorkItem) => checks.every((c) => c(item));
      const options = {
        includeDeleted: flag(query.get('include_deleted')),
        includeArchived: flag(query.get('include_archived')),
      };
      const items = select(dataset.workItems, options, matches);
      return page(items, parsePaging(query.get('page_size'), query.get('page_index')));
    }),
    define('GET', `${base}/work_items/:id`, ({ dataset, params }) => {
      // The doc says this accepts the id or the short_id.
      const item = dataset.workItems.find((i) => i.id === params.id || i.short_id === params.id);
      if (!item) throw notFound('工作项');
      return item;
    }),
    define('POST', `${base}/work_items/search`, ({ dataset, body }) => {
      const parsed = SearchBody.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw badRequest(
          `参数错误: ${issue ? issue.path.join('.') || 'body' : 'body'} (mode 必须为 "query")`,
        );
      }
      const payload = parsed.data.payload ?? {};
      const matches = compileSearchFilter(payload.filter);
      const keywords = payload.keywords?.trim().toLowerCase() ?? '';
      const options = {
        includeDeleted: payload.include_deleted ?? false,
        includeArchived: payload.include_archived ?? false,
      };
      const items = select(
        dataset.workItems,
        options,
        (i) =>
          matches(i) &&
          (keywords === '' ||
            i.title.toLowerCase().includes(keywords) ||
            i.identifier.toLowerCase() === keywords),
      );
      return page(items, parsePaging(payload.page_size, payload.page_index));
    }),
  ];
}

/** Finds the route for a path; `params` holds the `:name` segments. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { route: undefined; methodMismatch: boolean } {
  const parts = path.split('/').filter(Boolean);
  let methodMismatch = false;
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = route.segments[i] ?? '';
      const part = parts[i] ?? '';
      if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(part);
      else ok = seg === part;
    }
    if (!ok) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route, params };
  }
  return { route: undefined, methodMismatch };
}

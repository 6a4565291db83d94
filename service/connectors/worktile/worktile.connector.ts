import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { StatusCategory } from '../../domain/model';
import { WebhookRejected } from '../connector';
import type { Connector, ConnectorContext, Cursor, TaskPage } from '../connector';
import { ConnectorError, retryAfterHeaderMs, redactSecrets } from '../http';
import {
  STATE_CATEGORY,
  isMilestoneTask,
  stateCategory,
  toMilestone,
  toProject,
  toTask,
  toVersionMilestone,
  versionRefs,
  webhookProjectIds,
} from './worktile.mapper';
import type { VersionRef } from './worktile.mapper';
import {
  answer,
  memberListSchema,
  projectPageSchema,
  taskListSchema,
  taskPageSchema,
  tokenSchema,
  webhookSchema,
} from './worktile.schemas';
import type {
  Answer,
  WorktilePage,
  WorktileProject,
  WorktileTask,
  WorktileToken,
  WorktileWebhook,
} from './worktile.schemas';

/**
 * Worktile Open API connector (`https://dev.worktile.com/open-api`, team authentication with a tenant access
 * token). Worktile's public docs are thin: every fact this connector relies on is in `WORKTILE_META`, with
 * its source or marked ASSUMPTION, and listed in ./README.md.
 */

export interface WorktileCredentials {
  clientId: string;
  clientSecret: string;
}

export interface WorktileSettings {
  /** Tag names (case-insensitive) that mark a task as blocked. */
  blockedTags: string[];
  /** Task type names (case-insensitive) whose tasks are milestones rather than tasks. */
  milestoneTaskTypes: string[];
  /** Key of a custom property whose options are versions (XD's tenant: `qp_version`); null = none. */
  versionProperty: string | null;
  /** The team's web address (`https://acme.worktile.com`), for links to projects and tasks; null = no links. */
  webUrl: string | null;
}

type Ctx = ConnectorContext<WorktileCredentials, WorktileSettings>;

/** Sources: [doc] the apifox "WorktileOpenAPI" site; [3p] JW / XD, see README "Sources"; ASSUMPTION: ours. */
interface Fact<T> {
  value: T;
  source: string;
}
const fact = <T>(value: T, source: string): Fact<T> => ({ value, source });

export const WORKTILE_META = {
  baseUrl: fact(
    'https://dev.worktile.com',
    '[doc] api-101771900 calls https://dev.worktile.com/open-api/…; a private deployment’s address is undocumented, so the base URL is set per connection',
  ),
  tokenPath: fact(
    '/open-api/tenant-access-token',
    '[3p] XD consts.go ApiGetTenant, JW wt/client.py _ensure_token: POST JSON {client_id, client_secret} → {tenant_access_token, expires_in}; JW also accepts access_token',
  ),
  tokenLifetime: fact(
    { field: 'expires_in', unit: 'seconds', maxTrustedSeconds: 30 * 86_400, marginSeconds: 300 },
    '[3p] XD caches the token for expires_in seconds. The lifetime itself is undocumented. ASSUMPTION: a value above 30 days is not a duration and is ignored (the token is then kept until refused); refresh 5 min (at most a tenth of the lifetime) early',
  ),
  tokenTransport: fact(
    { query: 'access_token', header: 'Authorization: Bearer' },
    '[doc] api-101771900 marks the query parameter access_token as required and shows the Bearer header; XD sends both',
  ),
  tokenRejectedCodes: fact(
    [1102, 1103] as readonly number[],
    '[3p] JW _need_refresh: HTTP 200 with {ok:false, error_code: 1102 (malformed) | 1103 (invalid or expired)}, occasionally HTTP 401; clear the token and retry once',
  ),
  projectsPath: fact(
    '/open-api/mission/get-projects-by-page',
    '[doc] nav "get-projects-by-page"; [3p] JW get_projects: GET ?page_index&page_size',
  ),
  projectLookup: fact(
    'listing',
    'ASSUMPTION: the nav lists "get project by ids" and "get-project-info" without their paths, so one project is found by paging through the listing',
  ),
  tasksPath: fact(
    '/open-api/mission/get-project-tasks-by-page',
    '[doc] nav "获取项目中任务 get-project-tasks-by-page"; [3p] JW: GET ?project_id&page_index&page_size, carries updated_at/created_at',
  ),
  taskDetailsPath: fact(
    '/open-api/mission/get-tasks-by-ids',
    '[doc] nav "get-tasks-by-ids"; [3p] XD task.go: GET ?task_ids=a,b&fields=…, a bare array of tasks with properties. ASSUMPTION: used only for listed tasks that come without properties (JW takes those from another call), at most one page (100 ids) at a time',
  ),
  taskDetailFields: fact(
    ['assignee', 'start', 'due', 'tag'] as readonly string[],
    '[3p] XD DefaultTaskFields (assignee, participant, start, due, tag, priority, desc, attachment, + custom keys); the version property key is added when set',
  ),
  membersPath: fact(
    '/open-api/contact/get-members-by-ids',
    '[3p] XD user.go: GET ?uids=a,b → [{uid, name, display_name}]. ASSUMPTION: an application refused the directory (non-retryable error) still syncs, without assignee names',
  ),
  pageSize: fact(100, 'ASSUMPTION: JW pages with 100–200; the maximum page size is undocumented'),
  paging: fact(
    { index: 'page_index', size: 'page_size', firstIndex: 0, items: ['items', 'value'], more: 'has_more' },
    '[3p] JW: 0-based page_index, items|value (which key is unconfirmed), stops when has_more is false. ASSUMPTION: without has_more, stop at total; without either, at a short page; an empty page always stops',
  ),
  updatedSinceFilter: fact(
    null,
    'Research §1.3: no updated_since filter on any task list. Incremental runs page through everything and keep tasks with updated_at ≥ updatedSince − overlap (tasks without updated_at are kept)',
  ),
  updatedSinceOverlapSeconds: fact(600, 'ASSUMPTION: 10 minutes for clock skew between Worktile and us'),
  timestamps: fact(
    'unix-seconds',
    '[3p] JW README (10-digit epoch seconds, verified on public cloud), XD int64',
  ),
  dueDate: fact(
    'properties.due.date',
    '[3p-live] JW README: properties.due = {date, with_time: 0}; start likewise, JW sees it wrapped in {value}. Turned into a calendar date in the connection’s time zone',
  ),
  stateCategories: fact(
    STATE_CATEGORY,
    '[3p-live] JW README: task_state.type (or state_type) 3 = every terminal state (已完成, 关, 报废清理); [3p] JW tests: 2 = 进行中. ASSUMPTION (JW textutil.py guess): 0, 1 = not started, 4 = cancelled; any other value fails the page as bad_payload',
  ),
  requestsPerMinute: fact(
    60,
    'ASSUMPTION: no limit is published; JW saw 429s at 8 concurrent requests and settled on 3',
  ),
  rateLimitHeader: fact(
    'retry-after',
    '[3p] JW: 429 (sometimes an HTML nginx page) may carry Retry-After, seconds or an HTTP date; without it we wait 60 s',
  ),
  milestoneTaskTypes: fact(
    ['里程碑', 'milestone'] as readonly string[],
    'Research §1.7: no milestone, sprint or version endpoint exists. ASSUMPTION: tasks of a type with one of these names (settings.milestoneTaskTypes) are milestones, dated by their due date; their descendants count towards them',
  ),
  versionProperty: fact(
    null,
    '[3p] XD types.go: in one tenant a version is the custom property qp_version = {_id, text, data_source_id}. Opt-in (settings.versionProperty); ASSUMPTION: a version’s status is its tasks’, it has no dates',
  ),
  webUrl: fact(
    null,
    '[3p] JW app.py: https://{team}.worktile.com/mission/projects/{project}/tasks/{task}; the team host is not the API host, so links need settings.webUrl',
  ),
  webhookSignatureHeader: fact(
    'x-worktile-signature',
    'ClientLens convention (Worktile documents no signing): hex HMAC-SHA256 of the raw body with the connection’s shared secret, "sha256=" prefix optional',
  ),
  webhookDeliveryHeader: fact(
    'x-worktile-delivery',
    'ClientLens convention; without it the delivery id is the SHA-256 of the raw body',
  ),
  webhookPayload: fact(
    { event: 'event', project: ['payload.task.project.id', 'payload.project.id'] },
    '[3p] XD types.go Hook* structs: {event, payload: {task: {project: {id}}}}, or payload.project for a create; event names unknown',
  ),
} as const satisfies Record<string, Fact<unknown>>;

export const DEFAULT_BLOCKED_TAGS: readonly string[] = ['blocked', '阻塞', '受阻', 'bloqué'];

const PAGE_SIZE = WORKTILE_META.pageSize.value;
const SIGNATURE_HEADER = WORKTILE_META.webhookSignatureHeader.value;
const DELIVERY_HEADER = WORKTILE_META.webhookDeliveryHeader.value;

const credentialsSchema = z.object({
  clientId: z.string().trim().min(1),
  clientSecret: z.string().trim().min(1),
});

const settingsSchema = z.object({
  blockedTags: z.array(z.string().trim().min(1)).default(() => [...DEFAULT_BLOCKED_TAGS]),
  milestoneTaskTypes: z
    .array(z.string().trim().min(1))
    .default(() => [...WORKTILE_META.milestoneTaskTypes.value]),
  versionProperty: z.string().trim().min(1).nullable().default(null),
  webUrl: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .nullable()
    .default(null),
});

const CREDENTIALS_REFUSED =
  'Worktile refused the client ID and secret. Check the application’s Client ID and Client Secret in Worktile and update the connection.';
const TOKEN_REFUSED =
  'Worktile issued a tenant access token and then refused it. The application may have been disabled or its secret reset: check it in Worktile and update the connection.';
const ACCESS_REFUSED =
  'Worktile refused access to this data (HTTP 403). Check the scopes granted to the application in Worktile.';

const cursorSchema = z.object({ pageIndex: z.number().int().nonnegative() });

const tokenAnswer = answer(tokenSchema);
const projectPageAnswer = answer(projectPageSchema);
const taskPageAnswer = answer(taskPageSchema);
const taskListAnswer = answer(taskListSchema);
const memberListAnswer = answer(memberListSchema);

/** A data call whose token Worktile refused (401, or 1102/1103 on HTTP 200). */
const REFUSED = Symbol('token refused');

type Query = Record<string, string | number | boolean | undefined>;

interface DataRequest<T> {
  path: string;
  query?: Query;
  schema: z.ZodType<Answer<T>>;
}

interface Members {
  names: Map<string, string>;
  asked: Set<string>;
  unavailable: boolean;
}

export function createWorktileConnector(
  options: { now?: () => number } = {},
): Connector<WorktileCredentials, WorktileSettings> {
  const tokens = new TokenCache(options.now ?? Date.now);

  /** One authenticated call; a refused token gets exactly one retry with a freshly issued one. */
  async function call<T>(ctx: Ctx, req: DataRequest<T>): Promise<T> {
    const pending = tokens.get(ctx);
    const first = await send(ctx, req, await pending);
    if (first !== REFUSED) return first;
    tokens.forget(ctx.connectionId, pending);
    const second = await send(ctx, req, await tokens.get(ctx));
    if (second === REFUSED)
      throw new ConnectorError('auth_failed', TOKEN_REFUSED, { retryable: false, status: 401 });
    return second;
  }

  /** Every page from `firstIndex` on; see `isLastPage` for when a listing ends. */
  async function* pages<T>(
    fetchPage: (pageIndex: number) => Promise<WorktilePage<T>>,
    firstIndex = 0,
  ): AsyncGenerator<{ page: WorktilePage<T>; next: number | undefined }> {
    for (let index = firstIndex; ; index += 1) {
      const page = await fetchPage(index);
      const next = isLastPage(page, index) ? undefined : index + 1;
      yield { page, next };
      if (next === undefined) return;
    }
  }

  function projectPages(ctx: Ctx) {
    return pages((pageIndex) =>
      call(ctx, {
        path: WORKTILE_META.projectsPath.value,
        query: { page_index: pageIndex, page_size: PAGE_SIZE },
        schema: projectPageAnswer,
      }),
    );
  }

  function taskPages(ctx: Ctx, projectId: string, firstIndex = 0) {
    return pages(
      (pageIndex) =>
        call(ctx, {
          path: WORKTILE_META.tasksPath.value,
          query: { project_id: projectId, page_index: pageIndex, page_size: PAGE_SIZE },
          schema: taskPageAnswer,
        }),
      firstIndex,
    );
  }

  /** Listed tasks without `properties` (due date, assignee, tags) are completed from `get-tasks-by-ids`. */
  async function withDetails(ctx: Ctx, tasks: WorktileTask[]): Promise<WorktileTask[]> {
    const missing = tasks.filter((task) => !task.properties).map((task) => task._id);
    if (missing.length === 0) return tasks;
    const { versionProperty } = ctx.settings;
    const fields = [...WORKTILE_META.taskDetailFields.value, ...(versionProperty ? [versionProperty] : [])];
    const details = await call(ctx, {
      path: WORKTILE_META.taskDetailsPath.value,
      query: { task_ids: missing.join(','), fields: fields.join(',') },
      schema: taskListAnswer,
    });
    const byId = new Map(details.map((detail) => [detail._id, detail]));
    return tasks.map((task) => {
      const detail = byId.get(task._id);
      return detail ? mergeTask(task, detail) : task;
    });
  }

  /** Display names for assignee uids, looked up once per uid per sync context. */
  const membersByContext = new WeakMap<Ctx, Members>();
  async function memberNames(ctx: Ctx, tasks: WorktileTask[]): Promise<ReadonlyMap<string, string>> {
    let members = membersByContext.get(ctx);
    if (!members) {
      members = { names: new Map(), asked: new Set(), unavailable: false };
      membersByContext.set(ctx, members);
    }
    const uids = new Set(
      tasks.flatMap((task) => (task.properties?.assignee ? [task.properties.assignee] : [])),
    );
    const wanted = [...uids].filter((uid) => !members.asked.has(uid));
    if (wanted.length === 0 || members.unavailable) return members.names;
    try {
      const found = await call(ctx, {
        path: WORKTILE_META.membersPath.value,
        query: { uids: wanted.join(',') },
        schema: memberListAnswer,
      });
      for (const member of found) {
        const name = member.display_name || member.name;
        if (name) members.names.set(member.uid, name);
      }
      for (const uid of wanted) members.asked.add(uid);
    } catch (error) {
      // Names are a nicety: an application without access to the directory still syncs its tasks.
      if (!(error instanceof ConnectorError) || error.retryable) throw error;
      members.unavailable = true;
    }
    return members.names;
  }

  async function findProject(ctx: Ctx, projectId: string): Promise<WorktileProject> {
    for await (const { page } of projectPages(ctx)) {
      const project = page.items.find((p) => p._id === projectId);
      if (project) return project;
    }
    throw new ConnectorError(
      'not_found',
      `Worktile lists no project ${projectId} for this application: it may have been deleted, or the application no longer sees it.`,
      { retryable: false, status: 404 },
    );
  }

  return {
    provider: 'worktile',
    displayName: 'Worktile',
    defaults: {
      baseUrl: WORKTILE_META.baseUrl.value,
      requestsPerMinute: WORKTILE_META.requestsPerMinute.value,
      pageSize: PAGE_SIZE,
    },
    credentialsSchema,
    settingsSchema,

    retryAfterMs(headers) {
      return retryAfterHeaderMs(headers);
    },

    async checkCredentials(ctx) {
      await call(ctx, {
        path: WORKTILE_META.projectsPath.value,
        query: { page_index: 0, page_size: 1 },
        schema: projectPageAnswer,
      });
    },

    async *listProjects(ctx) {
      for await (const { page } of projectPages(ctx))
        if (page.items.length) yield page.items.map((p) => toProject(p, mapping(ctx)));
    },

    async getProject(ctx, projectId) {
      return toProject(await findProject(ctx, projectId), mapping(ctx));
    },

    async *pullMilestones(ctx, projectId) {
      const { milestoneTaskTypes, versionProperty } = ctx.settings;
      const versions = new Map<string, { ref: VersionRef; categories: StatusCategory[] }>();
      for await (const { page } of taskPages(ctx, projectId)) {
        // Details are fetched only for tasks that can matter: a listed type that is not a milestone type
        // rules a task out, unless versions are read from every task.
        const candidates = versionProperty
          ? page.items
          : page.items.filter((task) => !task.task_type?.name || isMilestoneTask(task, milestoneTaskTypes));
        const complete = await withDetails(ctx, candidates);
        const milestones = complete.filter((task) => isMilestoneTask(task, milestoneTaskTypes));
        if (milestones.length) yield milestones.map((task) => toMilestone(task, projectId, mapping(ctx)));
        for (const task of complete) {
          if (isMilestoneTask(task, milestoneTaskTypes)) continue;
          for (const ref of versionRefs(task, versionProperty)) {
            const version = versions.get(ref.id) ?? { ref, categories: [] };
            version.categories.push(stateCategory(task.stateType));
            versions.set(ref.id, version);
          }
        }
      }
      if (versions.size)
        yield [...versions.values()].map(({ ref, categories }) => toVersionMilestone(ref, categories));
    },

    async *pullTasks(ctx, projectId, { cursor, updatedSince }) {
      const { milestoneTaskTypes } = ctx.settings;
      // No updated-since filter exists: incremental runs read every page and keep what changed.
      const since = updatedSince
        ? Math.floor(updatedSince.getTime() / 1000) - WORKTILE_META.updatedSinceOverlapSeconds.value
        : undefined;
      // A cursor that does not parse restarts the listing: upserts are idempotent.
      const resume = cursor ? cursorSchema.safeParse(cursor).data : undefined;
      for await (const { page, next } of taskPages(ctx, projectId, resume?.pageIndex ?? 0)) {
        const changed =
          since === undefined
            ? page.items
            : page.items.filter((task) => !task.updated_at || task.updated_at >= since);
        const complete = await withDetails(ctx, changed);
        const tasks = complete.filter((task) => !isMilestoneTask(task, milestoneTaskTypes));
        const members = await memberNames(ctx, tasks);
        const options = { ...mapping(ctx), ...ctx.settings, members };
        yield {
          tasks: tasks.map((task) => toTask(task, projectId, options)),
          next: next === undefined ? undefined : ({ pageIndex: next } satisfies Cursor),
          scanned: page.items.length,
          total: page.total,
        } satisfies TaskPage;
      }
    },

    verifyWebhook({ headers, rawBody, secret }) {
      if (!secret) throw new WebhookRejected('no_secret', 'No webhook secret is set for this connection.');
      const signature = headers[SIGNATURE_HEADER]?.trim().replace(/^sha256=/i, '');
      if (!signature)
        throw new WebhookRejected('signature', `The delivery has no ${SIGNATURE_HEADER} header.`);
      if (!signatureMatches(secret, rawBody, signature))
        throw new WebhookRejected('signature', `The ${SIGNATURE_HEADER} header does not match the body.`);
      let hook: WorktileWebhook;
      try {
        hook = webhookSchema.parse(JSON.parse(rawBody.toString('utf8')));
      } catch {
        throw new WebhookRejected('payload', 'The delivery is signed but is not a JSON hook payload.');
      }
      return {
        deliveryId: headers[DELIVERY_HEADER]?.trim() || createHash('sha256').update(rawBody).digest('hex'),
        event: hook.event ?? 'unknown',
        projectExternalIds: webhookProjectIds(hook),
      };
    },
  };
}

function mapping(ctx: Ctx) {
  return { timezone: ctx.timezone, webUrl: ctx.settings.webUrl };
}

async function send<T>(ctx: Ctx, req: DataRequest<T>, token: string): Promise<T | typeof REFUSED> {
  let result: Answer<T>;
  try {
    result = await ctx.http.request({
      path: req.path,
      query: { ...req.query, access_token: token },
      headers: { Authorization: `Bearer ${token}` },
      schema: req.schema,
      signal: ctx.signal,
    });
  } catch (error) {
    if (error instanceof ConnectorError && error.code === 'auth_failed' && error.status === 401)
      return REFUSED;
    throw redactSecrets(explainForbidden(error), token);
  }
  if (result.ok) return result.data;
  if (WORKTILE_META.tokenRejectedCodes.value.includes(result.code)) return REFUSED;
  const detail = result.message ? `: ${result.message.slice(0, 200)}` : '';
  // No error table is published: an unknown refusal is reported as is and not retried.
  throw redactSecrets(
    new ConnectorError('bad_request', `Worktile refused the request (error_code ${result.code}${detail}).`, {
      retryable: false,
      status: 200,
    }),
    token,
  );
}

/**
 * Ends a listing: an empty page; else `has_more` when the page carries it (JW), else `total`, else a page
 * shorter than asked for.
 */
function isLastPage(page: WorktilePage<unknown>, index: number): boolean {
  if (page.items.length === 0) return true;
  if (page.hasMore !== null) return !page.hasMore;
  if (page.total !== null) return (index + 1) * PAGE_SIZE >= page.total;
  return page.items.length < PAGE_SIZE;
}

/** The details win field by field; a field they leave out keeps the listed value. */
function mergeTask(listed: WorktileTask, detail: WorktileTask): WorktileTask {
  const merged: Record<string, unknown> = { ...listed };
  for (const [key, value] of Object.entries(detail))
    if (value !== null && value !== undefined) merged[key] = value;
  return merged as WorktileTask;
}

function explainForbidden(error: unknown): unknown {
  if (error instanceof ConnectorError && error.code === 'auth_failed' && error.status === 403)
    return new ConnectorError('auth_failed', ACCESS_REFUSED, { retryable: false, status: 403 });
  return error;
}

/** Constant-time comparison of a hex HMAC-SHA256 of the raw body. */
export function signatureMatches(secret: string, rawBody: Buffer, signature: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** The signature a sender puts in `x-worktile-signature` (for a Worktile automation, or a test). */
export function signWebhook(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/**
 * Tenant tokens live in memory, one per connection and set of credentials (new credentials → new token),
 * until `expires_in` runs out (when it is a plausible duration) or a call is refused. Concurrent callers
 * share one in-flight token request, which carries no caller's abort signal.
 */
class TokenCache {
  private readonly entries = new Map<
    string,
    { key: string; token: Promise<string>; expiresAt: number | null }
  >();

  constructor(private readonly now: () => number) {}

  get(ctx: Ctx): Promise<string> {
    const key = credentialsKey(ctx);
    const entry = this.entries.get(ctx.connectionId);
    if (entry?.key === key && (entry.expiresAt === null || this.now() < entry.expiresAt)) return entry.token;
    const requestedAt = this.now();
    const fresh: { key: string; token: Promise<string>; expiresAt: number | null } = {
      key,
      token: fetchToken(ctx).then((t) => {
        fresh.expiresAt = expiry(requestedAt, t);
        return t.token;
      }),
      expiresAt: null,
    };
    this.entries.set(ctx.connectionId, fresh);
    // A refused or failed request is not cached: the next call asks again.
    void fresh.token.catch(() => this.forget(ctx.connectionId, fresh.token));
    return fresh.token;
  }

  /** Drops `token` unless another caller already replaced it (so N concurrent refusals cause one refresh). */
  forget(connectionId: string, token: Promise<string>): void {
    if (this.entries.get(connectionId)?.token === token) this.entries.delete(connectionId);
  }
}

function expiry(requestedAt: number, token: WorktileToken): number | null {
  const { maxTrustedSeconds, marginSeconds } = WORKTILE_META.tokenLifetime.value;
  const seconds = token.expiresIn;
  if (seconds === null || !(seconds > 0) || seconds > maxTrustedSeconds) return null;
  return requestedAt + seconds * 1000 - Math.min(marginSeconds * 1000, (seconds * 1000) / 10);
}

function credentialsKey(ctx: Ctx): string {
  return createHash('sha256')
    .update([ctx.baseUrl, ctx.creds.clientId, ctx.creds.clientSecret].join('\0'))
    .digest('hex');
}

async function fetchToken(ctx: Ctx): Promise<WorktileToken> {
  let result: Answer<WorktileToken>;
  try {
    result = await ctx.http.request({
      method: 'POST',
      path: WORKTILE_META.tokenPath.value,
      body: { client_id: ctx.creds.clientId, client_secret: ctx.creds.clientSecret },
      schema: tokenAnswer,
    });
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
  if (!result.ok)
    throw new ConnectorError('auth_failed', CREDENTIALS_REFUSED, { retryable: false, status: 200 });
  return result.data;
}

/** Module-level instance (declared last: it needs TokenCache). */
export const worktileConnector = createWorktileConnector();

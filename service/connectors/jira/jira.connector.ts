import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type {
  Connector,
  ConnectorContext,
  Cursor,
  TaskPage,
  WebhookEvent,
  WebhookRequest,
} from '../connector';
import { WebhookRejected } from '../connector';
import { ConnectorError } from '../http';
import {
  issuesJql,
  retryAfterMs,
  toProject,
  toTask,
  toVersionMilestone,
  webhookProjectIds,
} from './jira.mapper';
import {
  myselfSchema,
  projectPageSchema,
  projectSchema,
  searchPageSchema,
  versionPageSchema,
  webhookBodySchema,
} from './jira.schemas';
import type { JiraPage } from './jira.schemas';

/**
 * Jira Cloud REST v3 connector (https://developer.atlassian.com/cloud/jira/platform/rest/v3/). Requests,
 * mapping and every assumption the docs leave open are described in ./README.md.
 */

/** Basic auth with an Atlassian account's email and API token, or an OAuth 2.0 (3LO) access token. */
export type JiraCredentials =
  { type: 'basic'; email: string; apiToken: string } | { type: 'oauth'; accessToken: string };

export interface JiraSettings {
  /** Id of the site's Flagged field; `customfield_10021` on most Cloud sites. */
  flaggedField: string;
  /** Labels (case-insensitive) that mark an issue as blocked. */
  blockedLabels: string[];
  /** Resolutions (case-insensitive) that make a done issue cancelled. */
  cancelledResolutions: string[];
  /** Web root for links when the base URL is the OAuth gateway (`https://<site>.atlassian.net`). */
  siteUrl?: string | undefined;
}

type Ctx = ConnectorContext<JiraCredentials, JiraSettings>;

export const DEFAULT_FLAGGED_FIELD = 'customfield_10021';
export const DEFAULT_BLOCKED_LABELS: readonly string[] = ['blocked'];
/** Jira Cloud's default resolutions that mean "not done, dropped". */
export const DEFAULT_CANCELLED_RESOLUTIONS: readonly string[] = [
  "Won't Do",
  "Won't Fix",
  'Duplicate',
  'Cannot Reproduce',
];

const credentialsSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('basic'),
    email: z.string().trim().pipe(z.email()),
    apiToken: z.string().trim().min(1),
  }),
  z.object({ type: z.literal('oauth'), accessToken: z.string().trim().min(1) }),
]);

const settingsSchema = z.object({
  // The id goes into the `fields` list of every search: only a custom field id is accepted.
  flaggedField: z
    .string()
    .trim()
    .regex(/^customfield_\d+$/, { error: 'must be a custom field id such as customfield_10021' })
    .default(DEFAULT_FLAGGED_FIELD),
  blockedLabels: z.array(z.string().trim().min(1)).default(() => [...DEFAULT_BLOCKED_LABELS]),
  cancelledResolutions: z.array(z.string().trim().min(1)).default(() => [...DEFAULT_CANCELLED_RESOLUTIONS]),
  siteUrl: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
});

/** Issues per `search/jql` page; Jira may return fewer when many fields are asked for. */
const PAGE_SIZE = 100;
/** `project/search` and `project/{id}/version`: the documented default page size. */
const LIST_PAGE_SIZE = 50;
/**
 * Incremental runs look this far behind the last sync: JQL dates stop at the minute, search results are
 * eventually consistent, and a wall-clock time in the hour a zone falls back is read as the later instant.
 */
export const INCREMENTAL_OVERLAP_MS = 60 * 60_000;

/** Every field the mapper reads, sent explicitly: `search/jql` returns only ids without a `fields` list. */
export const ISSUE_FIELDS: readonly string[] = [
  'summary',
  'status',
  'issuetype',
  'duedate',
  'fixVersions',
  'labels',
  'assignee',
  'parent',
  'created',
  'updated',
  'resolutiondate',
  'resolution',
];

/** Atlassian's docs write their examples against this host; a connection left on it has no real site. */
const PLACEHOLDER_HOST = 'your-domain.atlassian.net';
const OAUTH_GATEWAY_HOST = 'api.atlassian.com';

const BASIC_REFUSED =
  'Jira refused the email and API token (HTTP 401). Check the Atlassian account email, create a new API token at https://id.atlassian.com/manage-profile/security/api-tokens and update the connection.';
const OAUTH_REFUSED =
  'Jira refused the OAuth access token (HTTP 401): it has expired or was revoked. Authorize the app again and update the connection with a fresh access token.';
const ACCESS_REFUSED =
  "Jira refused access to this data (HTTP 403). The account needs the 'Browse projects' permission on the project (OAuth apps also the read:jira-work scope).";

const cursorSchema = z.object({ nextPageToken: z.string().min(1) });

export function createJiraConnector(): Connector<JiraCredentials, JiraSettings> {
  return {
    provider: 'jira',
    displayName: 'Jira',
    // There is no shared Jira host: every connection names its site (or the OAuth gateway with its cloud id).
    defaults: { baseUrl: `https://${PLACEHOLDER_HOST}`, requestsPerMinute: 120, pageSize: PAGE_SIZE },
    credentialsSchema,
    settingsSchema,

    retryAfterMs(headers) {
      return retryAfterMs(headers, Date.now());
    },

    async checkCredentials(ctx) {
      checkBaseUrl(ctx);
      // `myself` answers 401 to bad credentials; listings would quietly answer as an anonymous user.
      await call(ctx, { path: '/rest/api/3/myself', schema: myselfSchema });
    },

    async *listProjects(ctx) {
      for await (const projects of offsetPages(ctx, '/rest/api/3/project/search', projectPageSchema))
        yield projects.map((p) => toProject(p, siteUrl(ctx)));
    },

    async getProject(ctx, projectId) {
      const project = await call(ctx, {
        path: `/rest/api/3/project/${encodeURIComponent(projectId)}`,
        schema: projectSchema,
      });
      return toProject(project, siteUrl(ctx));
    },

    async *pullMilestones(ctx, projectId) {
      const path = `/rest/api/3/project/${encodeURIComponent(projectId)}/version`;
      for await (const versions of offsetPages(ctx, path, versionPageSchema, { expand: 'issuesstatus' }))
        if (versions.length) yield versions.map(toVersionMilestone);
    },

    async *pullTasks(ctx, projectId, { cursor, updatedSince }) {
      const jql = issuesJql(
        projectId,
        updatedSince
          ? { at: new Date(updatedSince.getTime() - INCREMENTAL_OVERLAP_MS), timeZone: ctx.timezone }
          : undefined,
      );
      const options = {
        flaggedField: ctx.settings.flaggedField,
        blockedLabels: ctx.settings.blockedLabels,
        cancelledResolutions: ctx.settings.cancelledResolutions,
        siteUrl: siteUrl(ctx),
      };
      // A cursor that does not parse restarts the listing: upserts are idempotent.
      let token = cursor ? cursorSchema.safeParse(cursor).data?.nextPageToken : undefined;
      let resuming = token !== undefined;
      for (;;) {
        let page;
        try {
          page = await searchPage(ctx, jql, token);
        } catch (error) {
          // Page tokens expire after 7 days; Jira refuses a stale one with a 400. Start over once.
          if (!(resuming && error instanceof ConnectorError && error.code === 'bad_request')) throw error;
          token = undefined;
          resuming = false;
          continue;
        }
        resuming = false;
        const next = page.isLast === true || !page.nextPageToken ? undefined : page.nextPageToken;
        if (next !== undefined && next === token)
          throw new ConnectorError('bad_payload', 'Jira answered with the same page token twice.', {
            retryable: true,
          });
        yield {
          tasks: page.issues.map((issue) => toTask(issue, options)),
          next: next === undefined ? undefined : ({ nextPageToken: next } satisfies Cursor),
          scanned: page.issues.length,
          total: null,
        } satisfies TaskPage;
        if (next === undefined) return;
        token = next;
      }
    },

    verifyWebhook(request) {
      return verifyJiraWebhook(request);
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

/** The fields of every search: the mapper's list plus the site's Flagged field. */
export function issueFields(settings: Pick<JiraSettings, 'flaggedField'>): string[] {
  return [...new Set([...ISSUE_FIELDS, settings.flaggedField])];
}

function searchPage(ctx: Ctx, jql: string, nextPageToken: string | undefined) {
  return call(ctx, {
    method: 'POST',
    path: '/rest/api/3/search/jql',
    body: {
      jql,
      fields: issueFields(ctx.settings),
      maxResults: PAGE_SIZE,
      ...(nextPageToken === undefined ? {} : { nextPageToken }),
    },
    schema: searchPageSchema,
  });
}

/** Offset paging (`PageBean`): `startAt` moves by what came back; stop on `isLast`, else on `total`. */
async function* offsetPages<T>(
  ctx: Ctx,
  path: string,
  schema: z.ZodType<JiraPage<T>>,
  query: Query = {},
): AsyncGenerator<T[]> {
  for (let startAt = 0; ;) {
    const page = await call(ctx, { path, query: { ...query, startAt, maxResults: LIST_PAGE_SIZE }, schema });
    yield page.values;
    if (isLastPage(page)) return;
    startAt = page.startAt + page.values.length;
  }
}

function isLastPage(page: JiraPage<unknown>): boolean {
  // An empty page also ends the listing, so a wrong `isLast`/`total` cannot loop forever.
  if (page.values.length === 0) return true;
  if (typeof page.isLast === 'boolean') return page.isLast;
  if (typeof page.total === 'number') return page.startAt + page.values.length >= page.total;
  return page.values.length < page.maxResults;
}

async function call<T>(ctx: Ctx, req: DataRequest<T>): Promise<T> {
  try {
    return await ctx.http.request({
      ...req,
      headers: { Authorization: authorization(ctx.creds) },
      signal: ctx.signal,
    });
  } catch (error) {
    throw explain(error, ctx.creds);
  }
}

function authorization(creds: JiraCredentials): string {
  // https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/ ; OAuth 2.0 (3LO) bearer.
  return creds.type === 'basic'
    ? `Basic ${Buffer.from(`${creds.email}:${creds.apiToken}`).toString('base64')}`
    : `Bearer ${creds.accessToken}`;
}

/** Auth failures in plain words; any other message is scrubbed of the secret (upstream text is echoed). */
function explain(error: unknown, creds: JiraCredentials): unknown {
  if (!(error instanceof ConnectorError)) return error;
  if (error.code === 'auth_failed' && error.status === 401)
    return new ConnectorError('auth_failed', creds.type === 'basic' ? BASIC_REFUSED : OAUTH_REFUSED, {
      retryable: false,
      status: 401,
    });
  if (error.code === 'auth_failed' && error.status === 403)
    return new ConnectorError('auth_failed', ACCESS_REFUSED, { retryable: false, status: 403 });
  const secret = creds.type === 'basic' ? creds.apiToken : creds.accessToken;
  if (!error.message.includes(secret)) return error;
  return new ConnectorError(error.code, error.message.split(secret).join('[redacted]'), {
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    status: error.status,
  });
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Browse links need the site: the base URL itself, unless it is the OAuth gateway (then `settings.siteUrl`). */
function siteUrl(ctx: Ctx): string | null {
  if (ctx.settings.siteUrl) return ctx.settings.siteUrl;
  return hostOf(ctx.baseUrl) === OAUTH_GATEWAY_HOST ? null : ctx.baseUrl;
}

/** Catches the two base URL mistakes Jira would only answer with a confusing 401 or 404. */
function checkBaseUrl(ctx: Ctx): void {
  const host = hostOf(ctx.baseUrl);
  if (host === PLACEHOLDER_HOST)
    throw new ConnectorError(
      'bad_request',
      'Jira needs the address of your site as the base URL, e.g. https://acme.atlassian.net.',
      { retryable: false },
    );
  if (ctx.creds.type === 'oauth' && host !== OAUTH_GATEWAY_HOST)
    throw new ConnectorError(
      'bad_request',
      'Jira accepts OAuth access tokens only through https://api.atlassian.com/ex/jira/<cloud id>: set that as the base URL (the cloud id is listed by https://api.atlassian.com/oauth/token/accessible-resources).',
      { retryable: false },
    );
}

/** `X-Atlassian-Webhook-Identifier` is not signed: only a plain, bounded value is trusted as a dedupe key. */
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Admin webhooks registered with a secret carry `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw
 * body>` (Atlassian "Webhooks" → "Secure admin webhooks"). Checked in constant time before the body is
 * even parsed.
 */
export function verifyJiraWebhook(request: WebhookRequest): WebhookEvent {
  const { headers, rawBody, secret } = request;
  if (!secret) throw new WebhookRejected('no_secret', 'No webhook secret is set for this Jira connection.');
  if (!signatureMatches(headers['x-hub-signature'], rawBody, secret))
    throw new WebhookRejected('signature', 'X-Hub-Signature is missing or does not match the body.');
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookRejected('payload', 'The Jira delivery is not JSON.');
  }
  const body = webhookBodySchema.safeParse(json);
  if (!body.success) throw new WebhookRejected('payload', 'The Jira delivery has no webhookEvent.');
  const identifier = headers['x-atlassian-webhook-identifier']?.trim();
  return {
    deliveryId:
      identifier && DELIVERY_ID.test(identifier)
        ? identifier
        : createHash('sha256').update(rawBody).digest('hex'),
    event: body.data.webhookEvent,
    projectExternalIds: webhookProjectIds(body.data),
  };
}

function signatureMatches(header: string | undefined, rawBody: Buffer, secret: string): boolean {
  const sent = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1];
  if (!sent) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(sent, 'hex'), expected);
}

export const jiraConnector = createJiraConnector();

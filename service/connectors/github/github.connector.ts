import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ProjectInput } from '../../domain/model';
import type { Connector, ConnectorContext, Cursor, WebhookEvent, WebhookRequest } from '../connector';
import { WebhookRejected } from '../connector';
import { ConnectorError, retryAfterHeaderMs, redactSecrets } from '../http';
import { isPullRequest, nextLink, pagePath, toMilestone, toProject, toTask } from './github.mapper';
import {
  installationRepositoriesSchema,
  issueListSchema,
  milestoneListSchema,
  repositoryListSchema,
  repositorySchema,
  webhookBodySchema,
} from './github.schemas';
import type { GithubRepository } from './github.schemas';

/**
 * GitHub REST connector (https://docs.github.com/rest, API version 2022-11-28): a repository is a project,
 * its milestones are milestones, its issues (not pull requests) are tasks. Requests, mapping and every
 * assumption the docs leave open are described in ./README.md.
 */

export interface GithubCredentials {
  /** A personal access token (classic or fine-grained) or a GitHub App installation token. */
  token: string;
}

export interface GithubSettings {
  /** An organization login: list its repositories instead of every repository the token can reach. */
  owner?: string | undefined;
  /** Label names that mark an open issue as in progress. */
  inProgressLabels: string[];
  /** Label names that mark an issue as blocked. */
  blockedLabels: string[];
}

type Ctx = ConnectorContext<GithubCredentials, GithubSettings>;

export const DEFAULT_IN_PROGRESS_LABELS: readonly string[] = ['in progress', 'doing', 'wip'];
export const DEFAULT_BLOCKED_LABELS: readonly string[] = ['blocked'];

const credentialsSchema = z.object({ token: z.string().trim().min(1) });

const settingsSchema = z.object({
  owner: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'an organization login')
    .optional(),
  inProgressLabels: z.array(z.string().trim().min(1)).default(() => [...DEFAULT_IN_PROGRESS_LABELS]),
  blockedLabels: z.array(z.string().trim().min(1)).default(() => [...DEFAULT_BLOCKED_LABELS]),
});

/** `per_page` max 100 on every listing we use (docs.github.com/rest). */
const PAGE_SIZE = 100;
/** 5,000 requests per hour for a token (docs: "Rate limits for the REST API") is 83 a minute; stay under. */
const REQUESTS_PER_MINUTE = 80;
const API_VERSION = '2022-11-28';
/** Incremental runs ask for `since` this much before the last run, for clock skew and in-flight writes. */
export const SINCE_OVERLAP_MS = 5 * 60_000;
/** A secondary rate limit without `retry-after` or `x-ratelimit-remaining: 0`: "wait for at least one minute". */
export const SECONDARY_LIMIT_WAIT_MS = 60_000;
/** `x-ratelimit-reset` is in whole seconds and our clock may run behind GitHub's. */
export const RESET_MARGIN_MS = 1_000;

const cursorSchema = z.object({
  // A page path under the base URL, exactly as GitHub's `link` header gave it.
  page: z
    .string()
    .startsWith('/')
    .refine((p) => !p.startsWith('//')),
});

export function createGithubConnector(): Connector<GithubCredentials, GithubSettings> {
  return {
    provider: 'github',
    displayName: 'GitHub',
    defaults: {
      baseUrl: 'https://api.github.com',
      requestsPerMinute: REQUESTS_PER_MINUTE,
      pageSize: PAGE_SIZE,
    },
    credentialsSchema,
    settingsSchema,
    retryAfterMs: githubRetryAfterMs,

    async checkCredentials(ctx) {
      try {
        // One repository is enough to prove the token and the listing work.
        const repos = listRepositories(ctx, 1);
        await repos.next();
        await repos.return(undefined);
      } catch (error) {
        if (error instanceof ConnectorError && error.code === 'not_found') throw notFoundOnCheck(ctx);
        throw explain(error);
      }
    },

    async *listProjects(ctx) {
      try {
        for await (const repos of listRepositories(ctx, PAGE_SIZE))
          if (repos.length) yield repos.map(toProject);
      } catch (error) {
        throw explain(error);
      }
    },

    async getProject(ctx, projectExternalId): Promise<ProjectInput> {
      try {
        const { data } = await send(ctx, repoPath(projectExternalId), repositorySchema);
        return toProject(data);
      } catch (error) {
        throw explain(error, projectExternalId);
      }
    },

    async *pullMilestones(ctx, projectExternalId) {
      const first = `${repoPath(projectExternalId)}/milestones?${query({ state: 'all', per_page: PAGE_SIZE })}`;
      try {
        for await (const { data } of unlessIssuesDisabled(pages(ctx, first, milestoneListSchema)))
          if (data.length) yield data.map((m) => toMilestone(m, projectExternalId, ctx.timezone));
      } catch (error) {
        throw explain(error, projectExternalId);
      }
    },

    async *pullTasks(ctx, projectExternalId, { cursor, updatedSince }) {
      const since = updatedSince ? new Date(updatedSince.getTime() - SINCE_OVERLAP_MS) : undefined;
      // A cursor that does not parse (older format) restarts the listing: upserts are idempotent.
      const resume = cursor ? cursorSchema.safeParse(cursor).data : undefined;
      const first =
        resume?.page ??
        `${repoPath(projectExternalId)}/issues?${query({
          state: 'all',
          per_page: PAGE_SIZE,
          since: since ? isoSeconds(since) : undefined,
        })}`;
      const options = {
        inProgressLabels: ctx.settings.inProgressLabels,
        blockedLabels: ctx.settings.blockedLabels,
      };
      try {
        for await (const { data, next } of unlessIssuesDisabled(pages(ctx, first, issueListSchema)))
          yield {
            tasks: data
              .filter((issue) => !isPullRequest(issue))
              .map((issue) => toTask(issue, projectExternalId, options)),
            next: next === undefined ? undefined : ({ page: next } satisfies Cursor),
            scanned: data.length,
            // GitHub gives no total (only a `rel="last"` page number, and not on every listing).
            total: null,
          };
      } catch (error) {
        throw explain(error, projectExternalId);
      }
    },

    verifyWebhook: verifyGithubWebhook,
  };
}

/**
 * GitHub's documented order (docs: "Rate limits for the REST API" → "Exceeding the rate limit"):
 * `retry-after` seconds first; else `x-ratelimit-remaining: 0` → until `x-ratelimit-reset` (UTC epoch
 * seconds); else a secondary limit → at least one minute.
 */
export function githubRetryAfterMs(headers: Record<string, string | undefined>, now = Date.now()): number {
  const retryAfter = retryAfterHeaderMs(headers, now);
  if (retryAfter !== undefined) return retryAfter;
  if (headers['x-ratelimit-remaining']?.trim() === '0') {
    const reset = Number(headers['x-ratelimit-reset']?.trim() || Number.NaN);
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now) + RESET_MARGIN_MS;
  }
  return SECONDARY_LIMIT_WAIT_MS;
}

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` (docs: "Validating webhook deliveries"),
 * compared in constant time. Pure: the route dedupes on the delivery id and queues the sync.
 */
export function verifyGithubWebhook(request: WebhookRequest): WebhookEvent {
  const { headers, rawBody, secret } = request;
  if (!secret) throw new WebhookRejected('no_secret', 'No webhook secret is set for this GitHub connection.');
  const signature = headers['x-hub-signature-256'];
  if (!signature) throw new WebhookRejected('signature', 'The delivery has no X-Hub-Signature-256 header.');
  if (!signatureMatches(rawBody, secret, signature))
    throw new WebhookRejected('signature', 'X-Hub-Signature-256 does not match the body.');
  const deliveryId = headers['x-github-delivery']?.trim();
  const event = headers['x-github-event']?.trim();
  if (!deliveryId || !event)
    throw new WebhookRejected('payload', 'The delivery has no X-GitHub-Delivery or X-GitHub-Event header.');
  const body = webhookBodySchema.safeParse(readWebhookJson(rawBody, headers['content-type']));
  if (!body.success) throw new WebhookRejected('payload', 'The delivery body is not a GitHub event payload.');
  // `ping` (sent when a hook is created) carries the repository too for a repository hook; org-level
  // events carry none, which means "sync every project of the connection".
  const repository = body.data.repository;
  return { deliveryId, event, projectExternalIds: repository ? [repository.full_name] : [] };
}

export function githubSignature(rawBody: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function signatureMatches(rawBody: Buffer, secret: string, header: string): boolean {
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())?.[1];
  if (!hex) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(hex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A hook's content type is `application/json` or `application/x-www-form-urlencoded` (`payload=<json>`). */
function readWebhookJson(rawBody: Buffer, contentType: string | undefined): unknown {
  let text = rawBody.toString('utf8');
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded'))
    text = new URLSearchParams(text).get('payload') ?? '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The repositories the token reaches, a page at a time. */
async function* listRepositories(ctx: Ctx, perPage: number): AsyncGenerator<GithubRepository[]> {
  const owner = ctx.settings.owner;
  if (owner) {
    const first = `/orgs/${encodeURIComponent(owner)}/repos?${query({ type: 'all', per_page: perPage })}`;
    for await (const { data } of pages(ctx, first, repositoryListSchema)) yield data;
    return;
  }
  let first = true;
  try {
    for await (const { data } of pages(
      ctx,
      `/user/repos?${query({ per_page: perPage })}`,
      repositoryListSchema,
    )) {
      first = false;
      yield data;
    }
    return;
  } catch (error) {
    if (!(first && isForbidden(error))) throw error;
  }
  // An App installation token cannot call /user/* ("Resource not accessible by integration", 403):
  // it lists the repositories the installation was granted instead.
  const installation = `/installation/repositories?${query({ per_page: perPage })}`;
  for await (const { data } of pages(ctx, installation, installationRepositoriesSchema))
    yield data.repositories;
}

/**
 * Every page of a listing from `firstPath` on, following `link: <…>; rel="next"` until it is absent
 * (docs: "Using pagination in the REST API"). `next` is the path of the following page, for the cursor.
 */
async function* pages<T>(
  ctx: Ctx,
  firstPath: string,
  schema: z.ZodType<T>,
): AsyncGenerator<{ data: T; next: string | undefined }> {
  const seen = new Set<string>();
  for (let path: string | undefined = firstPath; path !== undefined;) {
    seen.add(path);
    const { data, headers } = await send(ctx, path, schema);
    const link = nextLink(headers.link);
    const next = link === undefined ? undefined : pagePath(link, ctx.baseUrl);
    if (link !== undefined && next === undefined)
      throw new ConnectorError('bad_payload', 'GitHub sent a next-page link outside its API address.', {
        retryable: false,
      });
    if (next !== undefined && seen.has(next))
      throw new ConnectorError('bad_payload', 'GitHub sent a next-page link back to a page already read.', {
        retryable: false,
      });
    yield { data, next };
    path = next;
  }
}

/** Issues switched off on a repository: GitHub answers 410 Gone ("Issues are disabled for this repo"). */
async function* unlessIssuesDisabled<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof ConnectorError && error.status === 410) return;
    throw error;
  }
}

async function send<T>(ctx: Ctx, path: string, schema: z.ZodType<T>) {
  try {
    return await ctx.http.requestWithHeaders({
      path,
      schema,
      headers: {
        Authorization: `Bearer ${ctx.creds.token}`,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': API_VERSION,
      },
      signal: ctx.signal,
    });
  } catch (error) {
    throw redactSecrets(error, ctx.creds.token);
  }
}

function repoPath(fullName: string): string {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(fullName);
  if (!match?.[1] || !match[2])
    throw new ConnectorError('bad_request', `"${fullName}" is not a GitHub repository name (owner/name).`, {
      retryable: false,
    });
  return `/repos/${encodeURIComponent(match[1])}/${encodeURIComponent(match[2])}`;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search.toString();
}

/** `since` takes `YYYY-MM-DDTHH:MM:SSZ` (docs: List repository issues). */
function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function isForbidden(error: unknown): boolean {
  return error instanceof ConnectorError && error.code === 'auth_failed' && error.status === 403;
}

const TOKEN_REFUSED =
  'GitHub refused the token (HTTP 401). It may have expired or been revoked (an App installation token lasts one hour): create a new token and update the connection.';
const ACCESS_HINT =
  "The token needs read access to the repository's issues and metadata (classic token: the repo scope for private repositories); in an organization with SAML single sign-on it must also be authorized for that organization.";

/** Upstream errors in words a PM can act on, for GitHub. */
function explain(error: unknown, repo?: string): unknown {
  if (!(error instanceof ConnectorError)) return error;
  const again = (code: ConnectorError['code'], message: string) =>
    new ConnectorError(code, message, {
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
      status: error.status,
    });
  if (error.code === 'auth_failed' && error.status === 401) return again('auth_failed', TOKEN_REFUSED);
  if (error.code === 'auth_failed' && error.status === 403)
    return again('auth_failed', `${error.message} ${ACCESS_HINT}`);
  if (repo && error.code === 'not_found')
    return again(
      'not_found',
      `GitHub has no repository "${repo}" that this token can see (HTTP 404; GitHub answers 404 for a private repository the token cannot read).`,
    );
  if (repo && error.code === 'redirect_refused' && error.status === 301)
    return again(
      'redirect_refused',
      `GitHub says the repository "${repo}" has moved (HTTP 301): it was probably renamed or transferred. Link the project again under its new name.`,
    );
  return error;
}

function notFoundOnCheck(ctx: Ctx): ConnectorError {
  const message = ctx.settings.owner
    ? `GitHub has no organization "${ctx.settings.owner}" that this token can see (HTTP 404). Check the owner setting; leave it empty to list every repository the token can reach.`
    : 'GitHub has no repository listing at this address (HTTP 404). Check the base URL: https://api.github.com, or https://<your host>/api/v3 for GitHub Enterprise Server.';
  return new ConnectorError('not_found', message, { retryable: false, status: 404 });
}

export const githubConnector = createGithubConnector();

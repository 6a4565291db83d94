import type { IsoDate, MilestoneInput, ProjectInput, StatusCategory, TaskInput } from '../../domain/model';
import type {
  JiraIssue,
  JiraProject,
  JiraStatusCategoryKey,
  JiraVersion,
  JiraVersionIssuesStatus,
  JiraWebhookBody,
} from './jira.schemas';

/**
 * Pure Jira Cloud → domain mapping, plus the JQL and header arithmetic the connector needs. Field meanings
 * follow https://developer.atlassian.com/cloud/jira/platform/rest/v3/; every choice the docs leave open is
 * listed in ./README.md.
 */

export interface TaskMappingOptions {
  /** Id of the site's Flagged field (`customfield_10021` on most Cloud sites). */
  flaggedField: string;
  /** Labels (case-insensitive) that mark an issue as blocked. */
  blockedLabels: readonly string[];
  /** Resolution names (case-insensitive) that turn a done issue into a cancelled one. */
  cancelledResolutions: readonly string[];
  /** The site's web root for `/browse/<key>` links; null when unknown. */
  siteUrl: string | null;
}

export const versionId = (id: string): string => `version:${id}`;

/** `https://<site>.atlassian.net/browse/PROJ-1`: the page a person opens (the API's `self` is not one). */
export function browseUrl(siteUrl: string | null, key: string): string | null {
  return siteUrl ? `${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}` : null;
}

/** `duedate`, `startDate`, `releaseDate` are site calendar dates (`yyyy-MM-dd`): taken as they are, no zone. */
export function calendarDate(value: string | null | undefined): IsoDate | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : value;
}

/** ISO 8601 with a `+hhmm` offset; a number is read as epoch milliseconds (Atlassian's examples show both). */
export function instant(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === '' || value === 0) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

const CATEGORY: Record<JiraStatusCategoryKey, StatusCategory> = {
  new: 'planned',
  indeterminate: 'in_progress',
  done: 'done',
  // "No Category": a status nobody has placed yet; it has not started as far as anyone can tell.
  undefined: 'planned',
};

const normalizeName = (name: string): string =>
  name
    .trim()
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase();

/**
 * `statusCategory.key` → category. A done issue whose resolution says it was dropped ("Won't Do",
 * "Duplicate", …) is cancelled; the resolution is ignored outside the done category, because workflows
 * that reopen an issue often leave a stale resolution behind.
 */
export function taskStatus(
  categoryKey: JiraStatusCategoryKey,
  resolutionName: string | null | undefined,
  cancelledResolutions: readonly string[],
): StatusCategory {
  const category = CATEGORY[categoryKey];
  if (category !== 'done' || !resolutionName) return category;
  const cancelled = new Set(cancelledResolutions.map(normalizeName));
  return cancelled.has(normalizeName(resolutionName)) ? 'cancelled' : 'done';
}

/**
 * The Flagged field is a checkbox field: `[{"value":"Impediment",…}]` when set, `null` or `[]` when not.
 * A site that made it a single select sends one option object; that counts as set too.
 */
export function isFlagged(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'boolean') return value;
  return true;
}

export function isBlocked(
  flagged: unknown,
  labels: readonly string[],
  blockedLabels: readonly string[],
): boolean {
  if (isFlagged(flagged)) return true;
  const blocked = new Set(blockedLabels.map(normalizeName));
  return labels.some((label) => blocked.has(normalizeName(label)));
}

export function toProject(project: JiraProject, siteUrl: string | null): ProjectInput {
  return {
    externalId: project.id,
    key: project.key,
    name: project.name,
    url: browseUrl(siteUrl, project.key),
    type: project.projectTypeKey ?? null,
    // Jira projects have no dates of their own.
    startDate: null,
    endDate: null,
    archived: project.archived === true,
  };
}

/** `done / (unmapped + toDo + inProgress + done)` of the issues fixed in the version; null with no issues. */
export function versionProgress(counts: JiraVersionIssuesStatus | null | undefined): number | null {
  if (!counts) return null;
  const done = counts.done ?? 0;
  const total = (counts.unmapped ?? 0) + (counts.toDo ?? 0) + (counts.inProgress ?? 0) + done;
  return total > 0 ? Math.min(1, Math.max(0, done / total)) : null;
}

/** released → done; archived without release → cancelled; any issue started or done → in progress. */
export function versionStatus(version: JiraVersion): StatusCategory {
  if (version.released) return 'done';
  if (version.archived) return 'cancelled';
  const counts = version.issuesStatusForFixVersion;
  return (counts?.inProgress ?? 0) + (counts?.done ?? 0) > 0 ? 'in_progress' : 'planned';
}

export function toVersionMilestone(version: JiraVersion): MilestoneInput {
  return {
    externalId: versionId(version.id),
    kind: 'version',
    name: version.name,
    // The web page of a version needs the project key, which the payload does not carry.
    url: null,
    startDate: calendarDate(version.startDate),
    dueDate: calendarDate(version.releaseDate),
    status: versionStatus(version),
    progress: versionProgress(version.issuesStatusForFixVersion),
    // Jira records a release *date* only; the summary falls back to the last task completion.
    completedAt: null,
  };
}

export function toTask(issue: JiraIssue, options: TaskMappingOptions): TaskInput {
  const fields = issue.fields;
  const statusCategory = taskStatus(
    fields.status.statusCategory.key,
    fields.resolution?.name,
    options.cancelledResolutions,
  );
  const labels = fields.labels ?? [];
  return {
    externalId: issue.id,
    identifier: issue.key,
    title: fields.summary,
    type: fields.issuetype?.name ?? null,
    statusName: fields.status.name ?? null,
    statusCategory,
    blocked: isBlocked(fields[options.flaggedField], labels, options.blockedLabels),
    milestoneExternalIds: [...new Set((fields.fixVersions ?? []).map((v) => versionId(v.id)))],
    parentExternalId: fields.parent?.id ?? null,
    assignee: fields.assignee?.displayName ?? null,
    labels,
    // No system start-date field in Jira Cloud (sites add their own custom field).
    startDate: null,
    dueDate: calendarDate(fields.duedate),
    completedAt: statusCategory === 'done' ? instant(fields.resolutiondate) : null,
    estimate: null,
    url: browseUrl(options.siteUrl, issue.key),
    remoteUpdatedAt: instant(fields.updated),
    remoteCreatedAt: instant(fields.created),
    // Search never returns deleted issues: a full run's "missing upstream" pass catches them.
    deleted: false,
  };
}

const jqlFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as a JQL date-time, `yyyy-MM-dd HH:mm`, in `timeZone`. Jira reads JQL dates in the searching
 * user's profile zone; the connection's zone is taken to be that zone (README, "Incremental runs").
 */
export function jqlDateTime(at: Date, timeZone: string): string {
  let formatter = jqlFormatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone: a misconfigured zone must not silently become UTC.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    jqlFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** A JQL operand: numeric ids bare (`project = 10000` matches by id), anything else as a quoted string. */
export function jqlValue(value: string): string {
  return /^\d+$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The issue listing of one project, ordered by key so a page boundary never moves while issues are edited
 * mid-run. Incremental runs add `updated >= "<since>"` (since already includes the overlap).
 */
export function issuesJql(projectId: string, since?: { at: Date; timeZone: string }): string {
  const clauses = [`project = ${jqlValue(projectId)}`];
  if (since) clauses.push(`updated >= "${jqlDateTime(since.at, since.timeZone)}"`);
  return `${clauses.join(' AND ')} ORDER BY key ASC`;
}

/**
 * The wait a 429 asks for (dac: /cloud/jira/platform/rate-limiting): `Retry-After` in seconds, else
 * `X-RateLimit-Reset`, an ISO 8601 instant (`yyyy-MM-ddTHH:mmZ`), minus now.
 */
export function retryAfterMs(headers: Record<string, string | undefined>, now: number): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  }
  const reset = headers['x-ratelimit-reset']?.trim();
  if (reset) {
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/**
 * The project a delivery is about, as our external id (the numeric project id): `issue.fields.project.id`
 * (issue and comment events), `version.projectId` (version events) or `project.id` (project events). A
 * payload that names the project only by key says nothing we can match: empty = sync them all.
 */
export function webhookProjectIds(body: JiraWebhookBody): string[] {
  const candidates = [body.issue?.fields?.project?.id, body.version?.projectId, body.project?.id];
  const ids = candidates.flatMap((id) => (id === null || id === undefined || id === '' ? [] : [String(id)]));
  return [...new Set(ids)];
}

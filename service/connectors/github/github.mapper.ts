import { unixToDate } from '../../domain/dates';
import type { IsoDate, MilestoneInput, ProjectInput, StatusCategory, TaskInput } from '../../domain/model';
import type { GithubIssue, GithubMilestone, GithubRepository } from './github.schemas';

/**
 * Pure GitHub → domain mapping. Field meanings follow docs.github.com/rest (issues, milestones,
 * repositories; API version 2022-11-28); every choice the docs leave open is listed in ./README.md.
 */

export interface TaskMappingOptions {
  /** Label names that mark an open issue as in progress (compared with `sameLabel`). */
  inProgressLabels: readonly string[];
  /** Label names that mark an issue as blocked. */
  blockedLabels: readonly string[];
}

/** GitHub sends ISO 8601 instants (`2011-04-22T13:33:48Z`); anything that does not parse is "not set". */
export function isoToInstant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export function isoToDate(value: string | null | undefined, timezone: string): IsoDate | null {
  const instant = isoToInstant(value);
  return instant ? unixToDate(instant.getTime() / 1000, timezone) : null;
}

/** Labels match case-insensitively, with spaces, `-` and `_` alike: "In-Progress" = "in progress". */
export function normalizeLabel(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

function findLabel(labels: readonly string[], wanted: readonly string[]): string | undefined {
  const set = new Set(wanted.map(normalizeLabel));
  return labels.find((name) => set.has(normalizeLabel(name)));
}

export function labelNames(issue: Pick<GithubIssue, 'labels'>): string[] {
  return (issue.labels ?? []).flatMap((l) => {
    const name = typeof l === 'string' ? l : l.name;
    return name ? [name] : [];
  });
}

/** "Issues" endpoints also return pull requests; they carry a `pull_request` key (docs: List repository issues). */
export function isPullRequest(issue: Pick<GithubIssue, 'pull_request'>): boolean {
  return issue.pull_request !== undefined && issue.pull_request !== null;
}

/** Closed reasons that mean the work was not done (schema enum: completed, reopened, not_planned, duplicate). */
const NOT_DONE_REASONS = new Set(['not_planned', 'duplicate']);

/**
 * closed + `state_reason` not_planned or duplicate → cancelled; closed otherwise → done; open → in_progress
 * when a label says so, else planned.
 */
export function issueCategory(
  issue: Pick<GithubIssue, 'state' | 'state_reason' | 'labels'>,
  inProgressLabels: readonly string[],
): StatusCategory {
  if (issue.state === 'closed') return NOT_DONE_REASONS.has(issue.state_reason ?? '') ? 'cancelled' : 'done';
  return findLabel(labelNames(issue), inProgressLabels) ? 'in_progress' : 'planned';
}

/** What the PM sees as the upstream status: the in-progress label when it applies, else GitHub's wording. */
export function issueStatusName(
  issue: Pick<GithubIssue, 'state' | 'state_reason' | 'labels'>,
  inProgressLabels: readonly string[],
): string {
  if (issue.state === 'closed')
    return NOT_DONE_REASONS.has(issue.state_reason ?? '')
      ? `closed as ${(issue.state_reason ?? '').replace(/_/g, ' ')}`
      : 'closed';
  return findLabel(labelNames(issue), inProgressLabels) ?? 'open';
}

/** Milestone numbers are per repository, and one connection spans many: the id names both. */
export function milestoneExternalId(repoFullName: string, number: number): string {
  return `milestone:${repoFullName}#${number}`;
}

export function toProject(repo: GithubRepository): ProjectInput {
  return {
    externalId: repo.full_name,
    key: repo.full_name,
    name: repo.name,
    url: repo.html_url ?? null,
    type: null,
    // A repository has no planned start or end.
    startDate: null,
    endDate: null,
    archived: repo.archived === true,
  };
}

/** GitHub's own "% complete": closed issues over all issues of the milestone (null when it has none). */
export function milestoneProgress(
  milestone: Pick<GithubMilestone, 'open_issues' | 'closed_issues'>,
): number | null {
  const open = milestone.open_issues ?? 0;
  const closed = milestone.closed_issues ?? 0;
  return open + closed > 0 ? closed / (open + closed) : null;
}

export function milestoneStatus(
  milestone: Pick<GithubMilestone, 'state' | 'open_issues' | 'closed_issues'>,
): StatusCategory {
  if (milestone.state === 'closed') return 'done';
  return (milestone.closed_issues ?? 0) > 0 ? 'in_progress' : 'planned';
}

export function toMilestone(
  milestone: GithubMilestone,
  repoFullName: string,
  timezone: string,
): MilestoneInput {
  const status = milestoneStatus(milestone);
  return {
    externalId: milestoneExternalId(repoFullName, milestone.number),
    kind: 'milestone',
    name: milestone.title,
    url: milestone.html_url ?? null,
    startDate: null,
    dueDate: isoToDate(milestone.due_on, timezone),
    status,
    progress: milestoneProgress(milestone),
    // The docs' own example is an open milestone with a closed_at: only a closed one has closed.
    completedAt: status === 'done' ? isoToInstant(milestone.closed_at) : null,
  };
}

export function toTask(issue: GithubIssue, repoFullName: string, options: TaskMappingOptions): TaskInput {
  const statusCategory = issueCategory(issue, options.inProgressLabels);
  const labels = labelNames(issue);
  return {
    externalId: String(issue.id),
    identifier: `#${issue.number}`,
    title: issue.title,
    type: 'issue',
    statusName: issueStatusName(issue, options.inProgressLabels),
    statusCategory,
    blocked: findLabel(labels, options.blockedLabels) !== undefined,
    milestoneExternalIds: issue.milestone ? [milestoneExternalId(repoFullName, issue.milestone.number)] : [],
    parentExternalId: null,
    assignee: issue.assignee?.login ?? null,
    labels,
    // Issues have no start or due date; the milestone carries the date.
    startDate: null,
    dueDate: null,
    completedAt: statusCategory === 'done' ? isoToInstant(issue.closed_at) : null,
    estimate: null,
    url: issue.html_url ?? null,
    remoteUpdatedAt: isoToInstant(issue.updated_at),
    remoteCreatedAt: isoToInstant(issue.created_at),
    // Deleted and transferred issues simply vanish from the listing; a full run notices.
    deleted: false,
  };
}

/**
 * The `rel="next"` target of a `link` header (`<url>; rel="next", <url>; rel="last"`), or undefined when
 * there is none — GitHub leaves `next` out on the last page and the whole header out on a single page
 * (docs.github.com, "Using pagination in the REST API").
 */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(match[2] ?? '')?.[1];
    if (rel?.split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

/**
 * A page URL from a `link` header as a path under the API base URL (what UpstreamHttp appends to it), or
 * undefined when it points anywhere else: the link is followed only on the host we were configured with.
 */
export function pagePath(url: string, baseUrl: string): string | undefined {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(`${baseUrl.replace(/\/+$/, '')}/`);
  } catch {
    return undefined;
  }
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return undefined;
  return `/${target.pathname.slice(base.pathname.length)}${target.search}`;
}

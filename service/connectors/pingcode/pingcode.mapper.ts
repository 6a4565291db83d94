import { unixToDate, unixToInstant } from '../../domain/dates';
import type { MilestoneInput, ProjectInput, StatusCategory, TaskInput } from '../../domain/model';
import type {
  PingcodeProject,
  PingcodeSprint,
  PingcodeVersion,
  PingcodeWorkItem,
  PingcodeWorkItemType,
} from './pingcode.schemas';

/**
 * Pure PingCode → domain mapping. Field meanings follow https://open.pingcode.com ("REST API",
 * 项目管理 → 工作项 / 发布 / 迭代); every choice the docs leave open is listed in ./README.md.
 */

export interface TaskMappingOptions {
  /** IANA zone that turns Unix seconds into calendar dates. */
  timezone: string;
  /** Tag names (case-insensitive) that mark a work item as blocked. */
  blockedTags: readonly string[];
}

const versionId = (id: string): string => `version:${id}`;
const sprintId = (id: string): string => `sprint:${id}`;
const workItemId = (id: string): string => `workitem:${id}`;

const isSet = (value: number | boolean | null | undefined): boolean => value === true || value === 1;
const link = (item: {
  html_url?: string | null | undefined;
  url?: string | null | undefined;
}): string | null => item.html_url ?? item.url ?? null;

/**
 * `state.type` ∈ pending, in_progress, completed, closed. PingCode uses "closed" both for "done and
 * closed" and for "won't do": a completion time tells them apart.
 */
export function stateCategory(
  stateType: PingcodeWorkItem['state']['type'],
  completedAt: number | null | undefined,
): StatusCategory {
  switch (stateType) {
    case 'pending':
      return 'planned';
    case 'in_progress':
      return 'in_progress';
    case 'completed':
      return 'done';
    case 'closed':
      return unixToInstant(completedAt) ? 'done' : 'cancelled';
  }
}

export function toProject(project: PingcodeProject, timezone: string): ProjectInput {
  return {
    externalId: project.id,
    key: project.identifier ?? null,
    name: project.name,
    url: link(project),
    type: project.type ?? null,
    startDate: unixToDate(project.start_at, timezone),
    endDate: unixToDate(project.end_at, timezone),
    archived: isSet(project.is_archived),
  };
}

const VERSION_STATUS: Record<PingcodeVersion['stage']['type'], StatusCategory> = {
  pending: 'planned',
  in_progress: 'in_progress',
  published: 'done',
};

/** `progress` is read as a 0–100 percentage (see README) and normalized to 0..1. */
export function versionProgress(progress: number | null | undefined): number | null {
  if (progress === null || progress === undefined) return null;
  return Math.min(1, Math.max(0, progress / 100));
}

export function toVersionMilestone(version: PingcodeVersion, timezone: string): MilestoneInput {
  const status = VERSION_STATUS[version.stage.type];
  return {
    externalId: versionId(version.id),
    kind: 'version',
    name: version.name,
    url: link(version),
    startDate: unixToDate(version.start_at, timezone),
    dueDate: unixToDate(version.end_at, timezone),
    status,
    progress: versionProgress(version.progress),
    completedAt: status === 'done' ? unixToInstant(version.operate_at) : null,
  };
}

const SPRINT_STATUS: Record<PingcodeSprint['status'], StatusCategory> = {
  pending: 'planned',
  in_progress: 'in_progress',
  completed: 'done',
};

export function toSprintMilestone(sprint: PingcodeSprint, timezone: string): MilestoneInput {
  const status = SPRINT_STATUS[sprint.status];
  return {
    externalId: sprintId(sprint.id),
    kind: 'sprint',
    name: sprint.name,
    url: link(sprint),
    startDate: unixToDate(sprint.start_at, timezone),
    dueDate: unixToDate(sprint.end_at, timezone),
    status,
    progress: null,
    completedAt: status === 'done' ? unixToInstant(sprint.completed_at) : null,
  };
}

/** Waterfall/hybrid projects add 阶段 (phase) and 里程碑 (milestone) as `group: "plan"` work item types. */
export function isPlanType(type: PingcodeWorkItemType): boolean {
  return type.group === 'plan';
}

export function isPhaseType(type: PingcodeWorkItemType): boolean {
  return /阶段|phase/i.test(type.name);
}

export function toPlanMilestone(
  item: PingcodeWorkItem,
  type: PingcodeWorkItemType,
  timezone: string,
): MilestoneInput {
  const kind = isPhaseType(type) ? 'phase' : 'milestone';
  const status = stateCategory(item.state.type, item.completed_at);
  return {
    externalId: workItemId(item.id),
    kind,
    name: item.title,
    url: link(item),
    // PingCode ignores start_at for the milestone type: a milestone is a single date.
    startDate: kind === 'phase' ? unixToDate(item.start_at, timezone) : null,
    dueDate: unixToDate(item.end_at, timezone),
    status,
    progress: null,
    completedAt: status === 'done' ? unixToInstant(item.completed_at) : null,
  };
}

const parentId = (item: PingcodeWorkItem): string | null => item.parent_id ?? item.parent?.id ?? null;

/** Every milestone-like thing a work item points at; the sync job keeps the ids it knows. */
export function milestoneLinks(item: PingcodeWorkItem): string[] {
  const parent = parentId(item);
  const ids = [
    ...(item.versions ?? []).map((v) => versionId(v.id)),
    ...(item.version ? [versionId(item.version.id)] : []),
    ...(item.sprint ? [sprintId(item.sprint.id)] : []),
    ...(parent ? [workItemId(parent)] : []),
    ...(item.phase ? [workItemId(item.phase.id)] : []),
  ];
  return [...new Set(ids)];
}

export function isBlocked(tagNames: readonly string[], blockedTags: readonly string[]): boolean {
  const blocked = new Set(blockedTags.map((t) => t.trim().toLowerCase()));
  return tagNames.some((name) => blocked.has(name.trim().toLowerCase()));
}

export function toTask(item: PingcodeWorkItem, options: TaskMappingOptions): TaskInput {
  const statusCategory = stateCategory(item.state.type, item.completed_at);
  const labels = (item.tags ?? []).flatMap((t) => (t.name ? [t.name] : []));
  return {
    externalId: item.id,
    identifier: item.identifier ?? null,
    title: item.title,
    type: item.type ?? null,
    statusName: item.state.name ?? null,
    statusCategory,
    blocked: isBlocked(labels, options.blockedTags),
    milestoneExternalIds: milestoneLinks(item),
    parentExternalId: parentId(item),
    assignee: item.assignee ? (item.assignee.display_name ?? item.assignee.name ?? null) : null,
    labels,
    startDate: unixToDate(item.start_at, options.timezone),
    dueDate: unixToDate(item.end_at, options.timezone),
    // The docs' own example carries a completed_at on a "pending" item: only a finished item has finished.
    completedAt: statusCategory === 'done' ? unixToInstant(item.completed_at) : null,
    estimate: item.story_points ?? item.estimated_workload ?? null,
    url: link(item),
    remoteUpdatedAt: unixToInstant(item.updated_at),
    remoteCreatedAt: unixToInstant(item.created_at),
    deleted: isSet(item.is_deleted),
  };
}

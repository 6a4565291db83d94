import { unixToDate, unixToInstant } from '../../domain/dates';
import type { MilestoneInput, ProjectInput, StatusCategory, TaskInput } from '../../domain/model';
import { optionsSchema } from './worktile.schemas';
import type { WorktileProject, WorktileStateType, WorktileTask, WorktileWebhook } from './worktile.schemas';

/**
 * Pure Worktile → domain mapping. Worktile documents almost none of these fields; every reading below is
 * listed, with its source, in ./README.md and in `WORKTILE_META` (./worktile.connector.ts).
 */

export interface MappingOptions {
  /** IANA zone that turns Unix seconds into calendar dates. */
  timezone: string;
  /** The team's web address (`https://acme.worktile.com`) that links are built on; null = no links. */
  webUrl: string | null;
}

export interface TaskMappingOptions extends MappingOptions {
  /** Tag names (case-insensitive) that mark a task as blocked. */
  blockedTags: readonly string[];
  /** Key of the custom property that holds a task's version (e.g. `qp_version`); null = none. */
  versionProperty: string | null;
  /** uid → display name, as far as the member lookup found them. */
  members: ReadonlyMap<string, string>;
}

/**
 * `task_state.type` → category. 2 and 3 are attested (JW: 3 is every terminal state — 已完成, 关, 报废清理 —
 * so a scrapped task counts as done); 0, 1 and 4 follow JW's unverified table.
 */
export const STATE_CATEGORY: Readonly<Record<WorktileStateType, StatusCategory>> = {
  0: 'planned',
  1: 'planned',
  2: 'in_progress',
  3: 'done',
  4: 'cancelled',
};

export function stateCategory(type: WorktileStateType): StatusCategory {
  return STATE_CATEGORY[type];
}

/** Milestone ids, unique across kinds within a connection. */
export const taskMilestoneId = (id: string): string => `task:${id}`;
export const versionMilestoneId = (id: string): string => `version:${id}`;

const normalize = (name: string): string => name.trim().toLowerCase();
const isSet = (value: number | boolean | null | undefined): boolean => value === true || value === 1;

/** A task whose type is named like a milestone (`settings.milestoneTaskTypes`) is a milestone. */
export function isMilestoneTask(task: WorktileTask, milestoneTaskTypes: readonly string[]): boolean {
  const name = task.task_type?.name;
  return Boolean(name) && milestoneTaskTypes.some((type) => normalize(type) === normalize(name ?? ''));
}

/** JW builds links as `https://{team host}/mission/projects/{project}/tasks/{task}` (`app.py`). */
export function projectUrl(webUrl: string | null, projectId: string): string | null {
  return webUrl ? `${webUrl}/mission/projects/${encodeURIComponent(projectId)}` : null;
}

export function taskUrl(webUrl: string | null, projectId: string, taskId: string): string | null {
  const project = projectUrl(webUrl, projectId);
  return project ? `${project}/tasks/${encodeURIComponent(taskId)}` : null;
}

export function toProject(project: WorktileProject, options: MappingOptions): ProjectInput {
  return {
    externalId: project._id,
    key: project.identifier ?? null,
    name: project.name,
    url: projectUrl(options.webUrl, project._id),
    type: null,
    startDate: unixToDate(project.start, options.timezone),
    endDate: unixToDate(project.due, options.timezone),
    archived: isSet(project.is_archived),
  };
}

export function labelsOf(task: WorktileTask): string[] {
  return (task.properties?.tag ?? []).flatMap((tag) =>
    typeof tag !== 'string' && tag.name ? [tag.name] : [],
  );
}

export function isBlocked(labels: readonly string[], blockedTags: readonly string[]): boolean {
  const blocked = new Set(blockedTags.map(normalize));
  return labels.some((label) => blocked.has(normalize(label)));
}

export interface VersionRef {
  id: string;
  name: string;
}

/** The options a task's version property holds (`{_id, text}` or a list of them); anything else is none. */
export function versionRefs(task: WorktileTask, versionProperty: string | null): VersionRef[] {
  if (!versionProperty) return [];
  const raw: unknown = task.properties?.[versionProperty];
  if (raw === null || raw === undefined) return [];
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) return [];
  return parsed.data.map((option) => ({ id: option._id, name: option.text ?? option.name ?? option._id }));
}

/** Every milestone a task may count towards: its ancestors (milestone tasks) and its versions. */
export function milestoneLinks(task: WorktileTask, versionProperty: string | null): string[] {
  const ancestors = [...(task.parent_ids ?? []), ...(task.parent_id ? [task.parent_id] : [])];
  const ids = [
    ...ancestors.map(taskMilestoneId),
    ...versionRefs(task, versionProperty).map((v) => versionMilestoneId(v.id)),
  ];
  return [...new Set(ids)];
}

export function toTask(task: WorktileTask, projectId: string, options: TaskMappingOptions): TaskInput {
  const statusCategory = stateCategory(task.stateType);
  const labels = labelsOf(task);
  const assignee = task.properties?.assignee;
  return {
    externalId: task._id,
    identifier: task.identifier ?? null,
    title: task.title,
    type: task.task_type?.name ?? null,
    statusName: task.task_state?.name ?? null,
    statusCategory,
    blocked: isBlocked(labels, options.blockedTags),
    milestoneExternalIds: milestoneLinks(task, options.versionProperty),
    parentExternalId: task.parent_id ?? null,
    assignee: assignee ? (options.members.get(assignee) ?? null) : null,
    labels,
    startDate: unixToDate(task.properties?.start, options.timezone),
    dueDate: unixToDate(task.properties?.due, options.timezone),
    // Only a finished task has finished: `completed_at` is 0 on open tasks in the shapes seen.
    completedAt: statusCategory === 'done' ? unixToInstant(task.completed_at) : null,
    estimate: null,
    url: taskUrl(options.webUrl, task.project_id ?? projectId, task._id),
    remoteUpdatedAt: unixToInstant(task.updated_at),
    remoteCreatedAt: unixToInstant(task.created_at),
    deleted: isSet(task.is_deleted),
  };
}

/** A milestone-type task as a milestone: its due date is the milestone's date. */
export function toMilestone(task: WorktileTask, projectId: string, options: MappingOptions): MilestoneInput {
  const status = stateCategory(task.stateType);
  return {
    externalId: taskMilestoneId(task._id),
    kind: 'milestone',
    name: task.title,
    url: taskUrl(options.webUrl, task.project_id ?? projectId, task._id),
    startDate: unixToDate(task.properties?.start, options.timezone),
    dueDate: unixToDate(task.properties?.due, options.timezone),
    status,
    progress: null,
    completedAt: status === 'done' ? unixToInstant(task.completed_at) : null,
  };
}

/**
 * A version option has no state of its own in anything we can read, so it takes its tasks': done once every
 * task is finished (cancelled when none was done), in progress once any is under way or done, planned
 * otherwise (a cancelled task moves nothing forward).
 */
export function versionStatus(categories: readonly StatusCategory[]): StatusCategory {
  if (categories.length === 0) return 'planned';
  const finished = categories.every((c) => c === 'done' || c === 'cancelled');
  if (finished) return categories.includes('done') ? 'done' : 'cancelled';
  return categories.some((c) => c === 'in_progress' || c === 'done') ? 'in_progress' : 'planned';
}

export function toVersionMilestone(
  version: VersionRef,
  categories: readonly StatusCategory[],
): MilestoneInput {
  return {
    externalId: versionMilestoneId(version.id),
    kind: 'version',
    name: version.name,
    url: null,
    startDate: null,
    dueDate: null,
    status: versionStatus(categories),
    progress: null,
    completedAt: null,
  };
}

/** The projects a hook delivery names: `payload.task.project` (updates) or `payload.project` (create). */
export function webhookProjectIds(hook: WorktileWebhook): string[] {
  const payload = hook.payload;
  const ids = [
    payload?.task?.project?.id ?? payload?.task?.project?._id ?? payload?.task?.project_id,
    payload?.project?.id ?? payload?.project?._id ?? payload?.project_id,
  ].filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

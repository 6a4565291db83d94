import { z } from 'zod';

/**
 * Shapes of the PingCode Open API payloads we read (https://open.pingcode.com, "REST API").
 * Required: what the mapper cannot do without (ids, names/titles, state categories, `updated_at`).
 * Everything else is optional and nullable, because the docs list fields without saying when they are
 * absent. Unknown keys are stripped, never rejected.
 */

/** 10-digit Unix seconds; 0 or null means "not set". */
const unixSeconds = z.number();
const optionalTime = unixSeconds.nullish();
const optionalText = z.string().nullish();
/** Flags come as 0/1 in the docs' examples; accept booleans too. */
const flag = z.union([z.number(), z.boolean()]).nullish();

/** The "reference" shape of an embedded resource: `{id, url, name}` (PC-DOC "数据结构"). */
const reference = z.object({ id: z.string(), name: optionalText, url: optionalText });

export const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: optionalText,
  // Looks like an absolute timestamp in the docs' example, so it is not trusted: we refresh on 401.
  expires_in: z.number().nullish(),
});
export type PingcodeToken = z.infer<typeof tokenSchema>;

/** PC-DOC "分页数据": `{page_size, page_index (0-based), total, values}`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    page_size: z.number().int(),
    page_index: z.number().int(),
    total: z.number().int(),
    values: z.array(item),
  });
}
export interface PingcodePage<T> {
  page_size: number;
  page_index: number;
  total: number;
  values: T[];
}

export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  identifier: optionalText,
  url: optionalText,
  html_url: optionalText,
  type: optionalText,
  start_at: optionalTime,
  end_at: optionalTime,
  is_archived: flag,
  is_deleted: flag,
});
export type PingcodeProject = z.infer<typeof projectSchema>;

/** Release stage categories (`/v1/pjm/stages`). */
export const VERSION_STAGE_TYPES = ['pending', 'in_progress', 'published'] as const;

export const versionSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: optionalText,
  html_url: optionalText,
  start_at: optionalTime,
  end_at: optionalTime,
  stage: z.object({ type: z.enum(VERSION_STAGE_TYPES) }),
  // The docs name the field but not its scale or type; anything but a number is read as "no figure".
  progress: z.number().nullish().catch(null),
  operate_at: optionalTime,
});
export type PingcodeVersion = z.infer<typeof versionSchema>;

export const SPRINT_STATUSES = ['pending', 'in_progress', 'completed'] as const;

export const sprintSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: optionalText,
  html_url: optionalText,
  status: z.enum(SPRINT_STATUSES),
  start_at: optionalTime,
  end_at: optionalTime,
  started_at: optionalTime,
  completed_at: optionalTime,
});
export type PingcodeSprint = z.infer<typeof sprintSchema>;

/** `group` ∈ requirement, task, bug, issue, plan; kept as text so a new group does not fail the sync. */
export const workItemTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  group: optionalText,
});
export type PingcodeWorkItemType = z.infer<typeof workItemTypeSchema>;

/** Work item state categories (`/v1/pjm/work_item/states`). */
export const STATE_TYPES = ['pending', 'in_progress', 'completed', 'closed'] as const;

const person = z.object({ id: z.string().nullish(), name: optionalText, display_name: optionalText });

export const workItemSchema = z.object({
  id: z.string(),
  identifier: optionalText,
  title: z.string(),
  // A slug for system types ("story"); a reference is accepted too and read as its id.
  type: z.union([z.string(), reference.transform((t) => t.id)]).nullish(),
  url: optionalText,
  html_url: optionalText,
  state: z.object({ id: z.string().nullish(), name: optionalText, type: z.enum(STATE_TYPES) }),
  assignee: person.nullish(),
  parent_id: optionalText,
  parent: reference.nullish(),
  sprint: reference.nullish(),
  versions: z.array(reference).nullish(),
  // GET-one shows a single `version` where the list shows `versions[]`.
  version: reference.nullish(),
  phase: reference.nullish(),
  tags: z.array(z.object({ id: z.string().nullish(), name: optionalText })).nullish(),
  start_at: optionalTime,
  end_at: optionalTime,
  completed_at: optionalTime,
  story_points: z.number().nullish(),
  estimated_workload: z.number().nullish(),
  created_at: optionalTime,
  updated_at: unixSeconds,
  is_deleted: flag,
});
export type PingcodeWorkItem = z.infer<typeof workItemSchema>;

export const projectPageSchema = pageSchema(projectSchema);
export const versionPageSchema = pageSchema(versionSchema);
export const sprintPageSchema = pageSchema(sprintSchema);
export const workItemTypePageSchema = pageSchema(workItemTypeSchema);
export const workItemPageSchema = pageSchema(workItemSchema);

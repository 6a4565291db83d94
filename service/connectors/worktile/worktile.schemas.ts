import { z } from 'zod';

/**
 * Shapes of the Worktile Open API payloads we read (`https://dev.worktile.com/open-api`). Worktile's public
 * docs show only navigation and two page bodies (apifox docs-site 3131222), so these shapes come from
 * third-party clients (see ./README.md, "Sources"): ids, titles and the state category are required,
 * everything else is optional and nullable, unknown keys are stripped. Where sources disagree on a shape,
 * every variant they report is accepted.
 */

const optionalText = z.string().nullish();
/** 10-digit Unix seconds (JW README, XD `int64`); 0 or null means "not set". */
const optionalTime = z.number().nullish();
/** 0/1 in every source; booleans accepted too. */
const flag = z.union([z.number(), z.boolean()]).nullish();

/** `{date, with_time}` (XD `DateInfo`); `with_time: 0` means the date has day precision. */
const dateInfo = z.object({ date: optionalTime, with_time: z.number().nullish() });
/**
 * A date property: `{date, with_time}` (XD, and JW for `due`), wrapped as `{value: {date, with_time}}`
 * (JW for `start`), or a bare number. Read as Unix seconds or null.
 */
const dateField = z
  .union([z.number(), z.object({ value: dateInfo.nullable() }), dateInfo])
  .nullish()
  .transform((raw): number | null => {
    if (raw === null || raw === undefined) return null;
    if (typeof raw === 'number') return raw;
    if ('value' in raw) return raw.value?.date ?? null;
    return 'date' in raw ? (raw.date ?? null) : null;
  });

/** A uid string (XD) or `{value: uid}` (JW). */
const uidField = z
  .union([z.string(), z.object({ value: optionalText })])
  .nullish()
  .transform((raw): string | null => (typeof raw === 'string' ? raw : (raw?.value ?? null)) || null);

/** `{_id, name, color}` (XD `TaskTag`); a bare id string is accepted and carries no name. */
const tag = z.union([z.string(), z.object({ _id: optionalText, name: optionalText })]);

/** `_id` in every source; JW also accepts `id` (for projects), so `id` stands in when `_id` is absent. */
function idAlias(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && !('_id' in raw) && 'id' in raw) return { ...raw, _id: raw.id };
  return raw;
}

// ---------------------------------------------------------------------------------------------------------
// Envelopes

/**
 * A refusal: `{ok: false, error_code, error_message}` on HTTP 200 (JW: 1102 malformed token, 1103 invalid or
 * expired token), or the legacy v1 `{error_code, error_message, request}`. `error_code: 0` is not an error.
 */
export const refusalSchema = z.object({
  ok: z.literal(false).optional(),
  error_code: z.number().refine((code) => code !== 0),
  error_message: optionalText,
});

export type Answer<T> =
  { ok: true; data: T } | { ok: false; code: number; message: string | null | undefined };

/**
 * Either the data or a refusal: Worktile answers most errors with HTTP 200. (Not a `z.union`, so that a
 * payload that is neither keeps the data schema's issue paths for the `bad_payload` message.)
 */
export function answer<T>(data: z.ZodType<T>): z.ZodType<Answer<T>> {
  return z.unknown().transform((raw, ctx): Answer<T> => {
    const refusal = refusalSchema.safeParse(raw);
    if (refusal.success)
      return { ok: false, code: refusal.data.error_code, message: refusal.data.error_message };
    const parsed = data.safeParse(raw);
    if (parsed.success) return { ok: true, data: parsed.data };
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });
}

export interface WorktilePage<T> {
  items: T[];
  total: number | null;
  /** `has_more` (V1 lists) or `meta.has_more` (V2); null when the page says neither. */
  hasMore: boolean | null;
}

/** V1 lists: `{items | value: […], total, has_more}` (JW reads either key, so which one is unconfirmed). */
export function pageSchema<T>(item: z.ZodType<T>): z.ZodType<WorktilePage<T>> {
  return z
    .object({
      items: z.array(item).nullish(),
      value: z.array(item).nullish(),
      total: z.number().int().nullish(),
      has_more: flag,
      meta: z.object({ has_more: flag }).nullish(),
    })
    .refine((p) => Boolean(p.items ?? p.value), { message: 'has neither items nor value', path: ['items'] })
    .transform((p) => {
      const more = p.has_more ?? p.meta?.has_more;
      return {
        items: p.items ?? p.value ?? [],
        total: p.total ?? null,
        hasMore: more === null || more === undefined ? null : Boolean(more),
      };
    });
}

/** `get-tasks-by-ids` and `get-members-by-ids` answer a bare array (XD); a `{value | items}` wrapper is accepted. */
export function listSchema<T>(item: z.ZodType<T>): z.ZodType<T[]> {
  return z.union([
    z.array(item),
    z.object({ value: z.array(item) }).transform((w) => w.value),
    z.object({ items: z.array(item) }).transform((w) => w.items),
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// Payloads

/** XD reads `tenant_access_token`, JW accepts `access_token` too; `expires_in` is seconds (XD). */
export const tokenSchema = z
  .object({
    tenant_access_token: optionalText,
    access_token: optionalText,
    expires_in: z.number().nullish(),
  })
  .refine((t) => Boolean(t.tenant_access_token ?? t.access_token), {
    message: 'has no tenant_access_token',
    path: ['tenant_access_token'],
  })
  .transform((t) => ({
    token: (t.tenant_access_token ?? t.access_token) as string,
    expiresIn: t.expires_in ?? null,
  }));
export type WorktileToken = z.infer<typeof tokenSchema>;

/** Project listing items: the shape is not documented; `start`/`due` are what a project is created with. */
export const projectSchema = z.preprocess(
  idAlias,
  z.object({
    _id: z.string(),
    name: z.string(),
    identifier: optionalText,
    is_archived: flag,
    start: dateField,
    due: dateField,
  }),
);
export type WorktileProject = z.infer<typeof projectSchema>;

/**
 * State categories (`task_state.type`, mirrored in `state_type`). Only 2 (in progress) and 3 (terminal) are
 * attested; 0, 1 and 4 come from one client's guess (JW `wt/textutil.py`). Any other value fails the page.
 */
export const STATE_TYPES = [0, 1, 2, 3, 4] as const;
export type WorktileStateType = (typeof STATE_TYPES)[number];
const stateType = z.literal(STATE_TYPES);

/** `properties` holds system fields and custom ones (e.g. XD's `qp_version`), so unknown keys are kept. */
const propertiesSchema = z.looseObject({
  assignee: uidField,
  start: dateField,
  due: dateField,
  tag: z.array(tag).nullish(),
});

export const taskSchema = z
  .object({
    _id: z.string(),
    identifier: optionalText,
    title: z.string(),
    project_id: optionalText,
    parent_id: optionalText,
    parent_ids: z.array(z.string()).nullish(),
    created_at: optionalTime,
    updated_at: optionalTime,
    completed_at: optionalTime,
    is_archived: flag,
    is_deleted: flag,
    state_type: stateType.nullish(),
    task_state: z.object({ _id: optionalText, name: optionalText, type: stateType.nullish() }).nullish(),
    task_type: z.object({ _id: optionalText, name: optionalText }).nullish(),
    properties: propertiesSchema.nullish(),
  })
  .refine((t) => typeof (t.task_state?.type ?? t.state_type) === 'number', {
    message: 'has neither task_state.type nor state_type',
    path: ['task_state', 'type'],
  })
  // The refinement above guarantees one of the two.
  .transform((t) => ({ ...t, stateType: (t.task_state?.type ?? t.state_type) as WorktileStateType }));
export type WorktileTask = z.infer<typeof taskSchema>;

/** `{_id, text, data_source_id}`: a data-source option as XD's tenant stores its `qp_version` (所属周版本). */
export const optionSchema = z.preprocess(
  idAlias,
  z.object({ _id: z.string(), text: optionalText, name: optionalText }),
);
export type WorktileOption = z.infer<typeof optionSchema>;
export const optionsSchema = z.union([z.array(optionSchema), optionSchema.transform((o) => [o])]);

/** `get-members-by-ids` items (XD `UserDetail`). */
export const memberSchema = z.object({ uid: z.string(), name: optionalText, display_name: optionalText });
export type WorktileMember = z.infer<typeof memberSchema>;

const hookRef = z.object({ id: optionalText, _id: optionalText, name: optionalText });

/**
 * Hook deliveries as XD's `types.go` models them: `{event, payload: {task: {…, project: {id}}}}`, or the task
 * fields directly in `payload` for a create (`payload.project.id`). Event names are unknown.
 */
export const webhookSchema = z.object({
  event: optionalText,
  payload: z
    .object({
      project: hookRef.nullish(),
      project_id: optionalText,
      task: z.object({ project: hookRef.nullish(), project_id: optionalText }).nullish(),
    })
    .nullish(),
});
export type WorktileWebhook = z.infer<typeof webhookSchema>;

export const projectPageSchema = pageSchema(projectSchema);
export const taskPageSchema = pageSchema(taskSchema);
export const taskListSchema = listSchema(taskSchema);
export const memberListSchema = listSchema(memberSchema);

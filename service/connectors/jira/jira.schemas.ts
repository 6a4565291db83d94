import { z } from 'zod';

/**
 * Shapes of the Jira Cloud REST v3 payloads we read (https://developer.atlassian.com/cloud/jira/platform/rest/v3/).
 * Required: what the mapper cannot do without (ids, keys, names, the issue summary and status category).
 * Everything else is optional and nullable, because Jira leaves out or nulls fields freely (a field the
 * caller may not see, an unset due date). Unknown keys are stripped, never rejected.
 */

const optionalText = z.string().nullish();
/** Instants: ISO 8601 with a `+hhmm` offset ("2021-04-22T05:37:05.000+0000"); Atlassian's own examples also show numbers. */
const optionalInstant = z.union([z.string(), z.number()]).nullish();

/** `PageBean…` (project search, project versions): offset paging with `startAt`, `maxResults`, `isLast`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    startAt: z.number().int(),
    maxResults: z.number().int(),
    total: z.number().int().nullish(),
    isLast: z.boolean().nullish(),
    values: z.array(item),
  });
}
export interface JiraPage<T> {
  startAt: number;
  maxResults: number;
  total?: number | null | undefined;
  isLast?: boolean | null | undefined;
  values: T[];
}

/** `GET /rest/api/3/myself` (`User`); only used to prove the credentials work. */
export const myselfSchema = z.object({
  accountId: z.string(),
  displayName: optionalText,
  timeZone: optionalText,
});

/** `Project` as `GET /rest/api/3/project/search` and `GET /rest/api/3/project/{projectIdOrKey}` return it. */
export const projectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  self: optionalText,
  /** `software`, `service_desk`, `business`. */
  projectTypeKey: optionalText,
  archived: z.boolean().nullish(),
});
export type JiraProject = z.infer<typeof projectSchema>;

/** `expand=issuesstatus`: issue counts per status category of the version's fix-version issues. */
const versionIssuesStatus = z.object({
  unmapped: z.number().nullish(),
  toDo: z.number().nullish(),
  inProgress: z.number().nullish(),
  done: z.number().nullish(),
});
export type JiraVersionIssuesStatus = z.infer<typeof versionIssuesStatus>;

/** `Version` (`GET /rest/api/3/project/{projectIdOrKey}/version`). Dates are calendar dates, `yyyy-MM-dd`. */
export const versionSchema = z.object({
  id: z.string(),
  name: z.string(),
  self: optionalText,
  description: optionalText,
  archived: z.boolean().nullish(),
  released: z.boolean().nullish(),
  startDate: optionalText,
  releaseDate: optionalText,
  overdue: z.boolean().nullish(),
  projectId: z.number().nullish(),
  issuesStatusForFixVersion: versionIssuesStatus.nullish(),
});
export type JiraVersion = z.infer<typeof versionSchema>;

/**
 * `StatusCategory.key`. Jira has four categories: `new` (To Do), `indeterminate` (In Progress), `done`, and
 * `undefined` ("No Category"). A closed list: a key outside it fails the page as `bad_payload` rather than
 * being guessed. (The REST reference's placeholder examples say "in-flight"/"completed"; real sites do not.)
 */
export const STATUS_CATEGORY_KEYS = ['new', 'indeterminate', 'done', 'undefined'] as const;
export type JiraStatusCategoryKey = (typeof STATUS_CATEGORY_KEYS)[number];

const named = z.object({ id: z.string().nullish(), name: optionalText });

/**
 * `fields` of an issue, for the explicit `fields` list we send. Kept loose: the Flagged field's id is a
 * per-site setting (`customfield_10021` by default), so the mapper reads it by name from the rest.
 */
export const issueFieldsSchema = z.looseObject({
  summary: z.string(),
  status: z.object({
    id: z.string().nullish(),
    name: optionalText,
    statusCategory: z.object({ key: z.enum(STATUS_CATEGORY_KEYS), name: optionalText }),
  }),
  issuetype: named.nullish(),
  resolution: named.nullish(),
  duedate: optionalText,
  fixVersions: z.array(z.object({ id: z.string(), name: optionalText })).nullish(),
  labels: z.array(z.string()).nullish(),
  assignee: z.object({ accountId: optionalText, displayName: optionalText }).nullish(),
  parent: z.object({ id: z.string(), key: optionalText }).nullish(),
  created: optionalInstant,
  updated: optionalInstant,
  resolutiondate: optionalInstant,
});

export const issueSchema = z.object({
  id: z.string(),
  key: z.string(),
  self: optionalText,
  fields: issueFieldsSchema,
});
export type JiraIssue = z.infer<typeof issueSchema>;

/**
 * `SearchAndReconcileResults` (`POST /rest/api/3/search/jql`). No `total`; `nextPageToken` is left out (or
 * null) on the last page and `isLast` says so too.
 */
export const searchPageSchema = z.object({
  issues: z.array(issueSchema).default([]),
  nextPageToken: optionalText,
  isLast: z.boolean().nullish(),
});
export type JiraSearchPage = z.infer<typeof searchPageSchema>;

const projectRef = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  key: optionalText,
});

/**
 * The parts of a webhook body we read (Atlassian "Webhooks": `timestamp`, `webhookEvent`, the entity).
 * Issue and comment events carry `issue.fields.project`; version events `version.projectId`; project
 * events `project`. A signed delivery is never refused over the shape of those parts (it would be lost):
 * one that does not parse reads as "the payload does not say".
 */
export const webhookBodySchema = z.object({
  webhookEvent: z.string().min(1),
  timestamp: z.union([z.number(), z.string()]).nullish(),
  issue: z
    .object({
      id: z.string().nullish(),
      key: optionalText,
      fields: z.object({ project: projectRef.nullish() }).nullish(),
    })
    .nullish()
    .catch(null),
  version: z
    .object({ projectId: z.union([z.string(), z.number()]).nullish() })
    .nullish()
    .catch(null),
  project: projectRef.nullish().catch(null),
});
export type JiraWebhookBody = z.infer<typeof webhookBodySchema>;

export const projectPageSchema = pageSchema(projectSchema);
export const versionPageSchema = pageSchema(versionSchema);

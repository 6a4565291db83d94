import { z } from 'zod';

/**
 * Shapes of the GitHub REST API payloads we read (API version 2022-11-28, docs.github.com/rest).
 * Required: what the mapper cannot do without (ids, numbers, names/titles, `state`, `html_url`, times
 * the sync keys on). Everything else is optional and nullable; unknown keys are stripped, never rejected.
 */

/** ISO 8601 instants, `YYYY-MM-DDTHH:MM:SSZ` (docs.github.com, "Timezones and the REST API"). */
const instant = z.string();
const optionalText = z.string().nullish();

const simpleUser = z.object({ login: z.string(), id: z.number().nullish() });

/** "Repository" / "Minimal repository" (`GET /user/repos`, `/orgs/{org}/repos`, `/repos/{owner}/{repo}`). */
export const repositorySchema = z.object({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  html_url: optionalText,
  description: optionalText,
  private: z.boolean().nullish(),
  archived: z.boolean().nullish(),
  disabled: z.boolean().nullish(),
  has_issues: z.boolean().nullish(),
});
export type GithubRepository = z.infer<typeof repositorySchema>;

export const repositoryListSchema = z.array(repositorySchema);

/** `GET /installation/repositories`: `{total_count, repositories}` (docs.github.com/rest/apps/installations). */
export const installationRepositoriesSchema = z.object({
  total_count: z.number().int().nullish(),
  repositories: z.array(repositorySchema),
});

export const MILESTONE_STATES = ['open', 'closed'] as const;

/** "Milestone" (`GET /repos/{owner}/{repo}/milestones`, docs.github.com/rest/issues/milestones). */
export const milestoneSchema = z.object({
  id: z.number().nullish(),
  number: z.number().int(),
  title: z.string(),
  html_url: optionalText,
  state: z.enum(MILESTONE_STATES),
  open_issues: z.number().int().nullish(),
  closed_issues: z.number().int().nullish(),
  due_on: instant.nullish(),
  closed_at: instant.nullish(),
});
export type GithubMilestone = z.infer<typeof milestoneSchema>;

export const milestoneListSchema = z.array(milestoneSchema);

export const ISSUE_STATES = ['open', 'closed'] as const;

/** Labels come as objects in responses; the schema also allows plain strings (`oneOf: string | object`). */
const label = z.union([z.string(), z.object({ name: optionalText })]);

/** "Issue" (`GET /repos/{owner}/{repo}/issues`, docs.github.com/rest/issues/issues). */
export const issueSchema = z.object({
  id: z.number(),
  number: z.number().int(),
  title: z.string(),
  html_url: optionalText,
  state: z.enum(ISSUE_STATES),
  // completed | reopened | not_planned | duplicate | null in the 2022-11-28 schema; kept as text so a new
  // reason does not fail the sync (it then counts as done when closed).
  state_reason: optionalText,
  labels: z.array(label).nullish(),
  assignee: simpleUser.nullish(),
  milestone: z.object({ number: z.number().int() }).nullish(),
  // Present (an object) only on pull requests: "Issues" endpoints return both.
  pull_request: z.object({}).nullish(),
  created_at: instant.nullish(),
  updated_at: instant,
  closed_at: instant.nullish(),
});
export type GithubIssue = z.infer<typeof issueSchema>;

export const issueListSchema = z.array(issueSchema);

/**
 * The parts of a webhook delivery's body we read: most events carry the `repository` they concern
 * (docs.github.com, "Webhook events and payloads"); org- or app-level events may not.
 */
export const webhookBodySchema = z.object({
  action: optionalText,
  repository: z.object({ id: z.number().nullish(), full_name: z.string() }).nullish(),
});

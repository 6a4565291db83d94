import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  isPullRequest,
  isoToDate,
  issueCategory,
  issueStatusName,
  labelNames,
  milestoneExternalId,
  milestoneProgress,
  milestoneStatus,
  nextLink,
  normalizeLabel,
  pagePath,
  toMilestone,
  toProject,
  toTask,
} from '../../service/connectors/github/github.mapper';
import {
  installationRepositoriesSchema,
  issueListSchema,
  issueSchema,
  milestoneListSchema,
  repositoryListSchema,
} from '../../service/connectors/github/github.schemas';
import type { GithubIssue } from '../../service/connectors/github/github.schemas';

function fixture<T>(name: string, schema: z.ZodType<T>): T {
  const raw: unknown = JSON.parse(
    readFileSync(new URL(`../fixtures/github/${name}`, import.meta.url), 'utf8'),
  );
  return schema.parse(raw);
}

function at<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`no item at ${index}`);
  return value;
}

const REPO = 'octocat/Hello-World';
const issues = fixture('issues.json', issueListSchema);
const byNumber = (n: number): GithubIssue => {
  const found = issues.find((i) => i.number === n);
  if (!found) throw new Error(`no issue #${n}`);
  return found;
};
const milestones = fixture('milestones.json', milestoneListSchema);
const repos = fixture('repos.json', repositoryListSchema);
const options = { inProgressLabels: ['in progress', 'doing', 'wip'], blockedLabels: ['blocked'] };

function issue(patch: Partial<GithubIssue>): GithubIssue {
  return { ...byNumber(1348), ...patch };
}

describe('fixtures parse with the schemas', () => {
  test.each([
    { name: 'issues.json', schema: issueListSchema, count: 7 },
    { name: 'milestones.json', schema: milestoneListSchema, count: 3 },
    { name: 'repos.json', schema: repositoryListSchema, count: 3 },
  ])('$name → $count items', ({ name, schema, count }) => {
    expect(fixture(name, schema as z.ZodType<unknown[]>)).toHaveLength(count);
  });

  test('installation repositories envelope', () => {
    expect(
      fixture('installation-repositories.json', installationRepositoriesSchema).repositories,
    ).toHaveLength(1);
  });

  test('an issue without updated_at is rejected (the sync keys on it)', () => {
    const { updated_at: _dropped, ...rest } = byNumber(1348);
    expect(issueSchema.safeParse(rest).success).toBe(false);
  });

  test('an unknown state_reason still parses', () => {
    expect(issueSchema.parse({ ...byNumber(1351), state_reason: 'something_new' }).state_reason).toBe(
      'something_new',
    );
  });
});

describe('pull requests', () => {
  test.each([
    { number: 1347, expected: true }, // the documented example carries a pull_request key
    { number: 1348, expected: false },
  ])('#$number is a pull request: $expected', ({ number, expected }) => {
    expect(isPullRequest(byNumber(number))).toBe(expected);
  });
});

describe('issue status', () => {
  test.each([
    { state: 'open', reason: null, labels: [], category: 'planned', name: 'open' },
    { state: 'open', reason: 'reopened', labels: ['bug'], category: 'planned', name: 'open' },
    { state: 'open', reason: null, labels: ['In Progress'], category: 'in_progress', name: 'In Progress' },
    { state: 'open', reason: null, labels: ['in-progress'], category: 'in_progress', name: 'in-progress' },
    { state: 'open', reason: null, labels: ['WIP', 'bug'], category: 'in_progress', name: 'WIP' },
    { state: 'open', reason: null, labels: ['progress'], category: 'planned', name: 'open' },
    { state: 'closed', reason: 'completed', labels: [], category: 'done', name: 'closed' },
    { state: 'closed', reason: null, labels: [], category: 'done', name: 'closed' },
    { state: 'closed', reason: 'something_new', labels: [], category: 'done', name: 'closed' },
    { state: 'closed', reason: 'completed', labels: ['in progress'], category: 'done', name: 'closed' },
    {
      state: 'closed',
      reason: 'not_planned',
      labels: ['in progress'],
      category: 'cancelled',
      name: 'closed as not planned',
    },
    { state: 'closed', reason: 'duplicate', labels: [], category: 'cancelled', name: 'closed as duplicate' },
  ] as const)(
    '$state / $reason / $labels → $category ("$name")',
    ({ state, reason, labels, category, name }) => {
      const subject = { state, state_reason: reason, labels: labels.map((n) => ({ name: n })) };
      expect(issueCategory(subject, options.inProgressLabels)).toBe(category);
      expect(issueStatusName(subject, options.inProgressLabels)).toBe(name);
    },
  );

  test.each([
    { number: 1348, expected: 'planned' },
    { number: 1349, expected: 'in_progress' },
    { number: 1350, expected: 'in_progress' },
    { number: 1351, expected: 'done' },
    { number: 1352, expected: 'cancelled' },
    { number: 1353, expected: 'cancelled' },
  ])('fixture #$number → $expected', ({ number, expected }) => {
    expect(toTask(byNumber(number), REPO, options).statusCategory).toBe(expected);
  });

  test('the in-progress label list comes from the settings', () => {
    const subject = { state: 'open' as const, state_reason: null, labels: [{ name: 'Doing' }] };
    expect(issueCategory(subject, ['doing'])).toBe('in_progress');
    expect(issueCategory(subject, ['started'])).toBe('planned');
  });
});

describe('labels', () => {
  test.each([
    { name: ' In Progress ', expected: 'in progress' },
    { name: 'in-progress', expected: 'in progress' },
    { name: 'IN_PROGRESS', expected: 'in progress' },
    { name: 'status:  blocked', expected: 'status: blocked' },
  ])('normalizeLabel($name) → $expected', ({ name, expected }) => {
    expect(normalizeLabel(name)).toBe(expected);
  });

  test('labels as objects and as plain strings (the schema allows both)', () => {
    expect(labelNames({ labels: ['bug', { name: 'ui' }, { name: null }] })).toEqual(['bug', 'ui']);
    expect(labelNames({ labels: null })).toEqual([]);
  });

  test.each([
    { labels: ['blocked'], blockedLabels: ['blocked'], expected: true },
    { labels: ['Blocked'], blockedLabels: ['blocked'], expected: true },
    { labels: ['bug'], blockedLabels: ['blocked'], expected: false },
    { labels: ['waiting on client'], blockedLabels: ['Waiting-on-client'], expected: true },
    { labels: ['blocked'], blockedLabels: [], expected: false },
  ])('$labels with blocked labels $blockedLabels → $expected', ({ labels, blockedLabels, expected }) => {
    const task = toTask(issue({ labels: labels.map((name) => ({ name })) }), REPO, {
      ...options,
      blockedLabels,
    });
    expect(task.blocked).toBe(expected);
  });
});

describe('toTask', () => {
  test('an open issue with a milestone, field by field', () => {
    expect(toTask(byNumber(1348), REPO, options)).toEqual({
      externalId: '1001',
      identifier: '#1348',
      title: 'Crash on start-up',
      type: 'issue',
      statusName: 'open',
      statusCategory: 'planned',
      blocked: false,
      milestoneExternalIds: ['milestone:octocat/Hello-World#1'],
      parentExternalId: null,
      assignee: 'octocat',
      labels: ['bug'],
      startDate: null,
      dueDate: null,
      completedAt: null,
      estimate: null,
      url: 'https://github.com/octocat/Hello-World/issues/1348',
      remoteUpdatedAt: new Date('2011-05-02T10:00:00Z'),
      remoteCreatedAt: new Date('2011-04-23T08:00:00Z'),
      deleted: false,
    });
  });

  test.each([
    { number: 1351, completedAt: new Date('2011-03-30T16:00:00Z') },
    { number: 1352, completedAt: null }, // not planned: closed, but not finished
    { number: 1348, completedAt: null },
  ])('#$number completedAt $completedAt', ({ number, completedAt }) => {
    expect(toTask(byNumber(number), REPO, options).completedAt).toEqual(completedAt);
  });

  test.each([
    { number: 1349, assignee: 'octocat', milestones: [] },
    { number: 1351, assignee: 'octocat', milestones: ['milestone:octocat/Hello-World#2'] },
    { number: 1352, assignee: null, milestones: [] },
  ])('#$number: assignee $assignee, milestones $milestones', ({ number, assignee, milestones: ids }) => {
    const task = toTask(byNumber(number), REPO, options);
    expect(task.assignee).toBe(assignee);
    expect(task.milestoneExternalIds).toEqual(ids);
  });

  test('blocked and in progress together (#1350)', () => {
    expect(toTask(byNumber(1350), REPO, options)).toMatchObject({
      statusCategory: 'in_progress',
      statusName: 'in progress',
      blocked: true,
      labels: ['blocked', 'in progress'],
    });
  });
});

describe('milestones', () => {
  test('the documented example, field by field', () => {
    // Documented as open yet with a closed_at: only a closed milestone gets a completion time.
    expect(toMilestone(at(milestones, 0), REPO, 'Asia/Shanghai')).toEqual({
      externalId: 'milestone:octocat/Hello-World#1',
      kind: 'milestone',
      name: 'v1.0',
      url: 'https://github.com/octocat/Hello-World/milestones/v1.0',
      startDate: null,
      dueDate: '2012-10-10',
      status: 'in_progress',
      progress: 8 / 12,
      completedAt: null,
    });
  });

  test.each([
    { index: 1, status: 'done', progress: 1, completedAt: new Date('2011-04-01T09:00:00Z') },
    { index: 2, status: 'planned', progress: null, completedAt: null },
  ])('fixture $index → $status, progress $progress', ({ index, status, progress, completedAt }) => {
    const milestone = toMilestone(at(milestones, index), REPO, 'UTC');
    expect([milestone.status, milestone.progress, milestone.completedAt]).toEqual([
      status,
      progress,
      completedAt,
    ]);
  });

  test.each([
    { due: '2012-10-09T23:39:01Z', zone: 'UTC', expected: '2012-10-09' },
    { due: '2012-10-09T23:39:01Z', zone: 'Asia/Shanghai', expected: '2012-10-10' },
    { due: '2012-10-09T23:39:01Z', zone: 'America/Los_Angeles', expected: '2012-10-09' },
    // A date picked in the UI often comes back as 07:00/08:00 UTC: zones west of that see the day before.
    { due: '2011-03-31T07:00:00Z', zone: 'America/Los_Angeles', expected: '2011-03-31' },
    { due: '2011-03-31T07:00:00Z', zone: 'Pacific/Honolulu', expected: '2011-03-30' },
    { due: null, zone: 'UTC', expected: null },
    { due: 'not a date', zone: 'UTC', expected: null },
  ])('due_on $due in $zone → $expected', ({ due, zone, expected }) => {
    expect(isoToDate(due, zone)).toBe(expected);
  });

  test.each([
    { open: 4, closed: 8, expected: 8 / 12 },
    { open: 0, closed: 0, expected: null },
    { open: 3, closed: 0, expected: 0 },
    { open: null, closed: null, expected: null },
  ])('progress open $open closed $closed → $expected', ({ open, closed, expected }) => {
    expect(milestoneProgress({ open_issues: open, closed_issues: closed })).toBe(expected);
  });

  test.each([
    { state: 'closed', closed: 0, expected: 'done' },
    { state: 'open', closed: 0, expected: 'planned' },
    { state: 'open', closed: 1, expected: 'in_progress' },
  ] as const)('milestone $state with $closed closed issues → $expected', ({ state, closed, expected }) => {
    expect(milestoneStatus({ state, open_issues: 1, closed_issues: closed })).toBe(expected);
  });

  test('milestone ids are scoped by repository (numbers repeat across repositories)', () => {
    expect(milestoneExternalId('a/b', 1)).not.toBe(milestoneExternalId('a/c', 1));
  });
});

describe('toProject', () => {
  test.each([
    {
      index: 0,
      expected: {
        externalId: 'octocat/Hello-World',
        key: 'octocat/Hello-World',
        name: 'Hello-World',
        url: 'https://github.com/octocat/Hello-World',
        type: null,
        startDate: null,
        endDate: null,
        archived: false,
      },
    },
  ])('repository $index', ({ index, expected }) => {
    expect(toProject(at(repos, index))).toEqual(expected);
  });

  test('an archived repository is an archived project', () => {
    expect(toProject(at(repos, 2))).toMatchObject({ externalId: 'octocat/linguist', archived: true });
  });
});

describe('paging links', () => {
  const documented =
    '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first"';
  test.each([
    { header: documented, expected: 'https://api.github.com/repositories/1300192/issues?page=4' },
    {
      header:
        '<https://api.github.com/repositories/1/issues?page=4>; rel="prev", <https://api.github.com/repositories/1/issues?page=1>; rel="first"',
      expected: undefined,
    },
    {
      header: '<https://api.github.com/user/repos?per_page=100&after=Y3Vyc29yOnYyOpHOAAAB>; rel="next"',
      expected: 'https://api.github.com/user/repos?per_page=100&after=Y3Vyc29yOnYyOpHOAAAB',
    },
    {
      header: '<https://api.github.com/repos/o/r/issues?labels=a,b&page=2>; rel=next',
      expected: 'https://api.github.com/repos/o/r/issues?labels=a,b&page=2',
    },
    { header: '<https://x/a>; rel="prev next"', expected: 'https://x/a' },
    { header: '', expected: undefined },
    { header: undefined, expected: undefined },
  ])('nextLink($header) → $expected', ({ header, expected }) => {
    expect(nextLink(header)).toBe(expected);
  });

  test.each([
    {
      url: 'https://api.github.com/repositories/1000/issues?per_page=3&page=2',
      base: 'https://api.github.com',
      expected: '/repositories/1000/issues?per_page=3&page=2',
    },
    {
      url: 'https://api.github.com/repositories/1000/issues?page=2',
      base: 'https://api.github.com/',
      expected: '/repositories/1000/issues?page=2',
    },
    {
      url: 'https://ghe.example.com/api/v3/repositories/7/issues?page=2',
      base: 'https://ghe.example.com/api/v3',
      expected: '/repositories/7/issues?page=2',
    },
    {
      url: 'https://ghe.example.com/other/repositories/7/issues?page=2',
      base: 'https://ghe.example.com/api/v3',
      expected: undefined,
    },
    {
      url: 'https://evil.example.com/repositories/1/issues',
      base: 'https://api.github.com',
      expected: undefined,
    },
    {
      url: 'http://api.github.com/repositories/1/issues',
      base: 'https://api.github.com',
      expected: undefined,
    },
    { url: 'not a url', base: 'https://api.github.com', expected: undefined },
  ])('pagePath($url, $base) → $expected', ({ url, base, expected }) => {
    expect(pagePath(url, base)).toBe(expected);
  });
});

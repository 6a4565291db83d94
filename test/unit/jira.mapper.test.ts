import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  browseUrl,
  calendarDate,
  instant,
  isBlocked,
  isFlagged,
  issuesJql,
  jqlDateTime,
  jqlValue,
  retryAfterMs,
  taskStatus,
  toProject,
  toTask,
  toVersionMilestone,
  versionProgress,
  versionStatus,
  webhookProjectIds,
} from '../../service/connectors/jira/jira.mapper';
import {
  issueSchema,
  projectPageSchema,
  projectSchema,
  searchPageSchema,
  versionPageSchema,
  webhookBodySchema,
} from '../../service/connectors/jira/jira.schemas';
import type { JiraIssue } from '../../service/connectors/jira/jira.schemas';

function fixture<T>(name: string, schema: z.ZodType<T>): T {
  const raw: unknown = JSON.parse(readFileSync(new URL(`../fixtures/jira/${name}`, import.meta.url), 'utf8'));
  return schema.parse(raw);
}

function at<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`no item at ${index}`);
  return value;
}

const SITE = 'https://acme.atlassian.net';
const CANCELLED = ["Won't Do", "Won't Fix", 'Duplicate', 'Cannot Reproduce'];
const options = {
  flaggedField: 'customfield_10021',
  blockedLabels: ['blocked'],
  cancelledResolutions: CANCELLED,
  siteUrl: SITE,
};

const issues = [
  ...fixture('search-page-1.json', searchPageSchema).issues,
  ...fixture('search-page-2.json', searchPageSchema).issues,
];
const [ex1, ex2, ex3, ex4, ex5] = [at(issues, 0), at(issues, 1), at(issues, 2), at(issues, 3), at(issues, 4)];
const versions = [
  ...fixture('versions.json', versionPageSchema).values,
  ...fixture('versions-last.json', versionPageSchema).values,
];

const minimal: JiraIssue = issueSchema.parse({
  id: '1',
  key: 'EX-9',
  fields: { summary: 'Minimal', status: { statusCategory: { key: 'new' } } },
});

describe('taskStatus', () => {
  test.each([
    { key: 'new', resolution: null, expected: 'planned' },
    { key: 'indeterminate', resolution: null, expected: 'in_progress' },
    { key: 'done', resolution: 'Done', expected: 'done' },
    { key: 'done', resolution: null, expected: 'done' },
    { key: 'done', resolution: "Won't Do", expected: 'cancelled' },
    { key: 'done', resolution: "Won't Fix", expected: 'cancelled' },
    { key: 'done', resolution: 'Duplicate', expected: 'cancelled' },
    { key: 'done', resolution: 'Cannot Reproduce', expected: 'cancelled' },
    { key: 'done', resolution: ' won’t do ', expected: 'cancelled' },
    { key: 'done', resolution: 'Fixed', expected: 'done' },
    // A reopened issue can keep a stale resolution: only the done category looks at it.
    { key: 'indeterminate', resolution: "Won't Do", expected: 'in_progress' },
    { key: 'new', resolution: 'Duplicate', expected: 'planned' },
    { key: 'undefined', resolution: null, expected: 'planned' },
  ] as const)('$key, resolution $resolution → $expected', ({ key, resolution, expected }) => {
    expect(taskStatus(key, resolution, CANCELLED)).toBe(expected);
  });

  test('the cancelled list is the setting, not a constant', () => {
    expect(taskStatus('done', 'Out of scope', ['out of scope'])).toBe('cancelled');
    expect(taskStatus('done', "Won't Do", [])).toBe('done');
  });

  test.each([
    { issue: ex1, name: 'To Do', expected: 'planned' },
    { issue: ex2, name: 'In Progress', expected: 'in_progress' },
    { issue: ex4, name: 'Done', expected: 'done' },
    { issue: ex5, name: 'Done', expected: 'cancelled' },
  ])('fixture $issue.key ($name) → $expected', ({ issue, name, expected }) => {
    const task = toTask(issue, options);
    expect([task.statusName, task.statusCategory]).toEqual([name, expected]);
  });

  test('a status category outside the documented four fails the parse', () => {
    const parsed = issueSchema.safeParse({
      id: '1',
      key: 'EX-1',
      fields: { summary: 's', status: { statusCategory: { key: 'in-flight' } } },
    });
    expect(parsed.success).toBe(false);
  });
});

describe('toTask', () => {
  test('the first documented issue, field by field', () => {
    expect(toTask(ex1, options)).toEqual({
      externalId: '10001',
      identifier: 'EX-1',
      title: 'Sign in with a phone number',
      type: 'Story',
      statusName: 'To Do',
      statusCategory: 'planned',
      blocked: false,
      milestoneExternalIds: ['version:10010'],
      parentExternalId: null,
      assignee: 'Mia Krystof',
      labels: [],
      startDate: null,
      dueDate: '2025-04-15',
      completedAt: null,
      estimate: null,
      url: 'https://acme.atlassian.net/browse/EX-1',
      remoteUpdatedAt: new Date('2025-03-04T16:02:11.480Z'),
      remoteCreatedAt: new Date('2025-02-03T08:15:42.123Z'),
      deleted: false,
    });
  });

  test.each([
    { issue: ex1, blocked: false, why: 'nothing set' },
    { issue: ex2, blocked: true, why: 'the "blocked" label' },
    { issue: ex3, blocked: true, why: 'the Flagged field' },
    { issue: ex4, blocked: false, why: 'Flagged null' },
  ])('$issue.key blocked $blocked ($why)', ({ issue, blocked }) => {
    expect(toTask(issue, options).blocked).toBe(blocked);
  });

  test('the Flagged field is read from the configured custom field only', () => {
    expect(toTask(ex3, { ...options, flaggedField: 'customfield_10099' }).blocked).toBe(false);
    const moved = issueSchema.parse({
      ...minimal,
      fields: { ...minimal.fields, customfield_10099: [{ value: 'Impediment' }] },
    });
    expect(toTask(moved, { ...options, flaggedField: 'customfield_10099' }).blocked).toBe(true);
  });

  test.each([
    { issue: ex3, expected: ['version:10000', 'version:10010'] },
    { issue: ex4, expected: ['version:10000'] },
    { issue: ex5, expected: [] },
  ])('$issue.key fixVersions → $expected', ({ issue, expected }) => {
    expect(toTask(issue, options).milestoneExternalIds).toEqual(expected);
  });

  test('duplicate fixVersions are linked once', () => {
    const issue = issueSchema.parse({
      ...minimal,
      fields: { ...minimal.fields, fixVersions: [{ id: '7' }, { id: '7' }] },
    });
    expect(toTask(issue, options).milestoneExternalIds).toEqual(['version:7']);
  });

  test('a sub-task points at its parent; completion only counts when done', () => {
    expect(toTask(ex4, options)).toMatchObject({
      type: 'Subtask',
      parentExternalId: '10002',
      completedAt: new Date('2025-02-20T16:40:00.000Z'),
    });
    // "Won't Do": resolved, but not completed.
    expect(toTask(ex5, options).completedAt).toBeNull();
  });

  test('only the required fields: everything else is null, nothing throws', () => {
    expect(toTask(minimal, { ...options, siteUrl: null })).toEqual({
      externalId: '1',
      identifier: 'EX-9',
      title: 'Minimal',
      type: null,
      statusName: null,
      statusCategory: 'planned',
      blocked: false,
      milestoneExternalIds: [],
      parentExternalId: null,
      assignee: null,
      labels: [],
      startDate: null,
      dueDate: null,
      completedAt: null,
      estimate: null,
      url: null,
      remoteUpdatedAt: null,
      remoteCreatedAt: null,
      deleted: false,
    });
  });

  test('explicit nulls, as search returns them for unset fields, are accepted', () => {
    const issue = issueSchema.parse({
      id: '2',
      key: 'EX-10',
      fields: {
        summary: 'Nulls',
        status: { name: 'Backlog', statusCategory: { key: 'new' } },
        issuetype: null,
        resolution: null,
        duedate: null,
        fixVersions: null,
        labels: null,
        assignee: null,
        parent: null,
        created: null,
        updated: null,
        resolutiondate: null,
        customfield_10021: null,
      },
    });
    expect(toTask(issue, options)).toMatchObject({ statusName: 'Backlog', blocked: false, dueDate: null });
  });
});

describe('field helpers', () => {
  test.each([
    { value: null, expected: false },
    { value: undefined, expected: false },
    { value: [], expected: false },
    { value: [{ value: 'Impediment', id: '10019' }], expected: true },
    { value: { value: 'Impediment' }, expected: true },
    { value: 'Impediment', expected: true },
    { value: '  ', expected: false },
    { value: false, expected: false },
  ])('isFlagged($value) → $expected', ({ value, expected }) => {
    expect(isFlagged(value)).toBe(expected);
  });

  test.each([
    { flagged: null, labels: ['Blocked'], blockedLabels: ['blocked'], expected: true },
    { flagged: null, labels: [' BLOCKED '], blockedLabels: ['blocked'], expected: true },
    { flagged: null, labels: ['blocker'], blockedLabels: ['blocked'], expected: false },
    { flagged: null, labels: ['waiting-on-client'], blockedLabels: ['Waiting-on-client'], expected: true },
    { flagged: null, labels: ['blocked'], blockedLabels: [], expected: false },
    { flagged: [{ value: 'Impediment' }], labels: [], blockedLabels: [], expected: true },
  ])('isBlocked($flagged, $labels, $blockedLabels) → $expected', (row) => {
    expect(isBlocked(row.flagged, row.labels, row.blockedLabels)).toBe(row.expected);
  });

  test.each([
    { value: '2025-04-15', expected: '2025-04-15' },
    { value: '2025-4-15', expected: null },
    { value: '15/Apr/2025', expected: null },
    { value: '2025-13-45', expected: null },
    { value: '', expected: null },
    { value: null, expected: null },
  ])('calendarDate($value) → $expected', ({ value, expected }) => {
    expect(calendarDate(value)).toBe(expected);
  });

  test.each([
    { value: '2021-04-22T05:37:05.000+0000', expected: new Date('2021-04-22T05:37:05.000Z') },
    { value: '2009-12-16T23:46:10.612-0600', expected: new Date('2009-12-17T05:46:10.612Z') },
    { value: '2025-02-03T09:15:42.123+0530', expected: new Date('2025-02-03T03:45:42.123Z') },
    { value: 1525698237764, expected: new Date(1525698237764) },
    { value: 'yesterday', expected: null },
    { value: '', expected: null },
    { value: 0, expected: null },
    { value: null, expected: null },
  ])('instant($value) → $expected', ({ value, expected }) => {
    expect(instant(value)).toEqual(expected);
  });

  test.each([
    { site: SITE, key: 'EX-1', expected: 'https://acme.atlassian.net/browse/EX-1' },
    { site: `${SITE}/`, key: 'EX-1', expected: 'https://acme.atlassian.net/browse/EX-1' },
    { site: null, key: 'EX-1', expected: null },
  ])('browseUrl($site, $key) → $expected', ({ site, key, expected }) => {
    expect(browseUrl(site, key)).toBe(expected);
  });
});

describe('toProject', () => {
  const [example, business] = fixture('projects.json', projectPageSchema).values;
  const [archived] = fixture('projects-last.json', projectPageSchema).values;

  test.each([
    {
      project: example,
      expected: {
        externalId: '10000',
        key: 'EX',
        name: 'Example',
        url: 'https://acme.atlassian.net/browse/EX',
        type: 'software',
        startDate: null,
        endDate: null,
        archived: false,
      },
    },
    { project: business, expected: expect.objectContaining({ key: 'ABC', type: 'business' }) as unknown },
    {
      project: archived,
      expected: expect.objectContaining({ key: 'SD', type: 'service_desk', archived: true }) as unknown,
    },
  ])('$project.key', ({ project, expected }) => {
    if (!project) throw new Error('fixture missing');
    expect(toProject(project, SITE)).toEqual(expected);
  });

  test('the single-project fixture parses; no site means no link', () => {
    expect(toProject(fixture('project.json', projectSchema), null)).toMatchObject({ key: 'EX', url: null });
  });
});

describe('versions', () => {
  test.each([
    { counts: { unmapped: 0, toDo: 10, inProgress: 20, done: 100 }, expected: 100 / 130 },
    { counts: { unmapped: 1, toDo: 0, inProgress: 0, done: 3 }, expected: 0.75 },
    { counts: { toDo: 2 }, expected: 0 },
    { counts: { unmapped: 0, toDo: 0, inProgress: 0, done: 0 }, expected: null },
    { counts: null, expected: null },
    { counts: undefined, expected: null },
  ])('progress $counts → $expected', ({ counts, expected }) => {
    expect(versionProgress(counts)).toBe(expected);
  });

  test.each([
    { index: 0, name: 'New Version 1', expected: 'done' },
    { index: 1, name: 'Next Version', expected: 'in_progress' },
    { index: 2, name: 'Abandoned 1.5', expected: 'cancelled' },
    { index: 3, name: '2.0', expected: 'planned' },
  ])('documented version $index ($name) → $expected', ({ index, name, expected }) => {
    const version = at(versions, index);
    expect([version.name, versionStatus(version)]).toEqual([name, expected]);
  });

  test.each([
    {
      index: 0,
      expected: {
        externalId: 'version:10000',
        kind: 'version',
        name: 'New Version 1',
        url: null,
        startDate: null,
        dueDate: '2010-07-06',
        status: 'done',
        progress: 1,
        completedAt: null,
      },
    },
    {
      index: 2,
      expected: {
        externalId: 'version:10020',
        kind: 'version',
        name: 'Abandoned 1.5',
        url: null,
        startDate: '2025-01-06',
        dueDate: '2025-02-28',
        status: 'cancelled',
        progress: 0,
        completedAt: null,
      },
    },
  ])('toVersionMilestone, version $index', ({ index, expected }) => {
    expect(toVersionMilestone(at(versions, index))).toEqual(expected);
  });

  test('released wins over archived', () => {
    expect(versionStatus({ ...at(versions, 2), released: true })).toBe('done');
  });
});

describe('JQL', () => {
  test.each([
    // Jira reads JQL dates in the searching user's zone: the same instant, written per zone.
    { at: '2025-03-05T08:30:59Z', zone: 'UTC', expected: '2025-03-05 08:30' },
    { at: '2025-03-05T08:30:59Z', zone: 'Europe/Paris', expected: '2025-03-05 09:30' },
    { at: '2025-03-05T08:30:59Z', zone: 'Asia/Shanghai', expected: '2025-03-05 16:30' },
    { at: '2025-03-05T08:30:59Z', zone: 'America/Los_Angeles', expected: '2025-03-05 00:30' },
    { at: '2025-03-04T23:59:00Z', zone: 'Asia/Kolkata', expected: '2025-03-05 05:29' },
    // Midnight is 00, never 24; summer time moves Paris to +02:00.
    { at: '2025-06-30T22:00:00Z', zone: 'Europe/Paris', expected: '2025-07-01 00:00' },
  ])('jqlDateTime($at, $zone) → $expected', ({ at: when, zone, expected }) => {
    expect(jqlDateTime(new Date(when), zone)).toBe(expected);
  });

  test('an unknown zone throws instead of silently becoming UTC', () => {
    expect(() => jqlDateTime(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });

  test.each([
    { value: '10000', expected: '10000' },
    { value: 'EX', expected: '"EX"' },
    { value: 'a"b\\c', expected: '"a\\"b\\\\c"' },
  ])('jqlValue($value) → $expected', ({ value, expected }) => {
    expect(jqlValue(value)).toBe(expected);
  });

  test.each([
    { since: undefined, expected: 'project = 10000 ORDER BY key ASC' },
    {
      since: { at: new Date('2025-03-05T08:30:00Z'), timeZone: 'Europe/Paris' },
      expected: 'project = 10000 AND updated >= "2025-03-05 09:30" ORDER BY key ASC',
    },
  ])('issuesJql(10000, $since) → $expected', ({ since, expected }) => {
    expect(issuesJql('10000', since)).toBe(expected);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-03-05T12:00:00Z');
  test.each([
    { headers: { 'retry-after': '30' }, expected: 30_000 },
    { headers: { 'retry-after': '0' }, expected: 0 },
    { headers: { 'retry-after': '30', 'x-ratelimit-reset': '2025-03-05T12:05Z' }, expected: 30_000 },
    { headers: { 'x-ratelimit-reset': '2025-03-05T12:05Z' }, expected: 300_000 },
    { headers: { 'x-ratelimit-reset': '2025-03-05T12:00:45.000Z' }, expected: 45_000 },
    { headers: { 'x-ratelimit-reset': '2025-03-05T11:59Z' }, expected: 0 },
    { headers: { 'retry-after': 'soon', 'x-ratelimit-reset': '2025-03-05T12:01Z' }, expected: 60_000 },
    { headers: { 'retry-after': '-5' }, expected: undefined },
    { headers: { 'x-ratelimit-reset': 'never' }, expected: undefined },
    { headers: {}, expected: undefined },
  ])('$headers → $expected', ({ headers, expected }) => {
    expect(retryAfterMs(headers, now)).toBe(expected);
  });
});

describe('webhookProjectIds', () => {
  test.each([
    { name: 'webhook-issue-updated.json', expected: ['10000'] },
    { name: 'webhook-version-released.json', expected: ['10000'] },
    // The documented example carries no project: the payload does not say, so every project is synced.
    { name: 'webhook-issue-documented.json', expected: [] },
  ])('$name → $expected', ({ name, expected }) => {
    expect(webhookProjectIds(fixture(name, webhookBodySchema))).toEqual(expected);
  });

  test.each([
    { body: { webhookEvent: 'project_updated', project: { id: 10001, key: 'ABC' } }, expected: ['10001'] },
    {
      body: { webhookEvent: 'jira:issue_created', issue: { fields: { project: { key: 'EX' } } } },
      expected: [],
    },
    { body: { webhookEvent: 'jira:issue_created', issue: 'not an object' }, expected: [] },
  ])('$body → $expected', ({ body, expected }) => {
    expect(webhookProjectIds(webhookBodySchema.parse(body))).toEqual(expected);
  });
});

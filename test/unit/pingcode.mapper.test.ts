import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  isBlocked,
  isPhaseType,
  milestoneLinks,
  stateCategory,
  toPlanMilestone,
  toProject,
  toSprintMilestone,
  toTask,
  toVersionMilestone,
  versionProgress,
} from '../../service/connectors/pingcode/pingcode.mapper';
import {
  projectPageSchema,
  projectSchema,
  sprintPageSchema,
  versionPageSchema,
  workItemPageSchema,
  workItemSchema,
  workItemTypePageSchema,
} from '../../service/connectors/pingcode/pingcode.schemas';
import type { PingcodeWorkItem } from '../../service/connectors/pingcode/pingcode.schemas';

function fixture<T>(name: string, schema: z.ZodType<T>): T {
  const raw: unknown = JSON.parse(
    readFileSync(new URL(`../fixtures/pingcode/${name}`, import.meta.url), 'utf8'),
  );
  return schema.parse(raw);
}

function at<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`no item at ${index}`);
  return value;
}

const items = fixture('work-items.json', workItemPageSchema).values;
const [scr3, scr4, scr5, scr6] = [at(items, 0), at(items, 1), at(items, 2), at(items, 3)];
const versions = fixture('versions.json', versionPageSchema).values;
const sprints = fixture('sprints.json', sprintPageSchema).values;
const types = fixture('work-item-types.json', workItemTypePageSchema).values;
const phaseItem = at(fixture('plan-phases.json', workItemPageSchema).values, 0);
const milestoneItem = at(fixture('plan-milestones.json', workItemPageSchema).values, 0);
const phaseType = at(types, 6);
const milestoneType = at(types, 7);
const shanghai = { timezone: 'Asia/Shanghai', blockedTags: ['blocked', '阻塞', '受阻', 'bloqué'] };

describe('stateCategory', () => {
  test.each([
    { type: 'pending', completedAt: null, expected: 'planned' },
    { type: 'in_progress', completedAt: null, expected: 'in_progress' },
    { type: 'completed', completedAt: 1740758400, expected: 'done' },
    { type: 'completed', completedAt: null, expected: 'done' },
    { type: 'closed', completedAt: 1740758400, expected: 'done' },
    { type: 'closed', completedAt: null, expected: 'cancelled' },
    { type: 'closed', completedAt: 0, expected: 'cancelled' },
    { type: 'closed', completedAt: undefined, expected: 'cancelled' },
  ] as const)('$type, completed_at $completedAt → $expected', ({ type, completedAt, expected }) => {
    expect(stateCategory(type, completedAt)).toBe(expected);
  });

  test.each([
    { item: scr3, name: '新建', expected: 'planned' },
    { item: scr4, name: '进行中', expected: 'in_progress' },
    { item: scr5, name: '已完成', expected: 'done' },
    { item: scr6, name: '已关闭', expected: 'cancelled' },
  ])('documented item $item.identifier ($name) → $expected', ({ item, name, expected }) => {
    const task = toTask(item, shanghai);
    expect(task.statusName).toBe(name);
    expect(task.statusCategory).toBe(expected);
  });
});

describe('toTask', () => {
  test('the documented list example, field by field', () => {
    expect(toTask(scr3, shanghai)).toEqual({
      externalId: '5edca112b06305c524cad2fa',
      identifier: 'SCR-3',
      title: '用户可以用手机号登录',
      type: 'story',
      statusName: '新建',
      statusCategory: 'planned',
      blocked: false,
      milestoneExternalIds: [
        'version:5eb623f6a70571487ea47111',
        'sprint:5ecf8b2c9d1e4a3b2c1d0e0f',
        'workitem:5edf2b4c8a7d6e5f4a3b2c1d',
      ],
      parentExternalId: '5edf2b4c8a7d6e5f4a3b2c1d',
      assignee: 'John',
      labels: [],
      startDate: '2020-03-04',
      dueDate: '2020-03-04',
      // The example is "pending" yet carries a completed_at: an unfinished item has no completion time.
      completedAt: null,
      estimate: 1,
      url: 'https://acme.pingcode.com/pjm/workitems/b9WqLmTO',
      remoteUpdatedAt: new Date(1583290300 * 1000),
      remoteCreatedAt: new Date(1583290000 * 1000),
      deleted: false,
    });
  });

  test.each([
    { item: scr3, timezone: 'Asia/Shanghai', start: '2020-03-04', due: '2020-03-04' },
    { item: scr3, timezone: 'America/Los_Angeles', start: '2020-03-03', due: '2020-03-03' },
    // end_at 1740758400 is midnight 2025-03-01 in Shanghai, still 2025-02-28 in UTC.
    { item: scr4, timezone: 'Asia/Shanghai', start: '2025-02-27', due: '2025-03-01' },
    { item: scr4, timezone: 'UTC', start: '2025-02-26', due: '2025-02-28' },
    { item: scr6, timezone: 'UTC', start: null, due: null },
  ])('$item.identifier dates in $timezone: $start → $due', ({ item, timezone, start, due }) => {
    const task = toTask(item, { ...shanghai, timezone });
    expect([task.startDate, task.dueDate]).toEqual([start, due]);
  });

  test.each([
    { item: scr5, expected: new Date(1740758400 * 1000) },
    { item: scr3, expected: null },
    { item: scr6, expected: null },
  ])('$item.identifier completedAt → $expected', ({ item, expected }) => {
    expect(toTask(item, shanghai).completedAt).toEqual(expected);
  });

  test.each([
    { tags: ['阻塞', '后端'], blockedTags: shanghai.blockedTags, expected: true },
    { tags: ['Blocked'], blockedTags: shanghai.blockedTags, expected: true },
    { tags: [' BLOQUÉ '], blockedTags: shanghai.blockedTags, expected: true },
    { tags: ['受阻'], blockedTags: shanghai.blockedTags, expected: true },
    { tags: ['后端', 'blocker'], blockedTags: shanghai.blockedTags, expected: false },
    { tags: [], blockedTags: shanghai.blockedTags, expected: false },
    { tags: ['Waiting on client'], blockedTags: ['waiting on client'], expected: true },
    { tags: ['阻塞'], blockedTags: [], expected: false },
  ])('tags $tags with $blockedTags → blocked $expected', ({ tags, blockedTags, expected }) => {
    expect(isBlocked(tags, blockedTags)).toBe(expected);
  });

  test.each([
    { item: scr4, blocked: true, labels: ['阻塞', '后端'] },
    { item: scr6, blocked: true, labels: ['Blocked'] },
    { item: scr5, blocked: false, labels: [] },
  ])('$item.identifier from tags: blocked $blocked, labels $labels', ({ item, blocked, labels }) => {
    const task = toTask(item, shanghai);
    expect([task.blocked, task.labels]).toEqual([blocked, labels]);
  });

  const base = workItemSchema.parse({
    id: 'w1',
    title: 'Minimal',
    state: { type: 'in_progress' },
    updated_at: 1740758400,
  });

  test.each<{ name: string; item: PingcodeWorkItem; expected: string[] }>([
    {
      name: 'version, sprint and parent',
      item: scr3,
      expected: [
        'version:5eb623f6a70571487ea47111',
        'sprint:5ecf8b2c9d1e4a3b2c1d0e0f',
        'workitem:5edf2b4c8a7d6e5f4a3b2c1d',
      ],
    },
    { name: 'sprint only', item: scr4, expected: ['sprint:5ecf8b2c9d1e4a3b2c1d0e0f'] },
    { name: 'phase', item: milestoneItem, expected: ['workitem:64f1b2c3d4e5f6a7b8c9d0e1'] },
    { name: 'nothing', item: base, expected: [] },
    {
      name: 'versions[] and version (GET-one) deduped',
      item: { ...base, versions: [{ id: 'v1' }, { id: 'v2' }, { id: 'v1' }], version: { id: 'v2' } },
      expected: ['version:v1', 'version:v2'],
    },
    {
      name: 'parent reference without parent_id',
      item: { ...base, parent: { id: 'p1' } },
      expected: ['workitem:p1'],
    },
  ])('milestone links: $name', ({ item, expected }) => {
    expect(milestoneLinks(item)).toEqual(expected);
  });

  test.each([
    { storyPoints: 3, workload: 8, expected: 3 },
    { storyPoints: 0, workload: 8, expected: 0 },
    { storyPoints: null, workload: 8, expected: 8 },
    { storyPoints: undefined, workload: 6, expected: 6 },
    { storyPoints: null, workload: null, expected: null },
  ])('estimate: story_points $storyPoints, estimated_workload $workload → $expected', (row) => {
    const item = { ...base, story_points: row.storyPoints, estimated_workload: row.workload };
    expect(toTask(item, shanghai).estimate).toBe(row.expected);
  });

  test('documented fixtures: estimate falls back to the workload', () => {
    expect([scr3, scr4, scr5, scr6].map((i) => toTask(i, shanghai).estimate)).toEqual([1, 6, 2, null]);
  });

  test('only the required fields: everything else is null, nothing throws', () => {
    expect(toTask(base, shanghai)).toEqual({
      externalId: 'w1',
      identifier: null,
      title: 'Minimal',
      type: null,
      statusName: null,
      statusCategory: 'in_progress',
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
      remoteUpdatedAt: new Date(1740758400 * 1000),
      remoteCreatedAt: null,
      deleted: false,
    });
  });

  test('explicit nulls are accepted where real payloads send them', () => {
    const item = workItemSchema.parse({
      id: 'w2',
      identifier: null,
      title: 'Nulls',
      type: null,
      url: null,
      html_url: null,
      state: { id: null, name: null, type: 'pending' },
      assignee: null,
      parent_id: null,
      parent: null,
      sprint: null,
      versions: null,
      phase: null,
      tags: null,
      start_at: null,
      end_at: 0,
      completed_at: null,
      story_points: null,
      estimated_workload: null,
      updated_at: 1740758400,
      is_deleted: null,
    });
    expect(toTask(item, shanghai)).toMatchObject({
      statusCategory: 'planned',
      dueDate: null,
      deleted: false,
    });
  });

  test.each([
    { assignee: { id: 'u', name: 'john', display_name: 'John' }, expected: 'John' },
    { assignee: { id: 'u', name: 'john', display_name: null }, expected: 'john' },
    { assignee: { id: 'u' }, expected: null },
    { assignee: null, expected: null },
  ])('assignee $assignee → $expected', ({ assignee, expected }) => {
    expect(toTask({ ...base, assignee }, shanghai).assignee).toBe(expected);
  });

  test.each([
    {
      patch: { html_url: 'https://acme.pingcode.com/pjm/workitems/x', url: 'https://open.pingcode.com/v1/x' },
      expected: 'https://acme.pingcode.com/pjm/workitems/x',
    },
    { patch: { url: 'https://open.pingcode.com/v1/x' }, expected: 'https://open.pingcode.com/v1/x' },
    { patch: {}, expected: null },
  ])('url from $patch → $expected', ({ patch, expected }) => {
    expect(toTask({ ...base, ...patch }, shanghai).url).toBe(expected);
  });

  test.each([
    { isDeleted: 1, expected: true },
    { isDeleted: true, expected: true },
    { isDeleted: 0, expected: false },
    { isDeleted: null, expected: false },
  ])('is_deleted $isDeleted → deleted $expected', ({ isDeleted, expected }) => {
    expect(toTask({ ...base, is_deleted: isDeleted }, shanghai).deleted).toBe(expected);
  });

  test('a type sent as a reference is read as its id', () => {
    const item = workItemSchema.parse({ ...base, type: { id: 'bug', name: '缺陷' } });
    expect(toTask(item, shanghai).type).toBe('bug');
  });
});

describe('toProject', () => {
  const [scrum, waterfall] = fixture('projects.json', projectPageSchema).values;

  test.each([
    {
      project: scrum,
      timezone: 'Asia/Shanghai',
      expected: {
        externalId: '5eb623f6a70571487ea47000',
        key: 'SCR',
        name: 'Scrum 项目',
        url: 'https://open.pingcode.com/v1/pjm/projects/5eb623f6a70571487ea47000',
        type: 'scrum',
        startDate: '2025-01-01',
        endDate: '2025-07-01',
        archived: false,
      },
    },
    {
      project: scrum,
      timezone: 'UTC',
      expected: expect.objectContaining({ startDate: '2024-12-31', endDate: '2025-06-30' }) as unknown,
    },
    {
      project: waterfall,
      timezone: 'UTC',
      expected: expect.objectContaining({
        key: 'WAT',
        type: 'waterfall',
        startDate: null,
        endDate: null,
        archived: true,
      }) as unknown,
    },
  ])('$project.identifier in $timezone', ({ project, timezone, expected }) => {
    if (!project) throw new Error('fixture missing');
    expect(toProject(project, timezone)).toEqual(expected);
  });

  test('the single-project fixture parses and maps', () => {
    const project = fixture('project.json', projectSchema);
    expect(toProject(project, 'Asia/Shanghai').key).toBe('SCR');
  });
});

describe('toVersionMilestone', () => {
  test.each([
    { progress: 0, expected: 0 },
    { progress: 45.5, expected: 0.455 },
    { progress: 100, expected: 1 },
    { progress: 150, expected: 1 },
    { progress: -5, expected: 0 },
    { progress: null, expected: null },
    { progress: undefined, expected: null },
  ])('progress $progress → $expected', ({ progress, expected }) => {
    expect(versionProgress(progress)).toBe(expected);
  });

  test.each([
    {
      index: 0,
      expected: {
        externalId: 'version:5eb623f6a70571487ea47111',
        kind: 'version',
        name: '1.0.1',
        url: 'https://open.pingcode.com/v1/pjm/projects/5eb623f6a70571487ea47000/versions/5eb623f6a70571487ea47111',
        startDate: '2025-01-01',
        dueDate: '2025-03-01',
        status: 'planned',
        progress: 0,
        completedAt: null,
      },
    },
    {
      index: 1,
      expected: expect.objectContaining({
        status: 'in_progress',
        progress: 0.455,
        completedAt: null,
      }) as unknown,
    },
    {
      index: 2,
      expected: expect.objectContaining({
        status: 'done',
        progress: 1,
        completedAt: new Date(1735570000 * 1000),
      }) as unknown,
    },
  ])('documented version $index (stage.type → status)', ({ index, expected }) => {
    expect(toVersionMilestone(at(versions, index), 'Asia/Shanghai')).toEqual(expected);
  });

  test('operate_at only counts as completion once published', () => {
    const v = { ...at(versions, 1), operate_at: 1740000000 };
    expect(toVersionMilestone(v, 'UTC').completedAt).toBeNull();
  });

  test('a progress figure that is not a number is read as none', () => {
    const page = versionPageSchema.parse({
      page_size: 100,
      page_index: 0,
      total: 1,
      values: [{ id: 'v', name: 'v', stage: { type: 'pending' }, progress: { done: 1 } }],
    });
    expect(toVersionMilestone(at(page.values, 0), 'UTC').progress).toBeNull();
  });
});

describe('toSprintMilestone', () => {
  test.each([
    {
      index: 0,
      status: 'done',
      completedAt: new Date(1739548000 * 1000),
      start: '2025-02-01',
      due: '2025-02-15',
    },
    { index: 1, status: 'in_progress', completedAt: null, start: '2025-02-16', due: '2025-03-02' },
    { index: 2, status: 'planned', completedAt: null, start: '2025-03-03', due: '2025-03-17' },
  ])('documented sprint $index → $status', ({ index, status, completedAt, start, due }) => {
    const sprint = at(sprints, index);
    expect(toSprintMilestone(sprint, 'Asia/Shanghai')).toEqual({
      externalId: `sprint:${sprint.id}`,
      kind: 'sprint',
      name: sprint.name,
      url: sprint.url,
      startDate: start,
      dueDate: due,
      status,
      progress: null,
      completedAt,
    });
  });
});

describe('toPlanMilestone', () => {
  test.each([
    { name: '阶段', expected: true },
    { name: '项目阶段', expected: true },
    { name: 'Phase', expected: true },
    { name: 'project phases', expected: true },
    { name: '里程碑', expected: false },
    { name: 'Milestone', expected: false },
  ])('type "$name" is a phase: $expected', ({ name, expected }) => {
    expect(isPhaseType({ id: 'x', name, group: 'plan' })).toBe(expected);
  });

  test('a phase keeps its start date', () => {
    expect(toPlanMilestone(phaseItem, phaseType, 'Asia/Shanghai')).toEqual({
      externalId: 'workitem:64f1b2c3d4e5f6a7b8c9d0e1',
      kind: 'phase',
      name: '需求分析',
      url: 'https://acme.pingcode.com/pjm/workitems/f3AuPqXS',
      startDate: '2025-01-01',
      dueDate: '2025-01-31',
      status: 'done',
      progress: null,
      completedAt: new Date(1738300000 * 1000),
    });
  });

  test('a milestone is a single date: start_at is ignored', () => {
    expect(toPlanMilestone(milestoneItem, milestoneType, 'Asia/Shanghai')).toEqual({
      externalId: 'workitem:64f1b2c3d4e5f6a7b8c9d0e2',
      kind: 'milestone',
      name: '需求评审通过',
      url: 'https://acme.pingcode.com/pjm/workitems/g4BvQrYT',
      startDate: null,
      dueDate: '2025-03-01',
      status: 'planned',
      progress: null,
      completedAt: null,
    });
  });

  test.each([
    { type: 'closed', completedAt: 1740000000, status: 'done' },
    { type: 'closed', completedAt: null, status: 'cancelled' },
    { type: 'in_progress', completedAt: null, status: 'in_progress' },
  ] as const)(
    'plan item state $type (completed_at $completedAt) → $status',
    ({ type, completedAt, status }) => {
      const item = { ...milestoneItem, state: { ...milestoneItem.state, type }, completed_at: completedAt };
      expect(toPlanMilestone(item, milestoneType, 'UTC').status).toBe(status);
    },
  );
});

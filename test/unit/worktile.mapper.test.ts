import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  STATE_CATEGORY,
  isBlocked,
  isMilestoneTask,
  labelsOf,
  milestoneLinks,
  stateCategory,
  taskUrl,
  toMilestone,
  toProject,
  toTask,
  toVersionMilestone,
  versionRefs,
  versionStatus,
  webhookProjectIds,
} from '../../service/connectors/worktile/worktile.mapper';
import type { TaskMappingOptions } from '../../service/connectors/worktile/worktile.mapper';
import {
  STATE_TYPES,
  answer,
  projectPageSchema,
  projectSchema,
  taskListSchema,
  taskPageSchema,
  taskSchema,
  tokenSchema,
  webhookSchema,
} from '../../service/connectors/worktile/worktile.schemas';
import type { WorktileTask } from '../../service/connectors/worktile/worktile.schemas';
import type { StatusCategory } from '../../service/domain/model';

function raw(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/worktile/${name}`, import.meta.url), 'utf8'));
}
function fixture<T>(name: string, schema: z.ZodType<T>): T {
  return schema.parse(raw(name));
}
function byIdentifier(tasks: readonly WorktileTask[], identifier: string): WorktileTask {
  const task = tasks.find((t) => t.identifier === identifier);
  if (!task) throw new Error(`no ${identifier} in the fixture`);
  return task;
}

const PROJECT = '5f9a1b2c3d4e5f6a7b8c9d01';
const M1 = '64d1e2f3a4b5c6d7e8f90006';
const LINA = 'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d';
const ZHAO = 'b2c3d4e5f6a74b8c9d0e1f2a3b4c5d6e';

const detailed = fixture('tasks-by-ids.json', taskListSchema);
const listed = fixture('tasks.json', taskPageSchema).items;
const [cpr1, cpr2, cpr3, cpr4, cpr5, milestone, cpr7] = [
  'CPR-1',
  'CPR-2',
  'CPR-3',
  'CPR-4',
  'CPR-5',
  'CPR-6',
  'CPR-7',
].map((id) => byIdentifier(detailed, id)) as [
  WorktileTask,
  WorktileTask,
  WorktileTask,
  WorktileTask,
  WorktileTask,
  WorktileTask,
  WorktileTask,
];

const shanghai: TaskMappingOptions = {
  timezone: 'Asia/Shanghai',
  webUrl: 'https://acme.worktile.com',
  blockedTags: ['blocked', '阻塞', '受阻', 'bloqué'],
  versionProperty: 'qp_version',
  members: new Map([
    [LINA, '李娜'],
    [ZHAO, '赵磊'],
  ]),
};

const base = taskSchema.parse({ _id: 't1', title: 'Minimal', state_type: 2 });
const withProperties = (properties: Record<string, unknown>): WorktileTask =>
  taskSchema.parse({ _id: 't1', title: 'Minimal', state_type: 2, properties });

describe('state type → status category', () => {
  test.each([
    { type: 0, expected: 'planned' },
    { type: 1, expected: 'planned' },
    { type: 2, expected: 'in_progress' },
    { type: 3, expected: 'done' },
    { type: 4, expected: 'cancelled' },
  ] as const)('type $type → $expected', ({ type, expected }) => {
    expect(stateCategory(type)).toBe(expected);
  });

  test('the table covers every accepted type, and nothing else is accepted', () => {
    expect(Object.keys(STATE_CATEGORY).map(Number)).toEqual([...STATE_TYPES]);
  });

  test.each([
    { task: cpr1, name: '未开始', expected: 'planned' },
    { task: cpr7, name: '未激活', expected: 'planned' },
    { task: cpr2, name: '进行中', expected: 'in_progress' },
    { task: cpr3, name: '已完成', expected: 'done' },
    // JW saw type 3 on every terminal state, scrapped ones included.
    { task: cpr4, name: '报废清理', expected: 'done' },
    { task: cpr5, name: '已取消', expected: 'cancelled' },
  ])('fixture $task.identifier ($name) → $expected', ({ task, name, expected }) => {
    const mapped = toTask(task, PROJECT, shanghai);
    expect([mapped.statusName, mapped.statusCategory]).toEqual([name, expected]);
  });

  test.each([
    {
      name: 'task_state.type only',
      input: { task_state: { name: '进行中', type: 2 } },
      expected: 'in_progress',
    },
    { name: 'state_type only', input: { state_type: 3 }, expected: 'done' },
    {
      name: 'task_state.type wins over state_type',
      input: { task_state: { type: 4 }, state_type: 3 },
      expected: 'cancelled',
    },
  ])('$name → $expected', ({ input, expected }) => {
    const task = taskSchema.parse({ _id: 'x', title: 'x', ...input });
    expect(toTask(task, PROJECT, shanghai).statusCategory).toBe(expected);
  });

  test.each([
    { name: 'an unknown type', input: { task_state: { type: 5 } }, path: 'task_state.type' },
    { name: 'a type sent as text', input: { state_type: '3' }, path: 'state_type' },
    { name: 'no type at all', input: { task_state: { name: '进行中' } }, path: 'task_state.type' },
  ])('$name fails the schema at $path', ({ input, path }) => {
    const parsed = taskSchema.safeParse({ _id: 'x', title: 'x', ...input });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('toTask', () => {
  test('the detailed fixture, field by field', () => {
    expect(toTask(cpr2, PROJECT, shanghai)).toEqual({
      externalId: '64d1e2f3a4b5c6d7e8f90002',
      identifier: 'CPR-2',
      title: '接入统一登录',
      type: '任务',
      statusName: '进行中',
      statusCategory: 'in_progress',
      blocked: true,
      milestoneExternalIds: [`task:${M1}`, 'version:65e0f1a2b3c4d5e6f7a8b932'],
      parentExternalId: M1,
      assignee: '赵磊',
      labels: ['阻塞', '后端'],
      startDate: '2025-03-10',
      dueDate: '2025-04-20',
      completedAt: null,
      estimate: null,
      url: `https://acme.worktile.com/mission/projects/${PROJECT}/tasks/64d1e2f3a4b5c6d7e8f90002`,
      remoteUpdatedAt: new Date(1744093200 * 1000),
      remoteCreatedAt: new Date(1740448800 * 1000),
      deleted: false,
    });
  });

  test('a listed task without properties still maps (no dates, assignee or tags)', () => {
    const task = byIdentifier(listed, 'CPR-2');
    expect(task.properties).toBeUndefined();
    expect(toTask(task, PROJECT, shanghai)).toMatchObject({
      statusCategory: 'in_progress',
      assignee: null,
      labels: [],
      blocked: false,
      dueDate: null,
      startDate: null,
    });
  });

  // CPR-1 is due at midnight 2025-04-15 in Shanghai (day precision), which is still the 14th in UTC.
  // CPR-2 is due 08:00 2025-04-20 Shanghai = midnight UTC = the evening of the 19th in Los Angeles.
  test.each([
    { task: cpr1, timezone: 'Asia/Shanghai', start: '2025-03-03', due: '2025-04-15' },
    { task: cpr1, timezone: 'UTC', start: '2025-03-02', due: '2025-04-14' },
    { task: cpr1, timezone: 'America/Los_Angeles', start: '2025-03-02', due: '2025-04-14' },
    { task: cpr2, timezone: 'Asia/Shanghai', start: '2025-03-10', due: '2025-04-20' },
    { task: cpr2, timezone: 'UTC', start: '2025-03-10', due: '2025-04-20' },
    { task: cpr2, timezone: 'America/Los_Angeles', start: '2025-03-09', due: '2025-04-19' },
    { task: cpr2, timezone: 'Pacific/Kiritimati', start: '2025-03-10', due: '2025-04-20' },
    // start {date: 0} means "not set".
    { task: cpr3, timezone: 'Asia/Shanghai', start: null, due: '2025-03-20' },
    { task: cpr7, timezone: 'UTC', start: null, due: null },
  ])('$task.identifier in $timezone: $start → $due', ({ task, timezone, start, due }) => {
    const mapped = toTask(task, PROJECT, { ...shanghai, timezone });
    expect([mapped.startDate, mapped.dueDate]).toEqual([start, due]);
  });

  test.each([
    { name: '{date, with_time}', due: { date: 1744646400, with_time: 0 }, expected: '2025-04-15' },
    {
      name: '{value: {date, with_time}} (JW)',
      due: { value: { date: 1744646400, with_time: 0 } },
      expected: '2025-04-15',
    },
    { name: 'a bare number', due: 1744646400, expected: '2025-04-15' },
    { name: '{date: null}', due: { date: null, with_time: 0 }, expected: null },
    { name: '{value: null}', due: { value: null }, expected: null },
    { name: '0', due: 0, expected: null },
    { name: 'null', due: null, expected: null },
  ])('due as $name → $expected', ({ due, expected }) => {
    const task = taskSchema.parse({ _id: 'x', title: 'x', state_type: 1, properties: { due } });
    expect(toTask(task, PROJECT, shanghai).dueDate).toBe(expected);
  });

  test.each([
    { name: 'a uid (XD)', assignee: LINA, expected: '李娜' },
    { name: '{value: uid} (JW)', assignee: { value: ZHAO }, expected: '赵磊' },
    { name: 'a uid the directory did not name', assignee: 'f'.repeat(32), expected: null },
    { name: 'an empty string', assignee: '', expected: null },
    { name: 'null', assignee: null, expected: null },
  ])('assignee as $name → $expected', ({ assignee, expected }) => {
    const task = taskSchema.parse({ _id: 'x', title: 'x', state_type: 1, properties: { assignee } });
    expect(toTask(task, PROJECT, shanghai).assignee).toBe(expected);
  });

  test.each([
    { task: cpr3, expected: new Date(1742377330 * 1000) },
    // Done, but completed_at 0: no completion time rather than 1970.
    { task: cpr4, expected: null },
    { task: cpr1, expected: null },
    { task: { ...cpr2, completed_at: 1744093200 }, expected: null },
  ])('$task.identifier completedAt → $expected', ({ task, expected }) => {
    expect(toTask(task, PROJECT, shanghai).completedAt).toEqual(expected);
  });

  test.each([
    { labels: ['阻塞', '后端'], blockedTags: shanghai.blockedTags, expected: true },
    { labels: [' Blocked '], blockedTags: shanghai.blockedTags, expected: true },
    { labels: ['BLOQUÉ'], blockedTags: shanghai.blockedTags, expected: true },
    { labels: ['后端', 'blocker'], blockedTags: shanghai.blockedTags, expected: false },
    { labels: [], blockedTags: shanghai.blockedTags, expected: false },
    { labels: ['等客户'], blockedTags: ['等客户'], expected: true },
    { labels: ['阻塞'], blockedTags: [], expected: false },
  ])('labels $labels with $blockedTags → blocked $expected', ({ labels, blockedTags, expected }) => {
    expect(isBlocked(labels, blockedTags)).toBe(expected);
  });

  test('tags without a name (bare ids) are not labels', () => {
    const task = taskSchema.parse({
      _id: 'x',
      title: 'x',
      state_type: 1,
      properties: { tag: ['5f0a00000000000000000001', { _id: 'b', name: '阻塞' }, { _id: 'c' }] },
    });
    expect(labelsOf(task)).toEqual(['阻塞']);
  });

  test.each<{ name: string; task: WorktileTask; versionProperty: string | null; expected: string[] }>([
    {
      name: 'parent and version',
      task: cpr2,
      versionProperty: 'qp_version',
      expected: [`task:${M1}`, 'version:65e0f1a2b3c4d5e6f7a8b932'],
    },
    { name: 'version property not configured', task: cpr2, versionProperty: null, expected: [`task:${M1}`] },
    { name: 'nothing', task: base, versionProperty: 'qp_version', expected: [] },
    {
      name: 'every ancestor, deduped',
      task: { ...base, parent_id: 'p2', parent_ids: ['p1', 'p2'] },
      versionProperty: null,
      expected: ['task:p1', 'task:p2'],
    },
    {
      name: 'a list of versions',
      task: withProperties({
        qp_version: [
          { _id: 'v1', text: 'W1' },
          { _id: 'v2', text: 'W2' },
        ],
      }),
      versionProperty: 'qp_version',
      expected: ['version:v1', 'version:v2'],
    },
    {
      name: 'a version value that is not an option',
      task: withProperties({ qp_version: 'W32' }),
      versionProperty: 'qp_version',
      expected: [],
    },
  ])('milestone links: $name', ({ task, versionProperty, expected }) => {
    expect(milestoneLinks(task, versionProperty)).toEqual(expected);
  });

  test('version names: text, else name, else the id', () => {
    const task = withProperties({
      v: [{ _id: 'a', text: 'W1' }, { _id: 'b', name: 'Sprint 2' }, { id: 'c' }],
    });
    expect(versionRefs(task, 'v')).toEqual([
      { id: 'a', name: 'W1' },
      { id: 'b', name: 'Sprint 2' },
      { id: 'c', name: 'c' },
    ]);
  });

  test('only the required fields: everything else is null, nothing throws', () => {
    expect(toTask(base, PROJECT, { ...shanghai, webUrl: null })).toEqual({
      externalId: 't1',
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
      remoteUpdatedAt: null,
      remoteCreatedAt: null,
      deleted: false,
    });
  });

  test('explicit nulls are accepted', () => {
    const task = taskSchema.parse({
      _id: 'n',
      identifier: null,
      title: 'Nulls',
      project_id: null,
      parent_id: null,
      parent_ids: null,
      created_at: null,
      updated_at: null,
      completed_at: null,
      is_archived: null,
      is_deleted: null,
      state_type: null,
      task_state: { _id: null, name: null, type: 0 },
      task_type: null,
      properties: { assignee: null, start: null, due: null, tag: null },
    });
    expect(toTask(task, PROJECT, shanghai)).toMatchObject({ statusCategory: 'planned', deleted: false });
  });

  test.each([
    { isDeleted: 1, expected: true },
    { isDeleted: true, expected: true },
    { isDeleted: 0, expected: false },
  ])('is_deleted $isDeleted → deleted $expected', ({ isDeleted, expected }) => {
    expect(toTask({ ...base, is_deleted: isDeleted }, PROJECT, shanghai).deleted).toBe(expected);
  });

  test('links use the task’s own project and escape ids', () => {
    expect(taskUrl('https://acme.worktile.com', 'p/1', 't 2')).toBe(
      'https://acme.worktile.com/mission/projects/p%2F1/tasks/t%202',
    );
    expect(toTask({ ...base, project_id: 'other' }, PROJECT, shanghai).url).toBe(
      'https://acme.worktile.com/mission/projects/other/tasks/t1',
    );
  });
});

describe('milestones', () => {
  test.each([
    { task: milestone, types: ['里程碑', 'milestone'], expected: true },
    { task: { ...base, task_type: { name: 'Milestone ' } }, types: ['里程碑', 'milestone'], expected: true },
    { task: cpr1, types: ['里程碑', 'milestone'], expected: false },
    { task: milestone, types: [], expected: false },
    { task: base, types: ['里程碑'], expected: false },
    { task: { ...base, task_type: { name: '关键节点' } }, types: ['关键节点'], expected: true },
  ])('$task.title with types $types → milestone $expected', ({ task, types, expected }) => {
    expect(isMilestoneTask(task, types)).toBe(expected);
  });

  test.each([
    {
      timezone: 'Asia/Shanghai',
      expected: {
        externalId: `task:${M1}`,
        kind: 'milestone',
        name: '上线发布',
        url: `https://acme.worktile.com/mission/projects/${PROJECT}/tasks/${M1}`,
        startDate: null,
        dueDate: '2025-05-31',
        status: 'planned',
        progress: null,
        completedAt: null,
      },
    },
    { timezone: 'UTC', expected: expect.objectContaining({ dueDate: '2025-05-30' }) as unknown },
  ])('the milestone task in $timezone', ({ timezone, expected }) => {
    expect(toMilestone(milestone, PROJECT, { timezone, webUrl: shanghai.webUrl })).toEqual(expected);
  });

  test('a finished milestone carries its completion time', () => {
    const done = { ...milestone, stateType: 3 as const, completed_at: 1748600000 };
    expect(toMilestone(done, PROJECT, shanghai)).toMatchObject({
      status: 'done',
      completedAt: new Date(1748600000 * 1000),
    });
  });

  test.each<{ categories: StatusCategory[]; expected: StatusCategory }>([
    { categories: [], expected: 'planned' },
    { categories: ['planned', 'planned'], expected: 'planned' },
    { categories: ['planned', 'in_progress'], expected: 'in_progress' },
    { categories: ['planned', 'done'], expected: 'in_progress' },
    { categories: ['planned', 'cancelled'], expected: 'planned' },
    { categories: ['done', 'cancelled'], expected: 'done' },
    { categories: ['done'], expected: 'done' },
    { categories: ['cancelled', 'cancelled'], expected: 'cancelled' },
  ])('version with tasks $categories → $expected', ({ categories, expected }) => {
    expect(versionStatus(categories)).toBe(expected);
  });

  test('a version milestone has no dates or link of its own', () => {
    expect(toVersionMilestone({ id: 'v1', name: 'W32' }, ['done', 'in_progress'])).toEqual({
      externalId: 'version:v1',
      kind: 'version',
      name: 'W32',
      url: null,
      startDate: null,
      dueDate: null,
      status: 'in_progress',
      progress: null,
      completedAt: null,
    });
  });
});

describe('toProject', () => {
  const [portal, ops] = fixture('projects.json', projectPageSchema).items;

  test.each([
    {
      project: portal,
      timezone: 'Asia/Shanghai',
      webUrl: 'https://acme.worktile.com',
      expected: {
        externalId: PROJECT,
        key: 'CPR',
        name: '客户门户改版',
        url: `https://acme.worktile.com/mission/projects/${PROJECT}`,
        type: null,
        startDate: '2025-03-01',
        endDate: '2025-06-30',
        archived: false,
      },
    },
    {
      project: portal,
      timezone: 'UTC',
      webUrl: null,
      expected: expect.objectContaining({
        url: null,
        startDate: '2025-02-28',
        endDate: '2025-06-29',
      }) as unknown,
    },
    {
      project: ops,
      timezone: 'UTC',
      webUrl: null,
      expected: expect.objectContaining({
        key: 'OPS',
        startDate: null,
        endDate: null,
        archived: true,
      }) as unknown,
    },
  ])('$project.identifier in $timezone', ({ project, timezone, webUrl, expected }) => {
    if (!project) throw new Error('fixture missing');
    expect(toProject(project, { timezone, webUrl })).toEqual(expected);
  });

  test.each([
    { input: { _id: 'a', name: 'A' }, id: 'a' },
    { input: { id: 'b', name: 'B' }, id: 'b' },
    { input: { _id: 'c', id: 'ignored', name: 'C' }, id: 'c' },
  ])('project id from $input', ({ input, id }) => {
    expect(projectSchema.parse(input)._id).toBe(id);
  });

  test('a project without an id or a name fails the schema', () => {
    expect(projectSchema.safeParse({ name: 'no id' }).success).toBe(false);
    expect(projectSchema.safeParse({ _id: 'no name' }).success).toBe(false);
  });
});

describe('envelopes', () => {
  test.each([
    { name: 'items + has_more', body: { items: [base], total: 9, has_more: true }, hasMore: true, total: 9 },
    {
      name: 'value (JW accepts either)',
      body: { value: [base], has_more: false },
      hasMore: false,
      total: null,
    },
    {
      name: 'V2 meta.has_more',
      body: { value: [base], meta: { has_more: true } },
      hasMore: true,
      total: null,
    },
    { name: 'has_more as 0', body: { items: [base], has_more: 0 }, hasMore: false, total: null },
    { name: 'neither', body: { items: [], total: 0 }, hasMore: null, total: 0 },
  ])('page with $name', ({ body, hasMore, total }) => {
    const page = taskPageSchema.parse(body);
    expect([page.items.length, page.hasMore, page.total]).toEqual([body.items?.length ?? 1, hasMore, total]);
  });

  test('a page with neither items nor value fails', () => {
    expect(taskPageSchema.safeParse({ total: 3, has_more: false }).success).toBe(false);
  });

  const projects = answer(projectPageSchema);
  test.each([
    { file: 'refusal-token-invalid.json', code: 1103 },
    { file: 'refusal-token-malformed.json', code: 1102 },
    { file: 'refusal-legacy.json', code: 500002 },
  ])('$file is a refusal with error_code $code', ({ file, code }) => {
    expect(projects.parse(raw(file))).toMatchObject({ ok: false, code });
  });

  test('data with error_code 0 or ok: true is data', () => {
    expect(projects.parse({ ok: true, error_code: 0, items: [] })).toMatchObject({ ok: true });
    expect(projects.parse(raw('projects.json'))).toMatchObject({ ok: true });
  });

  test.each([
    { body: raw('token.json'), token: 'wt-tenant-7f3c9a1e5b2d4c6f8a0e1b3d5c7f9a2e', expiresIn: 7200 },
    { body: { access_token: 'alias' }, token: 'alias', expiresIn: null },
  ])('token $body', ({ body, token, expiresIn }) => {
    expect(tokenSchema.parse(body)).toEqual({ token, expiresIn });
  });

  test('a token answer without a token fails', () => {
    expect(tokenSchema.safeParse({ expires_in: 7200 }).success).toBe(false);
  });

  test('the detail list is accepted bare or wrapped', () => {
    expect(taskListSchema.parse([base])).toHaveLength(1);
    expect(taskListSchema.parse({ value: [base, base] })).toHaveLength(2);
  });
});

describe('webhookProjectIds', () => {
  test.each([
    { file: 'webhook-update-state.json', event: 'update_state', projects: [PROJECT] },
    { file: 'webhook-create-task.json', event: 'create_task', projects: [PROJECT] },
  ])('$file → $projects', ({ file, event, projects }) => {
    const hook = webhookSchema.parse(raw(file));
    expect([hook.event, webhookProjectIds(hook)]).toEqual([event, projects]);
  });

  test.each([
    { hook: {}, expected: [] },
    { hook: { payload: { task: { project_id: 'p1' }, project: { _id: 'p2' } } }, expected: ['p1', 'p2'] },
    { hook: { payload: { task: { project: { id: 'p1' } }, project: { id: 'p1' } } }, expected: ['p1'] },
  ])('$hook → $expected', ({ hook, expected }) => {
    expect(webhookProjectIds(webhookSchema.parse(hook))).toEqual(expected);
  });
});

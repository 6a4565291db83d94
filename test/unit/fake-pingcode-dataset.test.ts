import { describe, expect, test } from 'vitest';
import { apportion, demoDataset, generateDataset, largeDataset } from '../../scripts/fake-pingcode/dataset';
import { DAY } from '../../scripts/fake-pingcode/time';
import type { Dataset, PcWorkItem } from '../../scripts/fake-pingcode/types';

const NOW = new Date('2026-03-10T04:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const SYSTEM_TYPES = new Set(['epic', 'feature', 'story', 'task', 'bug', 'issue']);

const demo = demoDataset(NOW);
const items = demo.workItems;
const share = (pred: (i: PcWorkItem) => boolean): number => items.filter(pred).length / items.length;
const milestoneTypeId = (d: Dataset, projectId: string): string | undefined =>
  d.workItemTypes[projectId]?.find((t) => t.name === '里程碑')?.id;

describe('generateDataset', () => {
  test('is deterministic for the same seed and now', () => {
    expect(demoDataset(NOW)).toEqual(demo);
    const spec = { seed: 42, now: NOW, projects: [{ identifier: 'X', name: 'X', workItems: 50 }] };
    expect(generateDataset(spec)).toEqual(generateDataset(spec));
  });

  test('differs for another seed or another now', () => {
    expect(demoDataset(NOW, 8).workItems.map((i) => i.title)).not.toEqual(items.map((i) => i.title));
    expect(demoDataset(new Date(NOW.getTime() + DAY * 1000)).now).toBe(NOW_S + DAY);
  });

  test('refuses milestones on a scrum project and shares above 1', () => {
    const milestone = { title: 'M', dueDay: 1, completed: false, share: 0.1 };
    expect(() =>
      generateDataset({ projects: [{ identifier: 'S', name: 'S', workItems: 10, milestones: [milestone] }] }),
    ).toThrow(/waterfall or hybrid/);
    const version = { name: 'v', stage: 'pending' as const, startDay: 0, endDay: 9, share: 0.7 };
    expect(() =>
      generateDataset({
        projects: [{ identifier: 'S', name: 'S', workItems: 10, versions: [version, version] }],
      }),
    ).toThrow(/more than 1/);
  });

  test.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [5, [0.55, 0.2, 0.2, 0.05], [3, 1, 1, 0]],
    [0, [1, 2], [0, 0]],
    [7, [0, 0], [0, 0]],
  ])('apportion(%i, %j) = %j', (n, weights, expected) => {
    expect(apportion(n, weights)).toEqual(expected);
  });
});

describe('demo preset', () => {
  const project = demo.projects[0];

  test('is one hybrid WEB project with about 300 work items', () => {
    expect(demo.projects).toHaveLength(1);
    expect(project).toMatchObject({ identifier: 'WEB', type: 'hybrid' });
    expect(project?.name).toContain('官网改版');
    expect(items.length).toBeGreaterThanOrEqual(280);
    expect(items.length).toBeLessThanOrEqual(320);
  });

  test('has exactly four milestones: released version, version on track, sprint, late 里程碑', () => {
    expect(demo.versions.map((v) => v.stage.type)).toEqual(['published', 'in_progress']);
    const [released, current] = demo.versions;
    expect(released?.progress).toBe(100);
    expect((NOW_S - (released?.end_at ?? 0)) / DAY).toBeGreaterThan(30);
    expect((NOW_S - (released?.end_at ?? 0)) / DAY).toBeLessThan(40);
    expect(((current?.end_at ?? 0) - NOW_S) / DAY).toBeGreaterThan(10);
    expect(((current?.end_at ?? 0) - NOW_S) / DAY).toBeLessThan(18);
    expect(current?.progress).toBeGreaterThanOrEqual(70);

    expect(demo.sprints).toHaveLength(1);
    expect(demo.sprints[0]?.status).toBe('in_progress');
    expect(((demo.sprints[0]?.end_at ?? 0) - NOW_S) / DAY).toBeGreaterThan(5);
    expect(((demo.sprints[0]?.end_at ?? 0) - NOW_S) / DAY).toBeLessThan(9);

    const typeId = milestoneTypeId(demo, project?.id ?? '');
    expect(typeId).toMatch(/^[0-9a-f]{24}$/);
    const milestones = items.filter((i) => i.type === typeId);
    expect(milestones).toHaveLength(1);
    expect(items.filter((i) => !SYSTEM_TYPES.has(i.type))).toHaveLength(1);
  });

  test('the 里程碑 is late: due a week ago, not completed, open work under it', () => {
    const typeId = milestoneTypeId(demo, project?.id ?? '');
    const milestone = items.find((i) => i.type === typeId);
    expect(milestone?.state.type).not.toBe('completed');
    expect(milestone?.completed_at).toBeNull();
    const overdueDays = (NOW_S - (milestone?.end_at ?? NOW_S)) / DAY;
    expect(overdueDays).toBeGreaterThan(5);
    expect(overdueDays).toBeLessThan(9);
    const children = items.filter((i) => i.parent_id === milestone?.id);
    expect(children.length).toBeGreaterThan(20);
    expect(children.every((c) => c.parent?.identifier === milestone?.identifier)).toBe(true);
    expect(
      children.filter((c) => c.state.type === 'in_progress' || c.state.type === 'pending').length,
    ).toBeGreaterThan(5);
  });

  test('has realistic distributions', () => {
    expect(share((i) => i.state.type === 'completed')).toBeCloseTo(0.55, 1);
    expect(share((i) => i.state.type === 'in_progress')).toBeCloseTo(0.2, 1);
    expect(share((i) => i.state.type === 'pending')).toBeCloseTo(0.2, 1);
    expect(share((i) => i.state.type === 'closed')).toBeGreaterThan(0.01);
    expect(share((i) => i.tags.some((t) => t.name === 'blocked' || t.name === '阻塞'))).toBeGreaterThan(0.01);
    expect(items.filter((i) => i.is_deleted === 1)).toHaveLength(3);
    const stories = items.filter((i) => i.type === 'story');
    expect(stories.filter((s) => s.story_points !== null).length / stories.length).toBeGreaterThan(0.7);
    const tasks = items.filter((i) => i.type === 'task');
    expect(tasks.filter((t) => t.estimated_workload !== null).length / tasks.length).toBeGreaterThan(0.6);
    expect(share((i) => i.end_at !== null)).toBeGreaterThan(0.7);
    expect(share((i) => i.assignee !== null)).toBeGreaterThan(0.7);
    // Completions spread over roughly the last two months, for a believable burn-up.
    const ages = items.flatMap((i) => (i.completed_at === null ? [] : [(NOW_S - i.completed_at) / DAY]));
    expect(ages.filter((a) => a < 14).length).toBeGreaterThan(20);
    expect(ages.filter((a) => a > 42).length).toBeGreaterThan(20);
  });

  test('titles mix Chinese and English', () => {
    expect(share((i) => /[\u4e00-\u9fff]/.test(i.title))).toBeGreaterThan(0.3);
    expect(share((i) => /^[\x20-\x7e]+$/.test(i.title))).toBeGreaterThan(0.3);
  });
});

describe.each([
  ['demo', demo],
  ['large', largeDataset(2_000, NOW)],
])('%s preset invariants', (_name, dataset) => {
  const all = dataset.workItems;
  const isUnix = (t: number | null): boolean =>
    t === null || (Number.isInteger(t) && String(t).length === 10);

  test('ids, identifiers and short ids are well formed and unique', () => {
    expect(all.every((i) => /^[0-9a-f]{24}$/.test(i.id))).toBe(true);
    expect(all.every((i) => /^[A-Z]+-\d+$/.test(i.identifier) && /^[A-Za-z0-9]{8}$/.test(i.short_id))).toBe(
      true,
    );
    for (const key of ['id', 'identifier', 'short_id'] as const) {
      expect(new Set(all.map((i) => i[key])).size).toBe(all.length);
    }
  });

  test('all times are 10-digit Unix seconds in a consistent order', () => {
    const bad = all.filter(
      (i) =>
        ![i.created_at, i.updated_at, i.start_at, i.end_at, i.completed_at].every(isUnix) ||
        !(i.created_at < i.updated_at && i.updated_at <= dataset.now) ||
        (i.completed_at !== null) !== (i.state.type === 'completed') ||
        (i.completed_at !== null && (i.completed_at < i.created_at || i.completed_at > dataset.now)),
    );
    expect(bad.map((i) => i.identifier)).toEqual([]);
    for (const r of [...dataset.projects, ...dataset.versions, ...dataset.sprints]) {
      expect(isUnix(r.created_at) && isUnix(r.updated_at) && isUnix(r.start_at) && isUnix(r.end_at)).toBe(
        true,
      );
    }
  });

  test('is sorted by creation and parents exist and come first', () => {
    const position = new Map(all.map((i, n) => [i.id, n]));
    const bad = all.filter(
      (item, n) =>
        (n > 0 && item.created_at < (all[n - 1]?.created_at ?? 0)) ||
        (item.parent_id !== null &&
          (!((position.get(item.parent_id) ?? n) < n) || item.parent?.id !== item.parent_id)),
    );
    expect(bad.map((i) => i.identifier)).toEqual([]);
    expect(all.some((i) => i.parent_id !== null)).toBe(true);
  });
});

describe('large preset', () => {
  test('has exactly N live items, varied titles, and a few milestones', () => {
    const started = performance.now();
    const large = largeDataset(10_000, NOW);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(large.workItems).toHaveLength(10_000);
    expect(large.workItems.every((i) => i.is_deleted === 0)).toBe(true);
    expect(new Set(large.workItems.map((i) => i.title)).size).toBeGreaterThan(6_000);
    expect(large.versions.length + large.sprints.length).toBeGreaterThanOrEqual(3);
    const typeId = milestoneTypeId(large, large.projects[0]?.id ?? '');
    expect(large.workItems.filter((i) => i.type === typeId).length).toBeGreaterThan(0);
  });
});

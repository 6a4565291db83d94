import { describe, expect, test } from 'vitest';
import { demoDataset } from '../../scripts/fake-pingcode/dataset';
import { ApiError } from '../../scripts/fake-pingcode/errors';
import { FaultQueue } from '../../scripts/fake-pingcode/faults';
import { page, parsePaging } from '../../scripts/fake-pingcode/paging';
import { SlidingWindowLimiter } from '../../scripts/fake-pingcode/rate-limiter';
import { compileSearchFilter } from '../../scripts/fake-pingcode/search-filter';
import { shanghaiDay } from '../../scripts/fake-pingcode/time';
import type { PcWorkItem } from '../../scripts/fake-pingcode/types';

/** Unix seconds for a wall-clock time in Asia/Shanghai. */
const sh = (local: string): number => Math.floor(new Date(`${local}+08:00`).getTime() / 1000);

const base = demoDataset(new Date('2026-03-10T04:00:00Z')).workItems.find((i) => i.type === 'story');
if (!base) throw new Error('demo has stories');
const item: PcWorkItem = {
  ...base,
  type: 'story',
  created_at: sh('2026-03-01T23:30:00'),
  updated_at: sh('2026-03-10T09:00:00'),
  completed_at: null,
  story_points: 5,
  title: 'Add CSV export to reports',
};

function errorOf(fn: () => unknown): { status: number; code: string; message: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
}

describe('compileSearchFilter', () => {
  test('shanghaiDay splits days at midnight UTC+8', () => {
    expect(shanghaiDay(sh('2026-03-10T00:00:00'))).toBe(shanghaiDay(sh('2026-03-10T23:59:59')));
    expect(shanghaiDay(sh('2026-03-09T23:59:59'))).toBe(shanghaiDay(sh('2026-03-10T00:00:00')) - 1);
  });

  test.each([
    // Day-granular: same calendar day in Shanghai counts as equal, whatever the time.
    [{ updated_at: { gte: sh('2026-03-10T20:00:00') } }, true],
    [{ updated_at: { gte: sh('2026-03-11T00:00:00') } }, false],
    [{ updated_at: { gt: sh('2026-03-10T01:00:00') } }, false],
    [{ updated_at: { gt: sh('2026-03-09T23:59:59') } }, true],
    [{ updated_at: { lte: sh('2026-03-10T00:00:01') } }, true],
    [{ updated_at: { lt: sh('2026-03-10T23:00:00') } }, false],
    [{ updated_at: { gte: String(sh('2026-03-10T12:00:00')) } }, true],
    [{ updated_at: { between: `${sh('2026-03-10T12:00:00')},${sh('2026-03-10T12:00:01')}` } }, true],
    [{ updated_at: { between: `${sh('2026-03-11T00:00:00')},${sh('2026-03-12T00:00:00')}` } }, false],
    [{ created_at: { between: [sh('2026-03-01T00:00:00'), sh('2026-03-01T00:00:00')] } }, true],
    // 23:30 Shanghai on March 1st is still March 1st there, though it is 15:30Z.
    [{ created_at: { lt: sh('2026-03-02T00:00:00') } }, true],
    [{ completed_at: { exists: false } }, true],
    [{ completed_at: { gte: 0 } }, false],
    [{ 'project.id': { in: [base.project.id] } }, true],
    [{ 'project.id': { in: ['000000000000000000000000'] } }, false],
    [{ 'project.id': { nin: [base.project.id] } }, false],
    [{ type: { in: ['story', 'bug'] } }, true],
    [{ type: { in: ['task'] } }, false],
    [{ story_points: { between: '3,5' } }, true],
    [{ story_points: { gt: 5 } }, false],
    [{ title: { contains: 'csv' } }, true],
    [{ 'project.id': { in: [base.project.id] }, updated_at: { gte: sh('2026-03-10T00:00:00') } }, true],
    [{}, true],
  ])('%j → %s', (filter, expected) => {
    expect(compileSearchFilter(filter)(item)).toBe(expected);
  });

  test.each(['identifier', 'id', 'short_id', 'is_deleted', 'is_archived', 'bug_type_id', 'nonsense'])(
    'filter.%s → 400 100043',
    (key) => {
      expect(errorOf(() => compileSearchFilter({ [key]: { in: ['x'] } }))).toEqual({
        status: 400,
        code: '100043',
        message: `不支持使用过滤条件 filter.${key}`,
      });
    },
  );

  test.each([
    [{ updated_at: { eq: 1 } }, '100044'],
    [{ 'project.id': { contains: 'x' } }, '100044'],
    [{ title: { in: ['x'] } }, '100044'],
    [{ updated_at: { gte: 1, lte: 2 } }, '100044'],
    [{ updated_at: { gte: 'soon' } }, '100040'],
    [{ updated_at: { between: '1' } }, '100040'],
    [{ 'project.id': { in: 'x' } }, '100040'],
    [{ updated_at: 5 }, '100040'],
    [[1], '100040'],
  ])('%j → 400 %s', (filter, code) => {
    expect(errorOf(() => compileSearchFilter(filter))).toMatchObject({ status: 400, code });
  });
});

describe('paging', () => {
  test.each([
    [undefined, undefined, 30, 0],
    ['100', '2', 100, 2],
    ['500', '0', 100, 0],
    ['0', '-3', 1, 0],
    ['abc', 'x', 30, 0],
    [50, 1, 50, 1],
  ])('page_size=%s page_index=%s → %i/%i', (size, index, pageSize, pageIndex) => {
    expect(parsePaging(size, index)).toEqual({ pageSize, pageIndex });
  });

  test('slices and reports the total', () => {
    const values = Array.from({ length: 7 }, (_, i) => i);
    expect(page(values, { pageSize: 3, pageIndex: 2 })).toEqual({
      page_size: 3,
      page_index: 2,
      total: 7,
      values: [6],
    });
  });
});

describe('SlidingWindowLimiter', () => {
  test('admits `limit` per window and says when the next slot frees', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter(60_000, () => now);
    expect([limiter.take('a', 2), limiter.take('a', 2)]).toEqual([0, 0]);
    now += 10_500;
    expect(limiter.take('a', 2)).toBe(50);
    expect(limiter.take('b', 2)).toBe(0);
    now += 49_500;
    expect(limiter.take('a', 2)).toBe(0);
    expect(limiter.take('a', 1)).toBe(60);
  });
});

describe('FaultQueue', () => {
  test('matches by path and method, skips afterRequests, and is consumed in order', () => {
    const faults = new FaultQueue();
    faults.add({ kind: 'status', status: 500, match: '/work_items', afterRequests: 1, times: 2 });
    faults.add({ kind: 'reset', method: 'post' });
    expect(faults.take('GET', '/v1/pjm/projects')).toBeUndefined();
    expect(faults.take('GET', '/v1/pjm/work_items')).toBeUndefined();
    expect(faults.take('GET', '/v1/pjm/work_items?page_index=1')?.kind).toBe('status');
    expect(faults.take('POST', '/v1/pjm/work_items/search')?.kind).toBe('status');
    expect(faults.take('POST', '/v1/pjm/work_items/search')?.kind).toBe('reset');
    expect(faults.pending).toBe(0);
  });
});

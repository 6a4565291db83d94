import { describe, expect, test } from 'vitest';
import { parseIsoDay, zoneCalendar } from '../../service/domain/summary/calendar';
import {
  milestoneHealth,
  overallHealth,
  type MilestoneHealthInput,
} from '../../service/domain/summary/health';
import { dueDateHistory } from '../../service/domain/summary/slips';
import { summarize } from '../../service/domain/summary/summarize';
import type {
  Health,
  MilestoneSummary,
  Summary,
  SummaryInput,
  SummaryMilestoneInput,
  SummaryTaskInput,
} from '../../service/domain/summary/types';

// Unless a row says otherwise: UTC, and today is 2026-03-10.
const NOW = new Date('2026-03-10T12:00:00Z');
const at = (date: string, time = '12:00:00'): Date => new Date(`${date}T${time}Z`);
const day = (iso: string): number => parseIsoDay(iso) ?? Number.NaN;

function task(id: string, overrides: Partial<SummaryTaskInput> = {}): SummaryTaskInput {
  return {
    id,
    title: `Task ${id}`,
    type: 'story',
    labels: [],
    statusCategory: 'planned',
    blocked: false,
    milestoneIds: [],
    dueDate: null,
    completedAt: null,
    estimate: null,
    createdAt: at('2026-03-01'),
    ...overrides,
  };
}

function doneTask(
  id: string,
  completedOn: string,
  overrides: Partial<SummaryTaskInput> = {},
): SummaryTaskInput {
  return task(id, { statusCategory: 'done', completedAt: at(completedOn), ...overrides });
}

function milestone(id: string, overrides: Partial<SummaryMilestoneInput> = {}): SummaryMilestoneInput {
  return {
    id,
    name: `Milestone ${id}`,
    kind: 'milestone',
    startDate: null,
    dueDate: null,
    dueHistory: [],
    status: 'in_progress',
    completedAt: null,
    ...overrides,
  };
}

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    project: { id: 'p1', name: 'Website' },
    source: 'PingCode',
    milestones: [],
    tasks: [],
    previous: null,
    sync: { lastSuccessAt: new Date(NOW.getTime() - 3_600_000), lastFailure: null },
    now: NOW,
    timezone: 'UTC',
    ...overrides,
  };
}

/** A previous update published at `publishedAt` (its frozen summary is not what changes are computed from). */
function previous(publishedAt: Date): SummaryInput['previous'] {
  return { publishedAt, summary: summarize(input({ now: publishedAt })) };
}

const ids = (refs: { id: string }[]): string[] => refs.map((ref) => ref.id);

describe('overall progress', () => {
  test.each<{ name: string; tasks: SummaryTaskInput[]; expected: Partial<Summary['overall']> }>([
    {
      name: 'no tasks',
      tasks: [],
      expected: {
        byCount: { done: 0, total: 0, ratio: 0 },
        byEstimate: null,
        remaining: 0,
        blocked: 0,
        overdue: 0,
        health: 'on_track',
      },
    },
    {
      name: 'cancelled work is neither done nor remaining',
      tasks: [
        task('a'),
        task('b', { statusCategory: 'in_progress' }),
        doneTask('c', '2026-03-02'),
        task('d', { statusCategory: 'cancelled' }),
      ],
      expected: { byCount: { done: 1, total: 3, ratio: 1 / 3 }, remaining: 2 },
    },
    {
      name: 'only cancelled work',
      tasks: [task('a', { statusCategory: 'cancelled', dueDate: '2026-03-01' })],
      expected: { byCount: { done: 0, total: 0, ratio: 0 }, remaining: 0, overdue: 0, health: 'on_track' },
    },
    {
      name: 'by estimate sums only the tasks that have one',
      tasks: [
        doneTask('a', '2026-03-02', { estimate: 3 }),
        task('b', { estimate: 1 }),
        doneTask('c', '2026-03-02'),
        task('d', { statusCategory: 'cancelled', estimate: 10 }),
      ],
      expected: {
        byCount: { done: 2, total: 3, ratio: 2 / 3 },
        byEstimate: { done: 3, total: 4, ratio: 0.75 },
      },
    },
    {
      name: 'no estimate anywhere',
      tasks: [task('a'), doneTask('b', '2026-03-02')],
      expected: { byEstimate: null },
    },
    {
      name: 'all done',
      tasks: [doneTask('a', '2026-03-02'), doneTask('b', '2026-03-03', { dueDate: '2026-03-01' })],
      expected: { byCount: { done: 2, total: 2, ratio: 1 }, remaining: 0, overdue: 0, health: 'done' },
    },
    {
      name: 'blocked counts only open work',
      tasks: [task('a', { blocked: true }), doneTask('b', '2026-03-02', { blocked: true })],
      expected: { blocked: 1 },
    },
    {
      name: 'overdue is open work due before today, and puts the project at risk',
      tasks: [
        task('a', { dueDate: '2026-03-09' }),
        task('b', { dueDate: '2026-03-10' }),
        doneTask('c', '2026-03-09', { dueDate: '2026-03-01' }),
        task('d', { statusCategory: 'cancelled', dueDate: '2026-03-01' }),
      ],
      expected: { overdue: 1, health: 'at_risk' },
    },
  ])('$name', ({ tasks, expected }) => {
    expect(summarize(input({ tasks })).overall).toMatchObject(expected);
  });
});

describe('today is the date of `now` in the project time zone', () => {
  test.each([
    // 2026-03-10T12:00Z is 20:00 in Shanghai: a task due on the 10th is not overdue yet.
    { now: '2026-03-10T12:00:00Z', timezone: 'Asia/Shanghai', overdue: 0 },
    { now: '2026-03-10T16:00:00Z', timezone: 'Asia/Shanghai', overdue: 1 },
    { now: '2026-03-11T12:00:00Z', timezone: 'Asia/Shanghai', overdue: 1 },
    { now: '2026-03-10T23:59:59Z', timezone: 'UTC', overdue: 0 },
    { now: '2026-03-11T06:59:59Z', timezone: 'America/Los_Angeles', overdue: 0 },
    { now: '2026-03-11T07:00:00Z', timezone: 'America/Los_Angeles', overdue: 1 },
  ])('due 2026-03-10, now $now in $timezone → $overdue overdue', ({ now, timezone, overdue }) => {
    const summary = summarize(
      input({ now: new Date(now), timezone, tasks: [task('a', { dueDate: '2026-03-10' })] }),
    );
    expect(summary.overall.overdue).toBe(overdue);
    expect(summary.risks.filter((risk) => risk.kind === 'overdue_work')).toHaveLength(overdue);
  });

  test('a completion late in the UTC day falls on the next day in Shanghai', () => {
    const tasks = [
      doneTask('a', '2026-03-05', { completedAt: at('2026-03-05', '17:00:00'), milestoneIds: ['m'] }),
    ];
    const milestones = [milestone('m')];
    const inShanghai = summarize(input({ tasks, milestones, timezone: 'Asia/Shanghai' }));
    const inUtc = summarize(input({ tasks, milestones }));
    expect(inShanghai.milestones[0]?.forecastDate).toBe('2026-03-06');
    expect(inUtc.milestones[0]?.forecastDate).toBe('2026-03-05');
  });
});

describe('hidden types and labels are left out of everything', () => {
  const visible = [
    task('v1', { milestoneIds: ['m'], dueDate: '2026-03-20' }),
    doneTask('v2', '2026-03-07', { milestoneIds: ['m'], createdAt: at('2026-03-02') }),
    task('v3'),
  ];
  // Overdue, blocked, done and added since the previous update, the earliest created, in and out of milestones.
  const internal = (id: string, extra: Partial<SummaryTaskInput>): SummaryTaskInput[] => [
    task(`${id}-1`, { ...extra, milestoneIds: ['m'], dueDate: '2026-03-01', blocked: true }),
    doneTask(`${id}-2`, '2026-03-08', { ...extra, milestoneIds: ['m'], estimate: 5 }),
    task(`${id}-3`, { ...extra, createdAt: at('2025-06-01'), dueDate: '2026-02-01' }),
    task(`${id}-4`, { ...extra, createdAt: at('2026-03-09'), blocked: true }),
  ];
  const base = {
    milestones: [milestone('m', { dueDate: '2026-03-25' })],
    previous: previous(at('2026-03-05')),
  };

  test.each<{ name: string; hidden: SummaryTaskInput[]; options: SummaryInput['options'] }>([
    { name: 'by type', hidden: internal('bug', { type: 'bug' }), options: { hiddenTypes: ['bug'] } },
    {
      name: 'by label',
      hidden: internal('lbl', { labels: ['client', 'internal'] }),
      options: { hiddenLabels: ['internal', 'ops'] },
    },
    {
      name: 'by type or label',
      hidden: [...internal('bug', { type: 'bug' }), ...internal('lbl', { labels: ['ops'] })],
      options: { hiddenTypes: ['bug', 'chore'], hiddenLabels: ['ops'] },
    },
  ])('$name', ({ hidden, options }) => {
    const withHidden = summarize(input({ ...base, tasks: [...hidden, ...visible], options: options ?? {} }));
    expect(withHidden).toEqual(summarize(input({ ...base, tasks: visible })));
    expect(JSON.stringify(withHidden)).not.toMatch(/bug-|lbl-/);
  });

  test('nothing is hidden by default', () => {
    const summary = summarize(input({ ...base, tasks: [...internal('bug', { type: 'bug' }), ...visible] }));
    expect(summary.overall.byCount.total).toBe(7);
  });
});

describe('milestone forecast', () => {
  const open = (id: string, extra: Partial<SummaryTaskInput> = {}) =>
    task(id, { milestoneIds: ['m'], ...extra });
  const closed = (id: string, on: string, extra: Partial<SummaryTaskInput> = {}) =>
    doneTask(id, on, { milestoneIds: ['m'], ...extra });

  test.each<{
    name: string;
    milestone?: Partial<SummaryMilestoneInput>;
    tasks: SummaryTaskInput[];
    options?: SummaryInput['options'];
    expected: Partial<MilestoneSummary>;
  }>([
    {
      name: 'throughput: 2 done in the last 28 days, 2 left → 28 days from today',
      milestone: { dueDate: '2026-05-01' },
      tasks: [closed('a', '2026-03-01'), closed('b', '2026-03-05'), open('c'), open('d')],
      expected: { forecastDate: '2026-04-07', forecastMethod: 'throughput', health: 'on_track' },
    },
    {
      name: 'throughput forecast past the due date → at risk',
      milestone: { dueDate: '2026-04-01' },
      tasks: [closed('a', '2026-03-01'), closed('b', '2026-03-05'), open('c'), open('d')],
      expected: { forecastDate: '2026-04-07', forecastMethod: 'throughput', health: 'at_risk' },
    },
    {
      name: 'the window includes the 28th day back (2026-02-11)',
      tasks: [
        closed('a', '2026-02-11', { createdAt: at('2026-02-01') }),
        open('b', { createdAt: at('2026-02-01') }),
      ],
      expected: { forecastDate: '2026-04-07', forecastMethod: 'throughput' },
    },
    {
      name: 'zero throughput falls back to elapsed, from the earliest task (38 days for half → 76 days)',
      tasks: [
        closed('a', '2026-02-10', { createdAt: at('2026-02-01') }),
        open('b', { createdAt: at('2026-02-01') }),
      ],
      expected: { forecastDate: '2026-04-17', forecastMethod: 'elapsed' },
    },
    {
      name: 'elapsed from the milestone start date (10 days for half → 20 days)',
      milestone: { startDate: '2026-03-01' },
      tasks: [closed('a', '2026-02-01'), open('b')],
      expected: { forecastDate: '2026-03-20', forecastMethod: 'elapsed' },
    },
    {
      name: 'elapsed counts done work without a completion time',
      milestone: { startDate: '2026-03-01' },
      tasks: [open('a', { statusCategory: 'done' }), open('b')],
      expected: { forecastDate: '2026-03-20', forecastMethod: 'elapsed' },
    },
    {
      name: 'a shorter window drops older completions',
      milestone: { startDate: '2026-03-01' },
      tasks: [closed('a', '2026-03-01'), open('b')],
      options: { throughputWindowDays: 7 },
      expected: { forecastDate: '2026-03-20', forecastMethod: 'elapsed' },
    },
    {
      name: 'zero throughput and nothing done → no forecast',
      milestone: { startDate: '2026-03-01', dueDate: '2026-06-01' },
      tasks: [open('a'), open('b')],
      expected: { forecastDate: null, forecastMethod: 'none', health: 'on_track' },
    },
    {
      name: 'a start in the future → no forecast',
      milestone: { startDate: '2026-03-20' },
      tasks: [open('a', { statusCategory: 'done' }), open('b')],
      expected: { forecastDate: null, forecastMethod: 'none' },
    },
    {
      name: 'no tasks at all',
      milestone: { dueDate: '2026-05-01', startDate: '2026-03-01' },
      tasks: [task('elsewhere')],
      expected: {
        progress: { done: 0, total: 0, ratio: 0 },
        byEstimate: null,
        forecastDate: null,
        forecastMethod: 'none',
        health: 'on_track',
        completedAt: null,
        tasks: [],
      },
    },
    {
      name: 'done by status: forecast is the completion day',
      milestone: { status: 'done', completedAt: at('2026-03-05', '20:00:00'), dueDate: '2026-03-08' },
      tasks: [closed('a', '2026-03-04'), open('b')],
      expected: {
        forecastDate: '2026-03-05',
        forecastMethod: 'none',
        health: 'done',
        completedAt: '2026-03-05T20:00:00.000Z',
        progress: { done: 1, total: 2, ratio: 0.5 },
      },
    },
    {
      name: 'done because every counted task is done (cancelled work never remains)',
      milestone: { dueDate: '2026-03-01' },
      tasks: [
        closed('a', '2026-03-06'),
        closed('b', '2026-03-02'),
        open('c', { statusCategory: 'cancelled' }),
      ],
      expected: {
        forecastDate: '2026-03-06',
        forecastMethod: 'none',
        health: 'done',
        completedAt: '2026-03-06T12:00:00.000Z',
        progress: { done: 2, total: 2, ratio: 1 },
      },
    },
    {
      name: 'done without any completion time: forecast is the due date',
      milestone: { status: 'done', dueDate: '2026-03-01' },
      tasks: [],
      expected: { forecastDate: '2026-03-01', forecastMethod: 'none', health: 'done', completedAt: null },
    },
  ])('$name', ({ milestone: overrides, tasks, options, expected }) => {
    const summary = summarize(
      input({ milestones: [milestone('m', overrides)], tasks, options: options ?? {} }),
    );
    expect(summary.milestones[0]).toMatchObject(expected);
  });
});

describe('milestone health', () => {
  const T = day('2026-03-10');
  const base: MilestoneHealthInput = {
    complete: false,
    today: T,
    dueDay: T + 30,
    forecast: { day: T + 10, method: 'throughput' },
    progress: { done: 5, total: 10, ratio: 0.5 },
    blocked: 0,
  };
  const none = { day: null, method: 'none' } as const;

  test.each<{ name: string; row: Partial<MilestoneHealthInput>; expected: Health }>([
    { name: 'forecast before due', row: {}, expected: 'on_track' },
    { name: 'complete, even past due', row: { complete: true, dueDay: T - 5 }, expected: 'done' },
    {
      name: 'no due date, whatever the forecast',
      row: { dueDay: null, forecast: { day: T + 400, method: 'throughput' } },
      expected: 'on_track',
    },
    {
      name: 'no due date, blocked, nothing done',
      row: { dueDay: null, forecast: none, blocked: 3, progress: { done: 0, total: 3, ratio: 0 } },
      expected: 'on_track',
    },
    { name: 'due yesterday', row: { dueDay: T - 1 }, expected: 'late' },
    {
      name: 'due today, forecast tomorrow',
      row: { dueDay: T, forecast: { day: T + 1, method: 'throughput' } },
      expected: 'at_risk',
    },
    { name: 'forecast past due', row: { forecast: { day: T + 31, method: 'elapsed' } }, expected: 'at_risk' },
    {
      name: 'forecast on the due date',
      row: { forecast: { day: T + 30, method: 'elapsed' } },
      expected: 'on_track',
    },
    {
      name: 'blocked work, due in 7 days',
      row: { dueDay: T + 7, blocked: 1, forecast: { day: T + 5, method: 'throughput' } },
      expected: 'at_risk',
    },
    {
      name: 'blocked work, due in 8 days',
      row: { dueDay: T + 8, blocked: 1, forecast: { day: T + 5, method: 'throughput' } },
      expected: 'on_track',
    },
    {
      name: 'no forecast, 40 % done, due in 5 days',
      row: { dueDay: T + 5, forecast: none, progress: { done: 2, total: 5, ratio: 0.4 } },
      expected: 'at_risk',
    },
    {
      name: 'no forecast, 50 % done, due in 5 days',
      row: { dueDay: T + 5, forecast: none },
      expected: 'on_track',
    },
    {
      name: 'no forecast, 10 % done, due in 8 days',
      row: { dueDay: T + 8, forecast: none, progress: { done: 1, total: 10, ratio: 0.1 } },
      expected: 'on_track',
    },
    {
      name: 'no forecast and no tasks, due in 5 days',
      row: { dueDay: T + 5, forecast: none, progress: { done: 0, total: 0, ratio: 0 } },
      expected: 'on_track',
    },
    {
      name: 'a forecast before due, 10 % done, due in 5 days',
      row: {
        dueDay: T + 5,
        forecast: { day: T + 4, method: 'elapsed' },
        progress: { done: 1, total: 10, ratio: 0.1 },
      },
      expected: 'on_track',
    },
  ])('$name → $expected', ({ row, expected }) => {
    expect(milestoneHealth({ ...base, ...row })).toBe(expected);
  });

  test('through summarize: late, and blocked work close to the due date', () => {
    const summary = summarize(
      input({
        milestones: [
          milestone('late', { dueDate: '2026-03-09' }),
          milestone('soon', { dueDate: '2026-03-15' }),
        ],
        tasks: [task('a', { milestoneIds: ['late'] }), task('b', { milestoneIds: ['soon'], blocked: true })],
      }),
    );
    expect(summary.milestones.map((m) => [m.id, m.health])).toEqual([
      ['late', 'late'],
      ['soon', 'at_risk'],
    ]);
    expect(summary.overall.health).toBe('late');
  });
});

describe('overall health', () => {
  const progress = (done: number, total: number) => ({ done, total, ratio: total === 0 ? 0 : done / total });

  test.each<{
    name: string;
    milestones: Health[];
    done: number;
    total: number;
    overdue: number;
    expected: Health;
  }>([
    { name: 'nothing at all', milestones: [], done: 0, total: 0, overdue: 0, expected: 'on_track' },
    { name: 'no milestones, open work', milestones: [], done: 1, total: 2, overdue: 0, expected: 'on_track' },
    {
      name: 'no milestones, overdue work',
      milestones: [],
      done: 1,
      total: 3,
      overdue: 2,
      expected: 'at_risk',
    },
    { name: 'no milestones, all done', milestones: [], done: 2, total: 2, overdue: 0, expected: 'done' },
    {
      name: 'every milestone done, no tasks',
      milestones: ['done', 'done'],
      done: 0,
      total: 0,
      overdue: 0,
      expected: 'done',
    },
    {
      name: 'every milestone done, unplanned work open',
      milestones: ['done'],
      done: 1,
      total: 2,
      overdue: 0,
      expected: 'on_track',
    },
    {
      name: 'worst open milestone wins',
      milestones: ['on_track', 'late', 'at_risk', 'done'],
      done: 1,
      total: 4,
      overdue: 0,
      expected: 'late',
    },
    {
      name: 'a done milestone is ignored',
      milestones: ['done', 'at_risk'],
      done: 1,
      total: 4,
      overdue: 0,
      expected: 'at_risk',
    },
    {
      name: 'overdue work raises on_track',
      milestones: ['on_track'],
      done: 1,
      total: 4,
      overdue: 1,
      expected: 'at_risk',
    },
    {
      name: 'overdue work never lowers late',
      milestones: ['late'],
      done: 1,
      total: 4,
      overdue: 1,
      expected: 'late',
    },
    {
      name: 'all tasks done but an empty milestone is open',
      milestones: ['done', 'on_track'],
      done: 3,
      total: 3,
      overdue: 0,
      expected: 'on_track',
    },
  ])('$name → $expected', ({ milestones, done, total, overdue, expected }) => {
    expect(overallHealth({ milestones, progress: progress(done, total), overdue })).toBe(expected);
  });
});

describe('due-date slips', () => {
  const change = (from: string | null, to: string | null, when: string) => ({
    from,
    to,
    at: `${when}T09:00:00.000Z`,
  });
  const calendar = zoneCalendar('UTC');

  test.each<{
    name: string;
    dueDate: string | null;
    history: SummaryMilestoneInput['dueHistory'];
    plannedDate: string | null;
    slips: [string | null, string | null, number | null][];
  }>([
    { name: 'never moved', dueDate: '2026-04-01', history: [], plannedDate: '2026-04-01', slips: [] },
    { name: 'no date ever', dueDate: null, history: [], plannedDate: null, slips: [] },
    {
      name: 'moved twice',
      dueDate: '2026-04-20',
      history: [
        change('2026-04-01', '2026-04-10', '2026-03-02'),
        change('2026-04-10', '2026-04-20', '2026-03-08'),
      ],
      plannedDate: '2026-04-01',
      slips: [
        ['2026-04-01', '2026-04-10', 9],
        ['2026-04-10', '2026-04-20', 10],
      ],
    },
    {
      name: 'a date set for the first time is not a slip; moving it later is',
      dueDate: '2026-04-10',
      history: [change(null, '2026-04-01', '2026-02-01'), change('2026-04-01', '2026-04-10', '2026-03-02')],
      plannedDate: '2026-04-01',
      slips: [['2026-04-01', '2026-04-10', 9]],
    },
    {
      name: 'pulled in earlier',
      dueDate: '2026-03-25',
      history: [change('2026-04-01', '2026-03-25', '2026-03-02')],
      plannedDate: '2026-04-01',
      slips: [['2026-04-01', '2026-03-25', -7]],
    },
    {
      name: 'date removed, then set again',
      dueDate: '2026-05-01',
      history: [change('2026-04-01', null, '2026-03-02'), change(null, '2026-05-01', '2026-03-03')],
      plannedDate: '2026-04-01',
      slips: [['2026-04-01', null, null]],
    },
    {
      name: 'a change to the same date is no change',
      dueDate: '2026-04-01',
      history: [change('2026-04-01', '2026-04-01', '2026-03-02')],
      plannedDate: '2026-04-01',
      slips: [],
    },
  ])('$name', ({ dueDate, history, plannedDate, slips }) => {
    const result = dueDateHistory(milestone('m', { name: 'Beta', dueDate, dueHistory: history }), calendar);
    expect(result.plannedDate).toBe(plannedDate);
    expect(result.slips.map((slip) => [slip.from, slip.to, slip.days])).toEqual(slips);
    for (const slip of result.slips) expect(slip).toMatchObject({ milestoneId: 'm', milestoneName: 'Beta' });
  });

  test('a milestone moved twice: both slips listed, only the one after the previous update is a change', () => {
    const summary = summarize(
      input({
        milestones: [
          milestone('m', {
            dueDate: '2026-04-20',
            dueHistory: [
              change('2026-04-01', '2026-04-10', '2026-03-02'),
              change('2026-04-10', '2026-04-20', '2026-03-08'),
            ],
          }),
        ],
        previous: previous(at('2026-03-05')),
      }),
    );
    expect(summary.milestones[0]?.plannedDate).toBe('2026-04-01');
    expect(summary.milestones[0]?.slips).toHaveLength(2);
    expect(summary.changes.slips).toEqual([
      {
        milestoneId: 'm',
        milestoneName: 'Milestone m',
        from: '2026-04-10',
        to: '2026-04-20',
        at: '2026-03-08T09:00:00.000Z',
        days: 10,
      },
    ]);
  });
});

describe('changes since the previous update', () => {
  const tasks = [
    doneTask('old-done', '2026-03-04'),
    doneTask('newer-done', '2026-03-08'),
    doneTask('new-done', '2026-03-06'),
    task('reopened', { statusCategory: 'in_progress', completedAt: at('2026-03-07') }),
    task('cancelled', {
      statusCategory: 'cancelled',
      completedAt: at('2026-03-07'),
      createdAt: at('2026-03-07'),
    }),
    task('added', { createdAt: at('2026-03-09') }),
    doneTask('added-done', '2026-03-07', { createdAt: at('2026-03-06') }),
    task('old'),
  ];

  test.each([
    { name: 'no previous update', previous: null, since: null, completed: [], added: [] },
    {
      name: 'published 2026-03-05',
      previous: previous(at('2026-03-05', '00:00:00')),
      since: '2026-03-05T00:00:00.000Z',
      completed: ['new-done', 'added-done', 'newer-done'],
      added: ['added-done', 'added'],
    },
    {
      name: 'published after everything',
      previous: previous(at('2026-03-10', '00:00:00')),
      since: '2026-03-10T00:00:00.000Z',
      completed: [],
      added: [],
    },
  ])('$name', ({ previous, since, completed, added }) => {
    const { changes } = summarize(input({ tasks, previous }));
    expect(changes.since).toBe(since);
    expect(ids(changes.completed)).toEqual(completed);
    expect(ids(changes.added)).toEqual(added);
  });

  test('no previous update: no slips either', () => {
    const moved = milestone('m', {
      dueHistory: [{ from: '2026-04-01', to: '2026-04-10', at: '2026-03-08T00:00:00Z' }],
    });
    expect(summarize(input({ milestones: [moved] })).changes).toEqual({
      since: null,
      completed: [],
      added: [],
      slips: [],
    });
  });
});

describe('sync freshness and sync risks', () => {
  const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

  test.each<{
    name: string;
    sync: SummaryInput['sync'];
    staleAfterHours?: number;
    freshness: Pick<Summary['freshness'], 'stale' | 'reason'>;
    risks: Summary['risks'];
  }>([
    {
      name: 'synced an hour ago',
      sync: { lastSuccessAt: hoursAgo(1), lastFailure: null },
      freshness: { stale: false, reason: null },
      risks: [],
    },
    {
      name: 'synced 30 hours ago',
      sync: { lastSuccessAt: hoursAgo(30.5), lastFailure: null },
      freshness: { stale: true, reason: 'old' },
      risks: [{ kind: 'stale_sync', syncedAt: hoursAgo(30.5).toISOString(), hours: 30 }],
    },
    {
      name: 'synced 30 hours ago, stale only after 48',
      sync: { lastSuccessAt: hoursAgo(30), lastFailure: null },
      staleAfterHours: 48,
      freshness: { stale: false, reason: null },
      risks: [],
    },
    {
      name: 'exactly 24 hours ago is still fresh',
      sync: { lastSuccessAt: hoursAgo(24), lastFailure: null },
      freshness: { stale: false, reason: null },
      risks: [],
    },
    {
      name: 'never synced',
      sync: { lastSuccessAt: null, lastFailure: null },
      freshness: { stale: true, reason: 'never_synced' },
      risks: [{ kind: 'stale_sync', syncedAt: null, hours: null }],
    },
    {
      name: 'never synced, and the first run failed',
      sync: { lastSuccessAt: null, lastFailure: { at: hoursAgo(2), code: 'auth_failed' } },
      freshness: { stale: true, reason: 'never_synced' },
      risks: [
        { kind: 'failed_sync', at: hoursAgo(2).toISOString(), code: 'auth_failed' },
        { kind: 'stale_sync', syncedAt: null, hours: null },
      ],
    },
    {
      name: 'the last run failed after a recent success',
      sync: { lastSuccessAt: hoursAgo(3), lastFailure: { at: hoursAgo(1), code: 'rate_limited' } },
      freshness: { stale: true, reason: 'failed' },
      risks: [{ kind: 'failed_sync', at: hoursAgo(1).toISOString(), code: 'rate_limited' }],
    },
    {
      name: 'failing for a day and a half',
      sync: { lastSuccessAt: hoursAgo(36), lastFailure: { at: hoursAgo(1), code: 'upstream_error' } },
      freshness: { stale: true, reason: 'failed' },
      risks: [
        { kind: 'failed_sync', at: hoursAgo(1).toISOString(), code: 'upstream_error' },
        { kind: 'stale_sync', syncedAt: hoursAgo(36).toISOString(), hours: 36 },
      ],
    },
    {
      name: 'a failure before the last success is over',
      sync: { lastSuccessAt: hoursAgo(1), lastFailure: { at: hoursAgo(2), code: 'upstream_error' } },
      freshness: { stale: false, reason: null },
      risks: [],
    },
  ])('$name', ({ sync, staleAfterHours, freshness, risks }) => {
    const summary = summarize(input({ sync, options: staleAfterHours ? { staleAfterHours } : {} }));
    expect(summary.freshness).toEqual({
      source: 'PingCode',
      syncedAt: sync.lastSuccessAt?.toISOString() ?? null,
      ...freshness,
    });
    expect(summary.risks).toEqual(risks);
  });
});

describe('validUntil: how long the summary stays right without new data', () => {
  test.each<{
    name: string;
    now: string;
    timezone: string;
    lastSuccessAt: string | null;
    validUntil: string;
  }>([
    {
      name: 'fresh data: the next midnight in UTC',
      now: '2026-03-10T12:00:00Z',
      timezone: 'UTC',
      lastSuccessAt: '2026-03-10T11:00:00Z',
      validUntil: '2026-03-11T00:00:00.000Z',
    },
    {
      name: 'the next midnight in Shanghai (UTC+8)',
      now: '2026-03-10T12:00:00Z',
      timezone: 'Asia/Shanghai',
      lastSuccessAt: '2026-03-10T11:00:00Z',
      validUntil: '2026-03-10T16:00:00.000Z',
    },
    {
      name: 'the next midnight in Paris on the night summer time starts',
      now: '2026-03-28T12:00:00Z',
      timezone: 'Europe/Paris',
      lastSuccessAt: '2026-03-28T11:00:00Z',
      validUntil: '2026-03-28T23:00:00.000Z',
    },
    {
      name: 'the first midnight of summer time in Paris',
      now: '2026-03-29T12:00:00Z',
      timezone: 'Europe/Paris',
      lastSuccessAt: '2026-03-29T11:00:00Z',
      validUntil: '2026-03-29T22:00:00.000Z',
    },
    {
      name: 'data turning old before midnight: the millisecond after 24 hours',
      now: '2026-03-10T12:00:00Z',
      timezone: 'UTC',
      lastSuccessAt: '2026-03-09T13:00:00Z',
      validUntil: '2026-03-10T13:00:00.001Z',
    },
    {
      name: 'old data already: its age in whole hours goes up next at 48 h',
      now: '2026-03-10T11:30:00Z',
      timezone: 'UTC',
      lastSuccessAt: '2026-03-08T12:00:00Z',
      validUntil: '2026-03-10T12:00:00.000Z',
    },
    {
      name: 'never synced',
      now: '2026-03-10T23:59:59Z',
      timezone: 'UTC',
      lastSuccessAt: null,
      validUntil: '2026-03-11T00:00:00.000Z',
    },
  ])('$name', ({ now, timezone, lastSuccessAt, validUntil }) => {
    const given = input({
      now: new Date(now),
      timezone,
      sync: { lastSuccessAt: lastSuccessAt ? new Date(lastSuccessAt) : null, lastFailure: null },
      tasks: [task('a', { dueDate: '2026-03-10' })],
    });
    const summary = summarize(given);
    expect(summary.validUntil).toBe(validUntil);
    // Just before validUntil the summary is the same but for generatedAt; at validUntil it may differ.
    const justBefore = summarize({ ...given, now: new Date(Date.parse(validUntil) - 1) });
    expect({ ...justBefore, generatedAt: summary.generatedAt }).toEqual(summary);
  });

  test('at validUntil the summary changes: the task due today becomes overdue', () => {
    const given = input({ tasks: [task('a', { dueDate: '2026-03-10' })] });
    const summary = summarize(given);
    const next = summarize({ ...given, now: new Date(summary.validUntil) });
    expect([summary.overall.overdue, next.overall.overdue]).toEqual([0, 1]);
  });
});

describe('detected risks', () => {
  test('ordered by severity, then by milestone due date, work in no milestone last', () => {
    const summary = summarize(
      input({
        sync: {
          lastSuccessAt: at('2026-03-08'),
          lastFailure: { at: at('2026-03-10', '11:00:00'), code: 'timeout' },
        },
        milestones: [
          milestone('a', { dueDate: '2026-03-20' }),
          milestone('b', { dueDate: '2026-03-15' }),
          milestone('c', { dueDate: '2026-03-12' }),
          milestone('d', { dueDate: '2026-03-01', status: 'done' }),
        ],
        tasks: [
          task('a-late', { milestoneIds: ['a'], dueDate: '2026-03-09' }),
          task('a-blocked', { milestoneIds: ['a'], blocked: true }),
          task('ab-late', { milestoneIds: ['a', 'b'], dueDate: '2026-03-08' }),
          doneTask('c-done', '2026-03-09', { milestoneIds: ['c'] }),
          ...['1', '2', '3', '4', '5'].map((n) => task(`c-open-${n}`, { milestoneIds: ['c'] })),
          doneTask('d-blocked-done', '2026-03-01', { milestoneIds: ['d'], blocked: true }),
          task('loose-late', { dueDate: '2026-03-01', blocked: true }),
        ],
      }),
    );
    expect(summary.risks).toEqual([
      { kind: 'failed_sync', at: '2026-03-10T11:00:00.000Z', code: 'timeout' },
      { kind: 'stale_sync', syncedAt: '2026-03-08T12:00:00.000Z', hours: 48 },
      // 5 left at 1 per 28 days: 140 days from today.
      {
        kind: 'forecast_past_due',
        milestoneId: 'c',
        dueDate: '2026-03-12',
        forecastDate: '2026-07-28',
        days: 138,
      },
      { kind: 'overdue_work', count: 1, milestoneId: 'b', taskIds: ['ab-late'] },
      { kind: 'overdue_work', count: 2, milestoneId: 'a', taskIds: ['ab-late', 'a-late'] },
      { kind: 'overdue_work', count: 1, milestoneId: null, taskIds: ['loose-late'] },
      { kind: 'blocked_work', count: 1, milestoneId: 'a', taskIds: ['a-blocked'] },
      { kind: 'blocked_work', count: 1, milestoneId: null, taskIds: ['loose-late'] },
    ]);
  });

  test('a risk names at most 20 tasks, the most overdue first, and keeps the exact count', () => {
    const late = Array.from({ length: 25 }, (_, i) =>
      task(`late-${String(i).padStart(2, '0')}`, {
        milestoneIds: ['m'],
        dueDate: `2026-02-${String(i + 1).padStart(2, '0')}`.replace('2026-02-29', '2026-03-01'),
      }),
    ).reverse();
    const { risks } = summarize(
      input({ milestones: [milestone('m', { dueDate: '2026-06-01' })], tasks: late }),
    );
    expect(risks).toHaveLength(1);
    const [risk] = risks;
    expect(risk).toMatchObject({ kind: 'overdue_work', count: 25, milestoneId: 'm' });
    expect(risk && 'taskIds' in risk ? risk.taskIds : []).toEqual(
      Array.from({ length: 20 }, (_, i) => `late-${String(i).padStart(2, '0')}`),
    );
  });

  test('a done milestone never forecasts past due, even when finished late', () => {
    const summary = summarize(
      input({
        milestones: [milestone('m', { dueDate: '2026-03-01' })],
        tasks: [doneTask('a', '2026-03-05', { milestoneIds: ['m'] })],
      }),
    );
    expect(summary.milestones[0]).toMatchObject({ health: 'done', forecastDate: '2026-03-05' });
    expect(summary.risks).toEqual([]);
  });
});

describe('burn-up', () => {
  test.each<{ name: string; tasks: SummaryTaskInput[]; start?: string; points: [string, number, number][] }>([
    { name: 'no tasks', tasks: [], points: [] },
    { name: 'only cancelled tasks', tasks: [task('a', { statusCategory: 'cancelled' })], points: [] },
    {
      name: 'one point a day from the first task; done without a completion time counts from its creation',
      tasks: [
        doneTask('a', '2026-03-09', { createdAt: at('2026-03-08') }),
        task('b', { createdAt: at('2026-03-09') }),
        task('c', { statusCategory: 'done', createdAt: at('2026-03-10') }),
        task('d', { statusCategory: 'cancelled', createdAt: at('2026-03-08') }),
      ],
      points: [
        ['2026-03-08', 0, 1],
        ['2026-03-09', 1, 2],
        ['2026-03-10', 2, 3],
      ],
    },
    {
      name: 'from an earlier milestone start',
      tasks: [task('a', { createdAt: at('2026-03-09') })],
      start: '2026-03-07',
      points: [
        ['2026-03-07', 0, 0],
        ['2026-03-08', 0, 0],
        ['2026-03-09', 0, 1],
        ['2026-03-10', 0, 1],
      ],
    },
    {
      name: 'never done before it appeared; not in scope before it appears',
      tasks: [
        doneTask('a', '2026-03-07', { createdAt: at('2026-03-09') }),
        task('b', { createdAt: at('2026-03-12') }),
        task('c', { createdAt: at('2026-03-10') }),
      ],
      points: [
        ['2026-03-09', 1, 1],
        ['2026-03-10', 1, 2],
      ],
    },
  ])('$name', ({ tasks, start, points }) => {
    const milestones = start ? [milestone('m', { startDate: start })] : [];
    const { burnup } = summarize(input({ tasks, milestones }));
    expect(burnup.map((point) => [point.date, point.done, point.scope])).toEqual(points);
  });

  test.each([
    { first: '2026-03-09', points: 2, gaps: [] },
    { first: '2025-11-11', points: 120, gaps: [] },
    { first: '2025-11-10', points: 120, gaps: [2] },
    { first: '2025-01-01', points: 120, gaps: [3, 4] },
  ])('from $first: $points points, first and last day included', ({ first, points, gaps }) => {
    const tasks = [doneTask('a', first, { createdAt: at(first) }), task('b', { createdAt: NOW })];
    const { burnup } = summarize(input({ tasks }));
    expect(burnup).toHaveLength(points);
    expect(burnup[0]).toEqual({ date: first, done: 1, scope: 1 });
    expect(burnup.at(-1)).toEqual({ date: '2026-03-10', done: 1, scope: 2 });
    const steps = new Set(burnup.slice(1).map((point, i) => day(point.date) - day(burnup[i]?.date ?? '')));
    expect([...steps].filter((step) => step !== 1).sort()).toEqual(gaps);
  });
});

describe('lists and ordering', () => {
  const summary = summarize(
    input({
      milestones: [
        milestone('m-late', { name: 'Beta', dueDate: '2026-04-01' }),
        milestone('m-none', { name: 'Alpha' }),
        milestone('m-early', { name: 'Zed', dueDate: '2026-03-20' }),
        milestone('m-same', { name: 'Alpha', dueDate: '2026-04-01' }),
        milestone('m-cancelled', { name: 'Gone', status: 'cancelled', dueDate: '2026-03-01' }),
      ],
      tasks: [
        task('o2', { milestoneIds: ['m-early'], dueDate: '2026-03-15' }),
        doneTask('d2', '2026-03-05', { milestoneIds: ['m-early'] }),
        task('o3', { milestoneIds: ['m-early'] }),
        task('o1', { milestoneIds: ['m-early'], dueDate: '2026-03-12', blocked: true }),
        doneTask('d1', '2026-03-01', { milestoneIds: ['m-early'] }),
        task('c', { milestoneIds: ['m-early'], statusCategory: 'cancelled' }),
        task('twice', { milestoneIds: ['m-late', 'm-late', 'm-same'] }),
        task('u1'),
        task('u2', { milestoneIds: ['unknown'] }),
        task('u3', { milestoneIds: ['m-cancelled'] }),
      ],
    }),
  );

  test('milestones by due date (no date last), then name; cancelled milestones are not listed', () => {
    expect(summary.milestones.map((m) => m.id)).toEqual(['m-early', 'm-same', 'm-late', 'm-none']);
  });

  test.each([
    { list: 'm-early', expected: ['o1', 'o2', 'o3', 'd1', 'd2'] },
    { list: 'm-late', expected: ['twice'] },
    { list: 'm-same', expected: ['twice'] },
    { list: 'm-none', expected: [] },
    { list: 'unplanned', expected: ['u1', 'u2', 'u3'] },
  ])('$list: open work by due date, then done work by completion; never cancelled', ({ list, expected }) => {
    const refs =
      list === 'unplanned' ? summary.unplanned : summary.milestones.find((m) => m.id === list)?.tasks;
    expect(ids(refs ?? [])).toEqual(expected);
  });

  test('task references', () => {
    const [first] = summary.milestones;
    expect(first?.tasks[0]).toEqual({
      id: 'o1',
      title: 'Task o1',
      status: 'planned',
      blocked: true,
      dueDate: '2026-03-12',
      completedAt: null,
    });
    expect(first?.tasks[3]).toEqual({
      id: 'd1',
      title: 'Task d1',
      status: 'done',
      blocked: false,
      dueDate: null,
      completedAt: '2026-03-01T12:00:00.000Z',
    });
  });
});

describe('edge cases from the issue', () => {
  test.each<{ name: string; input: Partial<SummaryInput>; expected: Record<string, unknown> }>([
    {
      name: 'no tasks, no milestones',
      input: {},
      expected: {
        overall: { byCount: { done: 0, total: 0, ratio: 0 }, byEstimate: null, health: 'on_track' },
        milestones: [],
        unplanned: [],
        risks: [],
        burnup: [],
      },
    },
    {
      name: 'no dates anywhere',
      input: {
        milestones: [milestone('m')],
        tasks: [task('a', { milestoneIds: ['m'] }), doneTask('b', '2026-03-05', { milestoneIds: ['m'] })],
      },
      expected: {
        overall: { overdue: 0, health: 'on_track' },
        milestones: [{ dueDate: null, plannedDate: null, health: 'on_track', forecastMethod: 'throughput' }],
        risks: [],
      },
    },
    {
      name: 'all done',
      input: {
        milestones: [milestone('m', { dueDate: '2026-03-20' })],
        tasks: [doneTask('a', '2026-03-05', { milestoneIds: ['m'] }), doneTask('b', '2026-03-06')],
      },
      expected: {
        overall: { byCount: { done: 2, total: 2, ratio: 1 }, remaining: 0, health: 'done' },
        milestones: [{ health: 'done', forecastDate: '2026-03-05', completedAt: '2026-03-05T12:00:00.000Z' }],
        risks: [],
      },
    },
  ])('$name', ({ input: overrides, expected }) => {
    expect(summarize(input(overrides))).toMatchObject(expected);
  });
});

test('deterministic given now, and the input is left alone', () => {
  const build = () =>
    input({
      milestones: [milestone('m', { dueDate: '2026-03-20', startDate: '2026-03-01' })],
      tasks: [task('a', { milestoneIds: ['m'], dueDate: '2026-03-05' }), doneTask('b', '2026-03-04')],
      previous: previous(at('2026-03-03')),
    });
  const given = build();
  const summary = summarize(given);
  expect(given).toEqual(build());
  expect(summarize(build())).toEqual(summary);
  expect(summary.generatedAt).toBe(NOW.toISOString());
  expect(summary).toMatchObject({ version: 1, project: { id: 'p1', name: 'Website' } });
});

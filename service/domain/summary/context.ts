import { zoneCalendar, type Day, type ZoneCalendar } from './calendar';
import type { SummaryInput, SummaryMilestoneInput, SummaryOptions, SummaryTaskInput, TaskRef } from './types';

/**
 * What counts and where, decided once: the visible, counted tasks with their days precomputed, the listed
 * milestones in display order with their tasks, and the tasks in no listed milestone. Every other step of
 * the summary reads this and never looks at hidden or cancelled work again.
 */

export const DEFAULT_OPTIONS: SummaryOptions = {
  staleAfterHours: 24,
  throughputWindowDays: 28,
  hiddenTypes: [],
  hiddenLabels: [],
};

export interface TaskFacts {
  task: SummaryTaskInput;
  /** The client-facing reference, built once and shared by every list the task appears in. */
  ref: TaskRef;
  done: boolean;
  /** Blocked and not done. */
  blocked: boolean;
  /** Not done and due before today. */
  overdue: boolean;
  dueDay: Day | null;
  createdDay: Day | null;
  createdMs: number;
  /** Only for done tasks: a reopened task's old completion time means nothing. */
  completedDay: Day | null;
  completedMs: number | null;
  /** A finite, non-negative estimate, else null. */
  estimate: number | null;
  /** Position in task lists: the group (open dated, open undated, done dated, done undated), then the date. */
  group: 0 | 1 | 2 | 3;
  rankDate: number;
}

export interface MilestoneFacts {
  milestone: SummaryMilestoneInput;
  startDay: Day | null;
  dueDay: Day | null;
  /** Its counted tasks, in list order. */
  tasks: TaskFacts[];
}

export interface SummaryContext {
  now: Date;
  today: Day;
  options: SummaryOptions;
  calendar: ZoneCalendar;
  /** Visible tasks that are not cancelled, in input order. */
  tasks: TaskFacts[];
  /** Milestones that are not cancelled, by due date (no date last), then name. */
  milestones: MilestoneFacts[];
  /** Counted tasks in no listed milestone, in list order. */
  unplanned: TaskFacts[];
}

export function buildContext(input: SummaryInput): SummaryContext {
  const options: SummaryOptions = { ...DEFAULT_OPTIONS, ...input.options };
  const calendar = zoneCalendar(input.timezone);
  const today = calendar.dayOf(input.now);
  if (today === null) throw new RangeError('summary: `now` is not a valid instant');

  const milestones = input.milestones
    .filter((milestone) => milestone.status !== 'cancelled')
    .map<MilestoneFacts>((milestone) => ({
      milestone,
      startDay: calendar.parse(milestone.startDate),
      dueDay: calendar.parse(milestone.dueDate),
      tasks: [],
    }))
    .sort(compareMilestones);
  const byId = new Map(milestones.map((facts) => [facts.milestone.id, facts]));

  const isHidden = hiddenFilter(options);
  const tasks: TaskFacts[] = [];
  const unplanned: TaskFacts[] = [];
  for (const task of input.tasks) {
    if (task.statusCategory === 'cancelled' || isHidden(task)) continue;
    const facts = taskFacts(task, calendar, today);
    tasks.push(facts);
    let listed = false;
    for (const id of task.milestoneIds) {
      const group = byId.get(id)?.tasks;
      // The last check drops a milestone id the task lists twice.
      if (group === undefined || group[group.length - 1] === facts) continue;
      group.push(facts);
      listed = true;
    }
    if (!listed) unplanned.push(facts);
  }
  for (const facts of milestones) facts.tasks.sort(compareListOrder);
  unplanned.sort(compareListOrder);

  return { now: input.now, today, options, calendar, tasks, milestones, unplanned };
}

/** Internal work (a hidden type or label) is left out of everything a client sees. */
export function hiddenFilter(
  options: Pick<SummaryOptions, 'hiddenTypes' | 'hiddenLabels'>,
): (task: Pick<SummaryTaskInput, 'type' | 'labels'>) => boolean {
  const types = new Set(options.hiddenTypes);
  const labels = new Set(options.hiddenLabels);
  if (types.size === 0 && labels.size === 0) return () => false;
  return (task) =>
    (task.type !== null && types.has(task.type)) || task.labels.some((label) => labels.has(label));
}

function taskFacts(task: SummaryTaskInput, calendar: ZoneCalendar, today: Day): TaskFacts {
  const done = task.statusCategory === 'done';
  const dueDay = calendar.parse(task.dueDate);
  const completedAt = done ? task.completedAt : null;
  const completedDay = calendar.dayOf(completedAt);
  const completedMs = completedDay === null ? null : (completedAt?.getTime() ?? null);
  const estimate =
    task.estimate !== null && Number.isFinite(task.estimate) && task.estimate >= 0 ? task.estimate : null;
  return {
    task,
    ref: {
      id: task.id,
      title: task.title,
      status: task.statusCategory,
      blocked: task.blocked,
      dueDate: task.dueDate,
      completedAt: completedMs === null ? null : (completedAt?.toISOString() ?? null),
    },
    done,
    blocked: !done && task.blocked,
    overdue: !done && dueDay !== null && dueDay < today,
    dueDay,
    createdDay: calendar.dayOf(task.createdAt),
    createdMs: task.createdAt.getTime(),
    completedDay,
    completedMs,
    estimate,
    group: done ? (completedMs === null ? 3 : 2) : dueDay === null ? 1 : 0,
    rankDate: (done ? completedMs : dueDay) ?? 0,
  };
}

/** Open work first, soonest due first (no date last); then done work in the order it was completed. */
export function compareListOrder(a: TaskFacts, b: TaskFacts): number {
  return a.group - b.group || a.rankDate - b.rankDate || compareText(a.task.id, b.task.id);
}

function compareMilestones(a: MilestoneFacts, b: MilestoneFacts): number {
  return (
    compareNullable(a.dueDay, b.dueDay) ||
    compareText(a.milestone.name, b.milestone.name) ||
    compareText(a.milestone.id, b.milestone.id)
  );
}

/** Ascending, null last. */
export function compareNullable(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/** Code-unit order: deterministic and the same in every locale (display order is the renderer's business). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

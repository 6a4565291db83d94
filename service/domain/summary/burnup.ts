import { formatDay, type Day } from './calendar';
import type { TaskFacts } from './context';
import type { BurnupPoint } from './types';

/** A chart needs no more; longer histories are sampled evenly. */
export const MAX_BURNUP_POINTS = 120;

/**
 * Done and scope at the end of each day from the start of the work (the earliest task creation or
 * milestone start) to today. Tasks are counted into per-day buckets once and summed once, so the cost is
 * tasks + days, not tasks × points. A done task without a completion time counts as done from the day it
 * appeared, and none counts as done before it appeared, so the last point matches the overall progress
 * (apart from tasks dated after today).
 */
export function burnup(
  tasks: readonly TaskFacts[],
  milestoneStarts: readonly (Day | null)[],
  today: Day,
  maxPoints: number = MAX_BURNUP_POINTS,
): BurnupPoint[] {
  if (tasks.length === 0) return [];
  let start = today;
  for (const facts of tasks)
    if (facts.createdDay !== null && facts.createdDay < start) start = facts.createdDay;
  for (const day of milestoneStarts) if (day !== null && day < start) start = day;

  const span = today - start + 1;
  const scope = new Int32Array(span);
  const done = new Int32Array(span);
  for (const facts of tasks) {
    const created = facts.createdDay;
    if (created === null || created > today) continue;
    increment(scope, created - start);
    if (!facts.done) continue;
    const completed = Math.max(facts.completedDay ?? created, created);
    if (completed <= today) increment(done, completed - start);
  }
  accumulate(scope);
  accumulate(done);

  const count = Math.min(span, Math.max(2, maxPoints));
  const points: BurnupPoint[] = [];
  for (let i = 0; i < count; i += 1) {
    const offset = count === span ? i : Math.round((i * (span - 1)) / (count - 1));
    points.push({ date: formatDay(start + offset), done: done[offset] ?? 0, scope: scope[offset] ?? 0 });
  }
  return points;
}

function increment(counts: Int32Array, index: number): void {
  counts[index] = (counts[index] ?? 0) + 1;
}

/** Per-day counts → running totals, in place. */
function accumulate(counts: Int32Array): void {
  let total = 0;
  for (let i = 0; i < counts.length; i += 1) {
    total += counts[i] ?? 0;
    counts[i] = total;
  }
}

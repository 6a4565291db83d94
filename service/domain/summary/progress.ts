import type { TaskFacts } from './context';
import type { Progress } from './types';

/** Counts over counted tasks (cancelled and hidden work never reaches here). */
export interface Tally {
  byCount: Progress;
  /** Sums the estimates of the tasks that have one; null when none has. */
  byEstimate: Progress | null;
  remaining: number;
  blocked: number;
  overdue: number;
}

export function progress(done: number, total: number): Progress {
  return { done, total, ratio: total === 0 ? 0 : done / total };
}

export function tally(tasks: readonly TaskFacts[]): Tally {
  let done = 0;
  let blocked = 0;
  let overdue = 0;
  let estimated = 0;
  let estimateTotal = 0;
  let estimateDone = 0;
  for (const facts of tasks) {
    if (facts.done) done += 1;
    if (facts.blocked) blocked += 1;
    if (facts.overdue) overdue += 1;
    if (facts.estimate !== null) {
      estimated += 1;
      estimateTotal += facts.estimate;
      if (facts.done) estimateDone += facts.estimate;
    }
  }
  return {
    byCount: progress(done, tasks.length),
    byEstimate: estimated === 0 ? null : progress(estimateDone, estimateTotal),
    remaining: tasks.length - done,
    blocked,
    overdue,
  };
}

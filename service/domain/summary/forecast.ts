import type { Day } from './calendar';
import type { TaskFacts } from './context';
import type { MilestoneSummary } from './types';

export interface Forecast {
  day: Day | null;
  method: MilestoneSummary['forecastMethod'];
}

/** Done tasks completed in the window: today and the `windowDays - 1` days before it. */
export function recentCompletions(tasks: readonly TaskFacts[], today: Day, windowDays: number): number {
  const first = today - windowDays + 1;
  let count = 0;
  for (const facts of tasks) {
    if (facts.completedDay !== null && facts.completedDay >= first && facts.completedDay <= today) count += 1;
  }
  return count;
}

export interface ForecastInput {
  today: Day;
  done: number;
  total: number;
  /** Completions in the throughput window (`recentCompletions`). */
  recent: number;
  windowDays: number;
  /** When the work started: the milestone's start date, else its earliest task's creation day. */
  startDay: Day | null;
}

/**
 * When open work should be done. Throughput: remaining ÷ (recent completions per day), counted from today.
 * Elapsed: the days since the start stretched by the done ratio (10 days for half the work → 20 days in
 * all). Both count in whole days and in integers, so a forecast for open work is never before tomorrow.
 */
export function forecast({ today, done, total, recent, windowDays, startDay }: ForecastInput): Forecast {
  const remaining = total - done;
  if (remaining <= 0) return { day: null, method: 'none' };
  if (recent > 0) return { day: today + Math.ceil((remaining * windowDays) / recent), method: 'throughput' };
  // Days elapsed including today: work that started today has had one day.
  const elapsed = startDay === null ? 0 : today - startDay + 1;
  if (done > 0 && elapsed > 0 && startDay !== null) {
    return { day: startDay + Math.ceil((elapsed * total) / done) - 1, method: 'elapsed' };
  }
  return { day: null, method: 'none' };
}

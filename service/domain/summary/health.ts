import type { Day } from './calendar';
import type { Forecast } from './forecast';
import type { Health, Progress } from './types';

/** How close a due date must be before blocked work or a low ratio without a forecast puts it at risk. */
export const AT_RISK_WITHIN_DAYS = 7;

export interface MilestoneHealthInput {
  complete: boolean;
  today: Day;
  dueDay: Day | null;
  forecast: Forecast;
  progress: Progress;
  /** Blocked open tasks. */
  blocked: number;
}

/**
 * `done` when complete; `late` when due before today; `at_risk` when the forecast is past the due date, or
 * the due date is at most 7 days away and there is blocked work, or there is no forecast and less than half
 * of the work is done; else `on_track`. Without a due date nothing can be late or at risk by date.
 */
export function milestoneHealth({
  complete,
  today,
  dueDay,
  forecast,
  progress,
  blocked,
}: MilestoneHealthInput): Health {
  if (complete) return 'done';
  if (dueDay === null) return 'on_track';
  if (dueDay < today) return 'late';
  if (forecast.day !== null && forecast.day > dueDay) return 'at_risk';
  const closeToDue = dueDay - today <= AT_RISK_WITHIN_DAYS;
  if (closeToDue && blocked > 0) return 'at_risk';
  if (closeToDue && forecast.method === 'none' && progress.total > 0 && progress.ratio < 0.5)
    return 'at_risk';
  return 'on_track';
}

const SEVERITY: Record<Health, number> = { done: 0, on_track: 1, at_risk: 2, late: 3 };

export interface OverallHealthInput {
  milestones: readonly Health[];
  progress: Progress;
  overdue: number;
}

/**
 * The worst health among milestones that are not done, raised to `at_risk` by overdue work. `done` when
 * nothing is left: every counted task done (or, with no tasks at all, every milestone done).
 */
export function overallHealth({ milestones, progress, overdue }: OverallHealthInput): Health {
  let worst: Health | null = null;
  for (const health of milestones) {
    if (health !== 'done' && (worst === null || SEVERITY[health] > SEVERITY[worst])) worst = health;
  }
  if (worst === null) {
    const allDone = progress.total > 0 ? progress.done === progress.total : milestones.length > 0;
    if (allDone) return 'done';
    worst = 'on_track';
  }
  return overdue > 0 && worst === 'on_track' ? 'at_risk' : worst;
}

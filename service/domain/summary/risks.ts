import type { SummaryContext, TaskFacts } from './context';
import type { SyncHealth } from './freshness';
import type { DetectedRisk, MilestoneSummary } from './types';

/** A risk names at most this many tasks; its count stays exact. */
export const MAX_RISK_TASK_IDS = 20;

/**
 * Detected risks, most severe kind first: failed sync, stale sync, forecast past due, overdue work, blocked
 * work. Within a kind, milestones keep the summary's order (by due date); work in no milestone comes last.
 * `milestones` are the summaries of `context.milestones`, in the same order.
 */
export function detectRisks(
  context: SummaryContext,
  milestones: readonly MilestoneSummary[],
  sync: SyncHealth,
): DetectedRisk[] {
  const risks: DetectedRisk[] = [];
  if (sync.failure) risks.push({ kind: 'failed_sync', ...sync.failure });
  if (sync.staleness) risks.push({ kind: 'stale_sync', ...sync.staleness });

  for (const summary of milestones) {
    const { forecastDate, dueDate } = summary;
    if (summary.health === 'done' || forecastDate === null || dueDate === null) continue;
    const dueDay = context.calendar.parse(dueDate);
    const forecastDay = context.calendar.parse(forecastDate);
    if (dueDay !== null && forecastDay !== null && forecastDay > dueDay) {
      const days = forecastDay - dueDay;
      risks.push({ kind: 'forecast_past_due', milestoneId: summary.id, dueDate, forecastDate, days });
    }
  }

  const groups: { milestoneId: string | null; tasks: readonly TaskFacts[] }[] = [
    ...context.milestones.map((facts) => ({ milestoneId: facts.milestone.id, tasks: facts.tasks })),
    { milestoneId: null, tasks: context.unplanned },
  ];
  for (const kind of ['overdue_work', 'blocked_work'] as const) {
    const matches = kind === 'overdue_work' ? isOverdue : isBlocked;
    for (const { milestoneId, tasks } of groups) {
      // Tasks are in list order, so the ids named are the ones due soonest (most overdue first).
      const taskIds: string[] = [];
      let count = 0;
      for (const facts of tasks) {
        if (!matches(facts)) continue;
        count += 1;
        if (taskIds.length < MAX_RISK_TASK_IDS) taskIds.push(facts.task.id);
      }
      if (count > 0) risks.push({ kind, count, milestoneId, taskIds });
    }
  }
  return risks;
}

const isOverdue = (facts: TaskFacts): boolean => facts.overdue;
const isBlocked = (facts: TaskFacts): boolean => facts.blocked;

import { formatDay, type Day } from './calendar';
import type { MilestoneFacts, SummaryContext } from './context';
import { forecast, recentCompletions, type Forecast } from './forecast';
import { milestoneHealth } from './health';
import { tally } from './progress';
import { dueDateHistory } from './slips';
import type { MilestoneSummary } from './types';

/** One milestone: progress, forecast, health and slips over its counted tasks. */
export function summarizeMilestone(facts: MilestoneFacts, context: SummaryContext): MilestoneSummary {
  const { milestone, tasks, dueDay } = facts;
  const { today, calendar } = context;
  const counts = tally(tasks);
  const { done, total } = counts.byCount;
  const complete = milestone.status === 'done' || (total > 0 && done === total);

  let completedMs: number | null = null;
  let result: Forecast;
  if (complete) {
    completedMs = milestone.completedAt?.getTime() ?? latestCompletion(facts);
    // Nothing is forecast for finished work: the date is when it finished (else when it was due).
    const completedDay = completedMs === null ? null : calendar.dayOf(new Date(completedMs));
    result = { day: completedDay ?? dueDay, method: 'none' };
  } else {
    const windowDays = Math.max(1, Math.floor(context.options.throughputWindowDays));
    result = forecast({
      today,
      done,
      total,
      recent: recentCompletions(tasks, today, windowDays),
      windowDays,
      startDay: facts.startDay ?? earliestCreation(facts),
    });
  }

  const { plannedDate, slips } = dueDateHistory(milestone, calendar);
  return {
    id: milestone.id,
    name: milestone.name,
    kind: milestone.kind,
    startDate: milestone.startDate,
    dueDate: milestone.dueDate,
    plannedDate,
    forecastDate: result.day === null ? null : formatDay(result.day),
    forecastMethod: result.method,
    health: milestoneHealth({
      complete,
      today,
      dueDay,
      forecast: result,
      progress: counts.byCount,
      blocked: counts.blocked,
    }),
    progress: counts.byCount,
    byEstimate: counts.byEstimate,
    slips,
    completedAt: completedMs === null ? null : new Date(completedMs).toISOString(),
    tasks: tasks.map((task) => task.ref),
  };
}

function latestCompletion({ tasks }: MilestoneFacts): number | null {
  let latest: number | null = null;
  for (const facts of tasks) {
    if (facts.completedMs !== null && (latest === null || facts.completedMs > latest))
      latest = facts.completedMs;
  }
  return latest;
}

function earliestCreation({ tasks }: MilestoneFacts): Day | null {
  let earliest: Day | null = null;
  for (const facts of tasks) {
    if (facts.createdDay !== null && (earliest === null || facts.createdDay < earliest))
      earliest = facts.createdDay;
  }
  return earliest;
}

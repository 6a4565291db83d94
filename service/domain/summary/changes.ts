import { compareNullable, compareText, type TaskFacts } from './context';
import type { Slip, Summary, SummaryInput } from './types';

/**
 * What happened since the previous published update: counted tasks completed after it (in the order they
 * were completed), counted tasks created after it (added scope, in the order they appeared) and due-date
 * changes seen after it (oldest first). Nothing to compare with before the first update.
 */
export function changesSince(
  previous: SummaryInput['previous'],
  tasks: readonly TaskFacts[],
  slips: readonly Slip[],
): Summary['changes'] {
  if (previous === null) return { since: null, completed: [], added: [], slips: [] };
  const since = previous.publishedAt.getTime();
  const completed = tasks
    .filter((facts) => facts.completedMs !== null && facts.completedMs > since)
    .sort((a, b) => compareNullable(a.completedMs, b.completedMs) || compareText(a.task.id, b.task.id));
  const added = tasks
    .filter((facts) => facts.createdMs > since)
    .sort((a, b) => a.createdMs - b.createdMs || compareText(a.task.id, b.task.id));
  return {
    since: previous.publishedAt.toISOString(),
    completed: completed.map((facts) => facts.ref),
    added: added.map((facts) => facts.ref),
    slips: slips
      .map((slip) => ({ slip, at: Date.parse(slip.at) }))
      .filter(({ at }) => at > since)
      .sort((a, b) => a.at - b.at)
      .map(({ slip }) => slip),
  };
}

import { burnup } from './burnup';
import { changesSince } from './changes';
import { buildContext } from './context';
import { syncHealth } from './freshness';
import { overallHealth } from './health';
import { summarizeMilestone } from './milestone';
import { tally } from './progress';
import { detectRisks } from './risks';
import type { Summary, SummaryInput } from './types';

/**
 * The summary of a project as of `now`: pure and deterministic (no clock, no I/O). See ./README.md for
 * the rules each part follows.
 */
export function summarize(input: SummaryInput): Summary {
  const context = buildContext(input);
  const counts = tally(context.tasks);
  const milestones = context.milestones.map((facts) => summarizeMilestone(facts, context));
  const sync = syncHealth(input.source, input.sync, input.now, context.options.staleAfterHours);
  // `now` matters only through today's date and the data's age: until the earlier of the next local
  // midnight and the age's next change, the same input gives the same summary.
  const tomorrow = context.calendar.startOf(context.today + 1);
  const validUntil = sync.changesAt && sync.changesAt < tomorrow ? sync.changesAt : tomorrow;

  return {
    version: 1,
    generatedAt: input.now.toISOString(),
    validUntil: validUntil.toISOString(),
    project: { id: input.project.id, name: input.project.name },
    overall: {
      byCount: counts.byCount,
      byEstimate: counts.byEstimate,
      remaining: counts.remaining,
      blocked: counts.blocked,
      overdue: counts.overdue,
      health: overallHealth({
        milestones: milestones.map((milestone) => milestone.health),
        progress: counts.byCount,
        overdue: counts.overdue,
      }),
    },
    milestones,
    unplanned: context.unplanned.map((facts) => facts.ref),
    changes: changesSince(
      input.previous,
      context.tasks,
      milestones.flatMap((milestone) => milestone.slips),
    ),
    risks: detectRisks(context, milestones, sync),
    freshness: sync.freshness,
    burnup: burnup(
      context.tasks,
      context.milestones.map((facts) => facts.startDay),
      context.today,
    ),
  };
}

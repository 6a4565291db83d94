import { getNextMillis } from 'bullmq';
import type { Logger } from 'pino';
import { cronPattern, nextRunAt } from '../domain/cadence';
import type { Queues } from '../jobs/queues';
import type { Db } from '../store/db';
import { listPlans, markScheduled, unscheduledPlans } from '../store/comm-plans.store';
import type { CommPlanRow } from '../store/schema';

export type CommPlanSchedules = ReturnType<typeof createCommPlanSchedules>;

/**
 * One BullMQ job scheduler per plan, its id the plan id: upserting it again (a second PUT, several worker
 * processes reconciling at start) replaces it, so there is never more than one schedule per plan. The row
 * is the truth: `version` ≠ `scheduledVersion` marks a plan whose scheduler still has to be written (saved
 * while Redis was away), which every worker's notify dispatcher tick retries.
 */
export function createCommPlanSchedules(deps: { db: Db; queues: Queues; logger: Logger }) {
  const { db, queues, logger } = deps;

  async function write(plan: CommPlanRow): Promise<void> {
    await queues.cadence.upsertJobScheduler(
      // BullMQ types the scheduler id as the job name; any string is a valid id.
      plan.id as 'cadence',
      { pattern: cronPattern(plan.cadence), tz: plan.cadence.timezone },
      { name: 'cadence', data: { kind: 'cycle', planId: plan.id } },
    );
    await markScheduled(db, plan.id, plan.version);
  }

  return {
    write,

    /** After a PUT. Best effort: when Redis is away the plan stays unscheduled and a worker writes it later. */
    async apply(plan: CommPlanRow): Promise<boolean> {
      try {
        await write(plan);
        return true;
      } catch (error) {
        logger.warn(
          { err: error, planId: plan.id },
          'comm plan saved; its schedule will be written once Redis answers',
        );
        return false;
      }
    },

    /** After a DELETE. When Redis is away the scheduler fires once more, finds no plan and removes itself. */
    async remove(planId: string): Promise<void> {
      try {
        await queues.cadence.removeJobScheduler(planId);
      } catch (error) {
        logger.warn({ err: error, planId }, 'comm plan deleted; its schedule goes at its next run');
      }
    },

    /** Writes the schedulers of plans changed since theirs was written. */
    async syncPending(): Promise<number> {
      const plans = await unscheduledPlans(db, 100);
      for (const plan of plans) await write(plan);
      return plans.length;
    },

    /**
     * At worker start: every plan's scheduler written again (a Redis that lost its data gets them back) and
     * schedulers without a plan removed. Schedulers are listed before plans, so a plan created meanwhile
     * (its row commits before its scheduler is written) is never taken for an orphan.
     */
    async reconcile(): Promise<{ plans: number; removed: number }> {
      const schedulers = await queues.cadence.getJobSchedulers(0, -1, true);
      const ids = new Set<string>();
      let after: string | undefined;
      for (;;) {
        const page = await listPlans(db, after, 200);
        for (const plan of page) {
          ids.add(plan.id);
          await write(plan);
        }
        after = page.at(-1)?.id;
        if (page.length < 200) break;
      }
      let removed = 0;
      for (const scheduler of schedulers)
        if (!ids.has(scheduler.key)) {
          await queues.cadence.removeJobScheduler(scheduler.key);
          removed += 1;
        }
      return { plans: ids.size, removed };
    },

    /** The next cycle, from the scheduler (a biweekly plan's off week skipped); undefined when unknown. */
    async nextRunAt(plan: CommPlanRow): Promise<Date | undefined> {
      try {
        const scheduler = await queues.cadence.getJobScheduler(plan.id);
        if (!scheduler?.next) return undefined;
        const repeat = { pattern: cronPattern(plan.cadence), tz: plan.cadence.timezone };
        return nextRunAt(plan.cadence, plan.anchorWeek, new Date(scheduler.next), (after) => {
          const next = getNextMillis(after.getTime(), repeat);
          return next === undefined ? undefined : new Date(next);
        });
      } catch {
        return undefined;
      }
    },
  };
}

import { cronPattern, cycleStart, isRunWeek } from '../domain/cadence';
import type { ChannelRef, DeliveryPurpose } from '../domain/comm-plan';
import type { Db } from '../store/db';
import { insertDeliveries } from '../store/channel-deliveries.store';
import {
  draftSince,
  getPlanById,
  getPlanOfProject,
  getUpdateById,
  markUnscheduled,
} from '../store/comm-plans.store';
import { newId } from '../store/ids';
import type { CommPlanRow, UpdateRow } from '../store/schema';
import { insertUpdate } from '../store/updates.store';
import { openChannels, openPmNotify } from './comm-plan-seal';
import type { SummariesService } from './summaries.service';
import { prefill } from './updates.service';

const HOUR_MS = 3_600_000;

export interface CommPlanCycleDeps {
  db: Db;
  secretKey: Buffer;
  summaries: SummariesService;
}

/** One firing of a plan's scheduler: when it was due, and the pattern and zone it was scheduled with. */
export interface CycleRun {
  at: Date;
  pattern?: string | undefined;
  timezone?: string | undefined;
}

export type CycleOutcome =
  /** The plan was deleted: its scheduler should go too. */
  | { kind: 'no_plan' }
  /** The scheduler fired with another cadence than the plan's (changed meanwhile): it is rewritten. */
  | { kind: 'stale_schedule' }
  /** Biweekly, and this is the week in between. */
  | { kind: 'off_week' }
  | { kind: 'drafted' | 'reused'; updateId: string; notices: number; reminderDelayMs: number };

export type CommPlanCycle = ReturnType<typeof createCommPlanCycle>;

/**
 * What a plan does on its own: at cadence time, a pre-filled draft (unless this cycle has an unpublished
 * one already) and a "ready to review" notice to the PM; after the grace period, one reminder while the draft
 * is unpublished; at publish, one send per client channel. Every send is a `channel_delivery` row written in
 * the transaction of its cause (the outbox); one per update, purpose and channel, so a retried job or
 * publish adds nothing.
 */
export function createCommPlanCycle(deps: CommPlanCycleDeps) {
  const { db, secretKey } = deps;

  const sends = (plan: CommPlanRow, updateId: string, purpose: DeliveryPurpose, channels: ChannelRef[]) =>
    channels.map((c) => ({
      id: newId(),
      workspaceId: plan.workspaceId,
      projectId: plan.projectId,
      updateId,
      purpose,
      channelId: c.id,
      channelType: c.type,
      channelName: c.name,
    }));

  return {
    async runCycle(planId: string, run: CycleRun): Promise<CycleOutcome> {
      const plan = await getPlanById(db, planId);
      if (!plan) return { kind: 'no_plan' };
      if (
        run.pattern !== undefined &&
        (run.pattern !== cronPattern(plan.cadence) || run.timezone !== plan.cadence.timezone)
      ) {
        await markUnscheduled(db, plan.id);
        return { kind: 'stale_schedule' };
      }
      if (!isRunWeek(plan.cadence, plan.anchorWeek, run.at)) return { kind: 'off_week' };
      const existing = await draftSince(db, plan.projectId, cycleStart(plan.cadence, run.at));
      const content = existing
        ? undefined
        : await deps.summaries
            .current(plan.workspaceId, plan.projectId)
            .then((view) => prefill(view.summary, view.locale));
      const pm = openPmNotify(secretKey, plan);
      const { draft, notices } = await db.transaction(async (tx) => {
        const draft =
          existing ??
          (await insertUpdate(tx, {
            workspaceId: plan.workspaceId,
            projectId: plan.projectId,
            content: content!,
          }));
        const ids = await insertDeliveries(tx, sends(plan, draft.id, 'draft_ready', pm));
        return { draft, notices: ids.length };
      });
      return {
        kind: existing ? 'reused' : 'drafted',
        updateId: draft.id,
        notices,
        reminderDelayMs: plan.graceHours * HOUR_MS,
      };
    },

    /** The reminder after the grace period: only while the draft is unpublished and the plan exists. */
    async remind(planId: string, updateId: string): Promise<number> {
      const plan = await getPlanById(db, planId);
      const update = await getUpdateById(db, updateId);
      if (!plan || !update || update.status !== 'draft' || update.projectId !== plan.projectId) return 0;
      const ids = await insertDeliveries(
        db,
        sends(plan, update.id, 'reminder', openPmNotify(secretKey, plan)),
      );
      return ids.length;
    },

    /** Called in the publish transaction: one send per client channel of the project's plan. */
    async recordUpdateSends(tx: Db, update: UpdateRow): Promise<number> {
      const plan = await getPlanOfProject(tx, update.projectId);
      if (!plan) return 0;
      const ids = await insertDeliveries(tx, sends(plan, update.id, 'update', openChannels(secretKey, plan)));
      return ids.length;
    },
  };
}

import type { IsoDate } from '../model';
import type { ZoneCalendar } from './calendar';
import type { Slip, SummaryMilestoneInput } from './types';

export interface DueDateHistory {
  /** The first due date ever seen; the current due date when it never changed. */
  plannedDate: IsoDate | null;
  slips: Slip[];
}

/**
 * Slips from a milestone's due-date history (changes as ClientLens saw them, stored
 * oldest first). Setting a date
 * for the first time (`from` null) is not a slip, but moving that date later is; a change to the same date
 * is not a change. A date that is removed is a slip of unknown length (`days` null).
 */
export function dueDateHistory(milestone: SummaryMilestoneInput, calendar: ZoneCalendar): DueDateHistory {
  let plannedDate: IsoDate | null = null;
  const slips: Slip[] = [];
  for (const change of milestone.dueHistory) {
    plannedDate ??= change.from ?? change.to;
    if (change.from === null || change.from === change.to) continue;
    const from = calendar.parse(change.from);
    const to = calendar.parse(change.to);
    slips.push({
      milestoneId: milestone.id,
      milestoneName: milestone.name,
      from: change.from,
      to: change.to,
      at: change.at,
      days: from === null || to === null ? null : to - from,
    });
  }
  return { plannedDate: plannedDate ?? milestone.dueDate, slips };
}

import { zoneCalendar } from './summary/calendar';

/**
 * Communication health for the PM: how clients read and rate the updates, how fast the PM answers them,
 * how long since the last update. The store sums and counts in SQL; what is left to compute (median,
 * averages, calendar days in the project's zone) is here, without I/O.
 */

/** One published update as the store aggregates it. */
export interface UpdateStats {
  id: string;
  publishedAt: Date;
  headline: string;
  views: number;
  ratings: number;
  ratingSum: number;
}

export interface CommHealthInput {
  /** The last published updates, newest first. */
  updates: readonly UpdateStats[];
  /** answeredAt − createdAt of each answered feedback item, in seconds. */
  responseSeconds: readonly number[];
  openFeedback: number;
  overdueFeedback: number;
  timeZone: string;
  now: Date;
}

export interface UpdateHealth {
  id: string;
  publishedAt: Date;
  headline: string;
  views: number;
  ratings: number;
  averageRating: number | null;
}

export interface CommHealth {
  updates: UpdateHealth[];
  medianResponseHours: number | null;
  answeredFeedback: number;
  openFeedback: number;
  overdueFeedback: number;
  daysSinceLastUpdate: number | null;
  lastPublishedAt: Date | null;
  timeZone: string;
}

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Mean of `count` ratings summing to `sum`, to 2 decimals; null when nobody rated. */
export const averageRating = (sum: number, count: number): number | null =>
  count > 0 ? round(sum / count, 2) : null;

/** The median response time in wall-clock hours, to 0.1 h; null when nothing was answered. */
export function medianResponseHours(responseSeconds: readonly number[]): number | null {
  const middle = median(responseSeconds.map((seconds) => Math.max(0, seconds)));
  return middle === null ? null : round(middle / 3600, 1);
}

/**
 * Whole calendar days from `from` to `now` in the zone: published at 23:30 and read at 00:10 the next
 * local day is 1, read 20 hours later the same local day is 0. Never negative (a clock behind the
 * database reads as today).
 */
export function daysSince(from: Date, now: Date, timeZone: string): number {
  const calendar = zoneCalendar(timeZone);
  const start = calendar.dayOf(from);
  const today = calendar.dayOf(now);
  if (start === null || today === null) throw new RangeError('daysSince needs valid dates');
  return Math.max(0, today - start);
}

export function commHealth(input: CommHealthInput): CommHealth {
  const latest = input.updates.reduce<Date | null>(
    (max, update) => (max === null || update.publishedAt > max ? update.publishedAt : max),
    null,
  );
  return {
    updates: input.updates.map(({ ratingSum, ...update }) => ({
      ...update,
      averageRating: averageRating(ratingSum, update.ratings),
    })),
    medianResponseHours: medianResponseHours(input.responseSeconds),
    answeredFeedback: input.responseSeconds.length,
    openFeedback: input.openFeedback,
    overdueFeedback: input.overdueFeedback,
    daysSinceLastUpdate: latest === null ? null : daysSince(latest, input.now, input.timeZone),
    lastPublishedAt: latest,
    timeZone: input.timeZone,
  };
}

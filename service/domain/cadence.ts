import type { IsoDate } from './model';

/**
 * When a communication plan runs: weekly or every other week on a weekday, or monthly on a day (1–28, so
 * every month has it), at a full hour in an IANA time zone. BullMQ's job scheduler fires a cron pattern in
 * that zone (cron-parser handles DST: a run in the spring-forward gap happens at the first hour after it, a
 * run in the repeated autumn hour happens once). Cron cannot say "every other week", so biweekly runs the
 * weekly pattern and skips the weeks of the wrong parity, counted in whole local calendar weeks from an
 * anchor week stored with the plan. Pure: no clock, no I/O.
 */
export const FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type Cadence =
  | { frequency: 'weekly' | 'biweekly'; weekday: Weekday; hour: number; timezone: string }
  | { frequency: 'monthly'; dayOfMonth: number; hour: number; timezone: string };

const DAY_MS = 86_400_000;

/** The cron pattern (minute hour day-of-month month day-of-week) BullMQ fires in `cadence.timezone`. */
export function cronPattern(cadence: Cadence): string {
  if (cadence.frequency === 'monthly') return `0 ${cadence.hour} ${cadence.dayOfMonth} * *`;
  // Cron counts days of the week from Sunday = 0.
  return `0 ${cadence.hour} * * ${(WEEKDAYS.indexOf(cadence.weekday) + 1) % 7}`;
}

/** An IANA zone name (not an offset or an abbreviation Intl happens to know) that Intl can use. */
export function isIanaTimeZone(value: string): boolean {
  if (value !== 'UTC' && !/^[A-Za-z][A-Za-z_+-]*(\/[A-Za-z0-9_+-]+){1,2}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling (`asia/shanghai` → `Asia/Shanghai`), as stored and given to BullMQ. */
export const canonicalTimeZone = (value: string): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;

export interface LocalTime {
  date: IsoDate;
  weekday: Weekday;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time of an instant in a zone. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`,
    weekday: part('weekday').toLowerCase() as Weekday,
    hour: Number(part('hour')) % 24,
    minute: Number(part('minute')),
  };
}

const dayNumber = (date: IsoDate): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const fromDayNumber = (days: number): IsoDate => new Date(days * DAY_MS).toISOString().slice(0, 10);
export const addDays = (date: IsoDate, days: number): IsoDate => fromDayNumber(dayNumber(date) + days);

/** The Monday of the (ISO, Monday-first) week holding `date`. */
export function mondayOf(date: IsoDate): IsoDate {
  const days = dayNumber(date);
  // 1970-01-01 was a Thursday: day 0 is weekday index 3 (Monday = 0).
  const index = (((days + 3) % 7) + 7) % 7;
  return fromDayNumber(days - index);
}

/** Whole calendar weeks from the anchor's week to the week of `date` (negative before it). */
export const weeksSince = (anchorWeek: IsoDate, date: IsoDate): number =>
  Math.round((dayNumber(mondayOf(date)) - dayNumber(mondayOf(anchorWeek))) / 7);

/**
 * Whether a run at `instant` falls in a week the plan runs: always, except for biweekly plans, which run
 * in the anchor's week and every second week from it (in the plan's zone, so DST never moves a run to
 * the other parity).
 */
export function isRunWeek(cadence: Cadence, anchorWeek: IsoDate | null, instant: Date): boolean {
  if (cadence.frequency !== 'biweekly' || !anchorWeek) return true;
  return weeksSince(anchorWeek, localTime(instant, cadence.timezone).date) % 2 === 0;
}

/**
 * The anchor of a new biweekly plan: the Monday of the week of its first run at or after `now`, so the
 * first run is the next weekday at that hour, never a fortnight away.
 */
export function anchorWeekFor(cadence: Extract<Cadence, { weekday: Weekday }>, now: Date): IsoDate {
  const local = localTime(now, cadence.timezone);
  const monday = mondayOf(local.date);
  const runDate = addDays(monday, WEEKDAYS.indexOf(cadence.weekday));
  const ahead = runDate > local.date || (runDate === local.date && local.hour < cadence.hour);
  return ahead ? monday : addDays(monday, 7);
}

/**
 * When the cycle that ends with the run at `runAt` started: the previous run of the cadence (a week, two
 * weeks, or the same day a month before), within an hour when a DST change lies between them. A draft
 * created after it belongs to this cycle.
 */
export function cycleStart(cadence: Cadence, runAt: Date): Date {
  if (cadence.frequency !== 'monthly')
    return new Date(runAt.getTime() - (cadence.frequency === 'weekly' ? 7 : 14) * DAY_MS);
  const { date } = localTime(runAt, cadence.timezone);
  const [year, month] = date.split('-').map(Number) as [number, number];
  const previous = `${month === 1 ? year - 1 : year}-${String(month === 1 ? 12 : month - 1).padStart(2, '0')}-${String(cadence.dayOfMonth).padStart(2, '0')}`;
  return new Date(runAt.getTime() - (dayNumber(date) - dayNumber(previous)) * DAY_MS);
}

/**
 * The first run at or after the scheduler's next fire time: for a biweekly plan whose scheduler next
 * fires in an off week, the firing a week later (`nextFiring` gives the scheduler's firing after a time).
 */
export function nextRunAt(
  cadence: Cadence,
  anchorWeek: IsoDate | null,
  schedulerNext: Date,
  nextFiring: (after: Date) => Date | undefined,
): Date | undefined {
  if (isRunWeek(cadence, anchorWeek, schedulerNext)) return schedulerNext;
  return nextFiring(schedulerNext);
}

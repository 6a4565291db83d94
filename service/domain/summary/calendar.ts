import type { IsoDate } from '../model';

/**
 * Calendar arithmetic on day numbers (whole days since 1970-01-01), so the summary compares integers per
 * task and per burn-up point instead of building Date objects. Instants become days in the project's time
 * zone: a task completed at 2026-03-10T20:00Z was completed on the 11th in Shanghai.
 */
export type Day = number;

export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a `YYYY-MM-DD` date; null for null or anything that is not a real calendar date. */
export function parseIsoDay(iso: IsoDate | null): Day | null {
  if (iso === null) return null;
  const match = ISO_DATE.exec(iso);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function formatDay(day: Day): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export interface ZoneCalendar {
  readonly timeZone: string;
  /** The calendar day of an instant in the zone; null for null or an invalid Date. */
  dayOf(instant: Date | null): Day | null;
  /** `parseIsoDay`, remembered: a project has far fewer distinct due dates than tasks. */
  parse(iso: IsoDate | null): Day | null;
  /** The instant a calendar day begins in the zone (its first wall-clock second, even across DST). */
  startOf(day: Day): Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone: a misconfigured zone must not silently become UTC.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * A calendar for one summary. Formatting every instant through Intl would cost microseconds per task, so
 * it learns the zone's UTC offset once per UTC day (checked at both ends of the day) and formats single
 * instants only on the rare days when the offset changes (daylight saving transitions).
 */
export function zoneCalendar(timeZone: string): ZoneCalendar {
  const formatter = wallClockFormatter(timeZone);
  const offsetByUtcDay = new Map<number, number>();
  const parsed = new Map<string, Day | null>();

  const offsetAt = (ms: number): number => {
    const whole = ms - (((ms % 1000) + 1000) % 1000);
    const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of formatter.formatToParts(new Date(whole))) {
      if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
    }
    const local = Date.UTC(
      fields.year,
      fields.month - 1,
      fields.day,
      fields.hour,
      fields.minute,
      fields.second,
    );
    return local - whole;
  };

  return {
    timeZone,
    dayOf(instant) {
      if (instant === null) return null;
      const ms = instant.getTime();
      if (!Number.isFinite(ms)) return null;
      const utcDay = Math.floor(ms / MS_PER_DAY);
      let offset = offsetByUtcDay.get(utcDay);
      if (offset === undefined) {
        const start = offsetAt(utcDay * MS_PER_DAY);
        // NaN marks a day whose offset changes: those instants are formatted one by one.
        offset = start === offsetAt((utcDay + 1) * MS_PER_DAY - 1000) ? start : Number.NaN;
        offsetByUtcDay.set(utcDay, offset);
      }
      if (Number.isNaN(offset)) offset = offsetAt(ms);
      return Math.floor((ms + offset) / MS_PER_DAY);
    },
    startOf(day) {
      // The offset at the day's UTC start is right except when the offset changes in between: one more
      // step with the offset at the first guess lands on the local midnight (or the first instant after a
      // skipped one).
      const local = day * MS_PER_DAY;
      const guess = local - offsetAt(local);
      return new Date(local - offsetAt(guess));
    },
    parse(iso) {
      if (iso === null) return null;
      let day = parsed.get(iso);
      if (day === undefined) {
        day = parseIsoDay(iso);
        parsed.set(iso, day);
      }
      return day;
    },
  };
}

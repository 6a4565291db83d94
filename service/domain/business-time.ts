import { zoneCalendar, type Day, type ZoneCalendar } from './summary/calendar';

/**
 * Business time for response targets: only the hours of Monday to Friday count, whole days (no office
 * hours), in the project's time zone. "One business day" is 24 such hours: a question sent on Friday at
 * 15:00 is due on Monday at 15:00, one sent on Saturday on Tuesday at 00:00. Days are the zone's own, so
 * a daylight-saving day counts its 23 or 25 real hours.
 */
export const DEFAULT_RESPONSE_TARGET_HOURS = 24;
export const MAX_RESPONSE_TARGET_HOURS = 720;

const calendars = new Map<string, ZoneCalendar>();
function calendarOf(timeZone: string): ZoneCalendar {
  let calendar = calendars.get(timeZone);
  if (!calendar) {
    calendar = zoneCalendar(timeZone);
    calendars.set(timeZone, calendar);
  }
  return calendar;
}

/** 1970-01-01 (day 0) was a Thursday. */
const isWeekday = (day: Day): boolean => {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday … 6 = Saturday
  return weekday >= 1 && weekday <= 5;
};

/** The instant `hours` of business time after `from`. */
export function addBusinessHours(from: Date, hours: number, timeZone: string): Date {
  const calendar = calendarOf(timeZone);
  let remaining = Math.max(0, hours) * 3_600_000;
  let cursor = from.getTime();
  let day = calendar.dayOf(from);
  if (day === null) throw new RangeError('addBusinessHours needs a valid date');
  // A target is at most 30 days of business time: the loop ends within about 6 weeks of days.
  for (;;) {
    const end = calendar.startOf(day + 1).getTime();
    if (isWeekday(day)) {
      const available = end - cursor;
      if (remaining <= available) return new Date(cursor + remaining);
      remaining -= available;
    }
    day += 1;
    cursor = end;
  }
}

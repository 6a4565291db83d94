import type { IsoDate } from './model';

/**
 * Upstream tools send instants as 10-digit Unix seconds (PingCode: "all times are 10-digit Unix
 * seconds", https://open.pingcode.com). A due date of "2026-03-01 00:00 Asia/Shanghai" is the
 * previous day in UTC, so calendar dates are always read in the connection's time zone.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone: a misconfigured zone must not silently become UTC.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Upstreams use 0 (and null) for "not set"; anything else that is not a finite number is not an instant. */
function isSet(seconds: number | null | undefined): seconds is number {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds !== 0;
}

export function unixToInstant(seconds: number | null | undefined): Date | null {
  return isSet(seconds) ? new Date(seconds * 1000) : null;
}

export function unixToDate(seconds: number | null | undefined, timeZone: string): IsoDate | null {
  const instant = unixToInstant(seconds);
  if (!instant) return null;
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const year = part('year').padStart(4, '0');
  return `${year}-${part('month')}-${part('day')}`;
}

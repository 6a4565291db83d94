import { describe, expect, test } from 'vitest';
import { unixToDate } from '../../service/domain/dates';
import { formatDay, parseIsoDay, zoneCalendar } from '../../service/domain/summary/calendar';

describe('parseIsoDay / formatDay', () => {
  test.each([
    { iso: '1970-01-01', day: 0 },
    { iso: '1970-01-02', day: 1 },
    { iso: '1969-12-31', day: -1 },
    { iso: '2026-03-10', day: 20522 },
    { iso: '2024-02-29', day: 19782 },
  ])('$iso ↔ day $day', ({ iso, day }) => {
    expect(parseIsoDay(iso)).toBe(day);
    expect(formatDay(day)).toBe(iso);
  });

  test.each([
    null,
    '',
    '2026-3-10',
    '2026-03-10T00:00:00Z',
    '2026-02-29',
    '2100-02-29',
    '2026-13-01',
    '2026-04-31',
  ])('%s is no date', (iso) => {
    expect(parseIsoDay(iso)).toBeNull();
  });
});

describe('zoneCalendar.dayOf', () => {
  test.each([
    // 20:00 in Shanghai is still the 10th; 00:30 is the 11th.
    { instant: '2026-03-10T12:00:00Z', zone: 'Asia/Shanghai', expected: '2026-03-10' },
    { instant: '2026-03-10T16:30:00Z', zone: 'Asia/Shanghai', expected: '2026-03-11' },
    { instant: '2026-03-10T23:59:59Z', zone: 'UTC', expected: '2026-03-10' },
    // Daylight saving starts in Los Angeles on 2026-03-08 (UTC−8 → UTC−7).
    { instant: '2026-03-08T07:59:59Z', zone: 'America/Los_Angeles', expected: '2026-03-07' },
    { instant: '2026-03-08T08:00:00Z', zone: 'America/Los_Angeles', expected: '2026-03-08' },
    { instant: '2026-03-11T06:59:59Z', zone: 'America/Los_Angeles', expected: '2026-03-10' },
    { instant: '2026-03-11T07:00:00Z', zone: 'America/Los_Angeles', expected: '2026-03-11' },
    // Half-hour offsets and a half-hour daylight saving shift (Lord Howe: +11 → +10:30 on 2026-04-05).
    { instant: '2026-03-10T18:29:59Z', zone: 'Asia/Kolkata', expected: '2026-03-10' },
    { instant: '2026-03-10T18:30:00Z', zone: 'Asia/Kolkata', expected: '2026-03-11' },
    { instant: '2026-04-04T12:59:59Z', zone: 'Australia/Lord_Howe', expected: '2026-04-04' },
    { instant: '2026-04-04T13:00:00Z', zone: 'Australia/Lord_Howe', expected: '2026-04-05' },
    { instant: '2026-04-05T13:29:59Z', zone: 'Australia/Lord_Howe', expected: '2026-04-05' },
    { instant: '2026-04-05T13:30:00Z', zone: 'Australia/Lord_Howe', expected: '2026-04-06' },
  ])('$instant in $zone → $expected', ({ instant, zone, expected }) => {
    const day = zoneCalendar(zone).dayOf(new Date(instant));
    expect(day === null ? null : formatDay(day)).toBe(expected);
  });

  test.each([
    'UTC',
    'Asia/Shanghai',
    'America/New_York',
    'Europe/Paris',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
  ])('agrees with unixToDate every 37 minutes over a year in %s', (zone) => {
    const calendar = zoneCalendar(zone);
    const start = Date.UTC(2025, 9, 1) / 1000;
    for (let seconds = start; seconds < start + 366 * 86_400; seconds += 37 * 60) {
      const day = calendar.dayOf(new Date(seconds * 1000));
      expect(day === null ? null : formatDay(day)).toBe(unixToDate(seconds, zone));
    }
  });

  test('null and invalid instants have no day; an unknown zone is an error', () => {
    expect(zoneCalendar('UTC').dayOf(null)).toBeNull();
    expect(zoneCalendar('UTC').dayOf(new Date(Number.NaN))).toBeNull();
    expect(() => zoneCalendar('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

import { describe, expect, test } from 'vitest';
import { unixToDate, unixToInstant } from '../../service/domain/dates';

describe('unixToDate', () => {
  test.each([
    // Midnight in Shanghai is still the previous afternoon in UTC.
    { seconds: 1740758400, zone: 'Asia/Shanghai', expected: '2025-03-01' },
    { seconds: 1740758400, zone: 'UTC', expected: '2025-02-28' },
    { seconds: 1740758400, zone: 'America/Los_Angeles', expected: '2025-02-28' },
    // New Year across zones.
    { seconds: 1735660800, zone: 'Asia/Shanghai', expected: '2025-01-01' },
    { seconds: 1735689599, zone: 'UTC', expected: '2024-12-31' },
    { seconds: 1735689599, zone: 'Asia/Shanghai', expected: '2025-01-01' },
    // Leap day.
    { seconds: 1709164800, zone: 'UTC', expected: '2024-02-29' },
    { seconds: 1709164800, zone: 'America/Los_Angeles', expected: '2024-02-28' },
    // The PingCode documentation example (start_at of SCR-3).
    { seconds: 1583290309, zone: 'Asia/Shanghai', expected: '2020-03-04' },
    { seconds: 1583290309, zone: 'America/Los_Angeles', expected: '2020-03-03' },
    // Not set.
    { seconds: 0, zone: 'UTC', expected: null },
    { seconds: null, zone: 'UTC', expected: null },
    { seconds: undefined, zone: 'Asia/Shanghai', expected: null },
    { seconds: Number.NaN, zone: 'UTC', expected: null },
  ])('$seconds in $zone → $expected', ({ seconds, zone, expected }) => {
    expect(unixToDate(seconds, zone)).toBe(expected);
  });

  test('an unknown zone is an error, not silently UTC', () => {
    expect(() => unixToDate(1740758400, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('unixToInstant', () => {
  test.each([
    { seconds: 1740758400, expected: '2025-02-28T16:00:00.000Z' },
    { seconds: 1583290347, expected: '2020-03-04T02:52:27.000Z' },
    { seconds: 0, expected: null },
    { seconds: null, expected: null },
    { seconds: undefined, expected: null },
  ])('$seconds → $expected', ({ seconds, expected }) => {
    expect(unixToInstant(seconds)?.toISOString() ?? null).toBe(expected);
  });
});

import { getNextMillis } from 'bullmq';
import { describe, expect, test } from 'vitest';
import {
  anchorWeekFor,
  cronPattern,
  cycleStart,
  isIanaTimeZone,
  isRunWeek,
  localTime,
  mondayOf,
  nextRunAt,
  weeksSince,
  type Cadence,
} from '../../service/domain/cadence';
import { decideRetry, retryDelayMs } from '../../service/domain/retry';
import { isRedacted, redactChannel, redactUrl } from '../../service/domain/redact';

const weekly = (
  weekday: 'monday' | 'friday' | 'sunday',
  hour: number,
  timezone: string,
  frequency: 'weekly' | 'biweekly' = 'weekly',
): Cadence => ({ frequency, weekday, hour, timezone });

const monthly = (dayOfMonth: number, hour: number, timezone: string): Cadence => ({
  frequency: 'monthly',
  dayOfMonth,
  hour,
  timezone,
});

describe('cron pattern of a cadence', () => {
  test.each([
    [weekly('monday', 9, 'UTC'), '0 9 * * 1'],
    [weekly('friday', 16, 'Europe/Paris'), '0 16 * * 5'],
    [weekly('sunday', 0, 'Asia/Shanghai'), '0 0 * * 0'],
    [monthly(28, 23, 'UTC'), '0 23 28 * *'],
  ])('%o → %s', (cadence, pattern) => expect(cronPattern(cadence)).toBe(pattern));

  // The scheduler's own cron parser, over DST changes: Paris springs forward on 2026-03-29 at 02:00.
  test.each([
    ['2026-03-27T12:00:00Z', weekly('friday', 16, 'Europe/Paris'), '2026-03-27T15:00:00.000Z'],
    ['2026-03-28T12:00:00Z', weekly('monday', 9, 'Europe/Paris'), '2026-03-30T07:00:00.000Z'],
    ['2026-10-23T12:00:00Z', weekly('monday', 9, 'Europe/Paris'), '2026-10-26T08:00:00.000Z'],
    ['2026-03-01T00:00:00Z', weekly('monday', 9, 'Asia/Shanghai'), '2026-03-02T01:00:00.000Z'],
  ])('after %s, %o fires at %s', (after, cadence, expected) => {
    const next = getNextMillis(Date.parse(after), { pattern: cronPattern(cadence), tz: cadence.timezone });
    expect(new Date(next!).toISOString()).toBe(expected);
  });
});

describe('time zones', () => {
  test.each([
    ['Europe/Paris', true],
    ['Asia/Shanghai', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['+02:00', false],
    ['CET ', false],
    ['', false],
  ])('%s → %s', (zone, ok) => expect(isIanaTimeZone(zone)).toBe(ok));

  test.each([
    ['2026-03-29T00:30:00Z', 'Europe/Paris', { date: '2026-03-29', weekday: 'sunday', hour: 1, minute: 30 }],
    ['2026-03-29T01:30:00Z', 'Europe/Paris', { date: '2026-03-29', weekday: 'sunday', hour: 3, minute: 30 }],
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', { date: '2027-01-01', weekday: 'friday', hour: 0, minute: 0 }],
  ])('%s in %s', (iso, zone, expected) => expect(localTime(new Date(iso), zone)).toEqual(expected));
});

describe('biweekly weeks', () => {
  test.each([
    ['2026-12-02', '2026-11-30'],
    ['2026-11-30', '2026-11-30'],
    ['2026-12-06', '2026-11-30'],
    ['2027-01-01', '2026-12-28'],
  ])('the Monday of %s is %s', (date, monday) => expect(mondayOf(date)).toBe(monday));

  test.each([
    ['2026-11-30', '2026-12-06', 0],
    ['2026-11-30', '2026-12-07', 1],
    ['2026-11-30', '2026-12-14', 2],
    ['2026-11-30', '2026-11-29', -1],
  ])('weeks from %s to %s: %i', (anchor, date, weeks) => expect(weeksSince(anchor, date)).toBe(weeks));

  const biweekly: Cadence = { frequency: 'biweekly', weekday: 'friday', hour: 16, timezone: 'Europe/Paris' };
  test.each([
    // Wednesday 2 December 2026, 10:00 in Paris: Friday's run is ahead, so this week is the first.
    ['2026-12-02T09:00:00Z', '2026-11-30'],
    // Friday 4 December at 17:00 in Paris: this week's run has passed; the first is next week.
    ['2026-12-04T16:00:00Z', '2026-12-07'],
    // Friday 4 December at 15:59 in Paris: still ahead.
    ['2026-12-04T14:59:00Z', '2026-11-30'],
  ])('a plan saved at %s is anchored on %s', (now, anchor) => {
    expect(anchorWeekFor(biweekly, new Date(now))).toBe(anchor);
  });

  test.each([
    ['2026-12-04T15:00:00Z', true],
    ['2026-12-11T15:00:00Z', false],
    ['2026-12-18T15:00:00Z', true],
    // Across the end of DST (25 October 2026): parity is counted in local weeks, not hours.
    ['2026-10-23T14:00:00Z', true],
    ['2026-10-30T15:00:00Z', false],
  ])('run at %s in a run week: %s', (iso, expected) => {
    expect(isRunWeek(biweekly, '2026-11-30', new Date(iso))).toBe(expected);
  });

  test('weekly and monthly plans run every time', () => {
    expect(isRunWeek(weekly('friday', 16, 'UTC'), null, new Date('2026-12-11T16:00:00Z'))).toBe(true);
  });

  test('the next run skips an off week', () => {
    const next = nextRunAt(biweekly, '2026-11-30', new Date('2026-12-11T15:00:00Z'), (after) => {
      return new Date(after.getTime() + 7 * 86_400_000);
    });
    expect(next?.toISOString()).toBe('2026-12-18T15:00:00.000Z');
    expect(
      nextRunAt(biweekly, '2026-11-30', new Date('2026-12-04T15:00:00Z'), () => undefined)?.toISOString(),
    ).toBe('2026-12-04T15:00:00.000Z');
  });
});

describe('cycle start', () => {
  test.each([
    [weekly('friday', 16, 'UTC'), '2026-12-04T16:00:00Z', '2026-11-27T16:00:00.000Z'],
    [weekly('friday', 16, 'UTC', 'biweekly'), '2026-12-04T16:00:00Z', '2026-11-20T16:00:00.000Z'],
    [monthly(15, 9, 'UTC'), '2026-03-15T09:00:00Z', '2026-02-15T09:00:00.000Z'],
    [monthly(1, 9, 'UTC'), '2027-01-01T09:00:00Z', '2026-12-01T09:00:00.000Z'],
  ])('%o running at %s started at %s', (cadence, runAt, start) => {
    expect(cycleStart(cadence, new Date(runAt)).toISOString()).toBe(start);
  });
});

describe('retries', () => {
  const schedule = { baseMs: 1000, capMs: 10_000, jitter: 0.5 };
  test.each([
    [1, 0, 1000],
    [2, 0, 2000],
    [3, 0, 4000],
    [5, 0, 10_000],
    [2, 1, 1000],
  ])('attempt %i, random %d → %i ms', (attempt, random, ms) => {
    expect(retryDelayMs(attempt, schedule, () => random)).toBe(ms);
  });

  test.each([
    [{ retryable: false }, 1, { kind: 'give_up', exhausted: false }],
    [{ retryable: true }, 5, { kind: 'give_up', exhausted: true }],
    [{ retryable: true }, 2, { kind: 'retry', delayMs: 2000 }],
    [{ retryable: true, retryAfterMs: 3000 }, 1, { kind: 'retry', delayMs: 3000 }],
    [{ retryable: true, retryAfterMs: 99_000_000 }, 1, { kind: 'retry', delayMs: 10_000 }],
  ])('%o after attempt %i of 5 → %o', (failure, attempt, decision) => {
    expect(decideRetry(failure, attempt, 5, schedule, () => 0)).toEqual(decision);
  });
});

describe('redaction', () => {
  test.each([
    ['https://hooks.slack.com/services/T0/B0/XXXX', 'https://hooks.slack.com/…'],
    ['https://oapi.dingtalk.com/robot/send?access_token=abc', 'https://oapi.dingtalk.com/…'],
    ['not a url', '…'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
    expect(isRedacted(redactUrl(url))).toBe(true);
    expect(isRedacted(url)).toBe(false);
  });

  test('a secret is shown only as hasSecret', () => {
    const shown = redactChannel({
      id: 'c1',
      name: 'Room',
      type: 'dingtalk',
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
      secret: 'SEC123',
    });
    expect(shown).toEqual({
      id: 'c1',
      name: 'Room',
      type: 'dingtalk',
      webhookUrl: 'https://oapi.dingtalk.com/…',
      hasSecret: true,
    });
  });
});

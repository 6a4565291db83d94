import { describe, expect, test } from 'vitest';
import { addBusinessHours } from '../../service/domain/business-time';
import type { FeedbackRow } from '../../service/store/schema';
import { toView } from '../../service/services/feedback.service';

// 2026-03-09 is a Monday; 2026-03-08 (US) and 2026-10-25 (EU) are daylight-saving Sundays.
describe('addBusinessHours: only Monday–Friday count, in the project’s zone', () => {
  test.each([
    // hours, zone, from, due, why
    [24, 'UTC', '2026-03-10T15:00:00Z', '2026-03-11T15:00:00Z', 'Tuesday → Wednesday, same time'],
    [
      24,
      'UTC',
      '2026-03-13T15:00:00Z',
      '2026-03-16T15:00:00Z',
      'Friday → Monday: the weekend does not count',
    ],
    [24, 'UTC', '2026-03-14T10:00:00Z', '2026-03-17T00:00:00Z', 'Saturday: counting starts Monday 00:00'],
    [24, 'UTC', '2026-03-15T23:59:00Z', '2026-03-17T00:00:00Z', 'late Sunday: the same'],
    [
      4,
      'UTC',
      '2026-03-13T22:00:00Z',
      '2026-03-16T02:00:00Z',
      '4 hours from Friday 22:00: 2 on Friday, 2 on Monday',
    ],
    [48, 'UTC', '2026-03-12T12:00:00Z', '2026-03-16T12:00:00Z', 'two business days from Thursday'],
    [120, 'UTC', '2026-03-09T09:00:00Z', '2026-03-16T09:00:00Z', 'a business week'],
    [24, 'UTC', '2026-03-13T23:59:59Z', '2026-03-16T23:59:59Z', 'the last second of Friday'],
    [
      24,
      'Asia/Shanghai',
      '2026-03-13T07:00:00Z',
      '2026-03-16T07:00:00Z',
      'Friday 15:00 in Shanghai → Monday 15:00',
    ],
    [
      24,
      'Asia/Shanghai',
      '2026-03-13T20:00:00Z',
      '2026-03-16T16:00:00Z',
      'Friday 20:00 UTC is Saturday 04:00 in Shanghai: due Tuesday 00:00 there',
    ],
    [24, 'UTC', '2026-03-13T20:00:00Z', '2026-03-16T20:00:00Z', 'the same instant in UTC is still Friday'],
    [
      24,
      'America/Los_Angeles',
      '2026-03-16T06:00:00Z',
      '2026-03-17T07:00:00Z',
      'Monday 06:00 UTC is Sunday 23:00 in Los Angeles: due Tuesday 00:00 there',
    ],
    [
      24,
      'America/New_York',
      '2026-03-06T17:00:00Z',
      '2026-03-09T16:00:00Z',
      'Friday 12:00 EST → Monday 12:00 EDT (clocks moved on Sunday)',
    ],
    [
      24,
      'Europe/Paris',
      '2026-10-23T07:00:00Z',
      '2026-10-26T08:00:00Z',
      'Friday 09:00 CEST → Monday 09:00 CET',
    ],
  ])('%i h in %s from %s → %s (%s)', (hours, zone, from, due) => {
    expect(addBusinessHours(new Date(from), hours, zone).toISOString()).toBe(new Date(due).toISOString());
  });

  test('an unknown zone is an error, not UTC', () => {
    expect(() => addBusinessHours(new Date('2026-03-10T00:00:00Z'), 24, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('overdue and response time as the PM sees them', () => {
  const row = (fields: Partial<FeedbackRow>): FeedbackRow => ({
    id: '0193',
    workspaceId: 'w',
    projectId: 'p',
    shareLinkId: null,
    kind: 'question',
    body: 'When?',
    rating: null,
    updateId: null,
    milestoneId: null,
    authorName: 'Ana',
    authorEmail: null,
    locale: 'en',
    status: 'open',
    reply: null,
    answeredAt: null,
    createdAt: new Date('2026-03-13T15:00:00Z'), // a Friday
    updatedAt: new Date('2026-03-13T15:00:00Z'),
    ...fields,
  });
  const zone = { timeZone: 'UTC', targetHours: 24 };

  test.each([
    ['open, Monday 14:59', {}, '2026-03-16T14:59:00Z', false],
    ['open, Monday 15:00', {}, '2026-03-16T15:00:00Z', true],
    ['open, Sunday evening (the weekend does not count)', {}, '2026-03-15T22:00:00Z', false],
    [
      'answered late is not overdue',
      { status: 'answered', reply: 'Soon', answeredAt: new Date('2026-03-18T00:00:00Z') },
      '2026-03-20T00:00:00Z',
      false,
    ],
    ['closed is not overdue', { status: 'closed' }, '2026-03-20T00:00:00Z', false],
  ] as const)('%s → overdue %s', (_what, fields, at, overdue) => {
    const view = toView(row(fields), zone, new Date(at));
    expect(view.overdue).toBe(overdue);
    expect(view.answerDueAt.toISOString()).toBe('2026-03-16T15:00:00.000Z');
  });

  test('the response time is answeredAt − createdAt, null until answered', () => {
    expect(toView(row({}), zone, new Date()).responseSeconds).toBeNull();
    const answered = row({
      status: 'answered',
      reply: 'Soon',
      answeredAt: new Date('2026-03-13T16:30:05Z'),
    });
    expect(toView(answered, zone, new Date()).responseSeconds).toBe(5405);
  });

  test('the target is the project’s: 4 business hours make Friday 15:00 due at 19:00', () => {
    expect(toView(row({}), { timeZone: 'UTC', targetHours: 4 }, new Date()).answerDueAt.toISOString()).toBe(
      '2026-03-13T19:00:00.000Z',
    );
  });
});

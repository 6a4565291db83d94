import { describe, expect, test } from 'vitest';
import {
  averageRating,
  commHealth,
  daysSince,
  median,
  medianResponseHours,
  type UpdateStats,
} from '../../service/domain/comm-health';

const HOUR = 3600;

describe('median', () => {
  test.each([
    [[], null, 'none'],
    [[7], 7, 'one value'],
    [[3, 1, 2], 2, 'odd count, unsorted'],
    [[4, 1, 3, 2], 2.5, 'even count: the mean of the two middle values'],
    [[5, 5, 1, 9], 5, 'ties in the middle'],
    [[10, 1, 1000], 10, 'an outlier does not move it'],
  ])('%j → %j (%s)', (values, expected, _why) => {
    expect(median(values)).toBe(expected);
  });

  test('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('averageRating', () => {
  test.each([
    [0, 0, null, 'nobody rated'],
    [4, 1, 4, 'one rating'],
    [9, 2, 4.5, 'two ratings'],
    [10, 3, 3.33, 'rounded to two decimals'],
    [11, 3, 3.67, 'rounded up'],
  ])('sum %i over %i → %j (%s)', (sum, count, expected, _why) => {
    expect(averageRating(sum, count)).toBe(expected);
  });
});

describe('medianResponseHours: wall-clock hours, to 0.1 h', () => {
  test.each([
    [[], null, 'nothing answered'],
    [[2 * HOUR, 5 * HOUR, 30 * HOUR], 5, 'the middle answer'],
    [[HOUR, 2 * HOUR], 1.5, 'even count'],
    [[100], 0, 'under three minutes reads as 0'],
    [[0.26 * HOUR], 0.3, 'rounded'],
    [[-5, 2 * HOUR, 4 * HOUR], 2, 'a clock skew below zero counts as 0'],
  ])('%j → %j (%s)', (seconds, expected, _why) => {
    expect(medianResponseHours(seconds)).toBe(expected);
  });
});

describe('daysSince: whole calendar days in the project’s zone', () => {
  test.each([
    ['2026-03-10T08:00:00Z', '2026-03-10T20:00:00Z', 'UTC', 0, 'the same day'],
    ['2026-03-10T08:00:00Z', '2026-03-13T07:59:00Z', 'UTC', 3, 'calendar days, not 24-hour periods'],
    ['2026-03-10T23:30:00Z', '2026-03-11T00:10:00Z', 'UTC', 1, 'past midnight is the next day'],
    [
      '2026-03-10T15:30:00Z',
      '2026-03-13T16:00:00Z',
      'Asia/Shanghai',
      4,
      '23:30 on the 10th to 00:00 on the 14th in Shanghai',
    ],
    ['2026-03-10T15:30:00Z', '2026-03-13T16:00:00Z', 'UTC', 3, 'the same instants in UTC'],
    [
      '2026-03-08T04:00:00Z',
      '2026-03-09T03:59:00Z',
      'America/New_York',
      1,
      'across a daylight-saving change (23-hour day)',
    ],
    ['2026-03-10T08:00:00Z', '2026-03-09T08:00:00Z', 'UTC', 0, 'a clock behind the publication'],
  ])('%s → %s in %s: %i (%s)', (from, now, zone, expected, _why) => {
    expect(daysSince(new Date(from), new Date(now), zone)).toBe(expected);
  });

  test('an unknown zone is an error, not UTC', () => {
    expect(() => daysSince(new Date(), new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('commHealth', () => {
  const update = (over: Partial<UpdateStats>): UpdateStats => ({
    id: 'u',
    publishedAt: new Date('2026-03-10T08:00:00Z'),
    headline: 'Week 10',
    views: 0,
    ratings: 0,
    ratingSum: 0,
    ...over,
  });
  const base = {
    responseSeconds: [],
    openFeedback: 0,
    overdueFeedback: 0,
    timeZone: 'UTC',
    now: new Date('2026-03-12T09:00:00Z'),
  };

  test.each([
    [
      'never published',
      { ...base, updates: [] },
      { updates: [], daysSinceLastUpdate: null, lastPublishedAt: null, medianResponseHours: null },
    ],
    [
      'per update averages, the latest publication',
      {
        ...base,
        updates: [
          update({
            id: 'b',
            publishedAt: new Date('2026-03-11T08:00:00Z'),
            views: 2,
            ratings: 1,
            ratingSum: 3,
          }),
          update({ id: 'a', views: 3, ratings: 2, ratingSum: 9 }),
        ],
        responseSeconds: [30 * HOUR, 2 * HOUR, 5 * HOUR],
        openFeedback: 2,
        overdueFeedback: 1,
      },
      {
        updates: [
          { id: 'b', views: 2, ratings: 1, averageRating: 3 },
          { id: 'a', views: 3, ratings: 2, averageRating: 4.5 },
        ],
        medianResponseHours: 5,
        answeredFeedback: 3,
        openFeedback: 2,
        overdueFeedback: 1,
        daysSinceLastUpdate: 1,
        lastPublishedAt: new Date('2026-03-11T08:00:00Z'),
      },
    ],
    [
      'an unrated update has no average',
      { ...base, updates: [update({ views: 5 })] },
      { updates: [{ id: 'u', views: 5, ratings: 0, averageRating: null }], daysSinceLastUpdate: 2 },
    ],
  ])('%s', (_why, input, expected) => {
    const health = commHealth(input);
    expect(health).toMatchObject(expected);
    for (const row of health.updates) expect(row).not.toHaveProperty('ratingSum');
  });
});

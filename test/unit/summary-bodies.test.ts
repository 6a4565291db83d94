import { describe, expect, test } from 'vitest';
import { sampleSummary } from '../../scripts/render-sample';
import { localizeSummary } from '../../service/render/localize';
import { LocalizedSummarySchema } from '../../service/schemas/summary';
import { createSummaryBodies, noneMatch } from '../../service/services/summary-bodies';

describe('the summary API body, made once per summary, language and zone', () => {
  test('is the schema-checked JSON of the summary and its sentences', () => {
    const summary = sampleSummary();
    const body = createSummaryBodies()(summary, 'fr', 'Europe/Paris');
    const parsed = LocalizedSummarySchema.parse(JSON.parse(body.json));
    expect(parsed.language).toBe('fr');
    expect(parsed.text).toEqual(localizeSummary(summary, 'fr', 'Europe/Paris'));
    expect(parsed.summary.overall).toEqual(summary.overall);
    expect(body.etag).toMatch(/^"[\w-]{32}"$/);
  });

  test('the same summary gives the same body; another language, zone or summary another tag', () => {
    const bodyOf = createSummaryBodies();
    const summary = sampleSummary();
    const first = bodyOf(summary, 'en', 'UTC');
    expect(bodyOf(summary, 'en', 'UTC')).toBe(first);
    const tags = [
      first,
      bodyOf(summary, 'zh-CN', 'UTC'),
      bodyOf(summary, 'en', 'Asia/Shanghai'),
      bodyOf({ ...summary, overall: { ...summary.overall, health: 'late' } }, 'en', 'UTC'),
    ].map((body) => body.etag);
    expect(new Set(tags).size).toBe(4);
    // A tag depends on the bytes only: another process (another memo) gives the same one.
    expect(createSummaryBodies()(sampleSummary(), 'en', 'UTC').etag).toBe(first.etag);
  });

  test('a body that breaks the schema is refused, never sent', () => {
    const broken = { ...sampleSummary(), overall: undefined } as unknown as ReturnType<typeof sampleSummary>;
    expect(() => createSummaryBodies()(broken, 'en', 'UTC')).toThrow();
  });
});

describe('If-None-Match', () => {
  const tag = '"abc"';
  test.each([
    [undefined, false],
    ['', false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"x",W/"abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
  ])('%j matches: %s', (header, expected) => {
    expect(noneMatch(header, tag)).toBe(expected);
  });
});

import { describe, expect, test } from 'vitest';
import { channelMessages } from '../../service/channels/channel.messages';
import { buildDigest } from '../../service/channels/digest';
import { fitMilestones, plainMarkdown, safeUrl, slackEscape, truncate } from '../../service/channels/text';
import { LOCALES } from '../../service/domain/model';
import { expectCompleteCatalog, messageParts, typographyProblems } from '../support/i18n';
import { message } from './channels.helpers';

describe('channelMessages', () => {
  test('every key in every locale, compiles, same placeholders', () => {
    expectCompleteCatalog(channelMessages);
  });

  test('house typography: French spacing, full-width Chinese, typographic quotes', () => {
    expect(typographyProblems(channelMessages)).toEqual([]);
  });

  test.each(
    LOCALES.flatMap((locale) => Object.entries(channelMessages[locale]).map(([k, v]) => [locale, k, v])),
  )('%s %s holds no markup of any channel', (locale, _key, text) => {
    // Values are escaped per channel; the literals must need no escaping anywhere.
    for (const literal of messageParts(text, locale as never).literals)
      expect(literal).not.toMatch(/[[\]<>*`#&]/);
  });
});

describe('buildDigest', () => {
  test.each([
    { locale: 'en', title: 'Atlas · progress update', more: '…and 2 more milestones on the client page.' },
    { locale: 'zh-CN', title: '“Atlas”最新进展', more: '……另有2个里程碑，请在客户页面查看。' },
    { locale: 'fr', title: 'Atlas · point d’avancement', more: '…et 2 autres jalons sur la page client.' },
  ] as const)('$locale', ({ locale, title, more }) => {
    const digest = buildDigest(message(), locale);
    expect(digest.title).toBe(title);
    expect(digest.more(2)).toBe(more);
  });

  test('one milestone left out reads in the singular', () => {
    expect(buildDigest(message(), 'en').more(1)).toBe('…and 1 more milestone on the client page.');
    expect(buildDigest(message(), 'fr').more(1)).toBe('…et 1 autre jalon sur la page client.');
  });

  test.each([
    { healths: [], tone: 'neutral' },
    { healths: ['done', 'done'], tone: 'done' },
    { healths: ['done', 'on_track'], tone: 'on_track' },
    { healths: ['late', 'on_track', 'at_risk'], tone: 'late' },
  ] as const)('tone of $healths is $tone', ({ healths, tone }) => {
    const digest = buildDigest(
      message({ milestones: healths.map((health, i) => ({ name: `M${i}`, health })) }),
      'en',
    );
    expect(digest.tone).toBe(tone);
  });
});

describe('truncate', () => {
  test.each([
    { text: 'short', max: 10, out: 'short' },
    { text: 'exactly ten', max: 11, out: 'exactly ten' },
    { text: 'a bit too long', max: 10, out: 'a bit too…' },
    { text: 'line\nbreaks\n# and   spaces', max: 40, out: 'line breaks # and spaces' },
    { text: 'Atlas\u00a0: 62\u202f%', max: 40, out: 'Atlas\u00a0: 62\u202f%' },
    { text: '项目管理系统升级改造', max: 6, out: '项目管理系…' },
    // A family emoji is 11 UTF-16 units and one character: never split.
    { text: 'ab👩‍👩‍👧‍👦cd', max: 4, out: 'ab👩‍👩‍👧‍👦…' },
    { text: 'e\u0301e\u0301e\u0301e\u0301', max: 3, out: 'e\u0301e\u0301…' },
    // Stacked combining marks: capped in UTF-16 units too.
    { text: `a${'\u0301'.repeat(100)}bc`, max: 3, out: '…' },
  ])('$text ($max) → $out', ({ text, max, out }) => {
    expect(truncate(text, max)).toBe(out);
  });

  test('never leaves a lone surrogate', () => {
    for (let max = 2; max < 20; max++) {
      const cut = truncate('😀'.repeat(20), max);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect([...cut.replace('…', '')].length).toBe(max - 1);
    }
  });
});

describe('fitMilestones', () => {
  test.each([
    { total: 0, limit: 10, shown: 0 },
    { total: 5, limit: 100, shown: 5 },
    { total: 100, limit: 37, shown: 37 },
    { total: 1000, limit: 1, shown: 1 },
  ])('$total milestones within $limit → $shown shown', ({ total, limit, shown }) => {
    const result = fitMilestones(
      total,
      (n) => n,
      (n) => n <= limit,
      'Test',
    );
    expect(result.shown).toBe(shown);
  });

  test('when nothing fits, the message is refused, not sent cut off', () => {
    expect(() =>
      fitMilestones(
        3,
        (n) => n + 10,
        (n) => n <= 5,
        'Test',
      ),
    ).toThrow(/size limit/);
  });
});

describe('escaping', () => {
  test.each([
    ['[link](https://x.example)', '［link］(https://x.example)'],
    ['<@all> <font color="info">x</font>', '＜@all＞ ＜font color="info"＞x＜/font＞'],
    ['**bold** `code` # heading', '＊＊bold＊＊ ｀code｀ ＃ heading'],
    ['snake_case ~ R&D (phase 2)', 'snake_case ~ R&D (phase 2)'],
  ])('plainMarkdown %s', (input, output) => {
    expect(plainMarkdown(input)).toBe(output);
  });

  test('slackEscape', () => {
    expect(slackEscape('<!here> R&D <http://x|y>')).toBe('&lt;!here&gt; R&amp;D &lt;http://x|y&gt;');
  });

  test('safeUrl keeps a URL inside markdown link syntax', () => {
    expect(safeUrl('https://x.example/a(b)|c<d>')).toBe('https://x.example/a%28b%29%7Cc%3Cd%3E');
  });
});

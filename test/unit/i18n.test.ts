import { draftMessages } from '../../service/render/draft.messages';
import { describe, expect, test } from 'vitest';
import { LOCALES } from '../../service/domain/model';
import { coreMessages } from '../../service/render/i18n/core.messages';
import { frenchSpacing } from '../../service/render/i18n/french-spacing';
import { createTranslator, isLocale, pickLocale, type Catalog } from '../../service/render/i18n/i18n';
import { catalogProblems, expectCompleteCatalog, typographyProblems } from '../support/i18n';

/** Intl output uses no-break and narrow no-break spaces; compare with plain ones. */
const plain = (text: string): string => text.replace(/\s/g, ' ');

describe('coreMessages', () => {
  test('every key in every locale, compiles, same placeholders', () => {
    expectCompleteCatalog(coreMessages);
  });

  test('house typography: French spacing, full-width Chinese, typographic quotes', () => {
    expect(typographyProblems(coreMessages)).toEqual([]);
  });
});

describe('catalogProblems', () => {
  test('reports missing keys, bad syntax, differing placeholders and ICU quoting', () => {
    const catalog: Catalog = {
      en: { a: 'Hello {name}', b: 'Fine', c: 'x {n, plural, one {# y} other {# ys}}', d: 'ok' },
      'zh-CN': { a: '你好{other}', b: '好', c: '{n, plural, other {#}', d: '好' },
      fr: { a: 'Bonjour {name}', c: 'x {n, plural, one {# y} other {# ys}}', d: "l'{d}" },
    };
    expect(catalogProblems(catalog)).toEqual([
      'zh-CN a: placeholders other ≠ name',
      'fr b: missing',
      expect.stringMatching(/^zh-CN c: does not compile/) as string,
      'fr d: literal brace (ICU quoting?)',
    ]);
  });
});

describe('frenchSpacing', () => {
  test('adds the no-break spaces of French typography', () => {
    expect(frenchSpacing({ k: '« {x} » : oui ; non ? si !' }).k).toBe(
      '«\u00a0{x}\u00a0»\u00a0: oui\u202f; non\u202f? si\u202f!',
    );
  });
});

describe('pickLocale', () => {
  test.each([
    { input: ['zh-cn'], expected: 'zh-CN' },
    { input: ['zh-CN'], expected: 'zh-CN' },
    { input: ['zh_Hans_CN'], expected: 'zh-CN' },
    { input: ['fr-FR,fr;q=0.9'], expected: 'fr' },
    { input: ['fr-CA'], expected: 'fr' },
    { input: ['en-GB,en;q=0.8'], expected: 'en' },
    { input: ['de'], expected: undefined },
    { input: ['de-DE,fr;q=0.7,en;q=0.5'], expected: 'fr' },
    { input: ['frr'], expected: undefined },
    { input: [''], expected: undefined },
    { input: [null, undefined, 'fr'], expected: 'fr' },
    { input: ['de', 'zh-TW'], expected: 'zh-CN' },
    { input: ['*'], expected: undefined },
  ])('$input → $expected', ({ input, expected }) => {
    expect(pickLocale(...input)).toBe(expected);
  });

  test('isLocale', () => {
    expect(LOCALES.every(isLocale)).toBe(true);
    expect(isLocale('zh-cn')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});

describe('createTranslator', () => {
  test.each([
    { locale: 'en', date: 'Mar 10, 2026', dateTime: 'Mar 10, 2026, 10:42 AM', percent: '43%' },
    { locale: 'zh-CN', date: '2026年3月10日', dateTime: '2026年3月10日 10:42', percent: '43%' },
    { locale: 'fr', date: '10 mars 2026', dateTime: '10 mars 2026, 10:42', percent: '43 %' },
  ] as const)('$locale formats dates, instants and percentages', ({ locale, date, dateTime, percent }) => {
    const t = createTranslator(locale, coreMessages);
    expect(t.date('2026-03-10')).toBe(date);
    // 02:42 UTC is 10:42 in Shanghai: instants are shown in the zone asked for.
    expect(plain(t.dateTime('2026-03-10T02:42:00Z', 'Asia/Shanghai'))).toBe(dateTime);
    expect(plain(t.dateTime(new Date('2026-03-10T02:42:00Z'), 'Asia/Shanghai'))).toBe(dateTime);
    expect(plain(t.percent(0.425))).toBe(percent);
  });

  test('a calendar date does not move with the zone of the machine', () => {
    expect(createTranslator('en').date('2026-01-01')).toBe('Jan 1, 2026');
  });

  test('plurals follow the locale', () => {
    const catalog: Catalog = {
      en: { n: '{n, plural, one {# day} other {# days}}' },
      'zh-CN': { n: '{n, number}天' },
      fr: { n: '{n, plural, one {# jour} other {# jours}}' },
    };
    const [en, zh, fr] = LOCALES.map((locale) => createTranslator(locale, catalog));
    expect([0, 1, 2].map((n) => en?.t('n', { n }))).toEqual(['0 days', '1 day', '2 days']);
    expect([0, 1, 2].map((n) => fr?.t('n', { n }))).toEqual(['0 jour', '1 jour', '2 jours']);
    expect(zh?.t('n', { n: 1200 })).toBe('1,200天');
  });

  test('the first catalog holding a key wins; English fills gaps; an unknown key reads as itself', () => {
    const first: Catalog = { en: { a: 'A1' }, 'zh-CN': {}, fr: { a: 'A1 fr' } };
    const second: Catalog = { en: { a: 'A2', b: 'B2' }, 'zh-CN': { a: 'A2 zh' }, fr: { b: 'B2 fr' } };
    const zh = createTranslator('zh-CN', first, second);
    expect(zh.t('a')).toBe('A2 zh');
    expect(createTranslator('fr', first, second).t('a')).toBe('A1 fr');
    expect(createTranslator('fr', first, second).t('b')).toBe('B2 fr');
    expect(createTranslator('zh-CN', first).t('a')).toBe('A1');
    expect(zh.t('missing.key')).toBe('missing.key');
  });

  test('inherited object properties are not messages', () => {
    expect(createTranslator('en', coreMessages).t('constructor')).toBe('constructor');
  });
});

describe('draft update texts', () => {
  test('every key in every language, same placeholders', () => {
    expectCompleteCatalog(draftMessages);
  });
});

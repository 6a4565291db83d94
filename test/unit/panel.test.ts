import { describe, expect, test } from 'vitest';
import { panelI18n } from '../../plugin/panel/i18n';
import { panelMessages } from '../../plugin/panel/panel.messages';
import { hostOriginProblem, originAllowed } from '../../service/domain/host-origins';
import { expectCompleteCatalog, typographyProblems } from '../support/i18n';

describe('panel messages', () => {
  test('every key in every locale, compiles, same placeholders', () => expectCompleteCatalog(panelMessages));
  test('house typography in the three languages', () =>
    expect(typographyProblems(panelMessages)).toEqual([]));

  test.each([
    ['en', 'sync.progress', { done: 100, total: 282 }, '100 of 282 work items'],
    ['zh-CN', 'sync.progress', { done: 100, total: 282 }, '100/282个工作项'],
    ['fr', 'links.views', { count: 3 }, 'Vues\u00a0: 3'],
    ['fr', 'feedback.from', { name: 'Ana', when: '2 déc.' }, 'De Ana, 2 déc.'],
    ['en', 'feedback.from', {}, 'From {name}, {when}'],
  ] as const)('%s %s %o → %s', (locale, key, values, text) => {
    expect(panelI18n(locale).t(key, values)).toBe(text);
  });

  test('a key missing in a language falls back to English, an unknown key shows itself', () => {
    expect(panelI18n('fr').t('no.such.key')).toBe('no.such.key');
  });
});

describe('host origins', () => {
  const patterns = ['https://acme.worktile.com', 'https://*.pingcode.com', 'http://127.0.0.1:4000'];
  test.each([
    ['https://acme.worktile.com', true],
    ['https://ACME.worktile.com', true],
    ['https://acme.worktile.com:443', false],
    ['http://acme.worktile.com', false],
    ['https://evil-acme.worktile.com', false],
    ['https://team.pingcode.com', true],
    ['https://a.b.pingcode.com', true],
    ['https://pingcode.com', false],
    ['https://pingcode.com.evil.example', false],
    ['https://evilpingcode.com', false],
    ['http://127.0.0.1:4000', true],
    ['http://127.0.0.1:4001', false],
    ['null', false],
    ['https://*.pingcode.com', false],
    ['https://acme.worktile.com/path', false],
  ])('%s → %s', (origin, allowed) => expect(originAllowed(origin, patterns)).toBe(allowed));

  test.each([
    ['https://acme.pingcode.com', true],
    ['https://*.pingcode.com', true],
    ['http://localhost:3000', true],
    ['https://acme.pingcode.com/', false],
    ['acme.pingcode.com', false],
    ['https://*', false],
    ["https://acme.pingcode.com'; script-src *", false],
  ])('%s is a valid host origin: %s', (value, valid) =>
    expect(hostOriginProblem(value) === undefined).toBe(valid),
  );
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LOCALES, type Locale } from '../../service/domain/model';
import type { Summary } from '../../service/domain/summary/types';
import { coreMessages } from '../../service/render/i18n/core.messages';
import { createTranslator } from '../../service/render/i18n/i18n';
import { pageMessages } from '../../service/render/page.messages';
import { renderGonePage } from '../../service/render/pages/gone-page';
import { renderNotFoundPage } from '../../service/render/pages/not-found-page';
import { renderPasscodePage } from '../../service/render/pages/passcode-page';
import { renderSharePage, type SharePageProps } from '../../service/render/pages/share-page';
import { createHash } from 'node:crypto';
import { pageStyles, pageStylesCsp } from '../../service/render/pages/styles';
import { sampleProps, sampleSummary } from '../../scripts/render-sample';
import { expectCompleteCatalog, messageParts, typographyProblems } from '../support/i18n';

const translator = (locale: Locale) => createTranslator(locale, coreMessages, pageMessages);

/** The markup without the style block (CSS has braces of its own). */
const body = (html: string): string => html.replace(/<style[^>]*>[\s\S]*?<\/style>/, '');

/** The visible text: tags dropped, the entities Preact writes decoded, Intl's special spaces made plain. */
const text = (html: string): string =>
  body(html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

const render = (locale: Locale, change: (props: SharePageProps) => void = () => {}): string => {
  const props = sampleProps(locale);
  change(props);
  return renderSharePage(props);
};

/** What every client page must be: a whole document, in its language, no script, one style block, the CSP's. */
function expectSafeDocument(html: string, locale: Locale): void {
  expect(html.startsWith('<!doctype html><html lang="' + locale + '">')).toBe(true);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\sstyle=/i);
  expect(html.match(/<style/g)).toHaveLength(1);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  expect(`'sha256-${createHash('sha256').update(style).digest('base64')}'`).toBe(pageStylesCsp);
  expect(html).toContain('<meta name="robots" content="noindex, nofollow"/>');
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
  // Nothing fetched from elsewhere: no external src/href other than in-page anchors and the links given.
  expect(html).not.toMatch(/\ssrc=/i);
  expect(html).not.toMatch(/href="(https?:)?\/\//i);
  // Every message was formatted: no ICU syntax left, no missing key shown as its name.
  expect(body(html)).not.toMatch(/[{}]/);
  expect(text(html)).not.toMatch(/\bpage\.[a-z]/i);
  expect(html).not.toMatch(/NaN|undefined|\[object/);
}

const SECTIONS: Record<Locale, string[]> = {
  en: [
    'Northwind customer portal',
    'At risk',
    'Latest update',
    'Customer accounts are on schedule',
    'Overall progress',
    '29 of 54 tasks done',
    'Milestones',
    'Progress over time',
    'Risks and decisions',
    'Your decision is needed by Mar 17, 2026',
    'What changed since Mar 3, 2026',
    'Earlier updates',
    'Generated Mar 10, 2026',
  ],
  'zh-CN': [
    'Northwind customer portal',
    '存在风险',
    '最新进展',
    'Customer accounts are on schedule',
    '整体进度',
    '54项任务中已完成29项',
    '里程碑',
    '进度趋势',
    '风险与待您决定的事项',
    '请在2026年3月17日前做出决定',
    '自2026年3月3日以来的变化',
    '往期更新',
    '生成于2026年3月10日',
  ],
  fr: [
    'Northwind customer portal',
    'À risque',
    'Dernier point d’avancement',
    'Customer accounts are on schedule',
    'Avancement global',
    '29 tâches terminées sur 54',
    'Jalons',
    'Évolution de l’avancement',
    'Risques et décisions',
    'Votre décision est attendue avant le 17 mars 2026',
    'Ce qui a changé depuis le 3 mars 2026',
    'Points précédents',
    'Généré le 10 mars 2026',
  ],
};

describe('renderSharePage', () => {
  test.each(LOCALES)('%s: a safe document with every section, in order, in its language', (locale) => {
    const html = render(locale);
    expectSafeDocument(html, locale);
    const plain = text(html).replace(/[\u00a0\u202f]/g, ' ');
    let from = 0;
    for (const expected of SECTIONS[locale]) {
      const at = plain.indexOf(expected.replace(/[\u00a0\u202f]/g, ' '), from);
      expect(at, `"${expected}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at;
    }
    expect(html).toContain(
      `<title>${translator(locale).t('page.title', { project: 'Northwind customer portal' })}</title>`,
    );
  });

  test.each(LOCALES)('%s: the language switch is plain links, the current one marked', (locale) => {
    const html = render(locale);
    for (const other of LOCALES)
      expect(html).toContain(`href="?lang=${other}" hreflang="${other}" lang="${other}"`);
    expect(html).toMatch(new RegExp(`hreflang="${locale}" lang="${locale}" aria-current="page">`));
    expect(html.match(/aria-current=/g)).toHaveLength(1);
    for (const name of ['English', '简体中文', 'Français']) expect(html).toContain(name);
  });

  test('the health shows as a word, a colour class and a shape, not colour alone', () => {
    const html = render('en');
    expect(html).toMatch(
      /<span class="badge badge--at_risk badge--large"><svg[^>]*aria-hidden="true"[\s\S]*?<\/svg>At risk<\/span>/,
    );
    expect(text(html)).toContain('Delivered');
    expect(text(html)).toContain('On track');
  });

  test('overview shows no task titles; detailed shows them with status words and no identifiers', () => {
    const overview = text(render('en'));
    const detailed = text(render('en', (p) => (p.detail = 'detailed')));
    const titles = [
      'Account settings page',
      'Update the help page',
      'Pay an invoice by card',
      'Save a card for next time',
    ];
    for (const title of titles) {
      expect(overview).not.toContain(title);
      expect(detailed).toContain(title);
    }
    expect(detailed).toContain('Tasks by milestone');
    expect(detailed).toContain('Other tasks');
    expect(detailed).toMatch(/Account settings page In progress/);
    expect(detailed).toMatch(/Connect the payment provider On hold/);
    expect(detailed).toMatch(/Delete my account Not started yet/);
    // Counts stay in the overview.
    expect(overview).toMatch(/3 tasks completed/);
    expect(overview).toMatch(/1 task added/);
    expect(detailed).not.toMatch(/\bt\d+\b/);
  });

  test.each(LOCALES)('%s: a long task list starts folded (no script needed), a short one open', (locale) => {
    const html = render(locale, (p) => {
      p.detail = 'detailed';
      const [first, second] = p.summary.milestones;
      first!.tasks = Array.from({ length: 11 }, (_, i) => ({ ...first!.tasks[0]!, id: `many${i}` }));
      second!.tasks = second!.tasks.slice(0, 2);
    });
    const groups = [...html.matchAll(/<details class="task-group"( open)?><summary><h3>([^<]*)<\/h3>/g)];
    const name = (n: number) => sampleSummary().milestones[n]!.name;
    expect(groups.find((g) => g[2] === name(0))?.[1]).toBeUndefined();
    expect(groups.find((g) => g[2] === name(1))?.[1]).toBe(' open');
    const counts = {
      en: ['11 tasks', '2 tasks'],
      'zh-CN': ['11项任务', '2项任务'],
      fr: ['11 tâches', '2 tâches'],
    };
    for (const count of counts[locale]) expect(text(html)).toContain(count);
    // Folded or not, every task is in the document: print shows them all.
    const folded = html.slice(html.indexOf(`<h3>${name(0)}</h3>`), html.indexOf('</details>'));
    expect(folded.match(/<li>/g)).toHaveLength(11);
  });

  test('the stale warning appears only when the data is stale', () => {
    const fresh = render('en');
    expect(body(fresh)).not.toContain('notice--warning');
    const stale = render('en', (p) => {
      p.summary.freshness = {
        source: 'PingCode',
        syncedAt: '2026-03-07T09:00:00.000Z',
        stale: true,
        reason: 'old',
      };
      p.summary.risks.push({ kind: 'stale_sync', syncedAt: '2026-03-07T09:00:00.000Z', hours: 72 });
    });
    expect(body(stale)).toContain('notice--warning');
    expect(text(stale)).toMatch(/numbers may be out of date/);
    // Said once, in the header, rather than again among the risks.
    expect(text(stale)).not.toContain('have not been refreshed from PingCode since');
  });

  test('"What changed" is absent when there is no earlier update to compare with', () => {
    const html = render(
      'en',
      (p) => (p.summary.changes = { since: null, completed: [], added: [], slips: [] }),
    );
    expect(html).not.toContain('changes-title');
    expect(text(html)).not.toContain('What changed');
    const quiet = render(
      'en',
      (p) => (p.summary.changes = { ...p.summary.changes, completed: [], added: [], slips: [] }),
    );
    expect(text(quiet)).toContain('Nothing has changed since the last update.');
  });

  test.each(LOCALES)(
    '%s: no update yet, no history, no milestones, no history points, nothing done',
    (locale) => {
      const empty: Summary = {
        ...sampleSummary(),
        overall: {
          byCount: { done: 0, total: 0, ratio: 0 },
          byEstimate: null,
          remaining: 0,
          blocked: 0,
          overdue: 0,
          health: 'on_track',
        },
        milestones: [],
        unplanned: [],
        changes: { since: null, completed: [], added: [], slips: [] },
        risks: [],
        freshness: { source: 'PingCode', syncedAt: null, stale: true, reason: 'never_synced' },
        burnup: [],
      };
      for (const detail of ['overview', 'detailed'] as const) {
        const html = render(locale, (p) => {
          p.summary = empty;
          p.update = null;
          p.history = [];
          p.detail = detail;
          p.label = null;
        });
        expectSafeDocument(html, locale);
        const t = translator(locale);
        const plain = text(html);
        for (const key of [
          'page.update.none',
          'page.milestones.empty',
          'page.chart.burnup.empty',
          'page.risks.none',
        ])
          expect(plain).toContain(t.t(key));
        expect(plain).not.toContain(t.t('page.history.title'));
        expect(body(html)).not.toContain('notice--decision');
        expect(body(html)).toContain('notice--warning');
      }
    },
  );

  test('a single burn-up point and milestones without dates still render', () => {
    const html = render('en', (p) => {
      p.summary.burnup = [{ date: '2026-03-10', done: 2, scope: 5 }];
      for (const m of p.summary.milestones)
        Object.assign(m, {
          dueDate: null,
          plannedDate: null,
          forecastDate: null,
          startDate: null,
          slips: [],
        });
    });
    expectSafeDocument(html, 'en');
    expect(text(html)).toContain('2 of 5 tasks done on Mar 10, 2026.');
    expect(text(html)).toContain('No date yet');
  });

  describe('user text is escaped everywhere', () => {
    const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)'];

    test.each(payloads)('%s', (payload) => {
      const html = render('en', (p) => {
        p.detail = 'detailed';
        p.label = payload;
        p.summary.project.name = payload;
        const m = p.summary.milestones[2];
        if (!m) throw new Error('fixture');
        m.name = payload;
        m.tasks[0]!.title = payload;
        m.slips[0]!.milestoneName = payload;
        p.summary.unplanned[0]!.title = payload;
        p.summary.changes.completed[0]!.title = payload;
        p.history[0]!.headline = payload;
        const content = p.update!.content;
        content.headline = payload;
        content.highlights[0] = payload;
        content.nextSteps[0] = payload;
        content.risks[0]!.problem = payload;
        content.risks[0]!.impact = payload;
        content.risks[0]!.mitigation = payload;
        content.risks[0]!.decision!.question = payload;
      });
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      // No element carries an event handler or a javascript: URL.
      expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/(href|src|action)\s*=\s*"?\s*javascript:/i);
      const escaped = payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
      // Headline, highlight, next step, problem, impact, mitigation, question, label ×2, name ×n, task titles…
      expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(15);
    });
  });
});

describe('gone, passcode and not-found pages', () => {
  const languages = (current: Locale) =>
    LOCALES.map((locale) => ({ locale, href: `?lang=${locale}`, current: locale === current }));

  test.each(
    LOCALES.flatMap((locale) => (['revoked', 'expired'] as const).map((reason) => [locale, reason] as const)),
  )('%s: gone (%s)', (locale, reason) => {
    const t = translator(locale);
    const html = renderGonePage({ t, reason });
    expectSafeDocument(html, locale);
    expect(text(html)).toContain(t.t(`page.gone.${reason}.title`));
    expect(text(html)).toContain(t.t('page.gone.help'));
  });

  test('the gone page tells revoked from expired', () => {
    const t = translator('en');
    expect(text(renderGonePage({ t, reason: 'revoked' }))).toContain('This link is no longer active');
    expect(text(renderGonePage({ t, reason: 'expired' }))).toContain('This link has expired');
  });

  test.each(LOCALES)('%s: passcode form works without script', (locale) => {
    const t = translator(locale);
    const html = renderPasscodePage({
      t,
      action: '/s/abc/unlock',
      error: null,
      languages: languages(locale),
    });
    expectSafeDocument(html, locale);
    expect(html).toMatch(/<form class="form" method="post" action="\/s\/abc\/unlock">/);
    expect(html).toMatch(/<label for="passcode">/);
    expect(html).toMatch(/<input id="passcode" name="passcode" type="password" required/);
    expect(html).toMatch(/<button type="submit">/);
    expect(html).not.toContain('role="alert"');
    expect(text(html)).toContain(t.t('page.passcode.title'));
    expect(html).toContain('hreflang="fr"');
  });

  test.each(['wrong', 'rate_limited'] as const)(
    'passcode error %s is said in words and tied to the field',
    (error) => {
      for (const locale of LOCALES) {
        const t = translator(locale);
        const html = renderPasscodePage({
          t,
          action: '/s/abc/unlock',
          error,
          languages: [],
        });
        expectSafeDocument(html, locale);
        expect(text(html)).toContain(
          t.t(error === 'wrong' ? 'page.passcode.wrong' : 'page.passcode.rateLimited'),
        );
        expect(html).toContain('role="alert"');
        expect(html).toContain('aria-describedby="passcode-error"');
        expect(html.includes('aria-invalid="true"')).toBe(error === 'wrong');
      }
    },
  );

  test('the passcode form action is an attribute, escaped', () => {
    const html = renderPasscodePage({
      t: translator('en'),
      action: '/s/"><script>/unlock',
      error: null,
      languages: [],
    });
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('action="/s/&quot;>&lt;script>/unlock"');
  });

  test.each(LOCALES)('%s: not found', (locale) => {
    const t = translator(locale);
    const html = renderNotFoundPage({ t });
    expectSafeDocument(html, locale);
    expect(text(html)).toContain(t.t('page.notFound.title'));
    expect(text(html)).toContain(t.t('page.notFound.body'));
  });
});

describe('pageMessages', () => {
  test('every key in every locale, compiles, same placeholders', () => {
    expectCompleteCatalog(pageMessages);
  });

  test('every key the pages and charts use exists, and none shadows a core key', () => {
    const used = new Set<string>();
    for (const dir of ['service/render/pages', 'service/render/charts']) {
      for (const file of readdirSync(dir)) {
        const source = readFileSync(`${dir}/${file}`, 'utf8');
        for (const match of source.matchAll(/t\.t\('(page\.[^']+)'/g)) used.add(match[1]!);
      }
    }
    for (const reason of ['revoked', 'expired'])
      used.add(`page.gone.${reason}.title`).add(`page.gone.${reason}.body`);
    for (const locale of LOCALES) used.add(`page.language.${locale}`);
    expect([...used].filter((key) => !(key in pageMessages.en))).toEqual([]);
    expect(Object.keys(pageMessages.en).filter((key) => !used.has(key))).toEqual([]);
    expect(Object.keys(pageMessages.en).filter((key) => key in coreMessages.en)).toEqual([]);
  });

  test('house typography: French spacing, full-width Chinese, typographic quotes', () => {
    expect(typographyProblems(pageMessages)).toEqual([]);
  });

  test.each(Object.entries(pageMessages.en))('en %s: typographic quotes, no team jargon', (_key, message) => {
    for (const literal of messageParts(message, 'en').literals) expect(literal).not.toMatch(/["']/);
    expect(message).not.toMatch(/\b(sprint|backlog|ticket|issue|story|epic|assignee)s?\b/i);
  });

  test('the style block cannot close itself: no angle bracket', () => {
    expect(pageStyles).not.toMatch(/</);
    expect(pageStyles).toContain('@media print');
    expect(pageStyles).toContain('PingFang SC');
  });
});

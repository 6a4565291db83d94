import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Locale } from '../../service/domain/model';
import type { Health } from '../../service/domain/summary/types';
import { coreMessages } from '../../service/render/i18n/core.messages';
import { createTranslator, type Translator } from '../../service/render/i18n/i18n';
import { pageMessages } from '../../service/render/page.messages';
import { healthWord } from '../../service/render/plain-language';
import { CHROMIUM_PATH, closeQuietly, hasChromium, launchBrowser, watchPage } from '../support/browser';
import { startHarness, type Harness } from '../support/harness';

/**
 * The client page in a real browser (Debian's Chromium through playwright-core): the three languages, text
 * that clients and integrators supply rendered as text (no script runs), phone layout, no-JS, print, and a
 * revoked link. Screenshots and the PDF land in `test-results/` (git-ignored) for a human to look at.
 *
 * Console errors, uncaught exceptions and CSP violations must all be zero: the page has no script, so even
 * a CSP report about a blocked inline script would mean a payload became markup, which is the failure.
 */
const available = hasChromium();
if (!available)
  console.warn(`share-page.browser.test.ts skipped: ${CHROMIUM_PATH} not found (.ci/run installs it).`);

const OUT = path.resolve('test-results');
const LOCALES: Locale[] = ['en', 'zh-CN', 'fr'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

// One payload per field, numbered, so a run that sets window.__xss says which field broke.
const xss = (n: number) => `<img src=x onerror="window.__xss=${n}"><script>window.__xss=${n + 1}</script>`;
const PAYLOADS = {
  task: `Checkout page ${xss(1)}`,
  headline: `Launch week ${xss(3)}`,
  highlight: `Home page live ${xss(5)}`,
  problem: `Payment provider late ${xss(7)}`,
  question: `Approve the fallback? ${xss(9)}`,
  label: `ACME board ${xss(11)}`,
};

interface Link {
  id: string;
  url: string;
}
interface SummaryBody {
  summary: {
    project: { name: string };
    overall: { health: Health };
    milestones: { name: string; health: Health }[];
  };
}

const translators = Object.fromEntries(
  LOCALES.map((locale) => [locale, createTranslator(locale, coreMessages, pageMessages)]),
) as Record<Locale, Translator>;

describe.skipIf(!available)('the client page in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let launching: Promise<Browser> | undefined;
  let desktop: BrowserContext;
  let projectId: string;
  let link: Link;
  let summary: SummaryBody['summary'];
  const withLang = (url: string, locale: Locale) => `${url}?lang=${locale}`;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    // The browser starts while the service syncs.
    launching = launchBrowser();
    h = await startHarness();
    const connection = await h.connect();
    projectId = connection.projects[0]!.id;
    expect((await h.syncAndWait(connection.id, projectId)).status).toBe('succeeded');

    const [task] = (
      await h.api('GET', `/api/v1/projects/${projectId}/tasks?limit=1&statusCategory=in_progress`)
    ).json<{ items: { id: string }[] }>().items;
    const titled = await h.api('PATCH', `/api/v1/projects/${projectId}/tasks/${task!.id}`, {
      clientTitle: PAYLOADS.task,
    });
    expect(titled.statusCode).toBe(200);

    const update = await h.api('POST', `/api/v1/projects/${projectId}/updates`, {
      content: {
        headline: PAYLOADS.headline,
        highlights: [PAYLOADS.highlight],
        risks: [
          {
            problem: PAYLOADS.problem,
            impact: 'Checkout may open a week later.',
            mitigation: 'A second provider is ready.',
            decision: { question: PAYLOADS.question, by: null },
          },
        ],
        nextSteps: ['Load testing'],
      },
    });
    expect(update.statusCode).toBe(201);
    const published = await h.api('POST', `/api/v1/updates/${update.json<{ id: string }>().id}/publish`);
    expect(published.statusCode).toBe(200);

    const created = await h.api('POST', `/api/v1/projects/${projectId}/share-links`, {
      label: PAYLOADS.label,
      language: 'en',
      detail: 'detailed',
    });
    expect(created.statusCode).toBe(201);
    link = created.json<Link>();
    // The render job recomputes after the publish; computing here makes the page's content certain.
    await h.runtime.container.services.summaries.compute(projectId);
    summary = (await h.api('GET', `/api/v1/projects/${projectId}/summary`)).json<SummaryBody>().summary;

    browser = await launching;
    desktop = await browser.newContext({ viewport: DESKTOP });
  });

  afterAll(async () => {
    await closeQuietly(desktop);
    // Through the launch itself: a setup that failed part-way may not have awaited it.
    await closeQuietly(await launching?.catch(() => undefined));
    await h?.close();
  });

  /** Checks that hold for the page in any language and viewport (JavaScript enabled). */
  async function expectInert(page: Page): Promise<void> {
    const dom = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`),
      ),
    }));
    expect(dom).toEqual({ xss: undefined, scripts: 0, images: 0, handlers: [] });
    await unfoldTaskLists(page);
    for (const text of Object.values(PAYLOADS))
      expect(await page.getByText(text).first().isVisible(), text).toBe(true);
  }

  /** Long task lists start folded; a click on each heading opens it (native, with or without script). */
  async function unfoldTaskLists(page: Page): Promise<void> {
    const folded = page.locator('details.task-group:not([open]) > summary');
    const count = await folded.count();
    expect(count).toBeGreaterThan(0); // this project's milestones have more than 10 tasks each
    // Each click opens one, so the first folded one is always the next.
    for (let i = 0; i < count; i++) await folded.first().click();
    expect(await folded.count()).toBe(0);
  }

  test.each(LOCALES)('%s: translated content, payloads as text, no script; screenshot', async (locale) => {
    const t = translators[locale];
    const page = await desktop.newPage();
    const problems = await watchPage(page);
    try {
      const response = await page.goto(withLang(link.url, locale));
      expect(response?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.title()).toBe(t.t('page.title', { project: summary.project.name }));
      expect(await page.locator('h1').innerText()).toBe(summary.project.name);
      for (const [id, key] of [
        ['update-title', 'page.update.title'],
        ['progress-title', 'page.progress.title'],
        ['milestones-title', 'page.milestones.title'],
        ['burnup-title', 'page.burnup.title'],
        ['risks-title', 'page.risks.title'],
        ['tasks-title', 'page.tasks.title'],
      ] as const)
        expect(await page.locator(`#${id}`).innerText(), id).toBe(t.t(key));
      expect((await page.locator('.badge--large').innerText()).trim()).toBe(
        healthWord(t, summary.overall.health),
      );
      const badges = await page.locator('.ms .badge').allInnerTexts();
      expect(badges.map((b) => b.trim())).toEqual(summary.milestones.map((m) => healthWord(t, m.health)));
      expect(await page.locator('.langs a[aria-current="page"]').innerText()).toBe(
        t.t(`page.language.${locale}`),
      );

      await expectInert(page);
      expect(problems.console).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(await problems.csp()).toEqual([]);
      await page.screenshot({ path: path.join(OUT, `share-page-${locale}.png`), fullPage: true });
    } finally {
      await closeQuietly(page);
    }
  });

  test('on a phone the page fits the width in every language; screenshot in English', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const page = await phone.newPage();
      const problems = await watchPage(page);
      for (const locale of [...LOCALES].reverse()) {
        expect((await page.goto(withLang(link.url, locale)))?.status()).toBe(200);
        const width = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        expect(width.inner, locale).toBe(PHONE.width);
        expect(width.scroll, locale).toBeLessThanOrEqual(width.inner);
        // The compact charts replace the wide ones.
        expect(await page.locator('.chart--wide').first().isVisible()).toBe(false);
        expect(await page.locator('.chart--compact').first().isVisible()).toBe(true);
      }
      await expectInert(page);
      expect([...problems.console, ...problems.pageErrors, ...(await problems.csp())]).toEqual([]);
      await page.screenshot({ path: path.join(OUT, 'share-page-en-phone.png'), fullPage: true });
    } finally {
      await closeQuietly(phone);
    }
  });

  test('with JavaScript disabled the page shows the same content', async () => {
    const noJs = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      expect((await page.goto(withLang(link.url, 'fr')))?.status()).toBe(200);
      const t = translators.fr;
      expect(await page.locator('h1').innerText()).toBe(summary.project.name);
      expect(await page.locator('h2').allInnerTexts()).toEqual(
        expect.arrayContaining([
          t.t('page.update.title'),
          t.t('page.progress.title'),
          t.t('page.milestones.title'),
          t.t('page.burnup.title'),
          t.t('page.risks.title'),
          t.t('page.tasks.title'),
        ]),
      );
      expect(await page.locator('.ms').count()).toBe(summary.milestones.length);
      expect(await page.locator('.chart--wide svg').count()).toBeGreaterThanOrEqual(2);
      await unfoldTaskLists(page);
      for (const text of Object.values(PAYLOADS))
        expect(await page.getByText(text).first().isVisible(), text).toBe(true);
    } finally {
      await closeQuietly(noJs);
    }
  });

  test('print: the language switch is hidden and the PDF is written', async () => {
    const page = await desktop.newPage();
    try {
      await page.goto(withLang(link.url, 'en'));
      const display = () => page.evaluate(() => getComputedStyle(document.querySelector('.langs')!).display);
      expect(await display()).not.toBe('none');
      await page.emulateMedia({ media: 'print' });
      expect(await display()).toBe('none');
      expect(await page.locator('.chart--wide').first().isVisible()).toBe(true);
      const file = path.join(OUT, 'share-page-en.pdf');
      await page.pdf({ path: file, format: 'A4', printBackground: true });
      const pdf = readFileSync(file);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
    } finally {
      await closeQuietly(page);
    }
  });

  test("a revoked link shows the gone page in the link's language with 410", async () => {
    const revoked = (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'zh-CN' })
    ).json<Link>();
    expect((await h.api('DELETE', `/api/v1/share-links/${revoked.id}`)).statusCode).toBe(200);
    const page = await desktop.newPage();
    const problems = await watchPage(page);
    try {
      const response = await page.goto(revoked.url);
      expect(response?.status()).toBe(410);
      const t = translators['zh-CN'];
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('h1').innerText()).toBe(t.t('page.gone.revoked.title'));
      expect(await page.getByText(t.t('page.gone.help')).isVisible()).toBe(true);
      expect(await page.getByText(summary.project.name).count()).toBe(0);
      // Chromium reports any non-2xx document as a console error; that line is the 410 itself.
      const others = problems.console.filter((text) => !text.includes('status of 410'));
      expect([...others, ...problems.pageErrors, ...(await problems.csp())]).toEqual([]);
      await page.screenshot({ path: path.join(OUT, 'share-page-gone-zh-CN.png') });
    } finally {
      await closeQuietly(page);
    }
  });

  test('without JavaScript a question goes through the real form, the page confirms it, the answer shows under it; screenshots', async () => {
    const t = translators.en;
    const asked = `Can we see the checkout before launch? ${xss(13)}`;
    const answer = `Yes: a preview link follows on Friday. ${xss(15)}`;
    const noJs = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      expect((await page.goto(withLang(link.url, 'en')))?.status()).toBe(200);
      const form = page.locator('form.fb-form');
      // The fields a kind needs appear with it, through CSS alone.
      expect(await form.locator('.fb-when--rating').isVisible()).toBe(false);
      await form.getByLabel(t.t('page.feedback.kind', { kind: 'rating' })).check();
      expect(await form.locator('.fb-when--rating').isVisible()).toBe(true);
      expect(await form.locator('.fb-when--milestone').isVisible()).toBe(false);
      await form.getByLabel(t.t('page.feedback.kind', { kind: 'approval' })).check();
      expect(await form.locator('.fb-when--milestone').isVisible()).toBe(true);
      // The trap field is out of sight (off the page) and out of the tab order.
      const trap = await form.locator('.fb-trap').boundingBox();
      expect(trap!.x + trap!.width).toBeLessThanOrEqual(0);
      expect(await form.locator('#fb-website').getAttribute('tabindex')).toBe('-1');

      await form.getByLabel(t.t('page.feedback.kind', { kind: 'question' })).check();
      await form.getByLabel(t.t('page.feedback.body')).fill(asked);
      await form.getByLabel(t.t('page.feedback.name')).fill('Ana Lima');
      await form.getByLabel(t.t('page.feedback.email')).fill('ana@client.example');
      await Promise.all([
        page.waitForURL(/sent=question/),
        form.getByRole('button', { name: t.t('page.feedback.submit') }).click(),
      ]);
      expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
      const status = page.locator('#feedback [role="status"]');
      expect((await status.innerText()).trim()).toBe(t.t('page.feedback.sent', { kind: 'question' }));
      await page.locator('#feedback').screenshot({ path: path.join(OUT, 'share-page-feedback-sent-en.png') });

      // Stored, with the email for the PM only; the PM answers.
      const items = (await h.api('GET', `/api/v1/projects/${projectId}/feedback?kind=question`)).json<{
        items: { id: string; body: string; authorEmail: string }[];
      }>().items;
      const stored = items.find((item) => item.body === asked)!;
      expect(stored.authorEmail).toBe('ana@client.example');
      expect((await h.api('PATCH', `/api/v1/feedback/${stored.id}`, { reply: answer })).statusCode).toBe(200);
    } finally {
      await closeQuietly(noJs);
    }

    // With JavaScript on: the client's text and the answer show as text, nothing runs; screenshots.
    for (const locale of ['en', 'zh-CN'] as const) {
      const page = await desktop.newPage();
      const problems = await watchPage(page);
      try {
        expect((await page.goto(withLang(link.url, locale)))?.status()).toBe(200);
        const section = page.locator('#feedback');
        // textContent: the label's CSS shows it in capitals.
        expect((await section.locator('h3.label').textContent())?.trim()).toBe(
          translators[locale].t('page.feedback.answered'),
        );
        const item = section.locator('.fb-item').filter({ hasText: 'Can we see the checkout' });
        expect(await item.getByText(asked).isVisible()).toBe(true);
        expect(await item.locator('.fb-reply').getByText(answer).isVisible()).toBe(true);
        expect(await page.getByText('ana@client.example').count()).toBe(0);
        const dom = await page.evaluate(() => ({
          xss: (window as unknown as { __xss?: unknown }).__xss,
          scripts: document.querySelectorAll('script').length,
          images: document.querySelectorAll('img').length,
        }));
        expect(dom).toEqual({ xss: undefined, scripts: 0, images: 0 });
        expect([...problems.console, ...problems.pageErrors, ...(await problems.csp())]).toEqual([]);
        await section.screenshot({ path: path.join(OUT, `share-page-feedback-${locale}.png`) });
      } finally {
        await closeQuietly(page);
      }
    }
  });

  test('a passcode link unlocks through the real form (the browser posts it with Origin: null)', async () => {
    const locked = (
      await h.api('POST', `/api/v1/projects/${projectId}/share-links`, {
        language: 'en',
        passcode: 'open sesame',
      })
    ).json<Link>();
    const page = await desktop.newPage();
    try {
      await page.goto(locked.url);
      await page.getByLabel(translators.en.t('page.passcode.label')).fill('open sesame');
      await Promise.all([
        page.waitForURL(locked.url),
        page.getByRole('button', { name: translators.en.t('page.passcode.submit') }).click(),
      ]);
      expect(await page.locator('h1').innerText()).toBe(summary.project.name);
      expect(await page.locator('#feedback form').count()).toBe(1);
    } finally {
      await closeQuietly(page);
    }
  });
});

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { panelMessages } from '../../plugin/panel/panel.messages';
import { startPanelHost, type PanelHost } from '../../scripts/panel-host/server';
import type { Locale } from '../../service/domain/model';
import { coreMessages } from '../../service/render/i18n/core.messages';
import { createTranslator } from '../../service/render/i18n/i18n';
import { pageMessages } from '../../service/render/page.messages';
import { CHROMIUM_PATH, closeQuietly, hasChromium, launchBrowser, watchPage } from '../support/browser';
import { startHarness, type Harness } from '../support/harness';

/**
 * The panel as a PM meets it: a host page on another origin (standing in for Worktile or any PM tool)
 * frames `/plugin/`, waits for the panel's `ready`, gets a panel token from its own backend (which calls
 * `POST /api/v1/panel-tokens` with its API key) and hands it over by postMessage. Every PM flow is driven by
 * clicks and asserted on the page; screenshots land in `test-results/`. A page on an origin that is not in
 * PANEL_HOST_ORIGINS cannot frame the panel at all.
 */
const available = hasChromium();
if (!available)
  console.warn(`panel.browser.test.ts skipped: ${CHROMIUM_PATH} not found (.ci/run installs it).`);

const OUT = path.resolve('test-results');
const t = (locale: Locale, key: string, values: Record<string, string | number> = {}) =>
  (panelMessages[locale][key] ?? key).replace(/\{(\w+)\}/g, (_all, name: string) => String(values[name]));

describe.skipIf(!available)('the panel in Chromium, framed by a PM tool', () => {
  let h: Harness;
  let browser: Browser;
  let host: PanelHost;
  let evil: PanelHost;
  let projectId: string;
  let connectionId: string;
  let serviceUrl: string;

  const mint = async (locale: string) => {
    const res = await h.api('POST', '/api/v1/panel-tokens', { projectId, locale });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json<{ token: string }>().token;
  };

  /** Opens the host page and returns the panel's frame once the panel shows its project. */
  async function openPanel(page: Page, locale: Locale = 'en'): Promise<Frame> {
    await page.goto(`${host.origin}/?locale=${locale}`);
    const handle = await page.waitForSelector('#panel');
    const frame = (await handle.contentFrame())!;
    await frame.waitForSelector('.panel h1', { timeout: 15_000 });
    return frame;
  }
  const tab = (frame: Frame, locale: Locale, name: string) =>
    frame.getByRole('tab', { name: t(locale, `tab.${name}`) }).click();

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const launching = launchBrowser();
    // Two host pages, one allowed, one not; the service must know the allowed origin before it starts.
    host = await startPanelHost({ panelUrl: () => `${serviceUrl}/plugin/`, mintToken: mint });
    evil = await startPanelHost({ panelUrl: () => `${serviceUrl}/plugin/`, mintToken: mint });
    h = await startHarness({ env: { PANEL_HOST_ORIGINS: host.origin } });
    serviceUrl = h.runtime.url!;
    const connection = await h.connect();
    connectionId = connection.id;
    projectId = connection.projects[0]!.id;
    expect((await h.syncAndWait(connectionId, projectId)).status).toBe('succeeded');
    browser = await launching;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await host?.close();
    await evil?.close();
  });

  test('the host hands over a token after ready; the client preview is the share page, in the client’s language', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems = await watchPage(page);
    try {
      const frame = await openPanel(page);
      const name = (await h.api('GET', `/api/v1/projects/${projectId}`)).json<{ name: string }>().name;
      expect(await frame.locator('.panel h1').innerText()).toBe(name);
      expect(await page.evaluate(() => (window as unknown as { readySeen: number }).readySeen)).toBe(1);
      // The token travelled by postMessage: the panel's URL carries none.
      expect(frame.url()).toBe(`${serviceUrl}/plugin/`);
      const preview = frame.frameLocator('iframe.client-page');
      expect(await preview.locator('h1').innerText()).toBe(name);
      const page_t = createTranslator('en', coreMessages, pageMessages);
      expect(await preview.locator('body').innerText()).toContain(page_t.t('page.progress.title'));
      await page.screenshot({ path: path.join(OUT, 'panel-preview-en.png') });
      expect([...problems.pageErrors, ...(await problems.csp())]).toEqual([]);
    } finally {
      await closeQuietly(page);
    }
  });

  test('Sync now shows a moving progress bar until the run ends', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      const frame = await openPanel(page);
      await tab(frame, 'en', 'sync');
      // Every work item changes upstream, so the incremental run reads them all, page by page, slowly
      // enough to watch the bar move.
      await page.waitForTimeout(1_100);
      h.fake.touch(
        h.dataset.workItems.map((item) => item.id),
        Math.floor(Date.now() / 1000),
      );
      // A second per upstream request: each page of 100 stays on screen for two polls of the panel (every
      // 500 ms) even on a loaded machine.
      h.fake.setLatency(1_000);
      await frame.getByRole('button', { name: t('en', 'sync.now') }).click();
      const values = new Set<string>();
      const deadline = Date.now() + 60_000;
      for (;;) {
        // One read of the run's state per poll, without waiting for elements that may not be there.
        const seen = await frame.evaluate(() => ({
          status: document.querySelector('.run')?.getAttribute('data-status') ?? null,
          value: document.querySelector('.run progress')?.getAttribute('value') ?? null,
        }));
        if (seen.status === 'succeeded' || seen.status === 'failed') break;
        if (seen.value) values.add(seen.value);
        if (Date.now() > deadline) throw new Error('the sync did not end');
        await page.waitForTimeout(50);
      }
      h.fake.setLatency(0);
      expect(await frame.locator('.run').getAttribute('data-status')).toBe('succeeded');
      expect(values.size).toBeGreaterThanOrEqual(2);
      expect(await frame.getByRole('status').innerText()).toMatch(/^Sync finished: \d+ work items read\.$/);
      await page.screenshot({ path: path.join(OUT, 'panel-sync-en.png') });
    } finally {
      h.fake.setLatency(0);
      await closeQuietly(page);
    }
  }, 90_000);

  test('the PM starts the pre-filled draft, edits it and publishes it', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      const frame = await openPanel(page);
      await tab(frame, 'en', 'update');
      await frame.getByRole('button', { name: t('en', 'update.create') }).click();
      const headline = frame.getByLabel(t('en', 'update.headline'));
      await headline.waitFor();
      expect((await headline.inputValue()).length).toBeGreaterThan(0); // pre-filled
      await headline.fill('Checkout is in testing');
      await frame.getByRole('button', { name: t('en', 'update.publish') }).click();
      await frame.getByText(t('en', 'update.published')).waitFor();
      const updates = (await h.api('GET', `/api/v1/projects/${projectId}/updates`)).json<{
        items: { status: string; content: { headline: string } }[];
      }>().items;
      expect(updates[0]).toMatchObject({
        status: 'published',
        content: { headline: 'Checkout is in testing' },
      });
      await page.screenshot({ path: path.join(OUT, 'panel-update-en.png') });
    } finally {
      await closeQuietly(page);
    }
  });

  test('the PM creates a link, copies it, and revokes it; the link dies at once', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      const frame = await openPanel(page);
      await tab(frame, 'en', 'links');
      await frame.getByLabel(t('en', 'links.label')).fill('Board of ACME');
      await frame.getByLabel(t('en', 'links.language')).selectOption('fr');
      await frame.getByRole('button', { name: t('en', 'links.create') }).click();
      const url = await frame.locator('#created-url').inputValue();
      expect(url).toMatch(new RegExp(`^${serviceUrl}/s/[A-Za-z0-9_-]{43}$`));
      expect((await h.runtime.app!.inject({ method: 'GET', url: new URL(url).pathname })).statusCode).toBe(
        200,
      );
      const row = frame.locator('li', { hasText: 'Board of ACME' });
      await row.getByRole('button', { name: t('en', 'links.revoke') }).click();
      await frame.locator('li[data-state="revoked"]', { hasText: 'Board of ACME' }).waitFor();
      expect((await h.runtime.app!.inject({ method: 'GET', url: new URL(url).pathname })).statusCode).toBe(
        410,
      );
      await page.screenshot({ path: path.join(OUT, 'panel-links-en.png') });
    } finally {
      await closeQuietly(page);
    }
  });

  test('a client question arrives in the inbox; the PM answers it from the panel, in French', async () => {
    const link = (await h.api('POST', `/api/v1/projects/${projectId}/share-links`, { language: 'en' })).json<{
      url: string;
    }>();
    const client = await browser.newPage();
    try {
      const page_t = createTranslator('en', coreMessages, pageMessages);
      await client.goto(link.url);
      const form = client.locator('#feedback form');
      await form.getByLabel(page_t.t('page.feedback.kind', { kind: 'question' })).check();
      await form.getByLabel(page_t.t('page.feedback.body')).fill('When can we try the checkout?');
      await form.getByLabel(page_t.t('page.feedback.name')).fill('Ana Lima');
      await Promise.all([
        client.waitForURL(/sent=question/),
        form.getByRole('button', { name: page_t.t('page.feedback.submit') }).click(),
      ]);
    } finally {
      await closeQuietly(client);
    }

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      const frame = await openPanel(page, 'fr');
      expect(await frame.getByRole('tab', { name: t('fr', 'tab.preview') }).count()).toBe(1);
      await tab(frame, 'fr', 'feedback');
      const item = frame.locator('li', { hasText: 'When can we try the checkout?' });
      await item.waitFor();
      // The communication health above the inbox: nothing overdue yet, the update published earlier.
      await frame.locator('[data-health]').waitFor();
      expect(await frame.locator('[data-health]').innerText()).toContain(
        t('fr', 'health.overdue', { count: 0 }),
      );
      expect(await item.innerText()).toContain(t('fr', 'feedback.kind.question'));
      await item.getByLabel(t('fr', 'feedback.reply')).fill('Next Monday, on the staging site.');
      await item.getByRole('button', { name: t('fr', 'feedback.send') }).click();
      await item.waitFor({ state: 'detached' }); // the open filter no longer lists it
      const items = (await h.api('GET', `/api/v1/projects/${projectId}/feedback?kind=question`)).json<{
        items: { body: string; status: string; reply: string }[];
      }>().items;
      expect(items.find((i) => i.body === 'When can we try the checkout?')).toMatchObject({
        status: 'answered',
        reply: 'Next Monday, on the staging site.',
      });
      await page.screenshot({ path: path.join(OUT, 'panel-feedback-fr.png') });
      // The answer is on the client's page.
      const shown = await h.runtime.app!.inject({ method: 'GET', url: new URL(link.url).pathname });
      expect(shown.body).toContain('Next Monday, on the staging site.');
    } finally {
      await closeQuietly(page);
    }
  });

  test('a page on an origin that is not allowed cannot frame the panel, and gets no token exchange', async () => {
    const page = await browser.newPage();
    const problems = await watchPage(page);
    try {
      await page.goto(`${evil.origin}/`);
      const handle = await page.waitForSelector('#panel');
      await page.waitForTimeout(1_000);
      const frame = await handle.contentFrame();
      const rendered = frame
        ? await frame
            .locator('.panel, .notice')
            .count()
            .catch(() => 0)
        : 0;
      expect(rendered).toBe(0);
      expect(
        await page.evaluate(() => (window as unknown as { readySeen?: number }).readySeen),
      ).toBeUndefined();
      expect((await problems.csp()).join(' ') + problems.console.join(' ')).toMatch(/frame-ancestors/);
    } finally {
      await closeQuietly(page);
    }
  });
});

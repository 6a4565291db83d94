import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core: never a browser download. `.ci/run` installs the package
 * (and a CJK font, so zh-CN screenshots show real glyphs) when it is missing.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);

/** One headless Chromium with a fresh temporary profile (Playwright creates and removes it). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/**
 * Closes a page, context or browser; never throws, never hangs a test's teardown. An `undefined` target
 * (a setup that failed before creating it) is fine.
 */
export async function closeQuietly(
  target: Pick<Browser | BrowserContext | Page, 'close'> | undefined,
  timeoutMs = 10_000,
): Promise<void> {
  if (!target) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    target.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/** What went wrong inside a page: console errors, uncaught exceptions, CSP violations. */
export interface PageProblems {
  console: string[];
  pageErrors: string[];
  /** `securitypolicyviolation` events, as `directive blockedURI`; recorded by an init script. */
  csp(): Promise<string[]>;
}

/**
 * Starts recording a page's problems. The CSP listener is installed through CDP before any document
 * loads, so it runs even on a page whose CSP allows no script at all (and with JavaScript enabled only).
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  const problems = { console: [] as string[], pageErrors: [] as string[] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return {
    ...problems,
    // Throws if the recorder is missing (JavaScript disabled), rather than reporting a clean page.
    csp: () => page.evaluate(() => [...(window as unknown as { __cspViolations: string[] }).__cspViolations]),
  };
}

// Debian's Chromium driven by playwright-core (`npx playwright install` cannot work on these
// machines). Every page also records what the browser complained about (a script error, a
// refused request, a Content-Security-Policy violation): a journey ends by asserting there was none.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Debian's chromium at ${CHROMIUM}: apt-get install -y chromium (npm test installs it when run as root).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors (CSP violations included), page errors, 5xx answers and failed requests seen so far. */
  problems: string[];
}

/** `timezoneId` (an IANA zone) sets the browser's local time zone; by default it is the machine's. */
export async function openPage(browser: Browser, baseURL: string, viewport: { width: number; height: number } = DESKTOP, options: { timezoneId?: string } = {}): Promise<WatchedPage> {
  const phone = viewport.width < 600;
  const context = await browser.newContext({ baseURL, viewport, ...options, ...(phone && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }) });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // Chromium logs every 4xx answer as an error; a refusal the screen explains is part of a journey.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`server error: ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Closing a page ends its event stream, and a navigation (or a query no screen needs any more)
    // aborts the API reads still in flight: neither is a failure. Anything else is.
    const aborted = request.failure()?.errorText === 'net::ERR_ABORTED' && request.resourceType() === 'fetch';
    if (!request.url().endsWith('/api/events') && !aborted) problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  return { page, context, problems };
}

const RESULTS = new URL('../../test-results/', import.meta.url).pathname;

/** Saves a full-page screenshot as dashboard/test-results/<name>.png (not committed). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The elements that stick out of the viewport, as tag.class (wide tables scroll inside .table-wrap instead). */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('body *')].filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.tagName + '.' + e.className)`);
}

// Per-file harness of the end-to-end tests: one Chromium per file, a fresh context per page, and
// after every test the checks that the page logged no error and no request left localhost.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { DESKTOP, launch, openPage, settled, type Watched } from './browser.js';

export { DESKTOP, PHONE, settled } from './browser.js';

export function harness(): {
  open: (query?: string, viewport?: { width: number; height: number }) => Promise<Watched>;
} {
  let browser: Browser;
  const opened: Watched[] = [];
  const origin = inject('origin');
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const all = opened.splice(0);
    for (const w of all) await w.context.close();
    for (const w of all) {
      expect(w.errors, 'console errors').toEqual([]);
      const outside = w.requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
      expect(outside, 'requests that left the page').toEqual([]);
      expect(w.requests.length).toBeGreaterThan(0);
    }
  });
  return {
    open: async (query = '', viewport = DESKTOP) => {
      const w = await openPage(browser, origin, query, viewport);
      opened.push(w);
      return w;
    },
  };
}

/** Index of the table row whose name field holds `name`. */
export async function rowOf(page: Page, name: string): Promise<number> {
  const i = await page.$$eval(
    '#layers tr[data-row]',
    (rows, n) =>
      rows.findIndex((r) => (r.querySelector('[data-field="name"]') as HTMLInputElement).value === n),
    name,
  );
  expect(i, `row ${name}`).toBeGreaterThanOrEqual(0);
  return i;
}

export const cell = (page: Page, row: number, out: string) =>
  page.locator(`#layers tr[data-row="${row}"] [data-out="${out}"]`);
export const field = (page: Page, row: number, f: string) =>
  page.locator(`#layers tr[data-row="${row}"] [data-field="${f}"]`);

/** Loads compact text or JSON through the paste box. */
export async function paste(page: Page, text: string): Promise<void> {
  await page.fill('#paste', text);
  await page.click('#paste-load');
  await expect.poll(() => page.textContent('#paste-msg')).toMatch(/^Loaded \d+ layers/);
}

/** The page's performance measures of one name (ms), cleared after reading. */
export async function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => {
    const out = performance.getEntriesByName(n).map((e) => e.duration);
    performance.clearMeasures(n);
    return out;
  }, name);
}

export async function waitIdle(page: Page): Promise<void> {
  await settled(page);
}

// What the end-to-end tests and the screenshot/measure scripts share: building the app, serving
// dist/ on a loopback port, and Debian's Chromium through playwright-core (never downloaded).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { chromiumLaunch } from '../../../../vitest.shared.js';

export const appDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Builds the app into `outDir` (default dist/), unless WEB_E2E_DIST names a build to reuse. */
export async function buildApp(outDir = join(appDir, 'dist')): Promise<string> {
  const prebuilt = process.env.WEB_E2E_DIST;
  if (prebuilt) return resolve(prebuilt);
  await build({
    root: appDir,
    logLevel: 'warn',
    configFile: join(appDir, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** A static file server for `dir`, bound to the loopback address only. */
export function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

export function launch(): Promise<Browser> {
  return chromium.launch(chromiumLaunch);
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  requests: string[];
  errors: string[];
}

/** Opens the app in a fresh context that records requests and console errors. */
export async function openPage(
  browser: Browser,
  origin: string,
  query = '',
  viewport: { width: number; height: number } = DESKTOP,
): Promise<Watched> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const w: Watched = { page, context, requests: [], errors: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  context.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(String(e)));
  await page.goto(`${origin}/${query ? `?${query}` : ''}`);
  await page.waitForSelector('body[data-ready="true"]');
  return w;
}

/** Waits until the page has written its state into the URL (writes are asynchronous: compressed). */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 0)));
  await page.waitForFunction(
    () => (window as unknown as { __rfkitIdle?: () => boolean }).__rfkitIdle?.() ?? true,
  );
}

/**
 * Scrolls the calculator until layer row `row` is laid out and in the middle of the screen: rows
 * far from the screen are not laid out (row-window.ts), so they cannot be clicked or scrolled to
 * directly, as a user's scrolling would bring them.
 */
export async function reveal(page: Page, row: number): Promise<void> {
  // A string, not a function: scripts run through tsx, whose helpers would not exist in the page.
  await page.evaluate(`(async (i) => {
    const tr = document.querySelector('#layers tr[data-row="' + i + '"]');
    if (!tr) throw new Error('no layer row ' + i);
    const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    const hidden = () => getComputedStyle(tr).display === 'none';
    for (let k = 0; k < 1000 && hidden(); k++) {
      const first = document.querySelector('#layers tbody tr[data-row]:not(.far)');
      const up = first !== null && Number(first.dataset.row) > i;
      scrollBy(0, ((up ? -1 : 1) * innerHeight) / 2);
      await frame();
    }
    tr.scrollIntoView({ block: 'center' });
    await frame();
  })(${row})`);
}

// End-to-end: builds the app, serves dist on a free localhost port, and drives Debian's Chromium
// through playwright-core. Every test also checks that the page logged no error and that no
// request left localhost. Screenshots of each view are kept under screenshots/.
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const appDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
// WEB_E2E_DIST serves an already built page instead of building one (e.g. to reuse a build).
const prebuilt = process.env.WEB_E2E_DIST;
const distDir = prebuilt ? resolve(prebuilt) : join(appDir, 'dist');
const shotDir = join(appDir, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** A static file server for dist/, bound to the loopback address only. */
function serve(dir: string): Promise<Server> {
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
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

let server: Server;
let browser: Browser;
let origin: string;

interface Watched {
  page: Page;
  context: BrowserContext;
  requests: string[];
  errors: string[];
}
let current: Watched | null = null;

beforeAll(async () => {
  if (!prebuilt) await build({ root: appDir, logLevel: 'warn', configFile: join(appDir, 'vite.config.ts') });
  server = await serve(distDir);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(shotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
});

/** Opens the app with a fresh context that records requests and errors. */
async function open(query = ''): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
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
  current = w;
  return w;
}

afterEach(async () => {
  const w = current;
  current = null;
  if (!w) return;
  await w.context.close();
  expect(w.errors, 'console errors').toEqual([]);
  const outside = w.requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
  expect(outside, 'requests that left the page').toEqual([]);
  expect(w.requests.length).toBeGreaterThan(0);
});

/** Index of the table row whose name field holds `name`. */
async function rowOf(page: Page, name: string): Promise<number> {
  const i = await page.$$eval(
    '#layers tr[data-row]',
    (rows, n) =>
      rows.findIndex((r) => (r.querySelector('[data-field="name"]') as HTMLInputElement).value === n),
    name,
  );
  expect(i, `row ${name}`).toBeGreaterThanOrEqual(0);
  return i;
}

const cell = (page: Page, row: number, out: string) =>
  page.locator(`#layers tr[data-row="${row}"] [data-out="${out}"]`);
const field = (page: Page, row: number, f: string) =>
  page.locator(`#layers tr[data-row="${row}"] [data-field="${f}"]`);

describe('calculator', () => {
  it('shows rf 212 at pool5 of vgg_16, and the link reproduces it', async () => {
    const { page } = await open();
    await page.selectOption('#zoo', 'vgg_16');
    const pool5 = await rowOf(page, 'pool5');
    await expect.poll(() => cell(page, pool5, 'rf').textContent()).toBe('212');
    expect(await cell(page, pool5, 'jump').textContent()).toBe('32');
    expect(page.url()).toContain('zoo=vgg_16');
    await page.screenshot({ path: join(shotDir, 'calculator.png') });

    const again = await current!.context.newPage();
    await again.goto(page.url());
    await again.waitForSelector('body[data-ready="true"]');
    expect(await cell(again, pool5, 'rf').textContent()).toBe('212');
    expect(await again.inputValue('#zoo')).toBe('vgg_16');
  });

  it('updates the table as a layer is edited, and keeps the edit in the URL', async () => {
    const { page } = await open('zoo=vgg_16');
    const pool5 = await rowOf(page, 'pool5');
    const conv1 = await rowOf(page, 'conv1/conv1_1');
    await field(page, conv1, 'kernel').fill('5');
    // conv1_1 reads the input at jump 1: two more pixels of kernel widen every later rf by 2.
    await expect.poll(() => cell(page, pool5, 'rf').textContent()).toBe('214');
    expect(await cell(page, conv1, 'rf').textContent()).toBe('5');
    expect(page.url()).not.toContain('zoo=');

    await page.goto(page.url());
    await page.waitForSelector('body[data-ready="true"]');
    expect(await field(page, conv1, 'kernel').inputValue()).toBe('5');
    expect(await cell(page, pool5, 'rf').textContent()).toBe('214');
  });

  it('adds, reorders and removes layers', async () => {
    const { page } = await open();
    const rows = page.locator('#layers tr[data-row]');
    const n = await rows.count();
    await page.click('#add-layer');
    await expect.poll(() => rows.count()).toBe(n + 1);
    await field(page, n, 'name').fill('extra');
    await field(page, n, 'stride').fill('2');
    await expect.poll(() => cell(page, n, 'jump').textContent()).not.toBe('');
    const jumpBefore = Number(await cell(page, n, 'jump').textContent());
    await page.click(`#layers tr[data-row="${n}"] button[title="move up"]`);
    expect(await field(page, n - 1, 'name').inputValue()).toBe('extra');
    // A stride-2 layer moved before the last layer doubles that layer's jump too.
    expect(Number(await cell(page, n, 'jump').textContent())).toBe(jumpBefore);
    await page.click(`#layers tr[data-row="${n - 1}"] button[title="remove layer"]`);
    await expect.poll(() => rows.count()).toBe(n);
    expect(Number(await cell(page, n - 1, 'jump').textContent())).toBe(jumpBefore / 2);
    // A merge reads the last two layers: its region is the union of theirs.
    await page.click('text=+ merge');
    expect(await field(page, n, 'inputs').inputValue()).toBe('conv2, conv3');
    await expect
      .poll(() => cell(page, n, 'rf').textContent())
      .toBe(await cell(page, n - 1, 'rf').textContent());
    expect(await page.textContent('#model-errors')).toBe('');
  });

  it('shows an invalid value next to its field while the rest keeps working', async () => {
    const { page } = await open();
    await field(page, 2, 'stride').fill('0');
    const msg = page.locator('#layers tr[data-row="2"] [data-error="stride"]');
    await expect.poll(() => msg.textContent()).toBe('stride must be an integer ≥ 1, got 0');
    expect(await field(page, 2, 'stride').getAttribute('class')).toContain('invalid');
    // Rows above the bad one are still computed; rows from it on wait for the fix.
    expect(await cell(page, 1, 'rf').textContent()).not.toBe('');
    expect(await cell(page, 3, 'rf').textContent()).toBe('');
    await field(page, 0, 'kernel').fill('3');
    await expect.poll(() => cell(page, 0, 'rf').textContent()).toBe('3');
    // An error only the library sees (a name that does not exist) lands on its field too.
    await field(page, 2, 'stride').fill('1');
    await field(page, 3, 'inputs').fill('nowhere');
    await expect
      .poll(() => page.locator('#layers tr[data-row="3"] [data-error="inputs"]').textContent())
      .toContain('nowhere');
    await page.screenshot({ path: join(shotDir, 'calculator-error.png') });
    await field(page, 3, 'inputs').fill('');
    await expect.poll(() => cell(page, 3, 'rf').textContent()).not.toBe('');
    expect(await msg.textContent()).toBe('');
  });

  it('loads pasted compact text and JSON', async () => {
    const { page } = await open();
    await page.fill('#paste', 'conv7s2p3 maxpool3s2p1 conv3p1');
    await page.click('#paste-load');
    await expect.poll(() => page.locator('#layers tr[data-row]').count()).toBe(3);
    expect(await cell(page, 2, 'rf').textContent()).toBe('19');
    await page.fill('#paste', '{"layers":[{"op":"conv","kernel":3,"dilation":2}]}');
    await page.click('#paste-load');
    await expect.poll(() => cell(page, 0, 'rf').textContent()).toBe('5');
    expect(await cell(page, 0, 'covered').textContent()).toBe('3');
    await page.fill('#paste', '{"layers": [');
    await page.click('#paste-load');
    expect(await page.textContent('#paste-msg')).toContain('Not valid JSON');
  });
});

describe('ONNX import', () => {
  it('opens an .onnx file in the page', async () => {
    const { page } = await open();
    const fixture = resolve(appDir, '../../packages/onnx/test/fixtures/vgg16.onnx');
    await page.setInputFiles('#model-file', fixture);
    await expect.poll(() => page.textContent('#paste-msg')).toMatch(/^Imported vgg16\.onnx: \d+ layers/);
    const rfs = await page.$$eval('#layers [data-out="rf"]', (cells) => cells.map((c) => c.textContent));
    // torchvision's VGG-16 features end in the same 212-pixel field as slim's pool5.
    expect(rfs).toContain('212');
    expect(await page.textContent('#model-errors')).toBe('');
  });

  it('takes a file dropped on the calculator', async () => {
    const { page } = await open();
    const bytes = [...readFileSync(resolve(appDir, '../../packages/onnx/test/fixtures/conv1d.onnx'))];
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'conv1d.onnx'));
      document
        .getElementById('calc')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
    }, bytes);
    await expect.poll(() => page.textContent('#paste-msg')).toMatch(/^Imported conv1d\.onnx/);
    expect(await page.locator('#layers tr[data-row]').count()).toBeGreaterThan(0);
  });
});

describe('visualiser', () => {
  it('draws the region of a unit chosen by click and arrow keys', async () => {
    const { page } = await open('view=vis');
    await page.waitForSelector('#vis:not([hidden])');
    const info = page.locator('#vis-info');
    await expect.poll(() => info.textContent()).toContain('unit (0, 0)');
    const out = page.locator('#output-canvas');
    await out.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => info.textContent()).toContain('unit (1, 1)');
    expect(page.url()).toContain('unit=1%2C1');
    const box = (await out.boundingBox())!;
    await out.click({ position: { x: box.width - 2, y: box.height - 2 } });
    await expect.poll(() => info.textContent()).toMatch(/unit \((\d+), \1\) of (\d+)×\2/);
    expect(await info.textContent()).toContain('0 holes in the span');
    const size = await page.$eval('#rf-chart', (c) => [
      (c as HTMLCanvasElement).width,
      (c as HTMLCanvasElement).height,
    ]);
    expect(size[0]).toBeGreaterThan(100);
    await page.selectOption('#vis-layer', '0');
    await expect.poll(() => info.textContent()).toContain('conv1:');
    await page.selectOption('#vis-layer', '3');
    await out.focus();
    await page.keyboard.press('ArrowLeft');
    await page.screenshot({ path: join(shotDir, 'visualiser.png'), fullPage: true });
  });
});

describe('visualiser image', () => {
  it('draws the region over an image the user opens', async () => {
    const { page } = await open('view=vis');
    const pixel = () =>
      page.$eval('#input-canvas', (c) => {
        const cv = c as HTMLCanvasElement;
        // Bottom-right corner of the input: outside the region of unit (0, 0).
        return [...cv.getContext('2d')!.getImageData(cv.width - 60, cv.height - 60, 1, 1).data];
      });
    const before = await pixel();
    expect(before).toEqual([255, 255, 255, 255]);
    // A plain green picture, made by the browser itself.
    const dataUrl = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = c.height = 8;
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = 'rgb(22, 163, 74)';
      ctx.fillRect(0, 0, 8, 8);
      return c.toDataURL('image/png');
    });
    const png = Buffer.from(dataUrl.split(',')[1]!, 'base64');
    await page.setInputFiles('#vis-image', { name: 'green.png', mimeType: 'image/png', buffer: png });
    await expect.poll(pixel).toEqual([22, 163, 74, 255]);
    await page.click('text=grid only');
    await expect.poll(pixel).toEqual(before);
  });
});

describe('visualiser holes', () => {
  it('shows the holes of a dilated kernel, from a link', async () => {
    const model = JSON.stringify({ n: 'dilated', i: '12,12', r: [['d', 'conv', '3', '', '2', '2', '']] });
    const { page } = await open(`view=vis&unit=5,6&model=${encodeURIComponent(model)}`);
    const info = page.locator('#vis-info');
    // kernel 3 at dilation 2: a 5×5 span of which 3×3 pixels are read, so 16 holes.
    await expect.poll(() => info.textContent()).toContain('unit (5, 6) of 12×12 reads input 3…7 × 4…8');
    expect(await info.textContent()).toContain('16 holes in the span');
    await page.screenshot({ path: join(shotDir, 'visualiser-dilation.png'), fullPage: true });
  });
});

describe('search', () => {
  const small = async (page: Page) => {
    await page.fill('#s-depth', '3');
    await page.fill('#s-kernel', '1,3,5');
    await page.fill('#s-stride', '1,2');
    await page.fill('#s-dilation', '1');
    await page.fill('#s-rfMin', '7');
    await page.fill('#s-rfMax', '');
    await page.fill('#s-totalStride', '4');
  };

  it('runs in the worker, shows results and opens one in the calculator', async () => {
    const { page } = await open('view=search');
    await small(page);
    await expect.poll(() => page.textContent('#space-info')).toContain('216 combinations');
    await page.click('#run-search');
    await page.waitForSelector('#top-table tr[data-result]');
    expect(await page.textContent('#search-status')).toMatch(/Done: 216 evaluated, \d+ feasible/);
    expect(await page.$eval('#search-progress', (p) => (p as HTMLProgressElement).value)).toBe(1);
    const link = page.url();
    expect(link).toContain('run=1');
    const rf = Number(await page.textContent('#top-table tr[data-result="0"] td:nth-child(2)'));
    expect(rf).toBeGreaterThanOrEqual(7);
    await page.click('#top-table tr[data-result="0"] .open-result');
    await page.waitForSelector('#calc:not([hidden])');
    expect(await page.locator('#layers tr[data-row]').count()).toBe(3);
    await expect.poll(() => cell(page, 2, 'rf').textContent()).toBe(String(rf));
    expect(await cell(page, 2, 'jump').textContent()).toBe('4');

    // The search's link brings back its form and runs it again.
    await page.goto(link);
    await page.waitForSelector('#top-table tr[data-result]');
    expect(await page.inputValue('#s-kernel')).toBe('1,3,5');
    expect(Number(await page.textContent('#top-table tr[data-result="0"] td:nth-child(2)'))).toBe(rf);
  });

  it('keeps working offline once loaded (the default space)', async () => {
    const w = await open('view=search');
    await w.context.setOffline(true);
    await w.page.click('#run-search');
    await w.page.waitForSelector('#top-table tr[data-result]');
    expect(await w.page.textContent('#search-status')).toMatch(/^Done: 16,777,216 evaluated/);
    await w.page.screenshot({ path: join(shotDir, 'search.png'), fullPage: true });
    await w.context.setOffline(false);
  });

  it('cancels a long search', async () => {
    const { page } = await open('view=search');
    // No constraint at all: nothing can be pruned, so 16^9 combinations take far longer than the test.
    await page.fill('#s-depth', '9');
    await page.fill('#s-rfMin', '');
    await page.fill('#s-rfMax', '');
    await page.fill('#s-totalStride', '');
    await page.click('#run-search');
    await expect.poll(() => page.textContent('#search-status')).toMatch(/Searching… [\d,]+ \/ [\d,]+/);
    await page.click('#cancel-search');
    // The worker stops between chunks and still reports what it covered.
    await expect
      .poll(() => page.textContent('#search-status'))
      .toMatch(/^Cancelled \(partial result\): [\d,]+ evaluated/);
    expect(await page.isEnabled('#run-search')).toBe(true);
  });

  it('marks an invalid field and refuses to run', async () => {
    const { page } = await open('view=search');
    await page.fill('#s-depth', '0');
    await expect.poll(() => page.textContent('[data-error="depth"]')).toBe('must be an integer ≥ 1, got "0"');
    expect(await page.isDisabled('#run-search')).toBe(true);
    // What only the library can judge lands next to its field too.
    await page.fill('#s-depth', '2');
    await page.fill('#s-kernel', '3,3');
    await expect.poll(() => page.textContent('[data-error="kernel"]')).toContain('duplicate value 3');
    expect(await page.isDisabled('#run-search')).toBe(true);
    await page.fill('#s-kernel', '1,3,5,7');
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
    expect(await page.textContent('[data-error="kernel"]')).toBe('');
  });

  it('says why a space with nothing feasible is empty, and shows covered pixels', async () => {
    const { page } = await open('view=search');
    // Two layers cannot reach rf 96: not an error, an empty result that says so.
    await page.fill('#s-depth', '2');
    await page.click('#run-search');
    await expect.poll(() => page.textContent('#no-results')).toMatch(/rf\.min 96 can never be reached/);
    await page.fill('#s-depth', '6');
    await page.selectOption('#s-holes', 'allow');
    await page.click('#run-search');
    await expect.poll(async () => (await page.$$('#top-table tbody tr')).length).toBeGreaterThan(0);
    const header = await page.$$eval('#top-table th', (ths) => ths.map((t) => t.textContent));
    expect(header.slice(0, 4)).toEqual(['#', 'rf', 'covered', 'stride']);
  });
});

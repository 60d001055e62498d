// The search in Chromium: a run in the worker, the results (covered column, Pareto front with the
// architecture of each point, histogram), the downloads, cancel and resume, and the limits checked
// while the form is edited.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { analyze, init, resultFromJSON, type SweepSpec, search, toCompact } from 'rfkit';
import { describe, expect, it } from 'vitest';
import { cell, harness } from '../support/e2e.js';

const { open } = harness();

const small = async (page: Page) => {
  await page.fill('#s-depth', '3');
  await page.fill('#s-kernel', '1,3,5');
  await page.fill('#s-stride', '1,2');
  await page.fill('#s-dilation', '1');
  await page.fill('#s-rfMin', '7');
  await page.fill('#s-rfMax', '');
  await page.fill('#s-totalStride', '4');
  await expect.poll(() => page.textContent('#space-info')).toContain('216 combinations');
  await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
};

async function download(page: Page, selector: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync((await d.path())!, 'utf8');
}

describe('search', () => {
  it('runs in the worker and shows the covered pixels, the front and the histogram', async () => {
    const { page } = await open('view=search');
    await small(page);
    await page.click('#run-search');
    await page.waitForSelector('#top-table tr[data-result]');
    const status = (await page.textContent('#search-status'))!;
    const feasible = Number(status.match(/([\d,]+) feasible/)![1]!.replace(/,/g, ''));
    expect(status).toMatch(/^Done: 216 evaluated/);
    expect(await page.$eval('#search-progress', (p) => (p as HTMLProgressElement).value)).toBe(1);
    // covered: analyze of the candidate (SAME padding at the input size) — its holes show.
    const rows = await page.$$eval('#top-table tr[data-result]', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    for (const r of rows) {
      const arch = r[5]!
        .split(' ')
        .map((t) => `${t}psame`)
        .join(' ');
      expect(Number(r[3]), arch).toBe(analyze(`1d in224 ${arch}`).output.covered[0]);
      expect(Number(r[3])).toBeLessThanOrEqual(Number(r[1]));
    }
    // The histogram counts every feasible combination by rf.
    await page.waitForSelector('#histogram-chart[data-bins]');
    const bins = JSON.parse((await page.getAttribute('#histogram-chart', 'data-bins'))!) as [
      number,
      string,
    ][];
    expect(bins.reduce((s, [, c]) => s + Number(c), 0)).toBe(feasible);
    expect(bins.map(([rf]) => rf)).toEqual([...bins.map(([rf]) => rf)].sort((a, b) => a - b));
  });

  it('tells the architecture of a Pareto point, and opens it in the calculator', async () => {
    const { page } = await open('view=search');
    await small(page);
    await page.click('#run-search');
    await page.waitForSelector('#pareto-chart[data-points]');
    const json = resultFromJSON(JSON.parse(await download(page, '#download-json')));
    const points = JSON.parse((await page.getAttribute('#pareto-chart', 'data-points'))!) as [
      number,
      number,
    ][];
    expect(points).toHaveLength(json.pareto.length);
    const last = json.pareto.length - 1;
    await page.hover('#pareto-chart', { position: { x: points[last]![0], y: points[last]![1] } });
    const c = json.pareto[last]!;
    const arch = toCompact(c.layers).replace(/psame/g, '');
    await expect.poll(() => page.textContent('#pareto-hover')).toContain(`rf ${c.rf}`);
    expect(await page.textContent('#pareto-hover')).toContain(arch);
    await page.click('#pareto-chart', { position: { x: points[last]![0], y: points[last]![1] } });
    await page.waitForSelector('#calc:not([hidden])');
    await expect.poll(() => cell(page, 2, 'rf').textContent()).toBe(String(c.rf));
  });

  it('downloads the results as CSV and JSON', async () => {
    const { page } = await open('view=search');
    await small(page);
    await page.click('#run-search');
    await page.waitForSelector('#top-table tr[data-result]');
    const csv = (await download(page, '#download-csv')).trim().split('\n');
    expect(csv[0]).toBe('rank,rf,stride,covered,cost,index,layers');
    const shown = await page.$$eval('#top-table tr[data-result]', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)),
    );
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual(shown);
    const json = resultFromJSON(JSON.parse(await download(page, '#download-json')));
    expect(json.complete).toBe(true);
    expect(json.top.map((c) => String(c.index))).toEqual(csv.slice(1).map((l) => l.split(',')[5]));
    // The same result as the library's own search of that space.
    await init();
    const spec: SweepSpec = {
      depth: 3,
      choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1] },
      constraints: { rf: { min: 7 }, stride: 4, inputSize: 224 },
      objective: 'params',
      top: 10,
    };
    const want = await search(spec);
    expect(json.feasible).toBe(want.feasible);
    expect(json.top).toEqual(want.top);
    expect(json.histogram).toEqual(want.histogram);
  });

  it('says why a space with nothing feasible is empty; the holes control admits gridded fields', async () => {
    const { page } = await open('view=search');
    await small(page);
    await page.fill('#s-rfMin', '500');
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
    await page.click('#run-search');
    await expect.poll(() => page.textContent('#no-results')).toMatch(/rf\.min 500 can never be reached/);
    // Dilations 1 and 4: with holes allowed, some of the cheapest read fewer pixels than their rf.
    await page.fill('#s-rfMin', '7');
    await page.fill('#s-dilation', '1,4');
    await page.selectOption('#s-holes', 'allow');
    await page.click('#run-search');
    await page.waitForSelector('#top-table tr[data-result]');
    const gridded = await page.$$eval('#top-table td[data-label="covered"].holes', (tds) => tds.length);
    expect(gridded).toBeGreaterThan(0);
  });

  it('resumes a cancelled search to the result of an uninterrupted one', async () => {
    const { page } = await open('view=search');
    // 14^10 combinations (14 distinct layers each) without constraints: a few seconds of sweeping.
    await page.fill('#s-depth', '10');
    for (const f of ['rfMin', 'rfMax', 'totalStride']) await page.fill(`#s-${f}`, '');
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
    await page.click('#run-search');
    await expect.poll(() => page.textContent('#search-status')).toMatch(/Searching… [\d,]+ \/ [\d,]+/);
    await page.click('#cancel-search');
    await expect.poll(() => page.textContent('#search-status')).toMatch(/^Cancelled \(partial result/);
    const partial = resultFromJSON(JSON.parse(await download(page, '#download-json')));
    expect(partial.complete).toBe(false);
    expect(await page.isEnabled('#resume-search')).toBe(true);
    // Editing the form to another space makes the partial result unresumable, and back again.
    await page.fill('#s-top', '11');
    await expect.poll(() => page.isDisabled('#resume-search')).toBe(true);
    await page.fill('#s-top', '10');
    await expect.poll(() => page.isEnabled('#resume-search')).toBe(true);
    await page.click('#resume-search');
    await expect
      .poll(() => page.textContent('#search-status'), { timeout: 90_000 })
      .toMatch(/^Done: 289,254,654,976 evaluated/);
    const resumed = resultFromJSON(JSON.parse(await download(page, '#download-json')));
    await init();
    const whole = await search({
      depth: 10,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
      constraints: { inputSize: 224 },
      objective: 'params',
      top: 10,
    });
    expect(resumed.complete).toBe(true);
    expect(resumed.feasible).toBe(whole.feasible);
    expect(resumed.top).toEqual(whole.top);
    expect(resumed.pareto).toEqual(whole.pareto);
    expect(resumed.histogram).toEqual(whole.histogram);
  });

  it('checks the limits as the form changes, before any run', async () => {
    const { page } = await open('view=search');
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
    // 16^13 combinations: more than one run sweeps. Said at once, next to the field.
    await page.fill('#s-depth', '13');
    await expect.poll(() => page.textContent('#space-info')).toMatch(/more than the .* one run sweeps/);
    expect(await page.isDisabled('#run-search')).toBe(true);
    expect(await page.textContent('[data-error="depth"]')).toMatch(/combinations/);
    await page.fill('#s-depth', '6');
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
    expect(await page.textContent('[data-error="depth"]')).toBe('');
    await page.fill('#s-depth', '33');
    await expect.poll(() => page.textContent('[data-error="depth"]')).toBe('at most 32 layers, got 33');
  });

  it('marks an invalid field and refuses to run', async () => {
    const { page } = await open('view=search');
    await page.fill('#s-depth', '0');
    await expect.poll(() => page.textContent('[data-error="depth"]')).toBe('must be an integer ≥ 1, got "0"');
    expect(await page.isDisabled('#run-search')).toBe(true);
    expect(await page.getAttribute('#s-depth', 'aria-invalid')).toBe('true');
    await page.fill('#s-depth', '6');
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
  });

  it('keeps working offline once loaded (the default space)', async () => {
    const w = await open('view=search');
    // What the page fetches after its first load (the charts) must be there before going offline.
    await expect.poll(() => w.requests.some((u) => /\/assets\/charts-[^/]+\.js$/.test(u))).toBe(true);
    await w.page.waitForLoadState('networkidle');
    await w.context.setOffline(true);
    await expect.poll(() => w.page.isEnabled('#run-search')).toBe(true);
    await w.page.click('#run-search');
    await w.page.waitForSelector('#top-table tr[data-result]');
    expect(await w.page.textContent('#search-status')).toMatch(/^Done: 7,529,536 evaluated/);
    await w.context.setOffline(false);
  });

  it('cancels a long search and keeps what it found', async () => {
    const { page } = await open('view=search');
    await page.fill('#s-depth', '11');
    for (const f of ['rfMin', 'rfMax', 'totalStride']) await page.fill(`#s-${f}`, '');
    await expect.poll(() => page.isEnabled('#run-search')).toBe(true);
    await page.click('#run-search');
    await expect.poll(() => page.textContent('#search-status')).toMatch(/Searching… [\d,]+ \/ [\d,]+/);
    await page.click('#cancel-search');
    await expect
      .poll(() => page.textContent('#search-status'))
      .toMatch(/^Cancelled \(partial result.*\): [\d,]+ evaluated/);
    expect(await page.isEnabled('#run-search')).toBe(true);
    expect(await page.locator('#top-table tr[data-result]').count()).toBeGreaterThan(0);
  });
});

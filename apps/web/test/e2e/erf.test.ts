// The ERF beside the footprint, in Chromium: the heat map's colours read back from the canvas
// against rfkit's erfOf cell for cell, at the footprint's scale and place; its centre, ±2σ box and
// numbers; unit 0's weights moved by index·jump, and each unit's own after upsampling; the 1-D
// profile and the 3-D map; layers without an ERF; resnet_v1_152's large map computed without
// holding up the arrow keys.
import type { Page } from 'playwright-core';
import { analyze, type ErfAxis, type ErfMap, erfOf, parseCompact } from 'rfkit';
import { zoo } from 'rfkit/zoo';
import { describe, expect, it } from 'vitest';
import { LUT, LUT_SIZE, lutIndex, PROFILE_H, PROFILE_TOP } from '../../src/erf-draw.js';
import { unitModel } from '../../src/erf-model.js';
import { harness, measures, paste } from '../support/e2e.js';

const { open } = harness();

interface Drawn {
  rows: [number, number];
  cols: [number, number];
  cs: number;
  bin: number;
  vmax: number;
  row0: number;
  col0: number;
  start: number;
  /** RGB at the centre of every drawn cell, row-major over rows × cols. */
  rgb: number[];
  /** 1-D: the height of the bar at each drawn cell (0: none). */
  bars: number[];
  width: number;
  height: number;
}

/** Waits for the figure to be drawn and reads the heat canvas back, cell by cell (unless `cells` is false). */
async function drawn(page: Page, cells = true): Promise<Drawn> {
  await expect.poll(() => page.getAttribute('#erf-figure', 'data-state')).toBe('ready');
  return page.$eval(
    '#erf-canvas',
    (c, cells) => {
      const cv = c as HTMLCanvasElement;
      const d = cv.dataset;
      const pair = (s: string) => s.split(',').map(Number) as [number, number];
      const rows = pair(d.rows!);
      const cols = pair(d.cols!);
      const cs = Number(d.cs);
      const data = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      const px = (x: number, y: number) => (y * cv.width + x) * 4;
      const rgb: number[] = [];
      const bars: number[] = [];
      const oneD = cv.height > (rows[1] - rows[0] + 1) * cs + 1;
      for (let r = rows[0]; cells && r <= rows[1]; r++) {
        for (let col = cols[0]; col <= cols[1]; col++) {
          const x = Math.floor((col - cols[0] + 0.5) * cs);
          const y = oneD ? cv.height - 1 : Math.floor((r - rows[0] + 0.5) * cs);
          const i = px(x, y);
          rgb.push(data[i]!, data[i + 1]!, data[i + 2]!);
          if (oneD) {
            // The bar's top: the first pixel from the top that is not the background.
            const bg = [data[px(x, 0)]!, data[px(x, 0) + 1]!, data[px(x, 0) + 2]!];
            let top = cv.height;
            for (let yy = 0; yy < cv.height; yy++) {
              const j = px(x, yy);
              if (data[j] !== bg[0] || data[j + 1] !== bg[1] || data[j + 2] !== bg[2]) {
                top = yy;
                break;
              }
            }
            bars.push(cv.height - top);
          }
        }
      }
      return {
        rows,
        cols,
        cs,
        bin: Number(d.bin),
        vmax: Number(d.vmax),
        row0: Number(d.row0),
        col0: Number(d.col0),
        start: Number(d.start),
        rgb,
        bars,
        width: cv.width,
        height: cv.height,
      };
    },
    cells,
  );
}

/** The scale entry nearest to a colour, or -1 for the white input / grey padding. */
function entryOf(r: number, g: number, b: number): number {
  if ((r === 255 && g === 255 && b === 255) || (r === 0xe4 && g === 0xe4 && b === 0xec)) return -1;
  let best = 0;
  let dist = Number.POSITIVE_INFINITY;
  for (let i = 0; i < LUT_SIZE; i++) {
    const d = (LUT[i * 3]! - r) ** 2 + (LUT[i * 3 + 1]! - g) ** 2 + (LUT[i * 3 + 2]! - b) ** 2;
    if (d < dist) [best, dist] = [i, d];
  }
  return best;
}

/** Checks every drawn cell of a heat map against the map `want` placed at (row0, col0). */
function expectHeat(d: Drawn, want: ErfMap, row0: number, col0: number): void {
  expect(d.bin).toBe(1);
  expect([d.row0, d.col0]).toEqual([row0, col0]);
  let vmax = 0;
  for (const w of want.weights) vmax = Math.max(vmax, w);
  expect(d.vmax).toBeCloseTo(vmax, 12);
  const C = d.cols[1] - d.cols[0] + 1;
  let coloured = 0;
  for (let r = d.rows[0]; r <= d.rows[1]; r++) {
    for (let c = d.cols[0]; c <= d.cols[1]; c++) {
      const k = ((r - d.rows[0]) * C + (c - d.cols[0])) * 3;
      const got = entryOf(d.rgb[k]!, d.rgb[k + 1]!, d.rgb[k + 2]!);
      const i = r - row0;
      const j = c - col0;
      const w = i >= 0 && i < want.height && j >= 0 && j < want.width ? want.weights[i * want.width + j]! : 0;
      if (w === 0) expect(got, `cell ${r},${c} has no weight`).toBe(-1);
      else {
        expect(Math.abs(got - lutIndex(w, vmax)), `cell ${r},${c}: weight ${w}`).toBeLessThanOrEqual(1);
        coloured++;
      }
    }
  }
  expect(coloured).toBeGreaterThan(0);
}

/** The per-axis figures the page shows, by row key (`mean`, `std`, …), one value per axis. */
async function figures(page: Page): Promise<Record<string, string[]>> {
  return page.$$eval('#erf-table tbody tr', (trs) =>
    Object.fromEntries(
      trs.map((tr) => [
        (tr as HTMLElement).dataset.k!,
        [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
      ]),
    ),
  );
}

const one = (x: number) => String(Number(x.toFixed(1)));

/** Loads a model, shows the visualiser at `layer` and moves to `unit` with the arrow keys (2-D: row, col). */
async function show(page: Page, text: string, layer: number, keys: string[] = []): Promise<void> {
  await paste(page, text);
  await page.click('#tab-vis');
  await page.selectOption('#vis-layer', String(layer));
  await page.locator('#output-canvas').focus();
  for (const k of keys) await page.keyboard.press(k);
}

const keysTo = (row: number, col: number) => [
  ...Array<string>(col).fill('ArrowRight'),
  ...Array<string>(row).fill('ArrowDown'),
];

/** What the ±2σ box covers on the marks canvas: pixels of its colour at the middle of each edge. */
async function boxEdges(page: Page): Promise<boolean[]> {
  return page.$eval('#erf-marks', (c) => {
    const cv = c as HTMLCanvasElement;
    const heat = document.getElementById('erf-canvas') as HTMLCanvasElement;
    const [r0, c0] = [Number(heat.dataset.rows!.split(',')[0]), Number(heat.dataset.cols!.split(',')[0])];
    const cs = Number(heat.dataset.cs);
    const [lo0, hi0, lo1, hi1] = cv.dataset.sigma!.split(',').map(Number) as [number, number, number, number];
    const X = (p: number) => (p - c0 + 0.5) * cs;
    const Y = (p: number) => (p - r0 + 0.5) * cs;
    const ctx = cv.getContext('2d')!;
    const isBox = (x: number, y: number) => {
      const d = ctx.getImageData(Math.round(x) - 1, Math.round(y) - 1, 3, 3).data;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 200 && d[i + 2]! > 180 && d[i]! < 60) return true;
      return false;
    };
    const my = (Y(lo0) + Y(hi0)) / 2;
    const mx = (X(lo1) + X(hi1)) / 2;
    return [isBox(X(lo1), my), isBox(X(hi1), my), isBox(mx, Y(lo0)), isBox(mx, Y(hi0))];
  });
}

describe('the ERF beside the footprint', () => {
  // Two branches, one dilated: the map is a mixture of products, not the outer product of its axes.
  const MERGE = 'in20 x:conv3p1 a:conv3p1(x) b:conv3p3d3(x) s:add(a,b) c:conv3s2p1(s)';

  it('colours every cell with the weight erfOf gives, at the footprint’s scale and place', async () => {
    const { page } = await open();
    await show(page, MERGE, 4);
    const spec = parseCompact(MERGE);
    const want = erfOf(analyze(spec), 'c', { map: [0, 1] }).map!;
    const d = await drawn(page);
    expectHeat(d, want, want.start[0]!, want.start[1]!);
    // The same grid as the footprint drawing beside it.
    const input = await page.$eval('#input-canvas', (c) => ({ ...(c as HTMLCanvasElement).dataset }));
    expect([input.rows, input.cols, Number(input.cs)]).toEqual([d.rows.join(','), d.cols.join(','), d.cs]);
    const size = await page.$eval('#input-canvas', (c) => [
      (c as HTMLCanvasElement).width,
      (c as HTMLCanvasElement).height,
    ]);
    expect([d.width, d.height]).toEqual(size);
    // Not a product of the axes: the map says more than the two profiles.
    const axes = erfOf(analyze(spec), 'c').axes as ErfAxis[];
    const product = axes[0]!.weights[0]! * axes[1]!.weights[0]!;
    expect(Math.abs(want.weights[0]! - product)).toBeGreaterThan(1e-6);
  });

  it('shows the centre, the ±2σ box and the figures erfOf and the report give', async () => {
    const { page } = await open();
    await show(page, MERGE, 4);
    await drawn(page);
    const report = analyze(parseCompact(MERGE));
    const e = erfOf(report, 'c').axes as ErfAxis[];
    const f = await figures(page);
    expect(f.mean).toEqual(e.map((a) => one(a.mean!)));
    expect(f.std).toEqual(e.map((a) => one(a.std)));
    expect(f.std).toEqual(report.layers[4]!.erf.std.map((s) => one(s!)));
    expect(f.sigma).toEqual(e.map((a) => `${one(a.mean! - 2 * a.std)} … ${one(a.mean! + 2 * a.std)}`));
    expect(f.span!.map((s) => Number(s.split(' ')[0]))).toEqual(report.layers[4]!.erf.span);
    expect(f.rf).toEqual(report.layers[4]!.rf.map(String));
    const marks = await page.$eval('#erf-marks', (c) => ({ ...(c as HTMLCanvasElement).dataset }));
    expect(marks.mean!.split(',').map(Number)).toEqual(e.map((a) => a.mean));
    const sigma = marks.sigma!.split(',').map(Number);
    expect(sigma[0]).toBeCloseTo(e[0]!.mean! - 2 * e[0]!.std, 9);
    expect(sigma[3]).toBeCloseTo(e[1]!.mean! + 2 * e[1]!.std, 9);
    expect(await boxEdges(page)).toEqual([true, true, true, true]);
    expect(await page.textContent('#erf-summary')).toMatch(/The ±2σ box holds \d+(\.\d)?% of the weight/);
    expect(await page.textContent('#erf-vmax')).not.toBe('');
  });

  it('moves unit 0’s weights by index·jump for another unit, and says so', async () => {
    const { page } = await open();
    await show(page, MERGE, 4, keysTo(3, 2));
    await expect.poll(() => page.textContent('#vis-info')).toContain('unit (3, 2)');
    const spec = parseCompact(MERGE);
    const report = analyze(spec);
    const zero = erfOf(report, 'c', { map: [0, 1] }).map!;
    const d = await drawn(page);
    // jump 2 on both axes.
    expectHeat(d, zero, zero.start[0]! + 6, zero.start[1]! + 4);
    // The unit's own weights, computed independently (the model cut at the unit), are the same.
    const cut = unitModel(
      spec,
      report.layers.map((l) => l.name),
      4,
      [3, 2],
    );
    const own = erfOf(analyze(cut.spec), cut.layer, { map: [0, 1] }).map!;
    expect(own.start).toEqual([zero.start[0]! + 6, zero.start[1]! + 4]);
    expectHeat(d, own, own.start[0]!, own.start[1]!);
    expect(await page.textContent('#erf-status')).toContain('moved by (6, 4) input pixels');
    const f = await figures(page);
    const e = erfOf(report, 'c').axes as ErfAxis[];
    expect(f.mean).toEqual([one(e[0]!.mean! + 6), one(e[1]!.mean! + 4)]);
  });

  it('computes each unit’s own weights after upsampling and transposed convolutions', async () => {
    const text = 'in12x10 a:conv3s2p1 b:deconv4s2p1 c:up2(a) s:add(b,c) d:conv3d2p2(s)';
    const spec = parseCompact(text);
    const report = analyze(spec);
    const names = report.layers.map((l) => l.name);
    const zero = erfOf(report, 'd', { map: [0, 1] }).map!;
    const { page } = await open();
    await show(page, text, 4);
    for (const [r, c] of [
      [0, 0],
      [0, 1],
      [1, 1],
      [2, 3],
    ] as const) {
      const cur = (await page.textContent('#vis-info'))!
        .match(/unit \((\d+), (\d+)\)/)!
        .slice(1)
        .map(Number);
      for (let i = cur[1]!; i < c; i++) await page.keyboard.press('ArrowRight');
      for (let i = cur[0]!; i < r; i++) await page.keyboard.press('ArrowDown');
      await expect.poll(() => page.textContent('#vis-info')).toContain(`unit (${r}, ${c})`);
      await expect.poll(() => page.textContent('#erf-status')).toContain(`unit (${r}, ${c})`);
      const cut = unitModel(spec, names, 4, [r, c]);
      const own = erfOf(analyze(cut.spec), cut.layer, { map: [0, 1] }).map!;
      const d = await drawn(page);
      expectHeat(d, own, own.start[0]!, own.start[1]!);
      expect(await page.textContent('#erf-status')).toContain('computed for this unit');
      if (r % 2 === 1 || c % 2 === 1) {
        // A unit of another phase: unit 0's weights moved would be wrong here.
        const same =
          own.height === zero.height &&
          own.width === zero.width &&
          own.weights.every((w, i) => Math.abs(w - zero.weights[i]!) < 1e-12);
        expect(same, `unit (${r}, ${c})`).toBe(false);
      }
    }
  });

  it('draws a 1-D ERF as bars under the strip, at its scale', async () => {
    const text = '1d in40 conv5 conv5s2p2 conv3d2p2 conv3p1';
    const { page } = await open();
    await show(page, text, 3, ['ArrowRight', 'ArrowRight', 'ArrowRight']);
    await expect.poll(() => page.textContent('#erf-status')).toContain('unit (3)');
    const ax = erfOf(analyze(parseCompact(text)), 3).axes[0]!;
    const d = await drawn(page);
    // jump 2: unit 3 is unit 0 moved by 6.
    expect(d.start).toBe(ax.start! + 6);
    expect(d.height).toBe(PROFILE_H);
    let vmax = 0;
    for (const w of ax.weights) vmax = Math.max(vmax, w);
    expect(d.vmax).toBeCloseTo(vmax, 12);
    for (let c = d.cols[0]; c <= d.cols[1]; c++) {
      const i = c - d.start;
      const w = i >= 0 && i < ax.weights.length ? ax.weights[i]! : 0;
      const k = c - d.cols[0];
      const want = w === 0 ? 0 : Math.max(1, Math.round((w / vmax) * (PROFILE_H - PROFILE_TOP)));
      expect(Math.abs(d.bars[k]! - want), `bar at ${c}`).toBeLessThanOrEqual(1);
      if (w > 0) {
        const got = entryOf(d.rgb[k * 3]!, d.rgb[k * 3 + 1]!, d.rgb[k * 3 + 2]!);
        expect(Math.abs(got - lutIndex(w, vmax))).toBeLessThanOrEqual(1);
      }
    }
    // Under the strip, not beside it: the same left edge and width.
    const [strip, bars] = await Promise.all(
      ['#input-canvas', '#erf-canvas'].map((s) => page.locator(s).boundingBox()),
    );
    expect(bars!.x).toBeCloseTo(strip!.x, 0);
    expect(bars!.width).toBeCloseTo(strip!.width, 0);
    expect(bars!.y).toBeGreaterThan(strip!.y + strip!.height);
    expect((await figures(page)).std).toEqual([one(ax.std)]);
  });

  it('maps the drawn axes of a 3-D model, summed over the third, with the slice’s share', async () => {
    const text = 'in6x8x8 a:conv3x1x1p1x0x0 b:conv1x3x3d1x2x2p0x2x2(input) s:add(a,b) c:conv3s2p1(s)';
    const report = analyze(parseCompact(text));
    const { page } = await open();
    await show(page, text, 3, ['ArrowRight', 'ArrowDown', 'PageDown']);
    await expect.poll(() => page.textContent('#vis-info')).toContain('unit (1, 1, 1)');
    for (const [plane, pair] of [
      ['1,2', [1, 2]],
      ['0,2', [0, 2]],
    ] as const) {
      await page.selectOption('#vis-plane', plane);
      const want = erfOf(report, 'c', { map: [pair[0], pair[1]] }).map!;
      const d = await drawn(page);
      await expect.poll(async () => (await drawn(page)).row0).toBe(want.start[0]! + 2);
      expectHeat(d, want, want.start[0]! + 2, want.start[1]! + 2);
      const hidden = 3 - pair[0] - pair[1];
      const at = Number(await page.inputValue('#vis-depth'));
      const h = erfOf(report, 'c').axes[hidden]!;
      const share = h.weights[at - h.start! - 2]!;
      expect(await page.textContent('#erf-summary')).toContain(
        `summed over axis ${hidden}; the slice drawn beside it (axis ${hidden} = ${at}) holds ${Number((share * 100).toPrecision(2))}%`,
      );
    }
  });

  it('says why a layer has none: global, or a unit that reads nothing', async () => {
    const { page } = await open();
    await show(page, 'in16 conv3 g:global conv1', 1);
    await expect.poll(() => page.getAttribute('#erf-figure', 'data-state')).toBe('none');
    expect(await page.textContent('#erf-status')).toContain('a global layer reads every input pixel alike');
    expect(await page.isVisible('#erf-canvas')).toBe(false);
    await page.selectOption('#vis-layer', '2');
    await expect.poll(() => page.textContent('#erf-status')).toContain('after the global layer g');
    await page.selectOption('#vis-layer', '0');
    await expect.poll(() => page.getAttribute('#erf-figure', 'data-state')).toBe('ready');
    expect(await page.isVisible('#erf-canvas')).toBe(true);
    await page.click('#tab-calc');
    await show(page, '1d in8 d:deconv1s2p1/0', 0);
    await expect.poll(() => page.textContent('#erf-status')).toContain('unit 0 reads no input');
  });

  it('computes resnet_v1_152’s large map off the key path, then steps from the cache (times logged)', async () => {
    const { page } = await open('view=vis&zoo=resnet_v1_152');
    const info = page.locator('#vis-info');
    await expect.poll(() => info.textContent()).toContain('block4');
    const state = () => page.getAttribute('#erf-figure', 'data-state');
    // The 1507×1507 map is under way (a third of a second at least): a step moves the unit at
    // once, in the same task, without waiting for it.
    const during = await page.evaluate(() => {
      const fig = document.getElementById('erf-figure')!;
      const before = fig.dataset.state;
      const out = document.getElementById('output-canvas')!;
      out.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      return { before, after: fig.dataset.state, info: document.getElementById('vis-info')!.textContent };
    });
    expect(during).toEqual({
      before: 'computing',
      after: 'computing',
      info: expect.stringContaining('unit (0, 1)'),
    });
    // It says so while it takes.
    await page.waitForSelector('#erf-status progress');
    expect(await page.textContent('#erf-status')).toContain(
      'Computing the ERF of block4 (over 1507 × 1507 input positions)',
    );
    await expect.poll(state, { timeout: 60_000 }).toBe('ready');
    expect(await page.textContent('#erf-status')).toContain('unit (0, 1)');
    await page.locator('#output-canvas').focus();
    await measures(page, 'rfkit:vis-render');
    for (let i = 0; i < 10; i++) await page.keyboard.press(i % 2 ? 'ArrowDown' : 'ArrowRight');
    await expect.poll(() => info.textContent()).toContain('unit (5, 6)');
    expect(await state()).toBe('ready');
    const d = await drawn(page, false);
    const report = analyze(zoo.resnet_v1_152!);
    const block4 = report.layers.findIndex((l) => l.name === 'block4');
    const map = erfOf(report, block4, { map: [0, 1] }).map!;
    expect([d.row0, d.col0]).toEqual([map.start[0]! + 5 * 32, map.start[1]! + 6 * 32]);
    expect(d.bin).toBeGreaterThan(1);
    const times = await measures(page, 'rfkit:vis-render');
    times.sort((a, b) => a - b);
    console.log(
      `resnet_v1_152 block4 step with the ERF: median ${times[times.length >> 1]!.toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms; map ${await page.textContent('#erf-status')}`,
    );
  });
});

// The visualiser in Chromium: the drawn cells against rfkit's brute-force oracle (explicit n-D
// points), cell for cell, on merges, dilation, deconv, upsample and 3-D slices; picking units by
// click and keys; an opened image; the time per step (logged, never asserted).
import type { Page } from 'playwright-core';
import { type ModelSpec, oracleFootprint, parseCompact } from 'rfkit';
import { describe, expect, it } from 'vitest';
import { harness, measures, paste } from '../support/e2e.js';

const { open } = harness();

/** The drawn cells of the input canvas that show as read (blue, or orange in the padding), as "row,col". */
async function drawnCells(page: Page): Promise<{ read: Set<string> }> {
  const read = await page.$eval('#input-canvas', (c) => {
    const cv = c as HTMLCanvasElement;
    const [r0, r1] = cv.dataset.rows!.split(',').map(Number) as [number, number];
    const [c0, c1] = cv.dataset.cols!.split(',').map(Number) as [number, number];
    const cs = Number(cv.dataset.cs);
    const data = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    const out: string[] = [];
    for (let r = r0; r <= r1; r++) {
      for (let col = c0; col <= c1; col++) {
        // Off the cell's centre: the centre cross and the span's frame run through centres and edges.
        const x = Math.floor((col - c0 + 0.3) * cs);
        const y = Math.floor((r - r0 + 0.3) * cs);
        const i = (y * cv.width + x) * 4;
        const red = data[i]!;
        const blue = data[i + 2]!;
        if (blue - red > 60 || red - blue > 60) out.push(`${r},${col}`);
      }
    }
    return out;
  });
  return { read: new Set(read) };
}

/** The oracle's points of the drawn slice, as "row,col" keys. */
function oracleCells(
  spec: ModelSpec,
  layer: string,
  unit: number[],
  plane: [number | null, number],
  at: number[],
): Set<string> {
  const pts = oracleFootprint(spec, layer, unit).points;
  const [rowAxis, colAxis] = plane;
  const keep = pts.filter((p) => p.every((x, a) => a === rowAxis || a === colAxis || x === at[a]));
  return new Set(keep.map((p) => `${rowAxis === null ? 0 : p[rowAxis]},${p[colAxis]}`));
}

const cellsOf = (s: Set<string>) => [...s].sort();

/** Loads a model, shows the visualiser at `layer`, and moves to `unit` with the keys. */
async function show(page: Page, text: string, layer: number, unit: number[]): Promise<void> {
  await paste(page, text);
  await page.click('#tab-vis');
  await page.selectOption('#vis-layer', String(layer));
  const out = page.locator('#output-canvas');
  await out.focus();
  const axes = unit.length;
  const colAxis = axes - 1;
  const rowAxis = axes === 1 ? null : axes - 2;
  for (let i = 0; i < unit[colAxis]!; i++) await page.keyboard.press('ArrowRight');
  if (rowAxis !== null) for (let i = 0; i < unit[rowAxis]!; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < (axes === 3 ? unit[0]! : 0); i++) await page.keyboard.press('PageDown');
  await expect.poll(() => page.textContent('#vis-info')).toContain(`unit (${unit.join(', ')})`);
}

describe('visualiser', () => {
  it('draws the union of merged branches, not the product of per-axis sets', async () => {
    const { page } = await open();
    // A 3×3 kernel beside a 3×3 kernel at dilation 6: 17 cells of a 13×13 span.
    const text = 'in32 x:identity a:conv3p1(x) b:conv3p6d6(x) s:add(a,b)';
    await show(page, text, 3, [12, 12]);
    const info = await page.textContent('#vis-info');
    expect(info).toContain('reads input 6…18 × 6…18 (17 positions), 152 holes in the span');
    const drawn = await drawnCells(page);
    expect(cellsOf(drawn.read)).toEqual(
      cellsOf(oracleCells(parseCompact(text), 's', [12, 12], [0, 1], [0, 0])),
    );
    expect(drawn.read.size).toBe(17);
  });

  it('draws a 1×5 plus a 5×1 branch as a 9-cell plus', async () => {
    const { page } = await open();
    const text = 'in16 x:identity a:conv1x5p0x2(x) b:conv5x1p2x0(x) s:add(a,b)';
    await show(page, text, 3, [5, 5]);
    const drawn = await drawnCells(page);
    expect(cellsOf(drawn.read)).toEqual(['3,5', '4,5', '5,3', '5,4', '5,5', '5,6', '5,7', '6,5', '7,5']);
    expect(await page.textContent('#vis-info')).toContain('(9 positions), 16 holes in the span');
  });

  it('matches the oracle cell for cell after deconv and upsample, in every phase', async () => {
    const { page } = await open();
    const text = 'in12x10 a:conv3s2p1 b:deconv4s2p1 c:up2(a) s:add(b,c) d:conv3d2p2(s)';
    const spec = parseCompact(text);
    await paste(page, text);
    await page.click('#tab-vis');
    await page.selectOption('#vis-layer', '4');
    const out = page.locator('#output-canvas');
    await out.focus();
    // Walk through units of different phases on both axes.
    for (const unit of [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 2],
      [2, 3],
    ]) {
      await page.evaluate(() => undefined);
      const info = page.locator('#vis-info');
      const [r, c] = unit as [number, number];
      const cur = (await info.textContent())!
        .match(/unit \((\d+), (\d+)\)/)!
        .slice(1)
        .map(Number) as [number, number];
      for (let i = cur[1]; i < c; i++) await page.keyboard.press('ArrowRight');
      for (let i = cur[0]; i < r; i++) await page.keyboard.press('ArrowDown');
      await expect.poll(() => info.textContent()).toContain(`unit (${r}, ${c})`);
      const drawn = await drawnCells(page);
      expect(cellsOf(drawn.read), `unit ${unit}`).toEqual(
        cellsOf(oracleCells(spec, 'd', unit, [0, 1], [0, 0])),
      );
    }
  });

  it('slices a 3-D model: every slice and plane matches the oracle', async () => {
    const { page } = await open();
    const text = 'in6x8x8 a:conv3x1x1p1x0x0 b:conv1x3x3d1x2x2p0x2x2(input) s:add(a,b) c:conv3s2p1(s)';
    const spec = parseCompact(text);
    await show(page, text, 3, [1, 1, 2]);
    expect(await page.isVisible('#vis-slice')).toBe(true);
    for (const [plane, rowAxis, colAxis, hidden] of [
      ['1,2', 1, 2, 0],
      ['0,2', 0, 2, 1],
    ] as const) {
      await page.selectOption('#vis-plane', plane);
      const min = Number(await page.getAttribute('#vis-depth', 'min'));
      const max = Number(await page.getAttribute('#vis-depth', 'max'));
      expect(max).toBeGreaterThan(min);
      for (let depth = min; depth <= max; depth++) {
        await page.$eval(
          '#vis-depth',
          (el, v) => {
            (el as HTMLInputElement).value = String(v);
            el.dispatchEvent(new Event('input', { bubbles: true }));
          },
          depth,
        );
        await expect.poll(() => page.textContent('#vis-depth-value')).toContain(`axis ${hidden} = ${depth}`);
        const at = [0, 0, 0];
        at[hidden] = depth;
        const drawn = await drawnCells(page);
        const want = oracleCells(spec, 'c', [1, 1, 2], [rowAxis, colAxis], at);
        expect(cellsOf(drawn.read), `plane ${plane} depth ${depth}`).toEqual(cellsOf(want));
      }
    }
    // Page Down moves the unit along the axis that is not drawn.
    await page.locator('#output-canvas').focus();
    await page.keyboard.press('PageDown');
    await expect.poll(() => page.textContent('#vis-info')).toMatch(/unit \(1, 2, 2\)|unit \(2, 1, 2\)/);
  });

  it('picks units by click and arrow keys, and keeps them in the URL', async () => {
    const { page } = await open('view=vis');
    const info = page.locator('#vis-info');
    await expect.poll(() => info.textContent()).toContain('unit (0, 0)');
    const out = page.locator('#output-canvas');
    await out.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => info.textContent()).toContain('unit (1, 1)');
    await expect.poll(() => page.url()).toContain('unit=1%2C1');
    const box = (await out.boundingBox())!;
    await out.click({ position: { x: box.width - 2, y: box.height - 2 } });
    await expect.poll(() => info.textContent()).toMatch(/unit \((\d+), \1\) of (\d+)×\2/);
    expect(await info.textContent()).toContain('0 holes in the span');
    await page.selectOption('#vis-layer', '0');
    await expect.poll(() => info.textContent()).toContain('conv1:');
    // The layer chosen here is the selected row of the calculator too.
    await page.click('#tab-calc');
    expect(await page.getAttribute('#layers tr[data-row="0"]', 'class')).toContain('selected');
  });

  it('draws the region over an image the user opens', async () => {
    const { page } = await open('view=vis');
    const pixel = () =>
      page.$eval('#input-canvas', (c) => {
        const cv = c as HTMLCanvasElement;
        // Inside the cell before the bottom-right corner of the input (off its grid lines):
        // outside the region of unit (0, 0).
        const cs = Number(cv.dataset.cs);
        const x = Math.floor(cv.width - 1.6 * cs);
        const y = Math.floor(cv.height - 1.6 * cs);
        return [...cv.getContext('2d')!.getImageData(x, y, 1, 1).data];
      });
    const before = await pixel();
    expect(before).toEqual([255, 255, 255, 255]);
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

  it('shows the holes of a dilated kernel from an old-style link', async () => {
    const model = JSON.stringify({ n: 'dilated', i: '12,12', r: [['d', 'conv', '3', '', '2', '2', '']] });
    const { page } = await open(`view=vis&unit=5,6&model=${encodeURIComponent(model)}`);
    const info = page.locator('#vis-info');
    // kernel 3 at dilation 2: a 5×5 span of which 3×3 pixels are read, so 16 holes.
    await expect.poll(() => info.textContent()).toContain('unit (5, 6) of 12×12 reads input 3…7 × 4…8');
    expect(await info.textContent()).toContain('16 holes in the span');
    const drawn = await drawnCells(page);
    expect(drawn.read.size).toBe(9);
  });

  it('steps through resnet_v1_152 units quickly (times logged)', async () => {
    const { page } = await open('view=vis&zoo=resnet_v1_152');
    const info = page.locator('#vis-info');
    await expect.poll(() => info.textContent()).toContain('block4');
    await measures(page, 'rfkit:vis-render');
    await page.locator('#output-canvas').focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press(i % 2 ? 'ArrowDown' : 'ArrowRight');
    await expect.poll(() => info.textContent()).toContain('unit (6, 6)');
    const times = await measures(page, 'rfkit:vis-render');
    expect(times.length).toBeGreaterThanOrEqual(12);
    times.sort((a, b) => a - b);
    console.log(
      `resnet_v1_152 visualiser step: median ${times[times.length >> 1]!.toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms`,
    );
  });
});

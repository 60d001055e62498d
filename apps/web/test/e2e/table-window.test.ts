// The layer table of a deep model in Chromium: only the rows near the screen are laid out, yet the
// page scrolls as if all were, every row in the document shows the library's values, rows scrolled
// in show the latest edit, and the row being edited stays put while the user looks elsewhere.
import { analyze, type ModelSpec } from 'rfkit';
import { zoo } from 'rfkit/zoo';
import { describe, expect, it } from 'vitest';
import { formatAxis } from '../../src/fields.js';
import { cell, field, harness, settled } from '../support/e2e.js';

const { open } = harness();
type Page = import('playwright-core').Page;

const withKernel = (k: number): ModelSpec => {
  const spec = structuredClone(zoo.resnet_v1_152!) as ModelSpec;
  spec.layers[0] = { ...spec.layers[0]!, kernel: k };
  return spec;
};
/** The rf column the library gives, as the table writes it. */
const rfColumn = (spec: ModelSpec) => analyze(spec).layers.map((l) => formatAxis(l.rf));

/** Rows laid out now, and those of them inside the viewport. */
const laidOut = (page: Page) =>
  page.$$eval('#layers tbody tr[data-row]', (rows) => {
    const shown = rows.filter((r) => getComputedStyle(r).display !== 'none');
    const seen = shown.filter((r) => {
      const b = r.getBoundingClientRect();
      return b.bottom > 0 && b.top < innerHeight;
    });
    const rf = (r: Element) => r.querySelector('[data-out="rf"]')!.textContent;
    return {
      shown: shown.map((r) => Number((r as HTMLElement).dataset.row)),
      seen: seen.map((r) => [Number((r as HTMLElement).dataset.row), rf(r)] as const),
    };
  });

const rfOfEveryRow = (page: Page) =>
  page.$$eval('#layers tbody tr[data-row] [data-out="rf"]', (cells) => cells.map((c) => c.textContent));

describe('the layer table of a deep model', () => {
  it('lays out the rows near the screen only, and keeps every row in the document up to date', async () => {
    const { page } = await open('zoo=resnet_v1_152');
    await settled(page);
    const rows = zoo.resnet_v1_152!.layers.length;
    expect(await page.getAttribute('#layers', 'aria-rowcount')).toBe(String(rows + 1));
    expect(await page.getAttribute(`#layers tr[data-row="${rows - 1}"]`, 'aria-rowindex')).toBe(
      String(rows + 1),
    );
    const top = await laidOut(page);
    // 215 rows; a 900 px screen shows about 22, and a quarter screen is laid out around them.
    expect(top.shown.length).toBeGreaterThan(15);
    expect(top.shown.length).toBeLessThan(50);
    expect(top.shown[0]).toBe(0);
    expect(await rfOfEveryRow(page)).toEqual(rfColumn(zoo.resnet_v1_152!));
    // The page is as tall as all rows: scrolling to the end shows the last row at the bottom.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(async () => (await laidOut(page)).seen.some(([i]) => i === rows - 1)).toBe(true);
    const end = await laidOut(page);
    expect(end.shown).not.toContain(0);
    expect(end.shown.length).toBeLessThan(50);
    const after = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(Math.abs(after - height)).toBeLessThan(40);
    // On paper every row is there.
    await page.emulateMedia({ media: 'print' });
    expect((await laidOut(page)).shown.length).toBe(rows);
    expect(await page.locator('#layers tr.spacer:visible').count()).toBe(0);
  });

  it('shows the latest edit in rows scrolled in, and in every row once idle', async () => {
    const { page } = await open('zoo=resnet_v1_152');
    await settled(page);
    // The edit and the scroll in one task: no idle slice can write the rows in between.
    const seen = await page.evaluate(async () => {
      const input = document.querySelector<HTMLInputElement>(
        '#layers tr[data-row="0"] [data-field="kernel"]',
      )!;
      input.value = '9';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      scrollTo(0, document.documentElement.scrollHeight / 2);
      await new Promise((ok) => requestAnimationFrame(ok));
      return [...document.querySelectorAll<HTMLElement>('#layers tbody tr[data-row]')]
        .filter((r) => {
          const b = r.getBoundingClientRect();
          return getComputedStyle(r).display !== 'none' && b.bottom > 0 && b.top < innerHeight;
        })
        .map((r) => [Number(r.dataset.row), r.querySelector('[data-out="rf"]')!.textContent] as const);
    });
    const expected = rfColumn(withKernel(9));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen[0]![0]).toBeGreaterThan(60);
    for (const [i, rf] of seen) expect(rf, `row ${i}`).toBe(expected[i]);
    await settled(page);
    expect(await rfOfEveryRow(page)).toEqual(expected);
  });

  it('keeps the row being edited while the user scrolls to the output, and takes its keystrokes', async () => {
    const { page } = await open('zoo=resnet_v1_152');
    const rows = zoo.resnet_v1_152!.layers.length;
    const kernel = field(page, 0, 'kernel');
    await kernel.focus();
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(async () => (await laidOut(page)).seen.some(([i]) => i === rows - 1)).toBe(true);
    expect((await laidOut(page)).shown).toContain(0);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('5');
    const expected = rfColumn(withKernel(5));
    await expect.poll(() => cell(page, rows - 1, 'rf').textContent()).toBe(expected[rows - 1]);
    expect(await kernel.inputValue()).toBe('5');
    // Hidden, the field would have lost the focus and the keystrokes with it.
    expect(await kernel.evaluate((e) => e === document.activeElement)).toBe(true);
  });

  it('brings a row far down the table into view from its warning', async () => {
    const { page } = await open('zoo=resnet_v1_152');
    await settled(page);
    const rows = await page.$$eval('#warnings [data-warning-row]', (links) =>
      links.map((l) => Number((l as HTMLElement).dataset.warningRow)),
    );
    const far = rows.find((r) => r > 40);
    expect(far, 'a warning on a row off the first screen').toBeDefined();
    await page.click(`#warnings [data-warning-row="${far}"]`);
    await expect
      .poll(() =>
        page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('tr')?.dataset.row),
      )
      .toBe(String(far));
    expect((await laidOut(page)).seen.map(([i]) => i)).toContain(far);
  });

  it('tabs from field to field past the rows first laid out', async () => {
    const { page } = await open('zoo=resnet_v1_152');
    await settled(page);
    const start = (await laidOut(page)).shown;
    await field(page, 20, 'name').focus();
    const rowOfFocus = () =>
      page.evaluate(() =>
        Number((document.activeElement as HTMLElement | null)?.closest('tr')?.dataset.row ?? -1),
      );
    // About a dozen controls a row: 250 presses go some 20 rows down, every one of them a field.
    for (let k = 0; k < 250; k++) await page.keyboard.press('Tab');
    const reached = await rowOfFocus();
    expect(reached).toBeGreaterThan(Math.max(...start) + 5);
    for (let k = 0; k < 250; k++) await page.keyboard.press('Shift+Tab');
    expect(await rowOfFocus()).toBe(20);
  });

  it('lays out the rows on screen when the calculator tab is opened later', async () => {
    const { page } = await open('view=vis&zoo=resnet_v1_152');
    await page.click('#tab-calc');
    await page.waitForSelector('#calc:not([hidden])');
    await expect.poll(async () => (await laidOut(page)).seen.length).toBeGreaterThan(10);
    const { seen } = await laidOut(page);
    expect(seen[0]![0]).toBe(0);
    const expected = rfColumn(zoo.resnet_v1_152!);
    for (const [i, rf] of seen) expect(rf, `row ${i}`).toBe(expected[i]);
  });

  it('adds the ERF right after the keystroke, never blanking it or the summary in between', async () => {
    const { page } = await open('zoo=resnet_v1_152');
    await settled(page);
    // In the keystroke's own task: everything but the ERF is new, the ERF cells still show a value.
    const during = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>(
        '#layers tr[data-row="0"] [data-field="kernel"]',
      )!;
      input.value = '9';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const row = document.querySelector('#layers tr[data-row="10"]')!;
      const text = (f: string) => row.querySelector(`[data-out="${f}"]`)!.textContent;
      return {
        rf: text('rf'),
        std: text('erfStd'),
        summary: document.getElementById('calc-summary')!.textContent,
      };
    });
    const before = analyze(zoo.resnet_v1_152!).layers[10]!;
    const after = analyze(withKernel(9)).layers[10]!;
    expect(during.rf).toBe(formatAxis(after.rf));
    expect(during.std).toBe(formatAxis(before.erf.std, 1));
    expect(during.summary).toContain('effective receptive field');
    await expect.poll(() => cell(page, 10, 'erfStd').textContent()).toBe(formatAxis(after.erf.std, 1));
    expect(await cell(page, 10, 'erfSpan').textContent()).toBe(formatAxis(after.erf.span));
    await settled(page);
    const report = analyze(withKernel(9));
    const out = report.layers.findLast((l) => l.erf.span.every((x) => x !== null))!;
    expect(await page.textContent('#calc-summary')).toContain(`σ ${formatAxis(out.erf.std, 1)}`);
    expect(
      await page.$$eval('#layers tbody tr[data-row] [data-out="erfStd"]', (cells) =>
        cells.map((c) => c.textContent),
      ),
    ).toEqual(report.layers.map((l) => (l.global ? '–' : formatAxis(l.erf.std, 1))));
  });
});

// The calculator in Chromium: results that follow every edit, messages beside their fields,
// warnings on their rows, the op options and channels, explanations, exact exports, ONNX files.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, parseModel } from 'rfkit';
import { zoo } from 'rfkit/zoo';
import { describe, expect, it } from 'vitest';
import { formatAxis } from '../../src/fields.js';
import { appDir } from '../support/browser.js';
import { cell, field, harness, measures, paste, rowOf } from '../support/e2e.js';

const { open } = harness();

/** Every row's fields and results, for comparing two tables. */
const tableOf = (page: import('playwright-core').Page) =>
  page.$$eval('#layers tr[data-row]', (rows) =>
    rows.map((r) => [
      ...[...r.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-field]')].map((i) =>
        i instanceof HTMLInputElement && i.type === 'checkbox' ? String(i.checked) : i.value,
      ),
      ...[...r.querySelectorAll('[data-out]')].map((c) => c.textContent),
    ]),
  );

/** Each column header's tooltip says `words`, and its glossary entry (its description) is there. */
async function expectTerms(page: import('playwright-core').Page, terms: [string, string][]): Promise<void> {
  for (const [term, words] of terms) {
    const abbr = page.locator(`#layers thead abbr[data-term="${term}"]`);
    expect(await abbr.getAttribute('title'), term).toContain(words);
    const described = await abbr.getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).textContent(), term).not.toBe('');
  }
}

describe('calculator', () => {
  it('shows rf 212 at pool5 of vgg_16, and the link reproduces it', async () => {
    const { page, context } = await open();
    await page.selectOption('#zoo', 'vgg_16');
    const pool5 = await rowOf(page, 'pool5');
    await expect.poll(() => cell(page, pool5, 'rf').textContent()).toBe('212');
    expect(await cell(page, pool5, 'jump').textContent()).toBe('32');
    await expect.poll(() => page.url()).toContain('zoo=vgg_16');
    const again = await context.newPage();
    await again.goto(page.url());
    await again.waitForSelector('body[data-ready="true"]');
    expect(await cell(again, pool5, 'rf').textContent()).toBe('212');
    expect(await again.inputValue('#zoo')).toBe('vgg_16');
  });

  it('updates the table as a layer is edited, and keeps the edit in the URL', async () => {
    const { page } = await open('zoo=vgg_16');
    const pool5 = await rowOf(page, 'pool5');
    const conv1 = await rowOf(page, 'conv1/conv1_1');
    await measures(page, 'rfkit:calc-refresh');
    await field(page, conv1, 'kernel').fill('5');
    // conv1_1 reads the input at jump 1: two more pixels of kernel widen every later rf by 2.
    await expect.poll(() => cell(page, pool5, 'rf').textContent()).toBe('214');
    expect(await cell(page, conv1, 'rf').textContent()).toBe('5');
    await expect.poll(() => page.url()).toContain('m=');
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
    expect(await field(page, 2, 'stride').getAttribute('aria-invalid')).toBe('true');
    expect(await cell(page, 1, 'rf').textContent()).not.toBe('');
    expect(await cell(page, 3, 'rf').textContent()).toBe('');
    await field(page, 0, 'kernel').fill('3');
    await expect.poll(() => cell(page, 0, 'rf').textContent()).toBe('3');
    await field(page, 2, 'stride').fill('1');
    await field(page, 3, 'inputs').fill('nowhere');
    await expect
      .poll(() => page.locator('#layers tr[data-row="3"] [data-error="inputs"]').textContent())
      .toContain('nowhere');
    await field(page, 3, 'inputs').fill('');
    await expect.poll(() => cell(page, 3, 'rf').textContent()).not.toBe('');
    expect(await msg.textContent()).toBe('');
  });

  it('accepts negative padding (crops), in the table, compact text and JSON', async () => {
    const { page } = await open();
    await paste(page, 'in8 conv3p-1');
    expect(await field(page, 0, 'padding').inputValue()).toBe('-1');
    expect(await cell(page, 0, 'effectivePadding').textContent()).toBe('-1');
    expect(await cell(page, 0, 'outputSize').textContent()).toBe('4');
    await paste(page, '{"input":{"size":[8,8]},"layers":[{"op":"conv","kernel":3,"padding":-1}]}');
    expect(await cell(page, 0, 'outputSize').textContent()).toBe('4');
    await field(page, 0, 'padding').fill('-2');
    await expect.poll(() => cell(page, 0, 'outputSize').textContent()).toBe('2');
    expect(await page.textContent('#layers [data-error="padding"]')).toBe('');
  });

  it('shows and edits ceil mode, output padding and channels', async () => {
    const { page } = await open();
    await paste(page, 'in7 p:maxpool2s2ceil d:deconv4s2p1op1c16 c:conv1c32');
    expect(await field(page, 0, 'ceilMode').isChecked()).toBe(true);
    // ceil((7 − 2)/2) + 1 = 4; floor would give 3.
    expect(await cell(page, 0, 'outputSize').textContent()).toBe('4');
    await field(page, 0, 'ceilMode').uncheck();
    await expect.poll(() => cell(page, 0, 'outputSize').textContent()).toBe('3');
    expect(await field(page, 1, 'outputPadding').inputValue()).toBe('1');
    // (3 − 1)·2 − 2 + 4 + 1 = 7.
    expect(await cell(page, 1, 'outputSize').textContent()).toBe('7');
    await field(page, 1, 'outputPadding').fill('0');
    await expect.poll(() => cell(page, 1, 'outputSize').textContent()).toBe('6');
    expect(await field(page, 1, 'channels').inputValue()).toBe('16');
    await field(page, 2, 'channels').fill('64');
    await page.click('#export-json');
    const spec = JSON.parse(await page.inputValue('#paste'));
    expect(spec.layers[0]).not.toHaveProperty('ceilMode');
    expect(spec.layers[1]).toMatchObject({ op: 'deconv', outputPadding: 0, channels: 16 });
    expect(spec.layers[2]).toMatchObject({ channels: 64 });
    // Fields an op does not use are disabled.
    expect(await field(page, 2, 'stride').isDisabled()).toBe(false);
    expect(await page.locator('#layers tr[data-row="2"] [data-field="ceilMode"]').count()).toBe(0);
  });

  it('ties each warning to its row', async () => {
    const { page } = await open();
    await paste(page, 'in32 a:conv3p1 b:conv3p0/2(a) s:add(a,b)');
    const mark = page.locator('#layers tr[data-row="2"] .warn-mark');
    await expect.poll(() => mark.count()).toBe(1);
    expect(await mark.getAttribute('title')).toMatch(/misaligned/);
    expect(await mark.getAttribute('aria-label')).toMatch(/^warning: .*misaligned/);
    expect(await page.locator('#layers tr[data-row="0"] .warn-mark').count()).toBe(0);
    await page.click('#warnings [data-warning-row="2"]');
    await expect.poll(() => page.getAttribute('#layers tr[data-row="2"]', 'class')).toContain('selected');
    expect(
      await page.evaluate(() => (document.activeElement as HTMLElement).closest('tr')?.dataset.row),
    ).toBe('2');
  });

  it('explains the columns: tooltips and a glossary with the formulas', async () => {
    const { page } = await open();
    await expectTerms(page, [
      ['rf', 'input pixels'],
      ['jump', 'neighbouring output units'],
      ['effectivePadding', 'before the first input pixel'],
      ['center', 'centre'],
      ['covered', 'holes'],
    ]);
    await page.click('#glossary summary');
    expect(await page.textContent('#glossary pre')).toContain('rf   = rf + (ke − 1)·jump');
  });

  it('shows rf min and the ERF per layer, with tooltips, the glossary and the summary', async () => {
    const { page } = await open('zoo=resnet_v1_50');
    const report = analyze(zoo.resnet_v1_50!);
    const fmt = (v: (number | null)[], digits: number) => formatAxis(v, digits);
    await expect.poll(() => cell(page, 76, 'rfMin').textContent()).toBe('11');
    // Every row, against the library's report.
    const got = await page.$$eval('#layers tr[data-row]', (rows) =>
      rows.map((r) =>
        ['rfMin', 'erfStd', 'erfSpan'].map((f) => r.querySelector(`[data-out="${f}"]`)!.textContent),
      ),
    );
    expect(got).toEqual(
      report.layers.map((l) =>
        l.global ? [fmt(l.rfMin, 2), '–', '–'] : [fmt(l.rfMin, 2), fmt(l.erf.std, 1), fmt(l.erf.span, 2)],
      ),
    );
    // block4: rf 483, rf min 11 (the stem, through every shortcut), ERF σ 40.5, span 161 = 33% of rf.
    expect([await cell(page, 76, 'rf').textContent(), await cell(page, 76, 'erfStd').textContent()]).toEqual([
      '483',
      '40.5',
    ]);
    expect(await cell(page, 76, 'erfSpan').getAttribute('title')).toBe(
      'central 95% of unit 0’s weight in 161 of rf 483 (33%) per axis',
    );
    expect(await cell(page, 77, 'erfStd').getAttribute('title')).toMatch(/^No ERF: a global layer/);
    expect(await cell(page, 78, 'erfSpan').getAttribute('title')).toMatch(
      /^No ERF: it comes after the global layer pool5/,
    );
    expect(await page.textContent('#calc-summary')).toContain(
      "block4's effective receptive field: σ 40.5, central 95% in 161 pixels (33% of rf 483).",
    );
    await expectTerms(page, [
      ['rfMin', 'smallest receptive field over the paths'],
      ['erfStd', 'standard deviation'],
      ['erfSpan', 'central 95%'],
    ]);
    await page.click('#glossary summary');
    const glossary = await page.textContent('#glossary');
    expect(glossary).toContain('σ² = Σ jump²·d²·(k² − 1)/12');
    expect(glossary).toContain('unproductive layer');
  });

  it('ties the unproductive warning to its row, like the others', async () => {
    const { page } = await open('zoo=vgg_16');
    const fc6 = await rowOf(page, 'fc6');
    const mark = page.locator(`#layers tr[data-row="${fc6}"] .warn-mark`);
    await expect.poll(() => mark.count()).toBe(1);
    expect(await mark.getAttribute('title')).toContain('is the first unproductive layer');
    const items = page.locator(`#warnings li:has([data-warning-row="${fc6}"])`);
    await expect.poll(() => items.count()).toBe(2);
    const text = await items.nth(1).textContent();
    expect(text).toMatch(
      /^⚠ layer 18 \(fc6\): the first unproductive layer: even its smallest receptive field/,
    );
    expect(text).not.toContain('layers[18]');
    await items.nth(1).locator('button').click();
    await expect
      .poll(() => page.getAttribute(`#layers tr[data-row="${fc6}"]`, 'class'))
      .toContain('selected');
    // The ERF columns of the unproductive layers: the field sees past the 224-pixel image.
    expect(await cell(page, fc6, 'erfSpan').textContent()).toBe('248');
    expect(await cell(page, fc6, 'rfMin').textContent()).toBe('404');
  });

  it('exports exactly: JSON and compact text load back to the same model', async () => {
    const { page } = await open();
    await paste(
      page,
      'in64 a:conv7s2p3c8 b:maxpool3s2p1ceil d:deconv4s2p1op1(b) s:add(a,d) e:conv3p-1 f:conv3psame-lower',
    );
    const before = await tableOf(page);
    await page.click('#export-json');
    expect(await page.textContent('#paste-msg')).toMatch(/^Exported 6 layers as JSON\./);
    const json = await page.inputValue('#paste');
    await page.click('#paste-load');
    expect(await tableOf(page)).toEqual(before);
    await page.click('#export-compact');
    expect(await page.textContent('#paste-msg')).toMatch(/^Exported 6 layers as compact text\./);
    const compact = await page.inputValue('#paste');
    expect(compact).not.toContain('{');
    await page.click('#paste-load');
    await page.click('#export-json');
    // The same model (the compact form writes "the previous layer" as no inputs at all).
    const model = (text: string) => JSON.stringify({ ...parseModel(JSON.parse(text)), name: '' });
    expect(model(await page.inputValue('#paste'))).toBe(model(json));
    expect((await tableOf(page)).map((r) => r.slice(-6))).toEqual(before.map((r) => r.slice(-6)));
  });

  it('refuses to export while a value is invalid; every valid model has a compact form', async () => {
    const { page } = await open('zoo=vgg_16');
    await page.click('#export-compact');
    // slim's scoped names ("conv1/conv1_1") are written as they are.
    expect(await page.textContent('#paste-msg')).toBe('Exported 21 layers as compact text.');
    expect(await page.inputValue('#paste')).toContain('conv1/conv1_1:conv3psame');
    await page.fill('#paste', '');
    await field(page, 3, 'stride').fill('2,');
    await page.click('#export-json');
    expect(await page.textContent('#paste-msg')).toBe(
      'Nothing exported: layer 3 (conv2/conv2_1) has an invalid value (stride: "2," is not an integer or a list such as 3,5). Fix the marked field first.',
    );
    expect(await page.inputValue('#paste')).toBe('');
  });

  it('loads pasted compact text and JSON, and explains what does not load', async () => {
    const { page } = await open();
    await paste(page, 'conv7s2p3 maxpool3s2p1 conv3p1');
    expect(await page.locator('#layers tr[data-row]').count()).toBe(3);
    expect(await cell(page, 2, 'rf').textContent()).toBe('19');
    await paste(page, '{"layers":[{"op":"conv","kernel":3,"dilation":2}]}');
    expect(await cell(page, 0, 'covered').textContent()).toBe('3');
    await page.fill('#paste', '{"layers": [');
    await page.click('#paste-load');
    expect(await page.textContent('#paste-msg')).toContain('Not valid JSON');
  });

  it('keeps keystrokes fast on resnet_v1_152 (times logged)', async () => {
    const { page } = await open('zoo=resnet_v1_152');
    const last = (await page.locator('#layers tr[data-row]').count()) - 1;
    await measures(page, 'rfkit:update:draft');
    const input = field(page, 0, 'kernel');
    for (const k of ['9', '7', '5', '7', '9', '7', '5', '7', '9', '7']) {
      await input.fill(k);
      await expect.poll(() => cell(page, 0, 'rf').textContent()).toBe(k);
    }
    // The last row is off screen: it is written in idle time, with the last edit.
    const spec = structuredClone(zoo.resnet_v1_152!);
    spec.layers[0] = { ...spec.layers[0]!, kernel: 7 };
    const lastRf = formatAxis(analyze(spec).layers[last]!.rf);
    await expect.poll(() => cell(page, last, 'rf').textContent()).toBe(lastRf);
    const all = await measures(page, 'rfkit:update:draft');
    const analysis = await measures(page, 'rfkit:calc-analysis');
    expect(all.length).toBeGreaterThanOrEqual(10);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    console.log(
      `resnet_v1_152 keystroke: median ${median(all).toFixed(1)} ms (analysis ${median(analysis).toFixed(1)} ms), max ${Math.max(...all).toFixed(1)} ms`,
    );
  });
});

describe('ONNX import', () => {
  it('imports in the page, offline too: the importer comes after the first load', async () => {
    const w = await open();
    const onnxChunk = (u: string) => /\/assets\/onnx-[^/]+\.js$/.test(u);
    // Not part of the page's first load (see size.test.ts), fetched once the page is idle…
    await expect.poll(() => w.requests.some(onnxChunk)).toBe(true);
    await w.page.waitForLoadState('networkidle');
    // …so an .onnx file opens with the network gone.
    await w.context.setOffline(true);
    const fixture = resolve(appDir, '../../packages/onnx/test/fixtures/vgg16.onnx');
    await w.page.setInputFiles('#model-file', fixture);
    await expect.poll(() => w.page.textContent('#paste-msg')).toMatch(/^Imported vgg16\.onnx: \d+ layers/);
    const rfs = await w.page.$$eval('#layers [data-out="rf"]', (cells) => cells.map((c) => c.textContent));
    expect(rfs).toContain('212');
    expect(await w.page.textContent('#model-errors')).toBe('');
    await w.context.setOffline(false);
  });

  it('imports ops_zoo.onnx (negative pads, ceil mode, transposed convs) without a row in error', async () => {
    const { page } = await open();
    await page.setInputFiles(
      '#model-file',
      resolve(appDir, '../../packages/onnx/test/fixtures/ops_zoo.onnx'),
    );
    await expect.poll(() => page.textContent('#paste-msg')).toMatch(/^Imported ops_zoo\.onnx/);
    expect(await page.locator('#layers .invalid').count()).toBe(0);
    expect(await page.textContent('#model-errors')).toBe('');
    const stale = await page.locator('#layers tr.stale').count();
    expect(stale).toBe(0);
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
    // A 1-D model stays 1-D in the table.
    expect(await page.locator('#layers [data-out="rf"]').first().textContent()).toMatch(/^\d+$/);
  });
});

// Times the page in Chromium (`pnpm --filter @rfkit/web measure`): a calculator keystroke and a
// visualiser step on big zoo models, from the page's own performance marks, from the moment the
// input event is dispatched to the end of the layout that follows it, and — the frame — the
// handler plus the whole rendering of the next frame (style, layout, paint, compositing; the wait
// for the frame itself left out), then the pass that adds the ERF after a keystroke and its frame.
// Prints a Markdown table for docs/web.md. Timing is machine-dependent: the tests never assert it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { appDir, buildApp, launch, openPage, serve } from '../test/support/browser.js';

const MODELS = ['resnet_v1_152', 'inception_v3', 'tv_mobilenet_v2', 'vgg_16'];
const STEPS = 40;

/**
 * In the page (strings, so no bundler helper leaks in). frame(act) waits for a quiet moment
 * at the start of a frame, runs act, then times the rendering of the next frame from its
 * animation-frame callback to the task after it; returns [act's time, that rendering's time].
 */
const FRAME = `async (act) => {
  await new Promise((r) => setTimeout(r, 60));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  // Asked for before act: this callback runs first in the frame, so its message comes right after
  // the frame's rendering, before any task act's own callbacks queue.
  let t2 = 0;
  const rendered = new Promise((r) => requestAnimationFrame(() => {
    t2 = performance.now();
    const c = new MessageChannel();
    c.port1.onmessage = r;
    c.port2.postMessage(0);
  }));
  const t0 = performance.now();
  act();
  const t1 = performance.now();
  await rendered;
  return [t1 - t0, performance.now() - t2];
}`;

/**
 * After a keystroke's frame: waits for the pass that adds the ERF (its script, from its measure),
 * then times the rendering of the frame after it; returns their sum.
 */
const ERF_FRAME = `async (before) => {
  const pass = () => performance.getEntriesByName('rfkit:calc-erf');
  const until = performance.now() + 2000;
  while (pass().length === before) {
    if (performance.now() > until) return NaN;
    await new Promise((r) => setTimeout(r, 0));
  }
  const js = pass()[before].duration;
  const t = await new Promise((r) => requestAnimationFrame(() => {
    const t2 = performance.now();
    const c = new MessageChannel();
    c.port1.onmessage = () => r(performance.now() - t2);
    c.port2.postMessage(0);
  }));
  return js + t;
}`;

/** Median times of `steps` keystrokes: once with a forced layout after each, once to the frame. */
const KEYSTROKES = `(async (steps) => {
  const frame = ${FRAME};
  const erfFrame = ${ERF_FRAME};
  const input = document.querySelector('#layers tr[data-row="0"] [data-field="kernel"]');
  const type = (i) => {
    input.value = String([9, 7, 5, 7][i % 4]);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const handler = [], layout = [], whole = [], erf = [];
  performance.clearMeasures();
  for (let i = 0; i < steps; i++) {
    await new Promise((r) => setTimeout(r, 60));
    const t0 = performance.now();
    type(i);
    const t1 = performance.now();
    void document.body.offsetHeight;
    handler.push(t1 - t0);
    layout.push(performance.now() - t0);
  }
  const analysis = performance.getEntriesByName('rfkit:calc-analysis').map((e) => e.duration);
  for (let i = 0; i < steps; i++) {
    const before = performance.getEntriesByName('rfkit:calc-erf').length;
    const [js, render] = await frame(() => type(i));
    whole.push(js + render);
    // A build without the ERF pass (an older page, measured for comparison) is not waited for again.
    if (!erf.some((x) => Number.isNaN(x))) erf.push(await erfFrame(before));
  }
  const med = (x) => x.sort((a, b) => a - b)[x.length >> 1];
  return {
    erfMissing: erf.some((x) => Number.isNaN(x)),
    handler: med(handler), analysis: med(analysis), layout: med(layout), frame: med(whole), erf: med(erf),
  };
})`;

/** Arrow-key steps on the focused output map of the visualiser, timed like the keystrokes. */
const STEPS_VIS = `(async (steps) => {
  const frame = ${FRAME};
  const out = document.getElementById('output-canvas');
  out.focus();
  const step = (i) =>
    out.dispatchEvent(new KeyboardEvent('keydown', { key: i % 2 ? 'ArrowDown' : 'ArrowRight', bubbles: true }));
  const total = [], whole = [];
  performance.clearMeasures();
  for (let i = 0; i < steps; i++) {
    await new Promise((r) => setTimeout(r, 60));
    const t0 = performance.now();
    step(i);
    void document.body.offsetHeight;
    total.push(performance.now() - t0);
  }
  const render = performance.getEntriesByName('rfkit:vis-render').map((e) => e.duration);
  for (let i = 0; i < steps; i++) {
    const [js, paint] = await frame(() => step(i));
    whole.push(js + paint);
  }
  const med = (x) => x.sort((a, b) => a - b)[x.length >> 1];
  return { render: med(render), total: med(total), frame: med(whole) };
})`;

async function main(): Promise<void> {
  const dist = await buildApp(join(appDir, 'dist-measure'));
  const { server, origin } = await serve(dist);
  const browser = await launch();
  const rows: string[] = [];
  try {
    for (const model of MODELS) {
      const calc = await openPage(browser, origin, `zoo=${model}`);
      const k = (await calc.page.evaluate(`${KEYSTROKES}(${STEPS})`)) as Record<string, number>;
      await calc.context.close();
      const vis = await openPage(browser, origin, `view=vis&zoo=${model}`);
      await vis.page.waitForSelector('#vis-info:not(:empty)');
      const open = (await vis.page.evaluate(
        `performance.getEntriesByName('rfkit:vis-render').map((e) => e.duration)[0] ?? 0`,
      )) as number;
      // The ERF map of the layer, computed in its worker; the steps then draw it from the cache.
      await vis.page.waitForFunction(
        `document.getElementById('erf-figure').dataset.state !== 'computing'`,
        null,
        { timeout: 120_000 },
      );
      const erf = (await vis.page.evaluate(
        `Number(document.getElementById('erf-figure').dataset.ms ?? NaN)`,
      )) as number;
      const v = (await vis.page.evaluate(`${STEPS_VIS}(${STEPS})`)) as Record<string, number>;
      await vis.context.close();
      const f = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(1));
      rows.push(
        `| ${model} | ${f(k.analysis)} | ${f(k.handler)} | ${f(k.layout)} | ${f(k.frame)} | ${k.erfMissing ? '–' : f(k.erf)} | ${f(open)} | ${Number.isNaN(erf) ? '–' : f(erf)} | ${f(v.render)} | ${f(v.total)} | ${f(v.frame)} |`,
      );
    }
  } finally {
    await browser.close();
    server.close();
    // The build was only for this run (and is not a dist/ that other tools skip).
    if (!process.env.WEB_E2E_DIST) rmSync(dist, { recursive: true, force: true });
  }
  console.log(
    '| model | keystroke: analysis | keystroke: handler | keystroke + layout | keystroke: frame | then the ERF: frame | visualiser: first draw | ERF map (worker) | step: draw | step + layout | step: frame |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  console.log(`(milliseconds, medians of ${STEPS}; Chromium ${browser.version()})`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});

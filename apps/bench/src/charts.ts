// Throughput charts, specified in Vega-Lite and rendered to SVG headless by Vega.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { SearchRun } from './suites/search.js';

async function render(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

// Fixed order, so each backend has the same colour in both charts.
const BACKENDS = ['wasm', 'js', 'naive'];
const GRIDS = ['8 choices/layer', '14 choices/layer', '26 choices/layer'];

const backendLabel = (r: SearchRun) =>
  r.backend === 'naive' ? 'naive' : `${r.backend}${r.threads > 1 ? ` ×${r.threads}` : ''}`;

/** Combinations per second against depth, one line per backend and choices per layer. */
export function depthChart(runs: SearchRun[]): Promise<string> {
  const values = runs
    .filter((r) => r.threads === 1)
    .map((r) => ({
      depth: r.depth,
      rate: r.combosPerSec,
      backend: backendLabel(r),
      choices: `${r.choicesPerLayer} choices/layer`,
    }));
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'search() throughput vs depth (1 thread)',
      subtitle: 'combinations per second, log scale',
    },
    width: 520,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'depth',
        type: 'quantitative',
        title: 'depth (layers)',
        scale: { zero: false },
        axis: { tickMinStep: 1 },
      },
      y: {
        field: 'rate',
        type: 'quantitative',
        title: 'combinations / s',
        scale: { type: 'log' },
        axis: { format: '.2~s' },
      },
      color: { field: 'backend', type: 'nominal', title: 'backend', scale: { domain: BACKENDS } },
      // Same field, title and domain: Vega-Lite merges the two into one legend.
      strokeDash: { field: 'choices', type: 'nominal', title: 'grid', scale: { domain: GRIDS } },
      shape: { field: 'choices', type: 'nominal', title: 'grid', scale: { domain: GRIDS } },
    },
  });
}

/** Combinations per second against worker threads on the reference grid. */
export function threadsChart(runs: SearchRun[]): Promise<string> {
  const values = runs
    .filter((r) => r.backend !== 'naive')
    .map((r) => ({ threads: r.threads, rate: r.combosPerSec, backend: r.backend }));
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'search() throughput vs threads (reference grid)', subtitle: 'combinations per second' },
    width: 420,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'threads',
        type: 'quantitative',
        title: 'worker threads',
        axis: { tickMinStep: 1 },
        scale: { zero: false },
      },
      y: {
        field: 'rate',
        type: 'quantitative',
        title: 'combinations / s',
        scale: { type: 'log' },
        axis: { format: '.2~s' },
      },
      // naive is single-threaded; the domain's order keeps the colours of the depth chart.
      color: { field: 'backend', type: 'nominal', title: 'backend', scale: { domain: BACKENDS.slice(0, 2) } },
    },
  });
}

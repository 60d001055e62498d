// The words and numbers of the ERF figure: its colour scale, the table of per-axis figures
// (centre, σ, ±2σ, the 95% span and its share of the theoretical field) and the line that says
// whose weights are drawn.
import { h } from './dom.js';
import type { AxisStats } from './erf-model.js';

/** A weight per pixel, short: 0.0031, 2.5e-5. */
export function formatWeight(w: number): string {
  if (w === 0) return '0';
  return w >= 1e-4 ? String(Number(w.toPrecision(2))) : w.toExponential(1);
}

const one = (x: number) => String(Number(x.toFixed(1)));
const pct = (x: number) => `${x >= 0.995 ? Math.round(x * 100) : Number((x * 100).toPrecision(2))}%`;

/** The colour scale (0 … vmax, weight per input pixel) and what the marks mean. */
export function erfLegend(
  gradient: string,
  vmax: number,
  bin: number,
  mark: { sigma: string; rf: string },
): HTMLElement {
  return h(
    'span',
    { class: 'legend' },
    h(
      'span',
      { class: 'erf-scale' },
      h('span', {}, '0'),
      h('i', { style: `background:${gradient}` }),
      h('span', { id: 'erf-vmax' }, formatWeight(vmax)),
    ),
    h(
      'span',
      {},
      'weight per input pixel, from pale yellow (next to none) to dark red (the most)',
      bin > 1 ? `; a screen pixel shows the mean of ${bin}×${bin} input pixels` : '',
    ),
    h('span', { class: 'swatch' }, h('i', { style: `border:2px solid ${mark.sigma}` }), 'mean ± 2σ'),
    h(
      'span',
      { class: 'swatch' },
      h('i', { style: `border:1px dashed ${mark.rf}` }),
      'theoretical field (rf)',
    ),
  );
}

export interface AxisRow {
  label: string;
  stats: AxisStats;
}

/**
 * The per-axis table and the sentence under it. `held` is the weight inside mean ± 2σ (the box,
 * in 2-D); `slice` (3-D) the drawn slice's share of the weight.
 */
export function erfNumbers(
  rows: AxisRow[],
  held: number,
  slice: { axis: string; at: number; share: number | null } | null,
): HTMLElement {
  // One column per axis, one row per figure: narrow enough to sit under the drawing on a phone.
  const figures: [key: string, label: string, title: string, value: (s: AxisStats) => string][] = [
    ['mean', 'centre', 'the mean input position of the weight', (s) => one(s.mean)],
    ['std', 'σ', 'standard deviation of the weight, in input pixels', (s) => one(s.std)],
    ['sigma', 'centre ± 2σ', 'the box drawn in blue', (s) => `${one(s.lo)} … ${one(s.hi)}`],
    [
      'span',
      '95% span',
      'pixels holding the central 95% of the weight (2.5% left out on each side), and where',
      (s) => `${s.span} (${s.first} … ${s.last})`,
    ],
    [
      'rf',
      'rf',
      'the theoretical field: the span of the positions the unit reads',
      (s) => (s.rf === null ? '?' : String(s.rf)),
    ],
    [
      'share',
      'span / rf',
      'the 95% span as a share of the theoretical field',
      (s) => (s.share === null ? '?' : pct(s.share)),
    ],
  ];
  const table = h(
    'table',
    { class: 'grid erf-table', id: 'erf-table' },
    h('caption', { class: 'sr-only' }, 'The effective receptive field per axis'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('td', {}),
        rows.map((r) => h('th', { scope: 'col' }, r.label)),
      ),
    ),
    h(
      'tbody',
      {},
      figures.map(([key, label, title, value]) =>
        h(
          'tr',
          { 'data-k': key },
          h('th', { scope: 'row', title }, label),
          rows.map((r) => h('td', {}, value(r.stats))),
        ),
      ),
    ),
  );
  const sentences: string[] = [];
  if (rows.length === 2) {
    const [a, b] = rows as [AxisRow, AxisRow];
    sentences.push(`The ±2σ box holds ${pct(held)} of the weight.`);
    if (a.stats.rf !== null && b.stats.rf !== null) {
      const area = (a.stats.span * b.stats.span) / (a.stats.rf * b.stats.rf);
      sentences.push(
        `The central 95% (${a.stats.span} × ${b.stats.span} pixels) covers ${pct(area)} of the theoretical field's area (${a.stats.rf} × ${b.stats.rf}).`,
      );
    }
  } else {
    sentences.push(`Centre ± 2σ holds ${pct(held)} of the weight.`);
  }
  if (slice) {
    sentences.push(
      `In 3-D the map is summed over ${slice.axis}; the slice drawn beside it (${slice.axis} = ${slice.at}) holds ${slice.share === null ? '?' : pct(slice.share)} of the weight.`,
    );
  }
  return h('div', {}, table, h('p', { class: 'info', id: 'erf-summary' }, sentences.join(' ')));
}

/** Whose weights are drawn: unit 0's moved by `offset` (exact in this layer), or the unit's own. */
export function shiftNote(layer: string, unit: number[], offset: number[] | null, ms: number): string {
  const u = `unit (${unit.join(', ')})`;
  const took = ` Weights computed in ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms.`;
  if (offset === null) {
    return (
      `ERF of ${u} of ${layer}, computed for this unit: after upsampling or a transposed ` +
      'convolution the units of a layer differ by phase, not only by a shift.' +
      took
    );
  }
  if (offset.every((o) => o === 0)) {
    return `ERF of ${u} of ${layer}. Every unit of this layer has the same ERF, moved by its index × jump.${took}`;
  }
  return `ERF of ${u} of ${layer}: unit 0's, moved by (${offset.join(', ')}) input pixels (index × jump) — exact for every unit of this layer.${took}`;
}

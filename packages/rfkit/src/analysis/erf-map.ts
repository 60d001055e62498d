// The joint ERF weights of unit 0 over two axes, for a heat map. After a merge the joint weights
// are a mixture of products (one per path), which the per-axis weights cannot rebuild, so they are
// pushed backwards from unit 0 through each op's definition on a dense grid of units: every op is
// separable, so a grid is spread along its rows, then along its columns. The grid of a layer holds
// the units that unit 0 depends on, about (rf / jump)² of them, largest near the input.
import { RfError } from '../errors.js';
import type { ErfMap, Model, NormalizedLayer } from '../types.js';
import { leftOf, type Resolved } from './erf-pass.js';

/** Most cells of one grid (the map of a 4096×4096 field). */
export const MAX_MAP_CELLS = 1 << 24;

interface Grid {
  /** Unit (or input position) of the first row and column. */
  r0: number;
  c0: number;
  h: number;
  w: number;
  data: Float64Array;
}

/** Where one unit's weight goes along one axis: (source unit, share) pairs. */
type Taps = (o: number) => [number, number][];

function tapsOf(l: NormalizedLayer, a: number, m: Model, r: Resolved): Taps | null {
  const k = l.kernel[a]!;
  const s = l.stride[a]!;
  const d = l.dilation[a]!;
  switch (l.op) {
    case 'conv':
    case 'maxpool':
    case 'avgpool': {
      // An unknown SAME pad only shifts every position; the map's start is then null.
      const p = leftOf(l, a, m.axes, r) ?? 0;
      return (o) => Array.from({ length: k }, (_, t) => [o * s - p + t * d, 1 / k]);
    }
    case 'deconv': {
      const p = leftOf(l, a, m.axes, r)!;
      return (o) => {
        const from: number[] = [];
        for (let t = 0; t < k; t++) {
          const x = o + p - t * d;
          if (x % s === 0) from.push(x / s);
        }
        return from.map((i) => [i, 1 / from.length]);
      };
    }
    case 'upsample': {
      const f = l.scale[a]!;
      return (o) => [[Math.floor(o / f), 1]];
    }
    default:
      return null;
  }
}

function cells(h: number, w: number, where: string): void {
  if (h * w > MAX_MAP_CELLS) {
    throw new RfError(
      'too-large',
      `erfOf: the 2-D map needs a ${h}×${w} grid at ${where}, above the ${MAX_MAP_CELLS} cells supported`,
      'options.map',
    );
  }
}

/** Spreads a grid along its rows (`byRows`) or columns through one axis's taps. */
function spread(g: Grid, taps: Taps, byRows: boolean, where: string): Grid {
  const n = byRows ? g.h : g.w;
  const first = byRows ? g.r0 : g.c0;
  const lists = Array.from({ length: n }, (_, i) => taps(first + i));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const list of lists) {
    for (const [i] of list) {
      if (i < lo) lo = i;
      if (i > hi) hi = i;
    }
  }
  if (lo > hi) return { r0: 0, c0: 0, h: 0, w: 0, data: new Float64Array(0) };
  const len = hi - lo + 1;
  const h = byRows ? len : g.h;
  const w = byRows ? g.w : len;
  cells(h, w, where);
  const out = new Float64Array(h * w);
  for (let x = 0; x < n; x++) {
    for (const [i, share] of lists[x]!) {
      const to = i - lo;
      if (byRows) {
        const src = x * g.w;
        const dst = to * w;
        for (let c = 0; c < g.w; c++) out[dst + c]! += share * g.data[src + c]!;
      } else {
        for (let rr = 0; rr < g.h; rr++) out[rr * w + to]! += share * g.data[rr * g.w + x]!;
      }
    }
  }
  return byRows ? { r0: lo, c0: g.c0, h, w, data: out } : { r0: g.r0, c0: lo, h, w, data: out };
}

/** Adds `share·g` into the grid held at `key`, growing it to the union of both boxes. */
function accumulate(held: Map<number, Grid>, key: number, g: Grid, share: number, where: string): void {
  if (g.h === 0 || g.w === 0) return;
  const old = held.get(key);
  if (old === undefined && share === 1) {
    held.set(key, g);
    return;
  }
  const r0 = old ? Math.min(old.r0, g.r0) : g.r0;
  const c0 = old ? Math.min(old.c0, g.c0) : g.c0;
  const r1 = old ? Math.max(old.r0 + old.h, g.r0 + g.h) : g.r0 + g.h;
  const c1 = old ? Math.max(old.c0 + old.w, g.c0 + g.w) : g.c0 + g.w;
  const h = r1 - r0;
  const w = c1 - c0;
  let out: Grid;
  if (old && old.r0 === r0 && old.c0 === c0 && old.h === h && old.w === w) out = old;
  else {
    cells(h, w, where);
    out = { r0, c0, h, w, data: new Float64Array(h * w) };
    if (old) add(out, old, 1);
  }
  add(out, g, share);
  held.set(key, out);
}

function add(into: Grid, g: Grid, share: number): void {
  for (let rr = 0; rr < g.h; rr++) {
    const dst = (g.r0 - into.r0 + rr) * into.w + (g.c0 - into.c0);
    const src = rr * g.w;
    for (let c = 0; c < g.w; c++) into.data[dst + c]! += share * g.data[src + c]!;
  }
}

/** The joint weights over axes `[a, b]` of unit 0 of layer `target`, normalised; see ErfMap. */
export function erfMap(m: Model, r: Resolved, target: number, pair: [number, number]): ErfMap | null {
  const [a, b] = pair;
  if (!pair.every((x) => Number.isInteger(x) && x >= 0 && x < m.axes) || a === b) {
    throw new RfError(
      'invalid-argument',
      `erfOf: options.map must name two different axes of the model (0…${m.axes - 1}), got ${JSON.stringify(pair)}`,
      'options.map',
    );
  }
  if (r.global[target]) return null;
  const layers = m.layers;
  const indexOf = new Map(layers.map((l) => [l.name, l.index]));
  const INPUT = -1;
  const held = new Map<number, Grid>([[target, { r0: 0, c0: 0, h: 1, w: 1, data: Float64Array.of(1) }]]);
  let relative = false;
  for (let i = target; i >= 0; i--) {
    const g = held.get(i);
    if (g === undefined) continue;
    held.delete(i);
    const l = layers[i]!;
    const where = `layers[${i}] (${l.name})`;
    const srcs = l.inputs.map((n) => (n === 'input' ? INPUT : indexOf.get(n)!));
    const ta = tapsOf(l, a, m, r);
    const tb = tapsOf(l, b, m, r);
    let out = g;
    if (ta) out = spread(out, ta, true, where);
    if (tb) out = spread(out, tb, false, where);
    if (l.padding.kind === 'same' && (leftOf(l, a, m.axes, r) === null || leftOf(l, b, m.axes, r) === null))
      relative = true;
    for (const s of srcs) accumulate(held, s, out, 1 / srcs.length, where);
  }
  const g = held.get(INPUT);
  if (g === undefined) return null;
  return trimmed(g, pair, relative);
}

/** The grid without all-zero edge rows and columns, normalised to sum 1. */
function trimmed(g: Grid, pair: [number, number], relative: boolean): ErfMap | null {
  let total = 0;
  let top = g.h;
  let bottom = -1;
  let left = g.w;
  let right = -1;
  for (let rr = 0; rr < g.h; rr++) {
    for (let c = 0; c < g.w; c++) {
      const v = g.data[rr * g.w + c]!;
      if (v === 0) continue;
      total += v;
      if (rr < top) top = rr;
      if (rr > bottom) bottom = rr;
      if (c < left) left = c;
      if (c > right) right = c;
    }
  }
  if (total === 0) return null;
  const h = bottom - top + 1;
  const w = right - left + 1;
  const weights = new Float64Array(h * w);
  for (let rr = 0; rr < h; rr++)
    for (let c = 0; c < w; c++) weights[rr * w + c] = g.data[(top + rr) * g.w + left + c]! / total;
  return {
    axes: pair,
    start: relative ? [null, null] : [g.r0 + top, g.c0 + left],
    height: h,
    width: w,
    weights,
  };
}

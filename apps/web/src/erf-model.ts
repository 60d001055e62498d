// The page's arithmetic around rfkit's ERF (`erfOf`): which unit's weights a drawing needs and
// how they relate to unit 0's, why a layer has none, and the numbers shown beside the heat map.
// Free of the DOM and of the worker, so it is unit-tested directly.
import type { ErfAxis, ErfMap, LayerSpec, ModelSpec, Report } from 'rfkit';

/** What the ERF worker computes: one layer's ERF, with the joint map of two axes (2-D and 3-D). */
export interface ErfJob {
  layer: number;
  /** null: unit 0 (shifted by the page to any unit, see shiftExact); else this unit itself. */
  unit: number[] | null;
  /** The drawn axes [rows, columns]; null for 1-D models (no map). */
  pair: [number, number] | null;
}

/** What `erfOf` returns, as it crosses from the worker. */
export interface ErfData {
  axes: (ErfAxis | null)[];
  map: ErfMap | null;
}

/**
 * Whether every unit's ERF in a layer is unit 0's shifted by `index·jump` per axis. True when no
 * path into the layer passes an upsample or a transposed convolution: each path is then window
 * arithmetic at integer jumps, equal at every merge (the library refuses merges of different
 * jumps), so the weights translate exactly. After upsampling or deconvolution the units of a
 * layer differ by phase (`index mod period`), and the weights' period is not the index sets' one
 * the report gives (weights can differ where the sets coincide), so those units are computed one
 * by one instead.
 */
export function shiftExact(report: Report, layer: number): boolean {
  return !upstream(report, layer).some((i) => {
    const op = report.layers[i]!.op;
    return op === 'upsample' || op === 'deconv';
  });
}

/** The layers on the paths into `layer`, itself included (nearest first along each path). */
function upstream(report: Report, layer: number): number[] {
  const byName = new Map(report.layers.map((l, i) => [l.name, i]));
  const seen = new Set<number>();
  const out: number[] = [];
  const stack = [layer];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    out.push(i);
    for (const name of report.layers[i]!.inputs) {
      const j = byName.get(name);
      if (j !== undefined) stack.push(j);
    }
  }
  return out;
}

/** A layer name not used by the model, for the layer that picks a unit. */
function freshName(names: readonly string[]): string {
  const taken = new Set(names);
  let name = 'erf_unit';
  for (let i = 1; taken.has(name); i++) name = `erf_unit_${i}`;
  return name;
}

/**
 * The model whose output unit 0 is unit `unit` of layer `layer`: the layers up to it, then a 1×1
 * conv that crops `unit` positions at the start of each axis (negative padding). That conv hands
 * unit u all of its weight, so `erfOf(analyze(model), name)` is exactly the ERF of unit `unit`,
 * by the library's own rules. `names` are the report's layer names (the spec may leave them out).
 */
export function unitModel(
  spec: ModelSpec,
  names: readonly string[],
  layer: number,
  unit: readonly number[],
): { spec: ModelSpec; layer: string } {
  const layers: LayerSpec[] = spec.layers.slice(0, layer + 1);
  const name = freshName(names);
  const pick: LayerSpec = {
    name,
    op: 'conv',
    kernel: 1,
    padding: { begin: unit.map((u) => -u), end: unit.map(() => 0) },
    inputs: [names[layer]!],
  };
  return { spec: { ...spec, layers: [...layers, pick] }, layer: name };
}

const globals = new WeakMap<Report, (string | null)[]>();

/**
 * Per layer, the name of a global layer on a path into it (itself included), or null: one pass in
 * model order (inputs come first), kept per report, since the table asks for every row.
 */
function globalsAbove(report: Report): (string | null)[] {
  let out = globals.get(report);
  if (out) return out;
  const byName = new Map<string, string | null>();
  out = report.layers.map((l) => {
    const g =
      l.op === 'global'
        ? l.name
        : (l.inputs.map((n) => byName.get(n) ?? null).find((x) => x !== null) ?? null);
    byName.set(l.name, g);
    return g;
  });
  globals.set(report, out);
  return out;
}

/** Why an ERF value is null: a global layer (or one after it), an unknown input size, a unit that reads nothing, too many weights. */
export type ErfGap = { kind: 'global' | 'size' | 'empty' | 'weights'; text: string };

/**
 * Why a layer's ERF std (or, with `span`, its span) is null on axis `a`, in words for a tooltip
 * or the visualiser; null when it is known.
 */
export function erfGap(report: Report, layer: number, a: number, span = false): ErfGap | null {
  const l = report.layers[layer]!;
  const value = span ? l.erf.span[a] : l.erf.std[a];
  if (value !== null && value !== undefined) return null;
  if (l.op === 'global')
    return { kind: 'global', text: 'a global layer reads every input pixel alike: it has no field to weigh' };
  const g = globalsAbove(report)[layer];
  if (g !== null || l.global) {
    const name = g === null || g === undefined ? '' : `${g} `;
    return {
      kind: 'global',
      text: `it comes after the global layer ${name}that reads every input pixel alike`,
    };
  }
  if (l.rf[a] === null || (l.erf.std[a] === null && report.input.size === null))
    return { kind: 'size', text: 'it depends on the input size (SAME padding): set an input size' };
  if (l.erf.std[a] === null) {
    return {
      kind: 'empty',
      text: 'unit 0 reads no input (a transposed convolution whose kernel is smaller than its stride)',
    };
  }
  return {
    kind: 'weights',
    text: 'its weights spread over too many positions to keep (the std stays exact)',
  };
}

/** One axis of the ERF of the drawn unit, in input positions. */
export interface AxisStats {
  mean: number;
  std: number;
  /** mean ± 2σ. */
  lo: number;
  hi: number;
  /** The positions `erf.span` counts: the central 95% of the weight. */
  first: number;
  last: number;
  span: number;
  /** The unit's theoretical field on this axis (the span of what it reads), and span / rf. */
  rf: number | null;
  share: number | null;
}

/**
 * The numbers of one axis of the ERF, moved by `offset` positions (the shift from unit 0 to the
 * drawn unit; 0 when the weights are that unit's own). Null when positions are unknown.
 */
export function axisStats(ax: ErfAxis, offset: number, rf: number | null): AxisStats | null {
  if (ax.start === null || ax.mean === null) return null;
  const mean = ax.mean + offset;
  const first = ax.start + offset + ax.span.first;
  const last = ax.start + offset + ax.span.last;
  const span = last - first + 1;
  return {
    mean,
    std: ax.std,
    lo: mean - 2 * ax.std,
    hi: mean + 2 * ax.std,
    first,
    last,
    span,
    rf,
    share: rf === null || rf <= 0 ? null : span / rf,
  };
}

/**
 * The weight of a map inside a box of input positions (inclusive, fractional edges count the
 * positions whose centre lies inside), with the map moved by `offset` [rows, columns].
 */
export function weightInBox(
  map: ErfMap,
  offset: readonly [number, number],
  rows: readonly [number, number],
  cols: readonly [number, number],
): number {
  const r0 = map.start[0];
  const c0 = map.start[1];
  if (r0 === null || c0 === null) return Number.NaN;
  const i0 = Math.max(0, Math.ceil(rows[0] - r0 - offset[0]));
  const i1 = Math.min(map.height - 1, Math.floor(rows[1] - r0 - offset[0]));
  const j0 = Math.max(0, Math.ceil(cols[0] - c0 - offset[1]));
  const j1 = Math.min(map.width - 1, Math.floor(cols[1] - c0 - offset[1]));
  let sum = 0;
  for (let i = i0; i <= i1; i++) {
    const row = i * map.width;
    for (let j = j0; j <= j1; j++) sum += map.weights[row + j]!;
  }
  return sum;
}

/** The weight of a 1-D ERF whose first position is `start` within positions [lo, hi] (centres inside). */
export function weightInRange(weights: Float64Array, start: number, lo: number, hi: number): number {
  let sum = 0;
  const last = Math.min(weights.length - 1, Math.floor(hi - start));
  for (let i = Math.max(0, Math.ceil(lo - start)); i <= last; i++) sum += weights[i]!;
  return sum;
}

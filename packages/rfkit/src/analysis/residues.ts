// Without an input size, SAME pads depend on it only through n mod s at each layer, which is
// periodic in the model input size N with period M = the product of the strides up to the last
// SAME layer. Stand-in sizes, one per residue class of N mod M, therefore show every value a model
// can take; these helpers pick the classes and find the SAME pads of each.
import { RfError } from '../errors.js';
import { lcm } from '../math.js';
import type { Model } from '../types.js';
import { layerOutputSize, samePadding } from './sizes.js';

/** Most residue classes tried per axis. */
export const MAX_CLASSES = 1024;

export interface Classes {
  /** Per axis, the period M of the pads in N. */
  period: number[];
  /** Number of stand-in runs: the largest period. */
  runs: number;
}

export function residueClasses(m: Model): Classes | null {
  let last = -1;
  for (const l of m.layers) if (l.padding.kind === 'same') last = l.index;
  if (last < 0) return null;
  const period = new Array<number>(m.axes).fill(1);
  // Per layer, a modulus M_l such that N mod M_l fixes the layer's input size mod its stride:
  // the lcm over its inputs (parallel branches do not multiply), times its own stride.
  const mods = new Map<string, number[]>([['input', period.slice()]]);
  for (const l of m.layers) {
    if (l.index > last) break;
    const mod = new Array<number>(m.axes).fill(1);
    for (const name of l.inputs) {
      const mi = mods.get(name)!;
      for (let a = 0; a < m.axes; a++) mod[a] = lcm(mod[a]!, mi[a]!);
    }
    if (l.op === 'conv' || l.op === 'maxpool' || l.op === 'avgpool')
      for (let a = 0; a < m.axes; a++) mod[a]! *= l.stride[a]!;
    for (let a = 0; a < m.axes; a++) {
      period[a] = lcm(period[a]!, mod[a]!);
      if (period[a]! > MAX_CLASSES) return null;
    }
    mods.set(l.name, mod);
  }
  return { period, runs: Math.max(...period) };
}

/**
 * Stand-in input sizes for class `r`: `r mod M + k·M` per axis, with k large enough that no layer's
 * output is empty; `attempt` is called with growing k until it stops throwing `empty-output`.
 * Returns null when no size up to ~2^30 works.
 */
export function withStandIn<T>(classes: Classes, r: number, attempt: (size: number[]) => T): T | null {
  let k = Math.max(1, Math.ceil(64 / classes.runs));
  for (;;) {
    const size = classes.period.map((M) => (r % M) + k * M);
    try {
      return attempt(size);
    } catch (e) {
      // A bug must surface; a size that empties a layer is retried larger; anything else (an
      // overflow at this stand-in size) leaves the values that depend on the size unknown.
      if (!(e instanceof RfError)) throw e;
      if (e.code !== 'empty-output' || k > 2 ** 30 / classes.runs) return null;
      k *= 4;
    }
  }
}

/** Index of each layer's first input (−1 for the model input), for `padsAt`. */
export function firstInputs(m: Model): Int32Array {
  const index = new Map<string, number>();
  const out = new Int32Array(m.layers.length);
  for (const l of m.layers) {
    out[l.index] = l.inputs[0] === 'input' ? -1 : index.get(l.inputs[0]!)!;
    index.set(l.name, l.index);
  }
  return out;
}

/**
 * SAME left pads at one concrete input size, from sizes alone: entry `layerIndex·axes + axis`,
 * NaN where the layer has no SAME pad. Throws `empty-output` when the size empties a layer.
 */
export function padsAt(m: Model, firsts: Int32Array, size: number[]): Float64Array {
  const axes = m.axes;
  const indexOf = new Map<string, number>();
  for (const l of m.layers)
    if (l.op === 'add' || l.op === 'concat' || l.op === 'mul') for (const n of l.inputs) indexOf.set(n, -2);
  for (const l of m.layers) if (indexOf.has(l.name)) indexOf.set(l.name, l.index);
  // Output sizes of every layer, flat; NaN after a global op (no size).
  const sizes = new Float64Array(m.layers.length * axes);
  const pads = new Float64Array(m.layers.length * axes).fill(Number.NaN);
  for (const l of m.layers) {
    const src = firsts[l.index]!;
    for (let a = 0; a < axes; a++) {
      const n = src < 0 ? size[a]! : sizes[src * axes + a]!;
      let o: number;
      if (Number.isNaN(n) || l.op === 'global') o = Number.NaN;
      else {
        if (l.padding.kind === 'same') {
          const { lower } = l.padding;
          pads[l.index * axes + a] = samePadding(n, l.kernel[a]!, l.stride[a]!, l.dilation[a]!, lower).begin!;
        }
        // A merge takes its first input's size: a stand-in size need not make the paths agree
        // (that class is then not a real input), as in the oracle.
        o = layerOutputSize(l, a, n);
        if (o <= 0) throw new RfError('empty-output', `stand-in size ${size[a]} empties layer ${l.name}`);
      }
      sizes[l.index * axes + a] = o;
    }
  }
  return pads;
}

/**
 * SAME pads over every residue class, from sizes alone: `known` holds the pads equal in every
 * class, `varying` the keys (`layerIndex·axes + axis`) of the others. Null when some class has no
 * usable stand-in size.
 */
export function settlePads(
  m: Model,
  classes: Classes,
): { known: Map<number, number>; varying: Set<number> } | null {
  const firsts = firstInputs(m);
  let first: Float64Array | null = null;
  let differs: Uint8Array | null = null;
  for (let r = 0; r < classes.runs; r++) {
    const pads = withStandIn(classes, r, (size) => padsAt(m, firsts, size));
    if (pads === null) return null;
    if (first === null) {
      first = pads;
      differs = new Uint8Array(pads.length);
    } else for (let i = 0; i < pads.length; i++) if (pads[i] !== first[i]) differs![i] = 1;
  }
  const known = new Map<number, number>();
  const varying = new Set<number>();
  if (first === null) return { known, varying };
  for (let i = 0; i < first.length; i++) {
    if (Number.isNaN(first[i]!)) continue;
    if (differs![i]) varying.add(i);
    else known.set(i, first[i]!);
  }
  return { known, varying };
}

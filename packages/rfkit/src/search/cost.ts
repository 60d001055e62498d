// The definitions of DESIGN §4 in one place: channels, per-layer cost, index decoding, ranking.
// Backends may restructure the arithmetic for speed, but must agree with these.

import type { Candidate, LayerChoice, NormalizedSweep, Objective } from '../types.js';

/**
 * `table[n]` = channels after a layer when n layers up to and including it have stride > 1:
 * `min(base · growth^n, max)`, for n = 0…depth. Iterating with the cap keeps every entry exact
 * (growth^n alone could overflow long before the cap applies).
 */
export function channelTable(sweep: Pick<NormalizedSweep, 'depth' | 'channels'>): number[] {
  const { base, growth, max } = sweep.channels;
  const table: number[] = [Math.min(base, max)];
  for (let n = 1; n <= sweep.depth; n++) table.push(Math.min(table[n - 1]! * growth, max));
  return table;
}

/**
 * Cost of one layer. `cPrev`/`cCur` are C_{l−1}/C_l, `h` is the layer's output size H_l
 * (only `flops` reads it).
 */
export function layerCost(
  objective: Objective,
  kernel: number,
  cPrev: number,
  cCur: number,
  h: number,
): number {
  const area = kernel * kernel;
  if (objective === 'kernel-area') return area;
  if (objective === 'params') return area * cPrev * cCur;
  return area * cPrev * cCur * h * h;
}

/** Number of choices of each layer, |K|·|S|·|D|. */
export function radices(sweep: NormalizedSweep): number[] {
  return sweep.layers.map((l) => l.kernel.length * l.stride.length * l.dilation.length);
}

/** The layer choices of a mixed-radix index (layer 0 most significant). */
export function decodeIndex(sweep: NormalizedSweep, index: bigint): LayerChoice[] {
  if (index < 0n || index >= sweep.total) throw new RangeError(`index ${index} outside [0, ${sweep.total})`);
  const out: LayerChoice[] = new Array(sweep.depth);
  let rest = index;
  for (let l = sweep.depth - 1; l >= 0; l--) {
    const layer = sweep.layers[l]!;
    const ns = layer.stride.length;
    const nd = layer.dilation.length;
    const radix = BigInt(layer.kernel.length * ns * nd);
    const c = Number(rest % radix);
    rest /= radix;
    out[l] = {
      kernel: layer.kernel[Math.floor(c / (ns * nd))]!,
      stride: layer.stride[Math.floor(c / nd) % ns]!,
      dilation: layer.dilation[c % nd]!,
    };
  }
  return out;
}

/** The mixed-radix index of a list of choices (inverse of decodeIndex). */
export function encodeIndex(sweep: NormalizedSweep, choices: readonly LayerChoice[]): bigint {
  let index = 0n;
  sweep.layers.forEach((layer, l) => {
    const ch = choices[l]!;
    const ns = layer.stride.length;
    const nd = layer.dilation.length;
    const c =
      layer.kernel.indexOf(ch.kernel) * ns * nd +
      layer.stride.indexOf(ch.stride) * nd +
      layer.dilation.indexOf(ch.dilation);
    index = index * BigInt(layer.kernel.length * ns * nd) + BigInt(c);
  });
  return index;
}

export interface Evaluation {
  rf: number;
  /** Total stride (the final jump). */
  stride: number;
  cost: number;
  /** Final H, or null without inputSize. */
  output: number | null;
  feasible: boolean;
}

/** rf, total stride, cost, final size and feasibility of one combination, straight from the definitions. */
export function evaluate(sweep: NormalizedSweep, choices: readonly LayerChoice[]): Evaluation {
  const table = channelTable(sweep);
  let rf = 1;
  let jump = 1;
  let strided = 0;
  let cPrev = sweep.channels.in;
  let h = sweep.inputSize;
  let cost = 0;
  for (const { kernel, stride, dilation } of choices) {
    rf += dilation * (kernel - 1) * jump;
    jump *= stride;
    if (stride > 1) strided++;
    const cCur = table[strided]!;
    if (h !== null) h = Math.ceil(h / stride);
    cost += layerCost(sweep.objective, kernel, cPrev, cCur, h ?? 0);
    cPrev = cCur;
  }
  const feasible =
    (sweep.rfMin === null || rf >= sweep.rfMin) &&
    (sweep.rfMax === null || rf <= sweep.rfMax) &&
    (sweep.stride === null || jump === sweep.stride) &&
    (sweep.minOutput === null || (h !== null && h >= sweep.minOutput));
  return { rf, stride: jump, cost, output: h, feasible };
}

/** Ranking order: lower cost, then larger rf, then lower index. Negative when `a` ranks first. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.rf !== b.rf) return b.rf - a.rf;
  return a.index < b.index ? -1 : a.index > b.index ? 1 : 0;
}

/**
 * The Pareto front of a set of feasible candidates: those no other candidate beats in larger rf and
 * lower cost (at least as good in both, better in one); one per (rf, cost) pair — the lowest
 * index — sorted by rf ascending. The union of the fronts of disjoint parts has the same front as
 * the whole, which is what makes shard results merge exactly.
 */
export function paretoFront(points: Iterable<Candidate>): Candidate[] {
  // Lowest index per rf among the cheapest at that rf: only those can be on the front.
  const best = new Map<number, Candidate>();
  for (const p of points) {
    const b = best.get(p.rf);
    if (b === undefined || p.cost < b.cost || (p.cost === b.cost && p.index < b.index)) best.set(p.rf, p);
  }
  const byRfDesc = [...best.values()].sort((a, b) => b.rf - a.rf);
  const front: Candidate[] = [];
  let cheapest = Number.POSITIVE_INFINITY;
  for (const p of byRfDesc) {
    // Dominated iff some larger rf costs no more.
    if (p.cost < cheapest) {
      front.push(p);
      cheapest = p.cost;
    }
  }
  return front.reverse();
}

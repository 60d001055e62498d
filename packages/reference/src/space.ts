// A search space straight from its documented definition: the lists of each layer (`layers`
// overriding `choices` key by key), the defaults, the distinct choices of a layer and the
// numbering of combinations, and each combination's rf, stride, cost, covered pixels and
// feasibility. Written without rfkit's code on purpose — rfkit is checked against it. The spec must
// be valid (normalizeSweep is what rejects bad ones); nothing is validated here.

import type { LayerChoice, NormalizedSweep, SweepSpec } from './types.js';

const DEFAULT_CHANNELS = { in: 3, base: 32, growth: 2, max: 1024 };

type Lists = NormalizedSweep['layers'][number];

/**
 * The choices of one layer in index order: kernel-major, then stride, then dilation (list order),
 * where a kernel of 1 is listed once per stride with dilation 1 (every dilation of it is the same layer).
 */
export function choicesOf(lists: Lists): LayerChoice[] {
  const out: LayerChoice[] = [];
  for (const kernel of lists.kernel) {
    for (const stride of lists.stride) {
      const dilations = kernel === 1 ? [1] : lists.dilation;
      for (const dilation of dilations) out.push({ kernel, stride, dilation });
    }
  }
  return out;
}

/** The expanded space of a (valid) spec; a NormalizedSweep is returned as is. */
export function expand(spec: SweepSpec | NormalizedSweep): NormalizedSweep {
  if (typeof (spec as NormalizedSweep).total === 'bigint') return spec as NormalizedSweep;
  const s = spec as SweepSpec;
  const layers = Array.from({ length: s.depth }, (_, l) => {
    const o = s.layers?.[String(l)] ?? {};
    return {
      kernel: o.kernel ?? s.choices.kernel,
      stride: o.stride ?? s.choices.stride,
      dilation: o.dilation ?? s.choices.dilation ?? [1],
    };
  });
  let total = 1n;
  for (const l of layers) total *= BigInt(choicesOf(l).length);
  const c = s.constraints ?? {};
  return {
    depth: s.depth,
    layers,
    rfMin: c.rf?.min ?? null,
    rfMax: c.rf?.max ?? null,
    stride: c.stride ?? null,
    inputSize: c.inputSize ?? null,
    minOutput: c.minOutput ?? null,
    holes: c.holes ?? 'none',
    objective: s.objective ?? 'kernel-area',
    channels: { ...DEFAULT_CHANNELS, ...s.channels },
    top: s.top ?? 10,
    total,
  };
}

/** The layer choices of combination `index`: mixed radix over the layers' choices, layer 0 most significant. */
export function decode(space: NormalizedSweep, index: bigint): LayerChoice[] {
  const out: LayerChoice[] = [];
  let rest = index;
  for (let l = space.depth - 1; l >= 0; l--) {
    const choices = choicesOf(space.layers[l]!);
    const radix = BigInt(choices.length);
    out.unshift({ ...choices[Number(rest % radix)]! });
    rest /= radix;
  }
  return out;
}

export interface Evaluation {
  rf: number;
  /** Total stride (the final jump). */
  stride: number;
  cost: number;
  /** Final size, or null without inputSize. */
  output: number | null;
  /** Within every constraint, and without holes at any layer unless the space allows them. */
  feasible: boolean;
}

/** rf and total stride of a chain of layers: rf += d·(k−1)·jump, jump *= s, from rf = jump = 1. */
export function chain(layers: readonly LayerChoice[]): { rf: number; jump: number } {
  let rf = 1;
  let jump = 1;
  for (const { kernel, stride, dilation } of layers) {
    rf += dilation * (kernel - 1) * jump;
    jump *= stride;
  }
  return { rf, jump };
}

/** The union of two sets of sorted disjoint runs [start, end], as sorted disjoint runs (touching runs joined). */
function union(a: number[][], b: number[][]): number[][] {
  const out: number[][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]![0]! <= b[j]![0]!) ? a[i++]! : b[j++]!;
    const last = out[out.length - 1];
    if (last !== undefined && next[0]! <= last[1]! + 1) last[1] = Math.max(last[1]!, next[1]!);
    else out.push([next[0]!, next[1]!]);
  }
  return out;
}

function shifted(runs: number[][], by: number): number[][] {
  return runs.map(([a, b]) => [a! + by, b! + by]);
}

/** runs ⊕ {0, gap, …, (k−1)·gap}: the k shifted copies united by doubling (copies 0…m−1 and m…2m−1 are two unions of one set). */
function sumOfCopies(runs: number[][], gap: number, k: number): number[][] {
  let copies = runs;
  let m = 1;
  let taken: number[][] = [];
  let offset = 0;
  for (let rest = k; rest > 0; rest >>= 1) {
    if (rest & 1) {
      taken = union(taken, shifted(copies, offset));
      offset += m * gap;
    }
    if (rest > 1) {
      copies = union(copies, shifted(copies, m * gap));
      m *= 2;
    }
  }
  return taken;
}

/**
 * The offsets unit 0 of the chain reads, built by brute force: layer by layer, the offsets of the
 * layer below shifted by every tap t·d·J (t < k), united. A set is held as sorted disjoint runs
 * [start, end], so that wide dense fields stay small.
 */
function offsets(layers: readonly LayerChoice[]): number[][] {
  let runs: number[][] = [[0, 0]];
  let jump = 1;
  for (const { kernel, stride, dilation } of layers) {
    runs = sumOfCopies(runs, dilation * jump, kernel);
    jump *= stride;
  }
  return runs;
}

function sizeOf(runs: number[][]): number {
  let n = 0;
  for (const [a, b] of runs) n += b! - a! + 1;
  return n;
}

/** The number of input pixels (per axis) unit 0 of the chain reads. */
export function coveredBy(layers: readonly LayerChoice[]): number {
  return sizeOf(offsets(layers));
}

/**
 * Whether unit 0 reads every pixel of its span (its offsets are one run) after every layer of the
 * chain. Walks the sets as `offsets` does, but looks at the first two copies of a layer before
 * uniting all of them: copies of one run that leave a gap between the first two leave it between
 * every two, so a gridded layer is found without building its (possibly huge) set.
 */
export function denseAtEveryLayer(layers: readonly LayerChoice[]): boolean {
  let runs: number[][] = [[0, 0]];
  let jump = 1;
  for (const { kernel, stride, dilation } of layers) {
    const gap = dilation * jump;
    if (kernel > 1 && union(runs, shifted(runs, gap)).length !== 1) return false;
    runs = sumOfCopies(runs, gap, kernel);
    jump *= stride;
  }
  return true;
}

/** rf, total stride, cost, final size, density and feasibility of one combination, layer by layer. */
export function evaluate(space: NormalizedSweep, layers: readonly LayerChoice[]): Evaluation {
  const { base, growth, max } = space.channels;
  const { rf, jump } = chain(layers);
  let strided = 0;
  let cPrev = space.channels.in;
  let h = space.inputSize;
  let cost = 0;
  for (const { kernel, stride } of layers) {
    if (stride > 1) strided++;
    // min(base · growth^strided, max), multiplied up step by step so it never overflows.
    let cCur = Math.min(base, max);
    for (let i = 0; i < strided && cCur < max; i++) cCur = Math.min(cCur * growth, max);
    if (h !== null) h = Math.ceil(h / stride);
    const area = kernel * kernel;
    if (space.objective === 'kernel-area') cost += area;
    else if (space.objective === 'params') cost += area * cPrev * cCur;
    else cost += area * cPrev * cCur * h! * h!;
    cPrev = cCur;
  }
  const meets =
    (space.rfMin === null || rf >= space.rfMin) &&
    (space.rfMax === null || rf <= space.rfMax) &&
    (space.stride === null || jump === space.stride) &&
    (space.minOutput === null || (h !== null && h >= space.minOutput));
  // Density is only worked out where it decides feasibility (the sets can be large with holes).
  const feasible = meets && (space.holes === 'allow' || denseAtEveryLayer(layers));
  return { rf, stride: jump, cost, output: h, feasible };
}

// A search space straight from its documented definition: the lists of each layer (`layers`
// overriding `choices` key by key), the defaults, and the numbering of combinations. Written
// without rfkit's code on purpose — rfkit is checked against it. The spec must be valid
// (normalizeSweep is what rejects bad ones); nothing is validated here.

import type { LayerChoice, NormalizedSweep, SweepSpec } from './types.js';

const DEFAULT_CHANNELS = { in: 3, base: 32, growth: 2, max: 1024 };

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
  for (const l of layers) total *= BigInt(l.kernel.length * l.stride.length * l.dilation.length);
  const c = s.constraints ?? {};
  return {
    depth: s.depth,
    layers,
    rfMin: c.rf?.min ?? null,
    rfMax: c.rf?.max ?? null,
    stride: c.stride ?? null,
    inputSize: c.inputSize ?? null,
    minOutput: c.minOutput ?? null,
    objective: s.objective ?? 'kernel-area',
    channels: { ...DEFAULT_CHANNELS, ...s.channels },
    top: s.top ?? 10,
    total,
  };
}

/**
 * The layer choices of combination `index`: mixed radix over the layers, layer 0 most significant;
 * within a layer, choice c = (kernel i, stride j, dilation m) with c = i·|S|·|D| + j·|D| + m.
 */
export function decode(space: NormalizedSweep, index: bigint): LayerChoice[] {
  const out: LayerChoice[] = [];
  let rest = index;
  for (let l = space.depth - 1; l >= 0; l--) {
    const { kernel, stride, dilation } = space.layers[l]!;
    const radix = BigInt(kernel.length * stride.length * dilation.length);
    const c = Number(rest % radix);
    rest /= radix;
    const perKernel = stride.length * dilation.length;
    out.unshift({
      kernel: kernel[Math.floor(c / perKernel)]!,
      stride: stride[Math.floor((c % perKernel) / dilation.length)]!,
      dilation: dilation[c % dilation.length]!,
    });
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

/** rf, total stride, cost, final size and feasibility of one combination, layer by layer. */
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
  const feasible =
    (space.rfMin === null || rf >= space.rfMin) &&
    (space.rfMax === null || rf <= space.rfMax) &&
    (space.stride === null || jump === space.stride) &&
    (space.minOutput === null || (h !== null && h >= space.minOutput));
  return { rf, stride: jump, cost, output: h, feasible };
}

// The search spaces the benchmark measures.

import { normalizeSweep, type SweepSpec } from 'rfkit';

/**
 * The reference grid: kernels {1,3,5,7} × strides {1,2} × dilations {1,2}, 14 distinct layers (a
 * 1×1 once per stride), 14^8 ≈ 1.5·10^9 combinations, no holes (the default).
 */
export const REFERENCE: SweepSpec = {
  depth: 8,
  choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  constraints: { stride: 16, rf: { min: 128, max: 256 } },
  objective: 'kernel-area',
  top: 16,
};
export const REFERENCE_FEASIBLE = 83_975_102n;

/** The reference grid with holes allowed: what the holes rule is measured against. */
export const REFERENCE_HOLES_ALLOWED: SweepSpec = {
  ...REFERENCE,
  constraints: { ...REFERENCE.constraints, holes: 'allow' },
};
export const REFERENCE_HOLES_ALLOWED_FEASIBLE = 210_437_993n;

/** Distinct choices of one layer of a spec's global lists. */
export function choicesPerLayer(spec: SweepSpec): number {
  return Number(normalizeSweep({ depth: 1, choices: spec.choices }).total);
}

export interface Grid {
  name: string;
  depth: number;
  /** Distinct choices per layer. */
  choicesPerLayer: number;
  spec: SweepSpec;
}

/** The widths of the family: kernel × stride (8 distinct choices), × dilation {1,2} (14), × dilation {1,2,3,4} (26). */
export type Width = 'k×s' | 'k×s×d2' | 'k×s×d4';

const CHOICES: Record<Width, SweepSpec['choices']> = {
  'k×s': { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1] },
  'k×s×d2': { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  'k×s×d4': { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2, 3, 4] },
};

/**
 * A family of grids like the reference one: total stride 2^⌊depth/2⌋ and rf in [8·depth, 32·depth],
 * so that a good share of every grid is feasible and the top lists are contested.
 */
export function familyGrid(depth: number, width: Width): Grid {
  const spec: SweepSpec = {
    depth,
    choices: CHOICES[width],
    constraints: { stride: 2 ** Math.floor(depth / 2), rf: { min: 8 * depth, max: 32 * depth } },
    objective: 'kernel-area',
    top: 16,
  };
  const choices = choicesPerLayer(spec);
  return { name: `d${depth}×${choices}`, depth, choicesPerLayer: choices, spec };
}

export function family(quick: boolean): Grid[] {
  const depths = quick ? [4, 6, 8] : [4, 5, 6, 7, 8, 9, 10];
  const widths: Width[] = quick ? ['k×s', 'k×s×d4'] : ['k×s', 'k×s×d2', 'k×s×d4'];
  return widths.flatMap((w) => depths.map((d) => familyGrid(d, w)));
}

/** Spaces for count(): the reference constraints at growing depth, and harder variants. */
export function countSpaces(quick: boolean): { name: string; depth: number; spec: SweepSpec }[] {
  const depths = quick ? [8, 16, 24] : [8, 12, 16, 20, 24];
  const out: { name: string; depth: number; spec: SweepSpec }[] = depths.map((depth) => ({
    name: `reference constraints, depth ${depth}`,
    depth,
    spec: { ...REFERENCE, depth },
  }));
  out.push({
    name: 'depth 24, 26 choices, stride 64, rf [256, 2048], input 224, minOutput 3',
    depth: 24,
    spec: {
      depth: 24,
      choices: CHOICES['k×s×d4'],
      constraints: { stride: 64, rf: { min: 256, max: 2048 }, inputSize: 224, minOutput: 3 },
    },
  });
  out.push({
    name: 'default job at depth 24: 14 choices, stride 32, rf ≥ 224 (no rf.max: the holes state is kept)',
    depth: 24,
    spec: {
      depth: 24,
      choices: CHOICES['k×s×d2'],
      constraints: { rf: { min: 224 }, stride: 32, inputSize: 224 },
    },
  });
  if (!quick) {
    out.push({
      name: 'depth 24, 21 choices (strides 1,2,3), stride 216, rf [500, 5000]',
      depth: 24,
      spec: {
        depth: 24,
        choices: { kernel: [1, 3, 5, 7], stride: [1, 2, 3], dilation: [1, 2] },
        constraints: { stride: 216, rf: { min: 500, max: 5000 } },
      },
    });
  }
  return out;
}

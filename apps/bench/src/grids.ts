// The search spaces the benchmark measures.

import type { SweepSpec } from 'rfkit';

/** DESIGN's reference grid: 16 choices per layer, 16^8 ≈ 4.3·10^9 combinations. */
export const REFERENCE: SweepSpec = {
  depth: 8,
  choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  constraints: { stride: 16, rf: { min: 128, max: 256 } },
  objective: 'kernel-area',
  top: 16,
};
export const REFERENCE_FEASIBLE = 561_587_089n;

export interface Grid {
  name: string;
  depth: number;
  choicesPerLayer: number;
  spec: SweepSpec;
}

const CHOICES: Record<number, SweepSpec['choices']> = {
  8: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1] },
  16: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  32: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2, 3, 4] },
};

/**
 * A family of grids like the reference one: total stride 2^⌊depth/2⌋ and rf in [8·depth, 32·depth],
 * so that a good share of every grid is feasible and the top lists are contested.
 */
export function familyGrid(depth: number, choicesPerLayer: 8 | 16 | 32): Grid {
  return {
    name: `d${depth}×${choicesPerLayer}`,
    depth,
    choicesPerLayer,
    spec: {
      depth,
      choices: CHOICES[choicesPerLayer]!,
      constraints: { stride: 2 ** Math.floor(depth / 2), rf: { min: 8 * depth, max: 32 * depth } },
      objective: 'kernel-area',
      top: 16,
    },
  };
}

export function family(quick: boolean): Grid[] {
  const depths = quick ? [4, 6, 8] : [4, 5, 6, 7, 8, 9, 10];
  const choices = (quick ? [8, 32] : [8, 16, 32]) as (8 | 16 | 32)[];
  return choices.flatMap((c) => depths.map((d) => familyGrid(d, c)));
}

/** Spaces for count(): the reference constraints at growing depth, and two harder variants. */
export function countSpaces(quick: boolean): { name: string; depth: number; spec: SweepSpec }[] {
  const depths = quick ? [8, 16, 24] : [8, 12, 16, 20, 24];
  const out: { name: string; depth: number; spec: SweepSpec }[] = depths.map((depth) => ({
    name: `reference constraints, depth ${depth}`,
    depth,
    spec: { ...REFERENCE, depth },
  }));
  out.push({
    name: 'depth 24, 32 choices, stride 64, rf [256, 2048], input 224, minOutput 3',
    depth: 24,
    spec: {
      depth: 24,
      choices: CHOICES[32]!,
      constraints: { stride: 64, rf: { min: 256, max: 2048 }, inputSize: 224, minOutput: 3 },
    },
  });
  if (!quick) {
    out.push({
      name: 'depth 24, 24 choices (strides 1,2,3), stride 216, rf [500, 5000]',
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

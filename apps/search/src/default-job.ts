import type { SweepSpec } from 'rfkit';

/**
 * The job `rfkit search --default` (and `pnpm start`) runs: 8 layers, each a kernel 1/3/5/7, stride
 * 1/2 and dilation 1/2 — 14 distinct layers (a 1×1 once per stride), 14^8 ≈ 1.48 billion
 * architectures — that downsample 224 px by exactly 32 and see at least the whole 224 px input
 * without holes, cheapest by parameter count.
 */
export const DEFAULT_SPACE: SweepSpec = {
  depth: 8,
  choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 224 }, stride: 32, inputSize: 224 },
  objective: 'params',
  top: 10,
};

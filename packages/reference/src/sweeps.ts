// fast-check generators of small search spaces for the search tests. Constraints are placed around
// one random combination of the space (its "picks"), so that most specs are valid and have
// feasible points.

import fc from 'fast-check';
import { chain } from './space.js';
import type { LayerChoice, SweepSpec } from './types.js';

const subset = (values: number[], max = values.length) =>
  fc.shuffledSubarray(values, { minLength: 1, maxLength: max });

/** How far the constraints lie from the picked combination (undefined: no such constraint). */
interface Around {
  rfBelow: number | undefined;
  rfAbove: number | undefined;
  useStride: boolean;
  inputSize: number | undefined;
  minOutputBelow: number | undefined;
}

const aroundArb = (maxInput: number): fc.Arbitrary<Around> =>
  fc.record({
    rfBelow: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    rfAbove: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    useStride: fc.boolean(),
    inputSize: fc.option(fc.integer({ min: 1, max: maxInput }), { nil: undefined }),
    minOutputBelow: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  });

/** Sets `spec.constraints` around the combination `picked` (one choice per layer). */
function constrainAround(spec: SweepSpec, picked: LayerChoice[], a: Around, defaultInput: number): SweepSpec {
  const { rf, jump } = chain(picked);
  const c: NonNullable<SweepSpec['constraints']> = {};
  if (a.rfBelow !== undefined || a.rfAbove !== undefined) {
    c.rf = {};
    if (a.rfBelow !== undefined) c.rf.min = Math.max(1, rf - a.rfBelow);
    if (a.rfAbove !== undefined) c.rf.max = rf + a.rfAbove;
  }
  if (a.useStride) c.stride = jump;
  const needsInput = spec.objective === 'flops' || a.minOutputBelow !== undefined;
  if (a.inputSize !== undefined || needsInput) c.inputSize = a.inputSize ?? defaultInput;
  if (a.minOutputBelow !== undefined) {
    c.minOutput = Math.max(1, Math.ceil(c.inputSize! / jump) - a.minOutputBelow);
  }
  return { ...spec, constraints: c };
}

/** The lists of layer l of a spec. */
function listsOf(spec: SweepSpec, l: number) {
  const o = spec.layers?.[String(l)] ?? {};
  return {
    kernel: o.kernel ?? spec.choices.kernel,
    stride: o.stride ?? spec.choices.stride,
    dilation: o.dilation ?? spec.choices.dilation ?? [1],
  };
}

function combinationsOf(spec: SweepSpec): number {
  let n = 1;
  for (let l = 0; l < spec.depth; l++) {
    const { kernel, stride, dilation } = listsOf(spec, l);
    n *= kernel.length * stride.length * dilation.length;
  }
  return n;
}

const objectiveArb = fc.constantFrom('kernel-area', 'params', 'flops') as fc.Arbitrary<
  SweepSpec['objective']
>;

/** A spec with at most `maxCombos` combinations and random constraints, objective and top. */
export function smallSweep(maxCombos = 4096): fc.Arbitrary<SweepSpec> {
  return fc
    .record({
      depth: fc.integer({ min: 1, max: 5 }),
      kernel: subset([1, 2, 3, 5, 7], 3),
      stride: subset([1, 2, 3], 2),
      dilation: fc.option(subset([1, 2, 3], 2), { nil: undefined }),
      override: fc.option(
        fc.record({
          layer: fc.nat(4),
          kernel: subset([1, 3, 4, 9], 2),
          stride: fc.option(subset([1, 2, 4], 2), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      // Picks of the reference combination, one per layer.
      picks: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
      around: aroundArb(64),
      objective: objectiveArb,
      channels: fc.record({
        in: fc.integer({ min: 1, max: 4 }),
        base: fc.integer({ min: 1, max: 8 }),
        growth: fc.integer({ min: 1, max: 3 }),
        max: fc.integer({ min: 1, max: 64 }),
      }),
      top: fc.integer({ min: 1, max: 12 }),
    })
    .map((r) => {
      const spec: SweepSpec = {
        depth: r.depth,
        choices: { kernel: r.kernel, stride: r.stride, ...(r.dilation ? { dilation: r.dilation } : {}) },
        objective: r.objective,
        channels: r.channels,
        top: r.top,
      };
      if (r.override && r.override.layer < r.depth) {
        spec.layers = {
          [String(r.override.layer)]: {
            kernel: r.override.kernel,
            ...(r.override.stride ? { stride: r.override.stride } : {}),
          },
        };
      }
      const picked = Array.from({ length: r.depth }, (_, l) => {
        const { kernel, stride, dilation } = listsOf(spec, l);
        const p = r.picks[l]!;
        return {
          kernel: kernel[p % kernel.length]!,
          stride: stride[(p >> 3) % stride.length]!,
          dilation: dilation[p % dilation.length]!,
        };
      });
      return constrainAround(spec, picked, r.around, 32);
    })
    .filter((spec) => combinationsOf(spec) <= maxCombos);
}

/**
 * A wider generator than smallSweep: per-layer overrides of every list (several of them), kernels up
 * to 9, strides up to 4, input sizes up to 300, tops up to 40. Specs are not filtered by size.
 */
export const wideSweep: fc.Arbitrary<SweepSpec> = fc
  .record({
    depth: fc.integer({ min: 1, max: 6 }),
    kernel: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
    stride: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
    dilation: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }), {
      nil: undefined,
    }),
    overrides: fc.array(
      fc.record(
        {
          layer: fc.nat(5),
          kernel: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 2 }),
          stride: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
          dilation: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
        },
        { requiredKeys: ['layer'] },
      ),
      { maxLength: 3 },
    ),
    picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    around: fc.record({
      rfBelow: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      rfAbove: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      useStride: fc.boolean(),
      inputSize: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
      minOutputBelow: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    }),
    objective: objectiveArb,
    channels: fc.record({
      in: fc.integer({ min: 1, max: 5 }),
      base: fc.integer({ min: 1, max: 16 }),
      growth: fc.integer({ min: 1, max: 3 }),
      max: fc.integer({ min: 1, max: 100 }),
    }),
    top: fc.integer({ min: 1, max: 40 }),
  })
  .map((r) => {
    const spec: SweepSpec = {
      depth: r.depth,
      choices: { kernel: r.kernel, stride: r.stride, ...(r.dilation ? { dilation: r.dilation } : {}) },
      objective: r.objective,
      channels: r.channels,
      top: r.top,
    };
    for (const o of r.overrides) {
      if (o.layer >= r.depth) continue;
      spec.layers ??= {};
      const { layer, ...lists } = o;
      spec.layers[String(layer)] = lists;
    }
    const picked = Array.from({ length: r.depth }, (_, l) => {
      const { kernel, stride, dilation } = listsOf(spec, l);
      const p = r.picks[l]!;
      return {
        kernel: kernel[p % kernel.length]!,
        stride: stride[(p >> 2) % stride.length]!,
        dilation: dilation[(p >> 4) % dilation.length]!,
      };
    });
    return constrainAround(spec, picked, r.around, 64);
  });

// fast-check generators of small sweep specs shared by the search tests. Constraints are built
// around one random combination of the space so that most specs are valid and have feasible points.

import fc from 'fast-check';
import type { SweepSpec } from '../../src/types.js';

const subset = (values: number[], max = values.length) =>
  fc.shuffledSubarray(values, { minLength: 1, maxLength: max });

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
      rfBelow: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      rfAbove: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
      useStride: fc.boolean(),
      inputSize: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
      minOutputBelow: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      objective: fc.constantFrom('kernel-area', 'params', 'flops') as fc.Arbitrary<SweepSpec['objective']>,
      channels: fc.record({
        in: fc.integer({ min: 1, max: 4 }),
        base: fc.integer({ min: 1, max: 8 }),
        growth: fc.integer({ min: 1, max: 3 }),
        max: fc.integer({ min: 1, max: 64 }),
      }),
      top: fc.integer({ min: 1, max: 12 }),
    })
    .map((r) => {
      const dilation = r.dilation ?? [1];
      const spec: SweepSpec = {
        depth: r.depth,
        choices: { kernel: r.kernel, stride: r.stride, ...(r.dilation ? { dilation: r.dilation } : {}) },
        objective: r.objective,
        channels: r.channels,
        top: r.top,
        constraints: {},
      };
      if (r.override && r.override.layer < r.depth) {
        spec.layers = {
          [String(r.override.layer)]: {
            kernel: r.override.kernel,
            ...(r.override.stride ? { stride: r.override.stride } : {}),
          },
        };
      }
      let rf = 1;
      let jump = 1;
      for (let l = 0; l < r.depth; l++) {
        const o = spec.layers?.[String(l)] ?? {};
        const ks = o.kernel ?? r.kernel;
        const ss = o.stride ?? r.stride;
        const p = r.picks[l]!;
        rf += dilation[p % dilation.length]! * (ks[p % ks.length]! - 1) * jump;
        jump *= ss[(p >> 3) % ss.length]!;
      }
      const c = spec.constraints!;
      if (r.rfBelow !== undefined || r.rfAbove !== undefined) {
        c.rf = {};
        if (r.rfBelow !== undefined) c.rf.min = Math.max(1, rf - r.rfBelow);
        if (r.rfAbove !== undefined) c.rf.max = rf + r.rfAbove;
      }
      if (r.useStride) c.stride = jump;
      const needsInput = r.objective === 'flops' || r.minOutputBelow !== undefined;
      if (r.inputSize !== undefined || needsInput) c.inputSize = r.inputSize ?? 32;
      if (r.minOutputBelow !== undefined) {
        c.minOutput = Math.max(1, Math.ceil(c.inputSize! / jump) - r.minOutputBelow);
      }
      return spec;
    })
    .filter((spec) => {
      let combos = 1;
      for (let l = 0; l < spec.depth; l++) {
        const o = spec.layers?.[String(l)] ?? {};
        combos *=
          (o.kernel ?? spec.choices.kernel).length *
          (o.stride ?? spec.choices.stride).length *
          (spec.choices.dilation ?? [1]).length;
      }
      return combos <= maxCombos;
    });
}

// The wasm and js backends against the naive evaluator, field for field, on random small spaces —
// with the internal knobs (suffix folding size, key-table size, chunk size) drawn too, so that every
// path of the kernel (deep prefixes, pruning, drains, partial leaves) runs on spaces small enough
// for the naive evaluator.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src/search/init.js';
import { normalizeSweep } from '../src/search/normalize.js';
import { type SearchTuning, searchTuned } from '../src/search/search.js';
import type { NormalizedSweep, SweepSpec } from '../src/types.js';
import { smallSweep } from './support/arbitrary.js';
import { comparable } from './support/compare.js';
import { naiveSearch } from './support/naive.js';

/** Everything but the fields allowed to differ between backends. */

const tuningArb: fc.Arbitrary<SearchTuning> = fc.record(
  {
    maxSuffixEntries: fc.constantFrom(1, 2, 3, 8, 40, 16384),
    keyCapacity: fc.constantFrom(2, 4, 16, 65536),
    chunkLeaves: fc.constantFrom(0, 1, 3),
  },
  { requiredKeys: [] },
);

/** A wider generator than smallSweep: per-layer dilation overrides, kernels up to 9, several overrides. */
const wideSweep: fc.Arbitrary<SweepSpec> = fc
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
    // Constraints are placed around one reference combination (picks) so most specs are satisfiable.
    picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    rfBelow: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    rfAbove: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    useStride: fc.boolean(),
    inputSize: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
    minOutputBelow: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    objective: fc.constantFrom('kernel-area', 'params', 'flops') as fc.Arbitrary<SweepSpec['objective']>,
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
      constraints: {},
    };
    for (const o of r.overrides) {
      if (o.layer >= r.depth) continue;
      spec.layers ??= {};
      const { layer, ...lists } = o;
      spec.layers[String(layer)] = lists;
    }
    let rf = 1;
    let jump = 1;
    for (let l = 0; l < r.depth; l++) {
      const o = spec.layers?.[String(l)] ?? {};
      const ks = o.kernel ?? r.kernel;
      const ss = o.stride ?? r.stride;
      const ds = o.dilation ?? r.dilation ?? [1];
      const p = r.picks[l]!;
      rf += ds[(p >> 4) % ds.length]! * (ks[p % ks.length]! - 1) * jump;
      jump *= ss[(p >> 2) % ss.length]!;
    }
    const c = spec.constraints!;
    if (r.rfBelow !== undefined || r.rfAbove !== undefined) {
      c.rf = {};
      if (r.rfBelow !== undefined) c.rf.min = Math.max(1, rf - r.rfBelow);
      if (r.rfAbove !== undefined) c.rf.max = rf + r.rfAbove;
    }
    if (r.useStride) c.stride = jump;
    if (r.objective === 'flops' || r.minOutputBelow !== undefined || r.inputSize !== undefined) {
      c.inputSize = r.inputSize ?? 64;
    }
    if (r.minOutputBelow !== undefined)
      c.minOutput = Math.max(1, Math.ceil(c.inputSize! / jump) - r.minOutputBelow);
    return spec;
  });

/** The normalised space, or undefined when the spec is (legitimately) rejected as unsatisfiable. */
function tryNormalize(spec: SweepSpec): NormalizedSweep | undefined {
  try {
    const sweep = normalizeSweep(spec);
    return sweep.total <= 6000n ? sweep : undefined;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  await init();
});

describe('search backends agree with the naive evaluator', () => {
  it('on the shared small-space generator (wasm, js, naive)', async () => {
    await fc.assert(
      fc.asyncProperty(smallSweep(3000), tuningArb, async (spec, tuning) => {
        const sweep = tryNormalize(spec);
        fc.pre(sweep !== undefined);
        const expected = comparable(naiveSearch(sweep!));
        const wasm = await searchTuned(sweep!, { backend: 'wasm' }, tuning);
        const js = await searchTuned(sweep!, { backend: 'js' }, tuning);
        expect(wasm.backend).toBe('wasm');
        expect(js.backend).toBe('js');
        expect(comparable(wasm)).toEqual(expected);
        expect(comparable(js)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('on wider spaces: overrides of every list, every constraint, large tops', async () => {
    await fc.assert(
      fc.asyncProperty(wideSweep, tuningArb, async (spec, tuning) => {
        const sweep = tryNormalize(spec);
        fc.pre(sweep !== undefined);
        const expected = comparable(naiveSearch(sweep!));
        expect(comparable(await searchTuned(sweep!, { backend: 'wasm' }, tuning))).toEqual(expected);
        expect(comparable(await searchTuned(sweep!, { backend: 'js' }, tuning))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

// The DP engine against the sweep and the naive evaluator, field for field (all but engine, backend
// and elapsedMs), on random spaces: both backends, every objective, holes none/allow, layers
// overrides, tops up to 50 — with its internal knobs drawn too (ranked keys on small spaces, arenas
// that start at one state and grow), so every path of the kernel and its twin runs.

import { comparable, naiveSearch, smallSweep, wideSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, kernelModule } from '../src/search/backend/compile.js';
import { jsKernel } from '../src/search/backend/js.js';
import { wasmKernel } from '../src/search/backend/wasm.js';
import type { DpTuning } from '../src/search/engine/dp/plan.js';
import { runDp } from '../src/search/engine/dp/run.js';
import { search, searchSync } from '../src/search/search.js';
import type { NormalizedSweep, SweepResult, SweepSpec } from '../src/types.js';
import { smallSpace } from './support/spaces.js';

beforeAll(async () => {
  await init();
});

/** A result without the fields that say how it was computed. */
function fields(r: SweepResult) {
  const { engine: _e, backend: _b, elapsedMs: _t, ...rest } = r;
  return rest;
}

const tuningArb: fc.Arbitrary<DpTuning> = fc.record(
  { forceRanked: fc.boolean(), initialCapacity: fc.constantFrom(1, 2, 5, 1024) },
  { requiredKeys: [] },
);

/** Objective, holes rule and top drawn over a generated spec. */
const variantArb = fc.record({
  objective: fc.constantFrom('kernel-area', 'params', 'flops') as fc.Arbitrary<SweepSpec['objective']>,
  holes: fc.constantFrom('none', 'allow') as fc.Arbitrary<'none' | 'allow'>,
  top: fc.integer({ min: 1, max: 50 }),
});

type Variant = typeof variantArb extends fc.Arbitrary<infer V> ? V : never;

function withVariant(spec: SweepSpec, v: Variant): SweepSpec {
  const constraints = { ...(spec.constraints ?? {}), holes: v.holes };
  if (v.objective === 'flops' && constraints.inputSize === undefined) constraints.inputSize = 64;
  return { ...spec, constraints, objective: v.objective, top: v.top };
}

async function dpBoth(sweep: NormalizedSweep, tuning: DpTuning) {
  const module = await kernelModule();
  const wasm = await runDp(sweep, await wasmKernel(module), tuning);
  const js = await runDp(sweep, jsKernel(), tuning);
  return { wasm, js };
}

describe('the DP engine equals the sweep and the naive evaluator', () => {
  it('on small spaces (naive, sweep, DP wasm and js, with the DP knobs)', async () => {
    await fc.assert(
      fc.asyncProperty(smallSweep(3000), variantArb, tuningArb, async (spec0, v, tuning) => {
        const sweep = smallSpace(withVariant(spec0, v), 6000n);
        fc.pre(sweep !== undefined);
        const naive = comparable(naiveSearch(sweep!));
        const { wasm, js } = await dpBoth(sweep!, tuning);
        expect(wasm.engine).toBe('dp');
        expect(comparable(wasm)).toEqual(naive);
        expect(comparable(js)).toEqual(naive);
      }),
      { numRuns: 200 },
    );
  });

  it('on wider spaces through search(): engine dp = engine sweep, field for field, both backends', async () => {
    await fc.assert(
      fc.asyncProperty(wideSweep, variantArb, async (spec0, v) => {
        const sweep = smallSpace(withVariant(spec0, v), 200_000n);
        fc.pre(sweep !== undefined);
        const expected = fields(await search(sweep!, { engine: 'sweep' }));
        for (const backend of ['wasm', 'js'] as const) {
          const dp = await search(sweep!, { engine: 'dp', backend });
          expect(dp.engine).toBe('dp');
          expect(dp.backend).toBe(backend);
          expect(fields(dp)).toEqual(expected);
          expect(fields(searchSync(sweep!, { engine: 'dp', backend }))).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});

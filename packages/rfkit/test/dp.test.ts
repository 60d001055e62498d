// The DP engine against the sweep and the naive evaluator, field for field (all but engine, backend
// and elapsedMs), on random spaces: both backends, every objective, holes none/allow, layers
// overrides, tops up to 50 — with its internal knobs drawn too (ranked keys on small spaces, arenas
// that start at one state and grow), so every path of the kernel and its twin runs.

import { comparable, naiveSearch, smallSweep, wideSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRfError } from '../src/errors.js';
import { init, kernelModule } from '../src/search/backend/compile.js';
import { jsKernel } from '../src/search/backend/js.js';
import type { Kernel } from '../src/search/backend/kernel.js';
import { wasmKernel } from '../src/search/backend/wasm.js';
import { count } from '../src/search/count/count.js';
import type { DpTuning } from '../src/search/engine/dp/plan.js';
import { runDp } from '../src/search/engine/dp/run.js';
import { search, searchSync } from '../src/search/search.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import type { NormalizedSweep, SweepResult, SweepSpec } from '../src/types.js';
import { checkAgainstAnalyze } from './support/analyze-check.js';
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

/** Deep spaces (depth 24–64) with a total stride to reach: far beyond any sweep. */
const deepArb: fc.Arbitrary<SweepSpec> = fc
  .record({
    depth: fc.integer({ min: 24, max: 64 }),
    kernel: fc.uniqueArray(fc.constantFrom(1, 2, 3, 5, 7, 9), { minLength: 1, maxLength: 4 }),
    dilation: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
    stride: fc.constantFrom<number[]>([1, 2], [1, 2, 3], [2, 1]),
    target: fc.constantFrom(8, 16, 32, 12, 64),
    // rf.min per layer: most spaces have feasible combinations, some do not.
    rfPerLayer: fc.integer({ min: 0, max: 24 }),
    width: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: undefined }),
    objective: fc.constantFrom('kernel-area', 'params', 'flops') as fc.Arbitrary<SweepSpec['objective']>,
    holes: fc.constantFrom('none', 'allow') as fc.Arbitrary<'none' | 'allow'>,
    top: fc.integer({ min: 1, max: 50 }),
    override: fc.option(
      fc.record({ layer: fc.nat(23), kernel: fc.constantFrom<number[]>([7], [3, 11], [1]) }),
      {
        nil: undefined,
      },
    ),
  })
  .map((r) => {
    const rfMin = Math.max(1, r.rfPerLayer * r.depth);
    const spec: SweepSpec = {
      depth: r.depth,
      choices: { kernel: r.kernel, stride: r.stride, dilation: r.dilation },
      constraints: {
        rf: { min: rfMin, ...(r.width === undefined ? {} : { max: rfMin + r.width }) },
        stride: r.target,
        inputSize: 512,
        holes: r.holes,
      },
      objective: r.objective,
      channels: { in: 3, base: 8, growth: 2, max: 256 },
      top: r.top,
    };
    if (r.override !== undefined) spec.layers = { [String(r.override.layer)]: { kernel: r.override.kernel } };
    return spec;
  });

describe('the DP engine on spaces far too large to sweep', () => {
  it('feasible = count(), wasm = js field for field, top and pareto re-analysed (depth 24–64)', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(deepArb, async (spec) => {
        let sweep: NormalizedSweep;
        try {
          sweep = normalizeSweep(spec);
        } catch (e) {
          // Only a cost past 2^53 (flops at depth 64) is a legitimate refusal.
          expect(isRfError(e, 'cost-overflow')).toBe(true);
          return;
        }
        const wasm = await search(sweep, { backend: 'wasm', engine: 'dp' });
        const js = searchSync(sweep, { backend: 'js', engine: 'dp' });
        // auto takes the DP for every space the sweep cannot run.
        if (sweep.total > 10n ** 14n) expect((await search(sweep)).engine).toBe('dp');
        expect(wasm.engine).toBe('dp');
        expect(js.engine).toBe('dp');
        expect(fields(js)).toEqual(fields(wasm));
        expect(wasm.feasible).toBe(count(sweep));
        expect(wasm.evaluated).toBe(sweep.total);
        expect(wasm.complete).toBe(true);
        expect(wasm.top.length).toBe(Number(wasm.feasible < BigInt(sweep.top) ? wasm.feasible : sweep.top));
        expect(wasm.histogram.reduce((sum, b) => sum + b.count, 0n)).toBe(wasm.feasible);
        expect(wasm.warnings.length > 0).toBe(wasm.feasible === 0n);
        for (const c of [...wasm.top, ...wasm.pareto]) {
          expect(c.index).toBeLessThan(sweep.total);
          expect(c.stride).toBe(sweep.stride);
          expect(c.rf).toBeGreaterThanOrEqual(sweep.rfMin!);
        }
        checkAgainstAnalyze(sweep, [...wasm.top.slice(0, 10), ...wasm.pareto.slice(0, 10)]);
        if (wasm.feasible > 0n) answered++;
      }),
      { numRuns: 30 },
    );
    // Not vacuous: many of the spaces have feasible combinations (about half do).
    expect(answered).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('the reference depth-32 search answers at once, with indices past 2^53', async () => {
    const spec: SweepSpec = {
      depth: 32,
      choices: { kernel: [3, 5, 7, 9], stride: [1, 2], dilation: [1, 2] },
      constraints: { rf: { min: 400, max: 1200 }, stride: 32 },
      objective: 'params',
      top: 10,
    };
    const r = await search(spec);
    expect(r.engine).toBe('dp');
    expect(r.feasible).toBe(count(spec));
    expect(r.top).toHaveLength(10);
    expect(r.top.some((c) => c.index > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
    for (let i = 1; i < r.top.length; i++) expect(r.top[i]!.cost).toBeGreaterThanOrEqual(r.top[i - 1]!.cost);
    checkAgainstAnalyze(normalizeSweep(spec), r.top);
  });
});

describe('the DP engine: limits, options, cancellation', () => {
  /** No rf.max and no stride at depth 60: the (jump, rf) states would blow up. */
  const blowUp: SweepSpec = {
    depth: 60,
    choices: { kernel: [3, 5, 7], stride: [1, 2], dilation: [1, 2, 3] },
    constraints: { rf: { min: 10 }, inputSize: 2 ** 40, minOutput: 2 },
  };

  it('refuses a state space that would blow up before it allocates anything', async () => {
    const sweep = normalizeSweep(blowUp);
    let prepared = 0;
    const js = jsKernel();
    const spy: Kernel = {
      ...js,
      prepare: (bytes) => {
        prepared++;
        return js.prepare(bytes);
      },
    };
    const e = await runDp(sweep, spy).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(isRfError(e, 'space-too-large')).toBe(true);
    if (!isRfError(e, 'space-too-large')) return;
    expect(['dp-states', 'dp-work', 'dp-memory']).toContain(e.details.limit);
    expect(e.message).toMatch(/rf\.max|constraints\.stride/);
    expect(prepared).toBe(0);
    // Through search(): engine dp says the DP's limit; auto says that neither engine can run it.
    const dp = await search(blowUp, { engine: 'dp' }).catch((x: unknown) => x);
    expect(isRfError(dp, 'space-too-large') && dp.details.limit.startsWith('dp-')).toBe(true);
    const auto = await search(blowUp).catch((x: unknown) => x);
    expect(isRfError(auto, 'space-too-large')).toBe(true);
    expect((auto as Error).message).toMatch(/neither engine/);
    // With the constraints the message names, it answers.
    const fixed = await search({
      ...blowUp,
      constraints: { ...blowUp.constraints, rf: { min: 10, max: 300 }, stride: 16 },
    });
    expect(fixed.engine).toBe('dp');
    expect(fixed.feasible).toBe(
      count({ ...blowUp, constraints: { ...blowUp.constraints, rf: { min: 10, max: 300 }, stride: 16 } }),
    );
  });

  it('engine: checked; dp refuses a range or shard, auto takes the sweep for them', async () => {
    const spec: SweepSpec = { depth: 4, choices: { kernel: [1, 3, 5], stride: [1, 2] }, top: 5 };
    const bad = await search(spec, { engine: 'fast' as never }).catch((x: unknown) => x);
    expect(isRfError(bad, 'invalid-argument') && bad.path === 'engine').toBe(true);
    for (const options of [{ range: { start: 1n, end: 20n } }, { shard: { index: 1, count: 3 } }]) {
      const e = await search(spec, { ...options, engine: 'dp' }).catch((x: unknown) => x);
      expect(isRfError(e, 'invalid-argument') && e.path === 'engine').toBe(true);
      expect(() => searchSync(spec, { ...options, engine: 'dp', backend: 'js' })).toThrow(/whole spaces/);
      expect((await search(spec, options)).engine).toBe('sweep');
    }
    // The whole space given as a range is the whole space.
    const total = normalizeSweep(spec).total;
    const whole = await search(spec, {
      engine: 'dp',
      range: { start: 0n, end: total },
      shard: { index: 0, count: 1 },
    });
    expect(fields(whole)).toEqual(fields(await search(spec, { engine: 'sweep' })));
    // threads are the sweep's; the DP runs on this thread.
    expect((await search(spec, { engine: 'dp', threads: 2 })).engine).toBe('dp');
  });

  it('aborts between layers: nothing covered yet, and a resume gives the uninterrupted result', async () => {
    const spec: SweepSpec = {
      depth: 40,
      choices: { kernel: [3, 5, 7], stride: [1, 2], dilation: [1, 2] },
      constraints: { rf: { min: 200, max: 600 }, stride: 16 },
      objective: 'params',
    };
    const whole = await search(spec);
    expect(whole.engine).toBe('dp');
    for (const sync of [false, true]) {
      const controller = new AbortController();
      const seen: bigint[] = [];
      const options = {
        signal: controller.signal,
        onProgress: (done: bigint, total: bigint) => {
          seen.push(done);
          expect(total).toBe(whole.total);
          if (seen.length === 3) controller.abort();
        },
      };
      const partial = sync ? searchSync(spec, options) : await search(spec, options);
      expect(partial.engine).toBe('dp');
      expect(partial.complete).toBe(false);
      expect(partial.nextIndex).toBe(0n);
      expect(partial.evaluated).toBe(0n);
      expect(partial.top).toEqual([]);
      expect(seen).toHaveLength(3);
      expect([...seen].sort((a, b) => (a < b ? -1 : 1))).toEqual(seen);
      const resumed = await search(spec, { resume: partial });
      expect(resumed.engine).toBe('dp');
      expect(fields(resumed)).toEqual(fields(whole));
    }
    // An uninterrupted run reports every layer, the last with the whole space.
    const seen: bigint[] = [];
    await search(spec, { onProgress: (done) => seen.push(done) });
    expect(seen).toHaveLength(40);
    expect(seen.at(-1)).toBe(whole.total);
    // A signal aborted before the start: nothing runs.
    const early = await search(spec, { signal: AbortSignal.abort() });
    expect(early).toMatchObject({ complete: false, nextIndex: 0n, engine: 'dp' });
  });
});

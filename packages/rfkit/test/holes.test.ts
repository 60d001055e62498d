// The holes rule and `covered`: the predicate and the covered count against the reference's
// brute-force offset sets, every returned candidate against analyze(), and the search, count()
// and the prefix/suffix split of the sweep against the naive evaluator with holes none and allow.

import {
  comparable,
  coveredBy,
  denseAtEveryLayer,
  naiveSearch,
  smallSweep,
  wideSweep,
} from '@rfkit/reference';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { init, kernelModule } from '../src/search/backend/compile.js';
import { jsKernel } from '../src/search/backend/js.js';
import { wasmKernel } from '../src/search/backend/wasm.js';
import { count } from '../src/search/count/count.js';
import { runRange } from '../src/search/engine/sweep/run.js';
import { searchTuned } from '../src/search/search.js';
import { coveredOf, isDense } from '../src/search/space/holes.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import { runThreads } from '../src/search/threads/run.js';
import type { Candidate, LayerChoice, NormalizedSweep } from '../src/types.js';
import { smallSpace } from './support/spaces.js';

beforeAll(async () => {
  await init();
});

const choiceArb = (factor: fc.Arbitrary<number>) =>
  fc.record({ kernel: factor, stride: fc.constantFrom(1, 2, 3), dilation: fc.constantFrom(1, 2, 3, 4) });

describe('coveredOf and isDense', () => {
  it('agree with brute-force offset sets', () => {
    fc.assert(
      fc.property(
        fc.array(choiceArb(fc.constantFrom(1, 2, 3, 5, 7)), { minLength: 1, maxLength: 7 }),
        (layers) => {
          expect(coveredOf(layers)).toBe(coveredBy(layers));
          expect(isDense(layers)).toBe(denseAtEveryLayer(layers));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('stay exact and fast with wide kernels', () => {
    fc.assert(
      fc.property(
        fc.array(choiceArb(fc.constantFrom(1, 2, 63, 64, 65, 1001)), { minLength: 1, maxLength: 4 }),
        (layers) => {
          expect(coveredOf(layers)).toBe(coveredBy(layers));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('count the pixels of known gridded fields', () => {
    const c = (kernel: number, stride: number, dilation = 1): LayerChoice => ({ kernel, stride, dilation });
    // Two 3×3 at dilation 2: offsets {0, 2, …, 8}, rf 9, covered 5; every layer is gridded.
    expect(coveredOf([c(3, 1, 2), c(3, 1, 2)])).toBe(5);
    // A 1×1 stride 2 then a 3×3: taps 2 apart over a single pixel.
    expect(coveredOf([c(1, 2), c(3, 1)])).toBe(3);
    expect(isDense([c(1, 2), c(3, 1)])).toBe(false);
    // 3×3 then 3×3 d2 (HDC): dense; 3×3 then 3×3 d4: gaps.
    expect(isDense([c(3, 1), c(3, 1, 2)])).toBe(true);
    expect(coveredOf([c(3, 1), c(3, 1, 4)])).toBe(9);
    expect(isDense([c(3, 1), c(3, 1, 4)])).toBe(false);
  });
});

/** A 1-D model of the candidate's layers with SAME padding (search layers pad "same"). */
function modelOf(layers: LayerChoice[], size: number) {
  return {
    input: { size: [size] },
    layers: layers.map((l) => ({
      op: 'conv' as const,
      kernel: l.kernel,
      stride: l.stride,
      dilation: l.dilation,
      padding: 'same' as const,
    })),
  };
}

function checkAgainstAnalyze(sweep: NormalizedSweep, candidates: Candidate[]): void {
  for (const c of candidates) {
    const report = analyze(modelOf(c.layers, sweep.inputSize ?? 64));
    const out = report.output;
    expect([c.rf, c.stride, c.covered]).toEqual([out.rf[0], out.jump[0], out.covered[0]]);
    if (sweep.holes === 'none') {
      // Every layer is dense, as analyze reports them.
      for (const l of report.layers) expect(l.covered[0]).toBe(l.rf[0]);
    }
  }
}

describe('search with the holes rule', () => {
  const tuningArb = fc.record(
    { maxSuffixEntries: fc.constantFrom(1, 3, 8, 40, 16384), keyCapacity: fc.constantFrom(4, 65536) },
    { requiredKeys: [] },
  );

  for (const [name, arb] of [
    ['small spaces', smallSweep(3000)],
    ['wide spaces', wideSweep],
  ] as const) {
    it(`${name}, holes none and allow: wasm = js = naive; candidates re-analysed; count; warnings iff nothing is feasible`, async () => {
      await fc.assert(
        fc.asyncProperty(
          arb,
          fc.constantFrom('none' as const, 'allow' as const),
          tuningArb,
          async (spec, holes, tuning) => {
            const sweep = smallSpace({ ...spec, constraints: { ...spec.constraints, holes } }, 5000n);
            fc.pre(sweep !== undefined);
            const naive = naiveSearch(sweep!);
            const wasm = await searchTuned(sweep!, { backend: 'wasm' }, tuning);
            const js = await searchTuned(sweep!, { backend: 'js' }, tuning);
            expect(comparable(wasm)).toEqual(comparable(naive));
            expect(comparable(js)).toEqual(comparable(naive));
            expect(js.warnings).toEqual(wasm.warnings);
            expect(wasm.engine).toBe('sweep');
            expect(wasm.warnings.length > 0).toBe(naive.feasible === 0n);
            expect(count(sweep!)).toBe(naive.feasible);
            checkAgainstAnalyze(sweep!, [...wasm.top, ...wasm.pareto]);
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('holes: "none" keeps exactly the dense combinations of holes: "allow"', async () => {
    const spec = {
      depth: 3,
      choices: { kernel: [1, 3, 5], stride: [1, 2, 3], dilation: [1, 2, 4] },
      constraints: { rf: { min: 9, max: 80 } },
      top: 10_000,
    };
    const allow = await searchTuned(
      { ...spec, constraints: { ...spec.constraints, holes: 'allow' } },
      {},
      {},
    );
    const none = await searchTuned(spec, {}, {});
    expect(none.feasible).toBeGreaterThan(0n);
    expect(allow.feasible).toBeGreaterThan(none.feasible);
    // top 10000 holds every feasible combination of both (21^3 = 9261 combinations).
    expect(BigInt(allow.top.length)).toBe(allow.feasible);
    const dense = allow.top.filter((c) => isDense(c.layers));
    expect(none.top).toEqual(dense);
    expect(none.top.every((c) => c.covered === c.rf)).toBe(true);
    expect(allow.top.some((c) => c.covered < c.rf)).toBe(true);
  });
});

describe('minOutput together with constraints.stride (regression)', () => {
  const cases = [
    {
      depth: 1,
      choices: { kernel: [3], stride: [1, 8] },
      constraints: { stride: 8, inputSize: 32, minOutput: 11 },
    },
    {
      depth: 8,
      choices: { kernel: [3], stride: [1, 4, 2] },
      constraints: { stride: 8, inputSize: 32, minOutput: 11 },
    },
  ];

  it('nothing is feasible, by every backend and tuning, and count agrees', async () => {
    for (const spec of cases) {
      const sweep = normalizeSweep(spec);
      expect(count(sweep)).toBe(0n);
      expect(naiveSearch(sweep).feasible).toBe(0n);
      for (const backend of ['wasm', 'js'] as const) {
        for (const tuning of [{}, { maxSuffixEntries: 1 }, { maxSuffixEntries: 3, keyCapacity: 4 }]) {
          const r = await searchTuned(sweep, { backend }, tuning);
          expect(r.feasible).toBe(0n);
          expect(r.top).toEqual([]);
          expect(r.warnings.map((w) => w.code)).toEqual(['min-output-unreachable']);
        }
      }
    }
  });

  it('the sweep engine finds nothing by itself (both kernels, partial leaves, threads)', async () => {
    const module = await kernelModule();
    for (const spec of cases) {
      const sweep = normalizeSweep(spec);
      for (const kernel of [jsKernel(), await wasmKernel(module)]) {
        for (const tuning of [{}, { maxSuffixEntries: 1 }, { maxSuffixEntries: 3, keyCapacity: 4 }]) {
          const whole = await runRange(sweep, kernel, 0n, sweep.total, tuning);
          expect([whole.feasible, whole.top.length, whole.evaluated]).toEqual([0n, 0, sweep.total]);
          // Unaligned ends: the host sweeps the partial leaves itself.
          const part = await runRange(sweep, kernel, 1n, sweep.total - 1n, tuning);
          expect(part.feasible).toBe(0n);
        }
      }
      for (const backend of ['wasm', 'js'] as const) {
        const threaded = await runThreads({
          sweep,
          start: 0n,
          end: sweep.total,
          threads: 2,
          backend,
          module,
        });
        expect([threaded.feasible, threaded.top.length]).toEqual([0n, 0]);
      }
    }
  });
});

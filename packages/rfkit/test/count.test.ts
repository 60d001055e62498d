import { choicesOf, naiveSearch, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRfError } from '../src/errors.js';
import { count } from '../src/search/count/count.js';
import { countDense } from '../src/search/count/dense.js';
import { countSparse } from '../src/search/count/sparse.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import type { NormalizedSweep, SweepSpec } from '../src/types.js';

/** Normalised, or null when the spec is rejected (then count must reject it too). */
function tryNormalize(spec: SweepSpec): NormalizedSweep | null {
  try {
    return normalizeSweep(spec);
  } catch (e) {
    if (!isRfError(e)) throw e;
    return null;
  }
}

/**
 * A second, independent DP: one step per distinct choice (from @rfkit/reference), states keyed by
 * the full (jump, rf) pair, nothing merged or saturated; only states that can never become
 * feasible again (rf past max, jump not dividing the target, a layer with holes under the holes
 * rule) are dropped so that depth 20+ stays tractable.
 */
function slowCount(sweep: NormalizedSweep): bigint {
  let states = new Map<string, { jump: number; rf: number; n: bigint }>([['1,1', { jump: 1, rf: 1, n: 1n }]]);
  for (const layer of sweep.layers) {
    const next = new Map<string, { jump: number; rf: number; n: bigint }>();
    for (const st of states.values()) {
      for (const { kernel: k, stride: s, dilation: d } of choicesOf(layer)) {
        // Taps d·jump apart over a dense field of rf pixels leave no gap iff d·jump ≤ rf.
        if (sweep.holes === 'none' && k > 1 && d * st.jump > st.rf) continue;
        const rf = st.rf + d * (k - 1) * st.jump;
        const jump = st.jump * s;
        if (sweep.rfMax !== null && rf > sweep.rfMax) continue;
        if (sweep.stride !== null && sweep.stride % jump !== 0) continue;
        const key = `${jump},${rf}`;
        const e = next.get(key);
        if (e) e.n += st.n;
        else next.set(key, { jump, rf, n: st.n });
      }
    }
    states = next;
  }
  let total = 0n;
  for (const { jump, rf, n } of states.values()) {
    if (sweep.rfMin !== null && rf < sweep.rfMin) continue;
    if (sweep.stride !== null && jump !== sweep.stride) continue;
    if (sweep.minOutput !== null && Math.ceil(sweep.inputSize! / jump) < sweep.minOutput) continue;
    total += n;
  }
  return total;
}

function binomial(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

describe('count', () => {
  it('equals the naive feasible count on random small spaces', () => {
    fc.assert(
      fc.property(smallSweep(3000), (spec) => {
        const sweep = tryNormalize(spec);
        if (sweep === null) {
          expect(() => count(spec)).toThrow();
          return;
        }
        expect(count(spec)).toBe(naiveSearch(sweep).feasible);
      }),
      { numRuns: 250 },
    );
  });

  it('the sparse DP (used where dense arrays would be too large) also equals the naive count', () => {
    fc.assert(
      fc.property(smallSweep(3000), (spec) => {
        const sweep = tryNormalize(spec);
        if (sweep === null) return;
        expect(countSparse(sweep)).toBe(naiveSearch(sweep).feasible);
      }),
      { numRuns: 150 },
    );
  });

  it('falls back to the sparse DP for huge rf bounds', () => {
    const spec = {
      depth: 12,
      choices: { kernel: [1, 3, 1001], stride: [1, 2] },
      constraints: { rf: { min: 3000, max: 20_000_000 }, stride: 8 },
    };
    const n = count(spec);
    expect(n).toBe(slowCount(normalizeSweep(spec)));
    expect(n).toBeGreaterThan(0n);
  });

  it('accepts a NormalizedSweep as well as a spec', () => {
    const spec = { depth: 3, choices: { kernel: [1, 3], stride: [1, 2] }, constraints: { rf: { min: 5 } } };
    expect(count(normalizeSweep(spec))).toBe(count(spec));
    expect(count(spec)).toBe(naiveSearch(spec).feasible);
  });

  it('throws RfError on an invalid spec', () => {
    expect(() => count({ depth: 0, choices: { kernel: [1], stride: [1] } })).toThrow(/depth/);
  });

  it('is the whole space without constraints, holes allowed', () => {
    // Distinct choices per layer: the 1×1 once per stride (3), the others 3 kernels × 3 strides × 2 dilations.
    const spec = {
      depth: 24,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2, 3], dilation: [1, 2] },
      constraints: { holes: 'allow' as const },
    };
    expect(count(spec)).toBe(21n ** 24n);
    expect(normalizeSweep(spec).total).toBe(21n ** 24n);
  });

  it('matches the closed form with only a stride constraint, holes allowed', () => {
    // Strides {1,2} and total 2^m: choose the m strided layers; each layer then has 1 + 2·2 choices.
    for (const [depth, m] of [
      [24, 5],
      [22, 0],
      [20, 11],
    ] as const) {
      const spec = {
        depth,
        choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
        constraints: { stride: 2 ** m, holes: 'allow' as const },
      };
      expect(count(spec)).toBe(binomial(depth, m) * 5n ** BigInt(depth));
    }
  });

  it('matches closed forms of the holes rule', () => {
    // Kernels {1, 3}, stride 1, dilations {1, 2}: rf = 1 + 2·(Σ dilations of the 3×3 layers), and a
    // dilated 3×3 is dense iff rf ≥ 2 before it — iff some 3×3 came before it. So every layer is
    // free (1×1, 3×3, 3×3 d2) except that no 3×3 d2 may come before the first 3×3: with the first
    // 3×3 (d1) at layer i the others are free: Σ_i 3^(depth−1−i), plus the all-1×1 combination.
    for (const depth of [1, 5, 24]) {
      let expected = 1n;
      for (let i = 0; i < depth; i++) expected += 3n ** BigInt(depth - 1 - i);
      expect(count({ depth, choices: { kernel: [1, 3], stride: [1], dilation: [1, 2] } })).toBe(expected);
    }
    // One choice per layer. Kernel 3, stride 2: J = 2^l ≤ rf = 2^(l+1) − 1 before layer l, dense;
    // kernel 3, stride 3 tiles exactly (J = rf = 3^l); kernel 2, stride 3 skips a pixel from
    // layer 1 on (J = 3 > rf = 2).
    expect(count({ depth: 20, choices: { kernel: [3], stride: [2] } })).toBe(1n);
    expect(count({ depth: 20, choices: { kernel: [3], stride: [3] } })).toBe(1n);
    expect(count({ depth: 1, choices: { kernel: [2], stride: [3] } })).toBe(1n);
    expect(count({ depth: 2, choices: { kernel: [2], stride: [3] } })).toBe(0n);
    expect(count({ depth: 20, choices: { kernel: [2], stride: [3] }, constraints: { holes: 'allow' } })).toBe(
      1n,
    );
  });

  it('matches the closed form with rf only and unit strides', () => {
    // kernel {1,3}, stride 1: rf = 1 + 2·(number of 3s), so rf in [a,b] counts binomials.
    const depth = 24;
    const spec = {
      depth,
      choices: { kernel: [1, 3], stride: [1] },
      constraints: { rf: { min: 11, max: 31 } },
    };
    let expected = 0n;
    for (let j = 0; j <= depth; j++) if (1 + 2 * j >= 11 && 1 + 2 * j <= 31) expected += binomial(depth, j);
    expect(count(spec)).toBe(expected);
    // Only a minimum (saturated states): every j with 1 + 2j >= 11.
    let atLeast = 0n;
    for (let j = 5; j <= depth; j++) atLeast += binomial(depth, j);
    expect(count({ ...spec, constraints: { rf: { min: 11 } } })).toBe(atLeast);
  });

  it('matches the slower independent DP on depth-20+ spaces', () => {
    const specs: SweepSpec[] = [
      {
        depth: 24,
        choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
        constraints: { stride: 16, rf: { min: 128, max: 256 } },
      },
      {
        depth: 20,
        choices: { kernel: [1, 2, 3], stride: [1, 2, 3], dilation: [1, 3] },
        constraints: { stride: 36, rf: { max: 400 }, inputSize: 300, minOutput: 5 },
      },
      {
        depth: 22,
        choices: { kernel: [1, 3, 5], stride: [1, 2] },
        layers: { '0': { kernel: [7], stride: [2] }, '21': { kernel: [1] } },
        constraints: { rf: { min: 150, max: 600 }, inputSize: 224, minOutput: 14 },
      },
      // Only rf.min (the holes state then outlives the rf bound) and only a stride.
      {
        depth: 20,
        choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2, 3] },
        constraints: { rf: { min: 100 }, stride: 32 },
      },
      {
        depth: 16,
        choices: { kernel: [1, 2, 3], stride: [1, 2, 3], dilation: [1, 2] },
        constraints: { stride: 12 },
      },
    ];
    const both = specs.flatMap((spec) => [
      spec,
      { ...spec, constraints: { ...spec.constraints, holes: 'allow' as const } },
    ]);
    for (const spec of both) {
      const n = count(spec);
      expect(n).toBe(slowCount(normalizeSweep(spec)));
      expect(countSparse(normalizeSweep(spec))).toBe(n);
      expect(n).toBeGreaterThan(0n);
    }
    // The dense DP keeps the holes rule without rf.max where a stride bounds the jumps.
    expect(countDense(normalizeSweep(specs[3]!))).toBe(count(specs[3]!));
    expect(countDense(normalizeSweep(specs[3]!))).not.toBeNull();
  });

  it('the dense DP equals the sparse one on random spaces, holes none and allow', () => {
    fc.assert(
      fc.property(smallSweep(3000), fc.constantFrom('none' as const, 'allow' as const), (spec, holes) => {
        const sweep = tryNormalize({ ...spec, constraints: { ...spec.constraints, holes } });
        if (sweep === null) return;
        const dense = countDense(sweep);
        if (dense !== null) expect(dense).toBe(countSparse(sweep));
      }),
      { numRuns: 300 },
    );
  });

  it('is 0n for constraints that no combination meets', () => {
    const choices = { kernel: [1, 3], stride: [1, 2] };
    for (const constraints of [
      { rf: { min: 500 } },
      { rf: { min: 2, max: 2 }, stride: 2 },
      { stride: 3 },
      { stride: 8, inputSize: 32, minOutput: 11 },
      { rf: { min: 4, max: 4 } },
    ]) {
      expect(count({ depth: 3, choices, constraints })).toBe(0n);
    }
    // Every dilated first layer leaves holes.
    expect(count({ depth: 3, choices: { kernel: [3], stride: [1], dilation: [2] } })).toBe(0n);
  });

  it('counts the reference grid exactly', () => {
    const spec = {
      depth: 8,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
      constraints: { stride: 16, rf: { min: 128, max: 256 } },
      objective: 'kernel-area' as const,
      top: 16,
    };
    expect(normalizeSweep(spec).total).toBe(14n ** 8n);
    expect(count(spec)).toBe(83_975_102n);
    expect(slowCount(normalizeSweep(spec))).toBe(83_975_102n);
    const allow = { ...spec, constraints: { ...spec.constraints, holes: 'allow' as const } };
    expect(count(allow)).toBe(210_437_993n);
    expect(slowCount(normalizeSweep(allow))).toBe(210_437_993n);
  });
});

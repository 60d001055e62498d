import { naiveSearch, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRfError } from '../src/errors.js';
import { count } from '../src/search/count/count.js';
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
 * A second, independent DP: one step per (kernel, stride, dilation) choice, states keyed by the
 * full (jump, rf) pair, nothing merged or saturated; only states that can never become feasible
 * again (rf past max, jump not dividing the target) are dropped so that depth 20+ stays tractable.
 */
function slowCount(sweep: NormalizedSweep): bigint {
  let states = new Map<string, { jump: number; rf: number; n: bigint }>([['1,1', { jump: 1, rf: 1, n: 1n }]]);
  for (const layer of sweep.layers) {
    const next = new Map<string, { jump: number; rf: number; n: bigint }>();
    for (const st of states.values()) {
      for (const k of layer.kernel) {
        for (const s of layer.stride) {
          for (const d of layer.dilation) {
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

  it('is the whole space without constraints', () => {
    const spec = { depth: 24, choices: { kernel: [1, 3, 5, 7], stride: [1, 2, 3], dilation: [1, 2] } };
    expect(count(spec)).toBe(24n ** 24n);
  });

  it('matches the closed form with only a stride constraint', () => {
    // Strides {1,2} and total 2^m: choose the m strided layers, any kernel and dilation anywhere.
    for (const [depth, m] of [
      [24, 5],
      [22, 0],
      [20, 11],
    ] as const) {
      const spec = {
        depth,
        choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
        constraints: { stride: 2 ** m },
      };
      expect(count(spec)).toBe(binomial(depth, m) * 6n ** BigInt(depth));
    }
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
    ];
    for (const spec of specs) {
      const n = count(spec);
      expect(n).toBe(slowCount(normalizeSweep(spec)));
      expect(countSparse(normalizeSweep(spec))).toBe(n);
      expect(n).toBeGreaterThan(0n);
    }
  });

  it('counts the reference grid exactly', () => {
    const spec = {
      depth: 8,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
      constraints: { stride: 16, rf: { min: 128, max: 256 } },
      objective: 'kernel-area' as const,
      top: 16,
    };
    expect(count(spec)).toBe(561_587_089n);
  });
});

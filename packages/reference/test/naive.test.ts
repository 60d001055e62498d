// The reference evaluator on a space small enough to work out by hand: depth 2, kernels [1, 3],
// strides [1, 2], so each layer has the choices (1,1) (1,2) (3,1) (3,2) and index = 4·c0 + c1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naiveSearch } from '../src/naive.js';
import { choicesOf, coveredBy, decode, denseAtEveryLayer, evaluate, expand } from '../src/space.js';
import type { SweepSpec } from '../src/types.js';

const SPEC: SweepSpec = {
  depth: 2,
  choices: { kernel: [1, 3], stride: [1, 2] },
  constraints: { rf: { min: 3 }, stride: 2 },
};

describe('the reference evaluator, by hand', () => {
  it('expands defaults and numbers choices kernel-major, then stride, then dilation', () => {
    const space = expand(SPEC);
    expect(space).toMatchObject({
      total: 16n,
      objective: 'kernel-area',
      top: 10,
      rfMax: null,
      minOutput: null,
      holes: 'none',
    });
    expect(space.channels).toEqual({ in: 3, base: 32, growth: 2, max: 1024 });
    expect(decode(space, 6n)).toEqual([
      { kernel: 1, stride: 2, dilation: 1 },
      { kernel: 3, stride: 1, dilation: 1 },
    ]);
    // A 3×3 after a strided 1×1 reads every other pixel: rf 5, covered 3, a hole under the rule.
    expect(evaluate(space, decode(space, 6n))).toEqual({
      rf: 5,
      stride: 2,
      cost: 10,
      output: null,
      feasible: false,
    });
    expect(coveredBy(decode(space, 6n))).toBe(3);
    expect(
      evaluate(expand({ ...SPEC, constraints: { ...SPEC.constraints, holes: 'allow' } }), decode(space, 6n))
        .feasible,
    ).toBe(true);
    expect(evaluate(space, decode(space, 15n))).toMatchObject({
      rf: 7,
      stride: 4,
      cost: 18,
      feasible: false,
    });
  });

  it('finds the feasible combinations, the ranking, the Pareto front and the histogram', () => {
    // Exactly one strided layer and a 3×3 somewhere; 6 = (1 s2, 3 s1) has a hole.
    const r = naiveSearch(SPEC);
    expect(r.feasible).toBe(5n);
    expect(r.top.map((c) => Number(c.index))).toEqual([3, 9, 12, 14, 11]);
    expect(r.top.map((c) => c.covered)).toEqual([3, 3, 3, 7, 5]);
    expect(r.pareto.map((c) => [c.rf, c.cost, Number(c.index)])).toEqual([
      [3, 10, 3],
      [7, 18, 14],
    ]);
    expect(r.histogram).toEqual([
      { rf: 3, count: 3n },
      { rf: 5, count: 1n },
      { rf: 7, count: 1n },
    ]);
    expect(r.spaceId).toMatch(/^[0-9a-f]{16}-top10$/);
    expect(r).toMatchObject({ warnings: [], engine: 'sweep' });
  });

  it('admits holes when allowed', () => {
    const r = naiveSearch({ ...SPEC, constraints: { ...SPEC.constraints, holes: 'allow' } });
    expect(r.feasible).toBe(6n);
    expect(r.top.map((c) => [Number(c.index), c.rf, c.covered])).toEqual([
      [6, 5, 3],
      [3, 3, 3],
      [9, 3, 3],
      [12, 3, 3],
      [14, 7, 7],
      [11, 5, 5],
    ]);
    expect(r.pareto.map((c) => [c.rf, c.cost, Number(c.index)])).toEqual([
      [5, 10, 6],
      [7, 18, 14],
    ]);
  });

  it('covers only its range', () => {
    const r = naiveSearch(SPEC, { start: 4n, end: 12n });
    expect(r).toMatchObject({ evaluated: 8n, feasible: 2n, range: { start: 4n, end: 12n }, nextIndex: 12n });
    expect(r.top.map((c) => Number(c.index))).toEqual([9, 11]);
    expect(() => naiveSearch(SPEC, { start: 0n, end: 17n })).toThrow(RangeError);
  });

  it('lists a 1×1 kernel once per stride, with dilation 1', () => {
    const lists = { kernel: [3, 1, 5], stride: [2, 1], dilation: [1, 2] };
    expect(choicesOf(lists).map((c) => `${c.kernel}s${c.stride}d${c.dilation}`)).toEqual([
      '3s2d1',
      '3s2d2',
      '3s1d1',
      '3s1d2',
      '1s2d1',
      '1s1d1',
      '5s2d1',
      '5s2d2',
      '5s1d1',
      '5s1d2',
    ]);
    const space = expand({ depth: 2, choices: lists });
    expect(space.total).toBe(100n);
    expect(decode(space, 45n)).toEqual([
      { kernel: 1, stride: 2, dilation: 1 },
      { kernel: 1, stride: 1, dilation: 1 },
    ]);
  });

  it('params and flops: channels double at each strided layer, flops scale with the output size', () => {
    const space = expand({
      ...SPEC,
      objective: 'flops',
      constraints: { inputSize: 8 },
      channels: { base: 4, max: 6 },
    });
    // (3, s2): C 3 → min(4·2, 6) = 6 and H 8 → 4; then (3, s1): C 6 → 6, H stays 4.
    const e = evaluate(space, [
      { kernel: 3, stride: 2, dilation: 1 },
      { kernel: 3, stride: 1, dilation: 1 },
    ]);
    expect(e.cost).toBe(9 * 3 * 6 * 16 + 9 * 6 * 6 * 16);
    expect(e.output).toBe(4);
  });
});

/** Unit 0's offsets as a plain Set of every integer: the slowest possible definition. */
function offsetSet(layers: { kernel: number; stride: number; dilation: number }[]): Set<number>[] {
  const out: Set<number>[] = [];
  let set = new Set([0]);
  let jump = 1;
  for (const { kernel, stride, dilation } of layers) {
    const next = new Set<number>();
    for (const o of set) for (let t = 0; t < kernel; t++) next.add(o + t * dilation * jump);
    set = next;
    out.push(set);
    jump *= stride;
  }
  return out;
}

describe('covered pixels and density, against plain sets', () => {
  const chain = fc.array(
    fc.record({
      kernel: fc.constantFrom(1, 2, 3, 5, 7),
      stride: fc.constantFrom(1, 2, 3),
      dilation: fc.constantFrom(1, 2, 3, 4),
    }),
    { minLength: 1, maxLength: 5 },
  );
  it('coveredBy is the size of the offset set; dense means one run at every layer', () => {
    fc.assert(
      fc.property(chain, (layers) => {
        const sets = offsetSet(layers);
        expect(coveredBy(layers)).toBe(sets.at(-1)!.size);
        const dense = sets.every((s) => s.size === Math.max(...s) + 1);
        expect(denseAtEveryLayer(layers)).toBe(dense);
      }),
      { numRuns: 500 },
    );
  });
});

// The reference evaluator on a space small enough to work out by hand: depth 2, kernels [1, 3],
// strides [1, 2], so each layer has the choices (1,1) (1,2) (3,1) (3,2) and index = 4·c0 + c1.
import { describe, expect, it } from 'vitest';
import { naiveSearch } from '../src/naive.js';
import { decode, evaluate, expand } from '../src/space.js';
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
    });
    expect(space.channels).toEqual({ in: 3, base: 32, growth: 2, max: 1024 });
    expect(decode(space, 6n)).toEqual([
      { kernel: 1, stride: 2, dilation: 1 },
      { kernel: 3, stride: 1, dilation: 1 },
    ]);
    expect(evaluate(space, decode(space, 6n))).toEqual({
      rf: 5,
      stride: 2,
      cost: 10,
      output: null,
      feasible: true,
    });
    expect(evaluate(space, decode(space, 15n))).toMatchObject({
      rf: 7,
      stride: 4,
      cost: 18,
      feasible: false,
    });
  });

  it('finds the feasible combinations, the ranking, the Pareto front and the histogram', () => {
    const r = naiveSearch(SPEC);
    expect(r.feasible).toBe(6n);
    expect(r.top.map((c) => Number(c.index))).toEqual([6, 3, 9, 12, 14, 11]);
    expect(r.pareto.map((c) => [c.rf, c.cost, Number(c.index)])).toEqual([
      [5, 10, 6],
      [7, 18, 14],
    ]);
    expect(r.histogram).toEqual([
      { rf: 3, count: 3n },
      { rf: 5, count: 2n },
      { rf: 7, count: 1n },
    ]);
    expect(r.spaceId).toMatch(/^[0-9a-f]{16}-top10$/);
  });

  it('covers only its range', () => {
    const r = naiveSearch(SPEC, { start: 4n, end: 12n });
    expect(r).toMatchObject({ evaluated: 8n, feasible: 3n, range: { start: 4n, end: 12n }, nextIndex: 12n });
    expect(r.top.map((c) => Number(c.index))).toEqual([6, 9, 11]);
    expect(() => naiveSearch(SPEC, { start: 0n, end: 17n })).toThrow(RangeError);
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

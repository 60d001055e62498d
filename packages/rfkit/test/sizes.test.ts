// The output-size arithmetic, against the definitions it abbreviates: windows listed one by one,
// SAME pads found at every input size, deconv outputs as the largest index any input reaches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deconvOutputSize,
  layerOutputSize,
  samePadding,
  splitPadding,
  windowOutputSize,
} from '../src/analysis/sizes.js';
import { gcd, lcm } from '../src/math.js';
import { show } from '../src/messages.js';
import { parseModel } from '../src/model/parse.js';

/**
 * Windows of span `ke` at padded positions `o·s`: floor mode keeps those inside the padded
 * input; ceil mode keeps one more while the previous one stops short of the padded end, then
 * drops a last window that starts in the right padding (PyTorch).
 */
function listedWindows(n: number, ke: number, s: number, pL: number, pR: number, ceil: boolean): number {
  const padded = n + pL + pR;
  let count = 0;
  while (ceil ? count * s - s + ke < padded : count * s + ke <= padded) count++;
  if (ceil && count > 0 && (count - 1) * s >= n + pL) count--;
  return count;
}

const small = (max: number) => fc.integer({ min: 1, max });

describe('windowOutputSize', () => {
  it('counts the windows that the definition lists', () => {
    fc.assert(
      fc.property(
        small(60),
        small(7),
        small(5),
        small(3),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        (n, k, s, d, pL, pR, ceil) => {
          const ke = d * (k - 1) + 1;
          fc.pre(n + pL + pR >= ke);
          expect(windowOutputSize(n, k, s, d, pL, pR, ceil)).toBe(listedWindows(n, ke, s, pL, pR, ceil));
        },
      ),
    );
  });

  it('PyTorch ceil mode: 3×3/2 max pool over 6 pixels gives 3, not the 2 of floor mode', () => {
    expect(windowOutputSize(6, 3, 2, 1, 0, 0, false)).toBe(2);
    expect(windowOutputSize(6, 3, 2, 1, 0, 0, true)).toBe(3);
    // The last window would start in the right padding: dropped.
    expect(windowOutputSize(5, 2, 2, 1, 0, 1, true)).toBe(3);
    expect(windowOutputSize(4, 2, 2, 1, 0, 1, true)).toBe(2);
  });
});

describe('splitPadding and samePadding', () => {
  it('SAME_UPPER puts the odd pixel at the end, SAME_LOWER at the beginning', () => {
    expect(splitPadding(3, false)).toEqual({ begin: 1, end: 2 });
    expect(splitPadding(3, true)).toEqual({ begin: 2, end: 1 });
    expect(splitPadding(-3, false)).toEqual({ begin: -2, end: -1 });
    expect(splitPadding(-3, true)).toEqual({ begin: -1, end: -2 });
    expect(splitPadding(0, true)).toEqual({ begin: 0, end: 0 });
  });

  it('keeps ceil(n/s) outputs with the smallest total padding that does', () => {
    fc.assert(
      fc.property(small(80), small(7), small(5), small(3), fc.boolean(), (n, k, s, d, lower) => {
        const ke = d * (k - 1) + 1;
        const { out, begin, end } = samePadding(n, k, s, d, lower);
        expect(out).toBe(Math.ceil(n / s));
        const total = (begin as number) + (end as number);
        expect(total).toBeGreaterThanOrEqual(0);
        expect(windowOutputSize(n, k, s, d, begin as number, end as number, false)).toBe(out);
        // One pixel less and the last window no longer fits (unless no padding was needed).
        if (total > 0) expect((out! - 1) * s + ke).toBe(n + total);
        expect(Math.abs((begin as number) - (end as number))).toBeLessThanOrEqual(1);
        if (begin !== end) expect((begin as number) > (end as number)).toBe(lower);
      }),
    );
  });

  it('without n, the left pad is known exactly when every input size gives the same one', () => {
    fc.assert(
      fc.property(small(9), small(6), small(3), fc.boolean(), (k, s, d, lower) => {
        const lefts = new Set(
          Array.from({ length: 4 * s }, (_, i) => samePadding(20 + i, k, s, d, lower).begin),
        );
        const symbolic = samePadding(null, k, s, d, lower);
        expect(symbolic.out).toBeNull();
        expect(symbolic.end).toBeNull();
        expect(symbolic.begin).toBe(lefts.size === 1 ? [...lefts][0] : null);
      }),
    );
  });
});

describe('deconvOutputSize', () => {
  it('is one past the largest output index any input unit reaches', () => {
    fc.assert(
      fc.property(
        small(20),
        small(6),
        small(4),
        small(3),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (n, k, s, d, pL, pR, op) => {
          let last = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) last = Math.max(last, i * s + t * d);
          // Output o reads input i where o = i·s − pL + t·d; the right pad crops, output_padding adds.
          expect(deconvOutputSize(n, k, s, d, pL, pR, op)).toBe(last - pL + 1 - pR + op);
        },
      ),
    );
  });
});

describe('layerOutputSize', () => {
  it('applies the formula of each op to a parsed layer', () => {
    const m = parseModel({
      input: { size: [33, 32] },
      layers: [
        { op: 'conv', kernel: 3, stride: 2, padding: 'same' },
        { op: 'maxpool', kernel: 3, stride: 2, ceilMode: true },
        { op: 'deconv', kernel: 4, stride: 2, padding: 1, outputPadding: [1, 0] },
        { op: 'upsample', scale: [2, 3] },
        { op: 'add', inputs: ['upsample_3', 'upsample_3'] },
      ],
    });
    const sizes = m.layers.map((l) => [layerOutputSize(l, 0, 10), layerOutputSize(l, 1, 10)]);
    expect(sizes).toEqual([
      [5, 5],
      [5, 5],
      [21, 20],
      [20, 30],
      [10, 10],
    ]);
  });
});

describe('gcd, lcm and show', () => {
  it('gcd divides both and every common divisor divides it; lcm is the least common multiple', () => {
    fc.assert(
      fc.property(small(500), small(500), (a, b) => {
        const g = gcd(a, b);
        expect(a % g).toBe(0);
        expect(b % g).toBe(0);
        for (let c = g + 1; c <= Math.min(a, b); c++) expect(a % c === 0 && b % c === 0).toBe(false);
        const m = lcm(a, b);
        expect(m * g).toBe(a * b);
        expect(gcd(-a, b)).toBe(g);
      }),
    );
    expect(gcd(0, 0)).toBe(0);
    expect(gcd(0, 7)).toBe(7);
  });

  it('quotes values readably, whatever they are', () => {
    expect(show('a"b')).toBe('"a\\"b"');
    expect(show(undefined)).toBe('undefined');
    expect(show(5n)).toBe('5n');
    expect(show(() => 1)).toBe('() => 1');
    expect(show(Array.from({ length: 40 }, (_, i) => i))).toMatch(/^\[0,1,2,.{40,}\.\.\.$/);
    expect(show(Array.from({ length: 40 }, (_, i) => i))).toHaveLength(60);
    expect(show('x'.repeat(100))).toHaveLength(102);
  });
});

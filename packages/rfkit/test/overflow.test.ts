// Exact arithmetic near 2^53: analyze, regionOf and the size formulas give the exact value or an
// `overflow` error naming the layer and field — never a rounded number. The reference is the
// recurrence of the closed form computed in BigInt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { regionOf } from '../src/analysis/region.js';
import { deconvOutputSize, samePadding, splitPadding, windowOutputSize } from '../src/analysis/sizes.js';
import { isRfError } from '../src/errors.js';
import type { LayerSpec, ModelSpec, PaddingSpec, Report } from '../src/types.js';
import { errorOf } from './support/errors.js';

const MAX = 2 ** 53 - 1;
const B = BigInt;

describe('the cases of the fuzzing campaign', () => {
  it('P of conv1s3p(2^53−1) conv1p−3002399751580331 is −2, or an overflow — not −1', () => {
    const text = 'conv1s3p9007199254740991 conv1p-3002399751580331';
    // Exact: P = (2^53 − 1) + 3·(−3002399751580331) = −2; the product alone is 2^53 + 2.
    expect(B(MAX) + 3n * -3002399751580331n).toBe(-2n);
    const e = errorOf(() => analyze(text));
    expect(e.code).toBe('overflow');
    expect(e.path).toBe('layers[1].effectivePadding');
    expect(e.message).toMatch(/^layers\[1\] \(conv_1\): the effective padding /);
    expect(e.message).toContain('3002399751580331 × 3');
  });

  it('in1000 conv1p(2^53−1)/−(2^53−1): output size exactly 1000 (the pads cancel first)', () => {
    const r = analyze('1d in1000 conv1p9007199254740991/-9007199254740991');
    expect(r.output.outputSize).toEqual([1000]);
    expect(r.output.effectivePadding).toEqual([MAX]);
    expect(windowOutputSize(1000, 1, 1, 1, MAX, -MAX, false)).toBe(1000);
    // Where the input itself is added to a huge pad, the sum leaves the range: refused.
    expect(errorOf(() => windowOutputSize(1000, 1, 1, 1, MAX, 5, false)).code).toBe('overflow');
  });

  it('SAME with dilation 2^51: the pad is exact', () => {
    // ke = 2^52 + 1 (k = 3, d = 2^51); n = 2^52, s = 1: total = ke − 1 = 2^52, split 2^51 / 2^51.
    const d = 2 ** 51;
    expect(samePadding(2 ** 52, 3, 1, d, false)).toEqual({ out: 2 ** 52, begin: 2 ** 51, end: 2 ** 51 });
    // n = 2^53 − 3: (out−1)·s + ke = 3·2^52 − 3 is no double; total is still ke − 1 = 2^52.
    expect(samePadding(2 ** 53 - 3, 3, 1, d, false)).toEqual({
      out: 2 ** 53 - 3,
      begin: 2 ** 51,
      end: 2 ** 51,
    });
    const same = analyze({
      input: { size: [2 ** 53 - 3] },
      layers: [{ op: 'conv', kernel: [3], dilation: d, padding: 'same' }],
    });
    expect(same.output.effectivePadding).toEqual([2 ** 51]);
    expect(same.output.outputSize).toEqual([2 ** 53 - 3]);
    // An odd total with s = 3 and n near 2^53: (out−1)·s + ke − n, computed as ((out−1)·s − n) + ke.
    const n = 2 ** 53 - 3;
    const exact = ((B(n) + 2n) / 3n - 1n) * 3n + (B(d) * 2n + 1n) - B(n);
    const got = samePadding(n, 3, 3, d, true);
    expect(B(got.begin!) + B(got.end!)).toBe(exact);
    expect(got.begin! - got.end!).toBe(exact % 2n === 0n ? 0 : 1);
    const r = analyze({
      input: { size: [n] },
      layers: [{ op: 'conv', kernel: 3, stride: 3, dilation: d, padding: 'same' }],
    });
    // SAME_UPPER: the left pad is floor(total / 2).
    expect(r.output.effectivePadding).toEqual([Number(exact / 2n)]);
  });

  it('a centre above 2^52 is exact, or refused when it is not representable', () => {
    // rf = 2^52 + 2 spans [0, 2^52 + 1]: centre 2^51 + 0.5, exact.
    const r = analyze({ layers: [{ op: 'conv', kernel: 2 ** 52 + 2 }], input: { size: [2 ** 53 - 1] } });
    expect(r.output.center).toEqual([2 ** 51 + 0.5]);
    // Unit 0 reads [2^52, 2^52 + 1]: centre 2^52 + 0.5 is no double.
    const e = errorOf(() => analyze({ layers: [{ op: 'conv', kernel: 2, padding: -(2 ** 52) }] }));
    expect(e.code).toBe('overflow');
    expect(e.path).toBe('layers[0].center');
  });

  it('deconv output sizes and regions', () => {
    expect(deconvOutputSize(2 ** 26, 1, 2 ** 27, 1, 0, 0, 0)).toBe((2 ** 26 - 1) * 2 ** 27 + 1);
    expect(errorOf(() => deconvOutputSize(2 ** 27, 1, 2 ** 27, 1, 0, 0, 0)).code).toBe('overflow');
    const rep = analyze('1d in4 conv1s2 conv1s2');
    expect(regionOf(rep, 1, 0)).toEqual({ start: [0], end: [0], clipped: { start: [0], end: [0] } });
  });

  it('regionOf: an index whose region leaves the range is an overflow', () => {
    const rep = analyze(`1d conv1s${2 ** 40}`);
    expect(regionOf(rep, 0, 2 ** 12).start).toEqual([2 ** 52]);
    const e = errorOf(() => regionOf(rep, 0, 2 ** 13));
    expect(e.code).toBe('overflow');
    expect(e.message).toContain('regionOf');
  });

  it('splitPadding of a safe total is exact', () => {
    expect(splitPadding(MAX, false)).toEqual({ begin: (MAX - 1) / 2, end: (MAX + 1) / 2 });
    expect(splitPadding(-MAX, true)).toEqual({ begin: -(MAX - 1) / 2, end: -(MAX + 1) / 2 });
  });
});

// ───────────────────────────── the BigInt reference ─────────────────────────────

interface Exact {
  rf: bigint;
  jump: bigint;
  /** Null where a SAME pad depends on the unknown input size. */
  P: bigint | null;
  size: bigint | null;
  /** Null where this reference does not know it. */
  covered: bigint | null;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a >= 0n ? (a + b - 1n) / b : -(-a / b);
}
function floorDiv(a: bigint, b: bigint): bigint {
  return a >= 0n ? a / b : -ceilDiv(-a, b);
}

function split(total: bigint, lower: boolean): [bigint, bigint] {
  const begin = lower ? ceilDiv(total, 2n) : floorDiv(total, 2n);
  return [begin, total - begin];
}

/** One axis of a conv/pool chain by the recurrence, exactly; `empty` at the first layer that leaves nothing. */
function exactChain(layers: LayerSpec[], n: number | null): { layers: Exact[]; empty: number | null } {
  let rf = 1n;
  let jump = 1n;
  let P: bigint | null = 0n;
  let size = n === null ? null : B(n);
  // covered, while this reference can tell: exact while the set is an interval or every layer
  // adds disjoint copies of it; null after that.
  let covered: bigint | null = 1n;
  let isInterval = true;
  const out: Exact[] = [];
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    const first = (v: LayerSpec['kernel']) => (v === undefined ? 1 : typeof v === 'number' ? v : v[0]!);
    const k = B(first(l.kernel));
    const s = B(first(l.stride));
    const d = B(first(l.dilation));
    const ke = d * (k - 1n) + 1n;
    const pad = l.padding ?? 0;
    let left: bigint | null;
    let nextSize: bigint | null = null;
    if (pad === 'same' || pad === 'same-lower') {
      const lower = pad === 'same-lower';
      if (size !== null) {
        const o = ceilDiv(size, s);
        const total = (o - 1n) * s + ke - size;
        left = split(total > 0n ? total : 0n, lower)[0];
        nextSize = o;
      } else {
        const lo = split(ke - s > 0n ? ke - s : 0n, lower)[0];
        const hi = split(ke - 1n, lower)[0];
        left = lo === hi ? lo : null;
      }
    } else {
      const { begin, end } = pad as { begin: number[]; end: number[] };
      left = B(begin[0]!);
      if (size !== null) {
        const span = size + left + B(end[0]!) - ke;
        if (l.ceilMode) {
          let o = ceilDiv(span, s) + 1n;
          if ((o - 1n) * s >= size + left) o -= 1n;
          nextSize = o;
        } else nextSize = floorDiv(span, s) + 1n;
      }
    }
    const a = d * jump;
    if (covered !== null && k > 1n) {
      if (isInterval && a <= rf) covered = rf + (ke - 1n) * jump;
      else if (a >= rf) {
        covered *= k;
        isInterval = isInterval && a === rf;
      } else covered = null;
    }
    rf += (ke - 1n) * jump;
    P = P === null || left === null ? null : P + left * jump;
    jump *= s;
    size = nextSize;
    out.push({ rf, jump, P, size, covered });
    if (size !== null && size <= 0n) return { layers: out, empty: i };
  }
  return { layers: out, empty: null };
}

// ───────────────────────────── random large-magnitude chains ─────────────────────────────

/** Mostly huge, sometimes tiny: the values that make sums and products leave 2^53. */
const magnitude = (min: number) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min, max: min + 4 }) },
    { weight: 3, arbitrary: fc.integer({ min: 2 ** 20, max: 2 ** 40 }) },
    { weight: 3, arbitrary: fc.integer({ min: 2 ** 40, max: MAX }) },
    { weight: 1, arbitrary: fc.constantFrom(2 ** 26, 2 ** 51, 2 ** 52, MAX - 1, MAX) },
  );
const signed = fc.tuple(magnitude(0), fc.boolean()).map(([v, neg]) => (neg ? -v : v));

const one = (v: fc.Arbitrary<number>) => v.map((x) => [x]);
const layerArb: fc.Arbitrary<LayerSpec> = fc
  .record({
    op: fc.constantFrom('conv' as const, 'maxpool' as const, 'avgpool' as const),
    kernel: one(magnitude(1)),
    stride: one(fc.oneof(fc.constant(1), magnitude(1))),
    dilation: one(fc.oneof(fc.constant(1), magnitude(1))),
    padding: fc.oneof(
      fc.record({ begin: signed.map((v) => [v]), end: signed.map((v) => [v]) }),
      fc.constantFrom<PaddingSpec>('same', 'same-lower'),
    ),
    ceilMode: fc.boolean(),
  })
  .map((l) => (l.op === 'conv' ? { ...l, ceilMode: undefined } : l) as LayerSpec);

const chainArb = fc.record({
  layers: fc.array(layerArb, { minLength: 1, maxLength: 4 }),
  size: fc.option(magnitude(1), { nil: null }),
});

function specOf(c: { layers: LayerSpec[]; size: number | null }): ModelSpec {
  const layers = c.layers.map((l) => {
    const { ceilMode, ...rest } = l;
    return ceilMode === undefined ? rest : l;
  });
  return c.size === null ? { layers } : { input: { size: [c.size] }, layers };
}

const asNumber = (v: bigint | null): number | null => (v === null ? null : Number(v));

/** The report equals the reference, value for value; every value a safe integer. */
function checkAgainst(rep: Report, exact: Exact[]): void {
  rep.layers.forEach((l, i) => {
    const x = exact[i]!;
    for (const v of [x.rf, x.jump, x.P, x.size]) {
      if (v !== null)
        expect(v >= -B(MAX) && v <= B(MAX), `reference ${v} beyond 2^53 but analyze accepted`).toBe(true);
    }
    expect(l.rf).toEqual([asNumber(x.rf)]);
    expect(l.jump).toEqual([asNumber(x.jump)]);
    expect(l.effectivePadding).toEqual([asNumber(x.P)]);
    expect(l.outputSize).toEqual([asNumber(x.size)]);
    if (x.P !== null) {
      // centre = (rf − 1)/2 − P, exactly: compare twice it.
      expect(B(l.center[0]! * 2)).toBe(x.rf - 1n - 2n * x.P);
    }
    if (x.covered !== null && l.covered[0] !== null) expect(l.covered).toEqual([asNumber(x.covered)]);
  });
}

describe('random large-magnitude chains (property)', () => {
  it('analyze gives the exact BigInt result or an overflow error, never a wrong number', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(chainArb, (c) => {
        const spec = specOf(c);
        const { layers: exact, empty } = exactChain(spec.layers, c.size);
        let rep: Report;
        try {
          rep = analyze({
            ...spec,
            input: spec.input ? { size: [...spec.input.size!] } : undefined,
          } as ModelSpec);
        } catch (e) {
          if (!isRfError(e)) throw e;
          if (e.code === 'empty-output') {
            expect(empty).toBe(Number(/layers\[(\d+)\]/.exec(e.message)![1]));
            return;
          }
          expect(e.code).toBe('overflow');
          expect(e.path).toMatch(
            /^layers\[\d+\]\.(rf|jump|effectivePadding|center|outputSize|covered|padding)$/,
          );
          refused++;
          return;
        }
        expect(empty).toBe(null);
        checkAgainst(rep, exact);
        accepted++;
      }),
      { numRuns: 2000, seed: 0x15a },
    );
    // Not vacuous: many huge models are analysed exactly, many are refused.
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
  });

  it('regionOf gives the exact box or an overflow error', () => {
    fc.assert(
      fc.property(chainArb, fc.bigInt({ min: 0n, max: B(MAX) }), (c, unit) => {
        const spec = specOf(c);
        let rep: Report;
        try {
          rep = analyze(spec);
        } catch {
          return;
        }
        const l = rep.output;
        if (l.effectivePadding[0] === null) return;
        const n = l.outputSize[0];
        const j = n === null || n === undefined ? unit : unit % B(n);
        const exactStart = j * B(l.jump[0]!) - B(l.effectivePadding[0]!);
        const exactEnd = exactStart + B(l.rf[0]!) - 1n;
        try {
          const r = regionOf(rep, l.name, Number(j));
          expect(B(r.start[0]!)).toBe(exactStart);
          expect(B(r.end[0]!)).toBe(exactEnd);
        } catch (e) {
          if (!isRfError(e)) throw e;
          expect(e.code).toBe('overflow');
          const inRange = (v: bigint) => v >= -B(MAX) && v <= B(MAX);
          // Refused only when the exact box (or a step to it) leaves the range.
          expect(inRange(exactStart) && inRange(exactEnd) && inRange(j * B(l.jump[0]!))).toBe(false);
        }
      }),
      { numRuns: 1000, seed: 0x15b },
    );
  });

  it('two paths merged: the union span and the larger P, exactly, or an overflow', () => {
    fc.assert(
      fc.property(
        chainArb.filter((c) => c.layers.every((l) => typeof l.padding === 'object')),
        signed,
        (c, pad) => {
          // Path B: one 1×1 conv with the same total stride as path A and its own pad.
          const strides = c.layers.reduce((p, l) => p * B((l.stride as number[])[0]!), 1n);
          if (strides > B(MAX)) return;
          const a = c.layers.map((l, i) => ({ ...l, name: `a${i}` }));
          const b: LayerSpec = {
            name: 'b',
            op: 'conv',
            kernel: [1],
            stride: [Number(strides)],
            padding: { begin: [pad], end: [0] },
            inputs: ['input'],
          };
          const spec: ModelSpec = {
            layers: [...a, b, { name: 'sum', op: 'add', inputs: [a[a.length - 1]!.name!, 'b'] }],
          };
          const ea = exactChain(c.layers, null).layers.at(-1)!;
          const loA = -ea.P!;
          const hiA = loA + ea.rf - 1n;
          const loB = -B(pad);
          // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers)
          const lo = loA < loB ? loA : loB;
          const hi = hiA > loB ? hiA : loB;
          let rep: Report;
          try {
            rep = analyze(spec);
          } catch (e) {
            if (!isRfError(e)) throw e;
            expect(e.code).toBe('overflow');
            return;
          }
          for (const v of [lo, hi, hi - lo + 1n]) expect(v >= -B(MAX) && v <= B(MAX)).toBe(true);
          expect(rep.output.rf).toEqual([Number(hi - lo + 1n)]);
          expect(rep.output.effectivePadding).toEqual([Number(-lo)]);
          expect(B(rep.output.center[0]! * 2)).toBe(lo + hi);
        },
      ),
      { numRuns: 1000, seed: 0x15c },
    );
  });
});

import { decode, evaluate, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRfError, type RfErrorCode } from '../src/errors.js';
import { maxTotalCost } from '../src/search/space/cost.js';
import { asNormalized, normalizeSweep } from '../src/search/space/normalize.js';
import { spaceId, topOfSpaceId } from '../src/search/space/space-id.js';
import type { SweepSpec } from '../src/types.js';

const base = (): Record<string, unknown> => ({
  depth: 3,
  choices: { kernel: [1, 3], stride: [1, 2] },
});

function errorOf(spec: unknown): { code: RfErrorCode; path: string | undefined; message: string } {
  try {
    normalizeSweep(spec);
  } catch (e) {
    if (!isRfError(e)) throw e;
    return { code: e.code, path: e.path, message: e.message };
  }
  throw new Error('expected normalizeSweep to throw');
}

function withField(path: string, value: unknown): Record<string, unknown> {
  const spec = structuredClone(base());
  const keys = path.split('.');
  let o: Record<string, unknown> = spec;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === undefined) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
  return spec;
}

describe('normalizeSweep: defaults and expansion', () => {
  it('fills defaults and computes total', () => {
    const n = normalizeSweep(base());
    expect(n).toEqual({
      depth: 3,
      layers: Array.from({ length: 3 }, () => ({ kernel: [1, 3], stride: [1, 2], dilation: [1] })),
      rfMin: null,
      rfMax: null,
      stride: null,
      inputSize: null,
      minOutput: null,
      holes: 'none',
      objective: 'kernel-area',
      channels: { in: 3, base: 32, growth: 2, max: 1024 },
      top: 10,
      total: 64n,
    });
  });

  it('applies per-layer overrides key by key', () => {
    const n = normalizeSweep({
      depth: 8,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
      layers: { '0': { kernel: [7], stride: [2] }, '7': { dilation: [1] } },
      constraints: { rf: { min: 200, max: 400 }, stride: 32, inputSize: 224, minOutput: 7 },
      objective: 'params',
      channels: { in: 1, max: 512 },
      top: 3,
    });
    expect(n.layers[0]).toEqual({ kernel: [7], stride: [2], dilation: [1, 2] });
    expect(n.layers[7]).toEqual({ kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1] });
    expect(n.layers[3]).toEqual({ kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] });
    // Distinct choices: layer 0 has 7s2 with dilation 1 or 2; the middle layers 1×1 once per stride
    // (2) plus 3·2·2 others; layer 7 (dilation [1]) 4·2.
    expect(n.total).toBe(2n * 14n ** 6n * 8n);
    expect(n.channels).toEqual({ in: 1, base: 32, growth: 2, max: 512 });
    expect([n.rfMin, n.rfMax, n.stride, n.inputSize, n.minOutput, n.top]).toEqual([200, 400, 32, 224, 7, 3]);
  });

  it('keeps the order of choices (it defines the index order)', () => {
    const n = normalizeSweep({ depth: 1, choices: { kernel: [5, 1, 3], stride: [2, 1] } });
    expect(n.layers[0]).toEqual({ kernel: [5, 1, 3], stride: [2, 1], dilation: [1] });
  });

  it('asNormalized passes a NormalizedSweep through and normalises a spec', () => {
    const n = normalizeSweep(base());
    expect(asNormalized(n)).toBe(n);
    expect(asNormalized(base() as unknown as SweepSpec)).toEqual(n);
  });
});

describe('normalizeSweep: every invalid field', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', 5, 'sweep', /expected an object/],
    ['array', [], 'sweep', /expected an object/],
    ['unknown top-level field', { ...base(), depht: 3 }, 'depht', /unknown field/],
    ['depth missing', { choices: { kernel: [1], stride: [1] } }, 'depth', /integer >= 1, got undefined/],
    ['depth 0', withField('depth', 0), 'depth', /got 0/],
    ['depth fractional', withField('depth', 2.5), 'depth', /got 2.5/],
    ['depth string', withField('depth', '3'), 'depth', /got "3"/],
    ['choices missing', { depth: 2 }, 'choices', /expected an object/],
    ['unknown choice key', withField('choices.padding', [1]), 'choices.padding', /unknown field/],
    ['kernel missing', { depth: 1, choices: { stride: [1] } }, 'choices.kernel', /non-empty array/],
    ['kernel empty', withField('choices.kernel', []), 'choices.kernel', /got \[\]/],
    ['kernel not array', withField('choices.kernel', 3), 'choices.kernel', /non-empty array/],
    ['kernel entry 0', withField('choices.kernel', [1, 3, 0]), 'choices.kernel[2]', /got 0/],
    ['kernel entry negative', withField('choices.kernel', [-1]), 'choices.kernel[0]', /got -1/],
    ['kernel duplicate', withField('choices.kernel', [3, 1, 3]), 'choices.kernel[2]', /duplicate value 3/],
    ['stride entry NaN', withField('choices.stride', [1, Number.NaN]), 'choices.stride[1]', /integer >= 1/],
    ['dilation empty', withField('choices.dilation', []), 'choices.dilation', /non-empty/],
    ['dilation fractional', withField('choices.dilation', [1.5]), 'choices.dilation[0]', /got 1.5/],
    ['layers not object', withField('layers', [1]), 'layers', /expected an object/],
    ['layer key not index', withField('layers', { a: {} }), 'layers.a', /decimal layer indices/],
    ['layer key leading zero', withField('layers', { '01': {} }), 'layers.01', /decimal layer indices/],
    [
      'layer index >= depth',
      withField('layers', { '3': { kernel: [1] } }),
      'layers.3',
      /out of range \(depth is 3\)/,
    ],
    ['layer unknown key', withField('layers', { '0': { pad: [1] } }), 'layers.0.pad', /unknown field/],
    ['layer list empty', withField('layers', { '1': { stride: [] } }), 'layers.1.stride', /non-empty/],
    [
      'layer list bad entry',
      withField('layers', { '2': { kernel: [3, 'x'] } }),
      'layers.2.kernel[1]',
      /got "x"/,
    ],
    ['constraints not object', withField('constraints', 7), 'constraints', /expected an object/],
    ['constraints unknown', withField('constraints.maxRf', 7), 'constraints.maxRf', /unknown field/],
    ['rf not object', withField('constraints.rf', 5), 'constraints.rf', /expected an object/],
    ['rf unknown', withField('constraints.rf', { mid: 3 }), 'constraints.rf.mid', /unknown field/],
    ['rf min 0', withField('constraints.rf', { min: 0 }), 'constraints.rf.min', /got 0/],
    ['rf max fractional', withField('constraints.rf', { max: 2.5 }), 'constraints.rf.max', /got 2.5/],
    [
      'rf min > max',
      withField('constraints.rf', { min: 5, max: 4 }),
      'constraints.rf',
      /min \(5\) must not exceed max \(4\)/,
    ],
    ['stride 0', withField('constraints.stride', 0), 'constraints.stride', /got 0/],
    ['inputSize string', withField('constraints.inputSize', '224'), 'constraints.inputSize', /got "224"/],
    ['minOutput 0', withField('constraints.minOutput', 0), 'constraints.minOutput', /got 0/],
    [
      'objective unknown',
      withField('objective', 'latency'),
      'objective',
      /kernel-area, params, flops, got "latency"/,
    ],
    ['flops without inputSize', withField('objective', 'flops'), 'constraints.inputSize', /"flops" needs/],
    [
      'minOutput without inputSize',
      withField('constraints.minOutput', 2),
      'constraints.inputSize',
      /minOutput needs/,
    ],
    ['channels not object', withField('channels', 3), 'channels', /expected an object/],
    ['channels unknown', withField('channels.out', 3), 'channels.out', /unknown field/],
    ['channels.in 0', withField('channels.in', 0), 'channels.in', /got 0/],
    ['channels.growth fractional', withField('channels.growth', 1.5), 'channels.growth', /got 1.5/],
    ['channels.max 0', withField('channels.max', 0), 'channels.max', /got 0/],
    ['channels.base negative', withField('channels.base', -32), 'channels.base', /got -32/],
    ['top 0', withField('top', 0), 'top', /got 0/],
    ['top fractional', withField('top', 1.5), 'top', /got 1.5/],
    [
      'dilation duplicate in an override',
      withField('layers', { '1': { dilation: [2, 1, 2] } }),
      'layers.1.dilation[2]',
      /^layers\.1\.dilation\[2\]: duplicate value 2 \(each choice/,
    ],
    // A sparse array: its holes are not entries (map() and forEach() would skip them).
    // biome-ignore lint/suspicious/noSparseArray: the case under test
    ['sparse dilation list', withField('choices.dilation', [, , 1]), 'choices.dilation[0]', /got undefined/],
    // biome-ignore lint/suspicious/noSparseArray: the case under test
    ['sparse kernel list', withField('choices.kernel', [3, , 5]), 'choices.kernel[1]', /got undefined/],
    [
      'holes unknown',
      withField('constraints.holes', 'some'),
      'constraints.holes',
      /"none", "allow", got "some"/,
    ],
    ['holes not a string', withField('constraints.holes', false), 'constraints.holes', /got false/],
  ];
  for (const [name, spec, path, message] of cases) {
    it(name, () => {
      const e = errorOf(spec);
      expect(e.code).toBe('invalid-sweep');
      expect(e.path).toBe(path);
      expect(e.message).toMatch(message);
      expect(e.message.startsWith(`${path}: `)).toBe(true);
    });
  }

  it('accepts constraints that no combination meets (the search reports them, count gives 0)', () => {
    for (const constraints of [
      { rf: { min: 16 } },
      { rf: { max: 2 } },
      { stride: 3 },
      { stride: 16 },
      { inputSize: 10, minOutput: 11 },
    ]) {
      expect(() => normalizeSweep({ ...base(), constraints })).not.toThrow();
    }
  });
});

describe('normalizeSweep: exactness limits', () => {
  it('rejects spaces whose stride product could pass 2^53', () => {
    const e = errorOf({ depth: 54, choices: { kernel: [1], stride: [1, 2] } });
    expect(e.code).toBe('overflow');
    expect(e.message).toMatch(/2\^53/);
    expect(e.path).toBe('choices.stride');
    // 2^54 as a double prints as 18014398509481984 (exact) but 2^64 would print a false integer.
    expect(errorOf({ depth: 64, choices: { kernel: [1], stride: [2] } }).message).toContain(
      '(about 1.845 × 10^19)',
    );
    // A product past the doubles' range is a bound, never "about Infinity".
    expect(errorOf({ depth: 700, choices: { kernel: [1], stride: [1, 3] } }).message).toContain(
      '(more than 10^308)',
    );
    expect(() => normalizeSweep({ depth: 53, choices: { kernel: [1], stride: [1, 2] } })).not.toThrow();
  });

  it('rejects spaces whose rf could pass 2^53', () => {
    const e = errorOf({ depth: 2, choices: { kernel: [2 ** 52], stride: [1], dilation: [3] } });
    expect(e.code).toBe('overflow');
    expect(e.message).toMatch(/largest reachable rf/);
  });

  it('rejects costs that could pass 2^53, computed exactly', () => {
    // params: Σ k²·C_{l−1}·C_l. With growth 1 every layer costs 9·C²: 10 layers of C = 2^24 cost 90·2^48 > 2^53, of 2^23 90·2^46 < 2^53.
    const spec = (c: number) => ({
      depth: 10,
      choices: { kernel: [3], stride: [1] },
      objective: 'params',
      channels: { in: c, base: c, growth: 1, max: c },
    });
    expect(errorOf(spec(2 ** 24)).code).toBe('cost-overflow');
    expect(() => normalizeSweep(spec(2 ** 24))).toThrow(
      expect.objectContaining({ details: { cost: 90 * 2 ** 48, max: 2 ** 53 } }),
    );
    expect(() => normalizeSweep(spec(2 ** 23))).not.toThrow();
    expect(maxTotalCost(normalizeSweep(spec(2 ** 20)))).toBe(90 * 2 ** 40);
  });

  it('finds the worst case of flops over strides and channel growth', () => {
    // One layer per stride choice: s=1 keeps H=8 but C=base; s=2 halves H and doubles C.
    const n = normalizeSweep({
      depth: 2,
      choices: { kernel: [1, 3], stride: [1, 2] },
      constraints: { inputSize: 8 },
      objective: 'flops',
      channels: { in: 4, base: 4, growth: 4, max: 1000 },
    });
    // Enumerate the 4 stride patterns by hand with k=3: costs 9·C_{l−1}·C_l·H_l².
    const costs = [
      9 * 4 * 4 * 64 + 9 * 4 * 4 * 64, // s = 1, 1
      9 * 4 * 4 * 64 + 9 * 4 * 16 * 16, // 1, 2
      9 * 4 * 16 * 16 + 9 * 16 * 16 * 16, // 2, 1
      9 * 4 * 16 * 16 + 9 * 16 * 64 * 4, // 2, 2
    ];
    expect(maxTotalCost(n)).toBe(Math.max(...costs));
    expect(maxTotalCost(normalizeSweep(base()))).toBe(27);
  });
});

describe('maxTotalCost', () => {
  it('is the largest cost of any combination (random small spaces)', () => {
    fc.assert(
      fc.property(smallSweep(1500), (spec) => {
        const n = normalizeSweep(spec);
        let worst = 0;
        for (let i = 0n; i < n.total; i++) worst = Math.max(worst, evaluate(n, decode(n, i)).cost);
        expect(maxTotalCost(n)).toBe(worst);
      }),
      { numRuns: 150 },
    );
  });

  it('uses channels.in before the first layer', () => {
    const n = normalizeSweep({
      depth: 1,
      choices: { kernel: [3], stride: [1] },
      objective: 'params',
      channels: { in: 5, base: 7, growth: 2, max: 100 },
    });
    expect(maxTotalCost(n)).toBe(9 * 5 * 7);
  });
});

describe('spaceId', () => {
  const spec = { depth: 4, choices: { kernel: [1, 3], stride: [1, 2] }, constraints: { rf: { min: 5 } } };
  it('is stable and ends in the top', () => {
    const id = spaceId(normalizeSweep(spec));
    expect(id).toMatch(/^[0-9a-f]{16}-top10$/);
    expect(spaceId(normalizeSweep(structuredClone(spec)))).toBe(id);
    expect(topOfSpaceId(id)).toBe(10);
    expect(topOfSpaceId('abc')).toBeNull();
  });
  it('equal for equivalent specs, different when anything that matters changes', () => {
    const id = spaceId(normalizeSweep(spec));
    const same = [
      { ...spec, choices: { kernel: [1, 3], stride: [1, 2], dilation: [1] } },
      { ...spec, layers: { '2': { kernel: [1, 3] } } },
      { ...spec, channels: { in: 5 } }, // kernel-area ignores channels
    ];
    for (const s of same) expect(spaceId(normalizeSweep(s))).toBe(id);
    const different = [
      { ...spec, depth: 5 },
      { ...spec, constraints: { rf: { min: 5 }, holes: 'allow' } },
      { ...spec, choices: { kernel: [3, 1], stride: [1, 2] } },
      { ...spec, layers: { '2': { kernel: [3] } } },
      { ...spec, constraints: { rf: { min: 6 } } },
      { ...spec, constraints: { rf: { min: 5, max: 40 } } },
      { ...spec, constraints: { rf: { min: 5 }, stride: 4 } },
      { ...spec, objective: 'params' },
      { ...spec, top: 3 },
    ];
    const ids = different.map((s) => spaceId(normalizeSweep(s)));
    expect(new Set([id, ...ids]).size).toBe(different.length + 1);
    const p = { ...spec, objective: 'params' };
    expect(spaceId(normalizeSweep({ ...p, channels: { in: 5 } }))).not.toBe(spaceId(normalizeSweep(p)));
  });
});

// Hand-computed receptive fields for every op and padding mode (DESIGN §1, §3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { elements, type IntSet, interval, shift, sizeOf, sumAP, union } from '../src/analysis/intset.js';
import { isRfError } from '../src/errors.js';
import { parseModel } from '../src/model/parse.js';
import type { LayerReport, ModelSpec } from '../src/types.js';

/** The RfError code thrown by `f` (fails the test when nothing or something else is thrown). */
function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isRfError(e)) return e.code;
    throw e;
  }
  throw new Error('expected an RfError');
}

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isRfError(e)) return e.message;
    throw e;
  }
  throw new Error('expected an RfError');
}

function core(r: LayerReport) {
  return {
    rf: r.rf,
    jump: r.jump,
    P: r.effectivePadding,
    center: r.center,
    size: r.outputSize,
    covered: r.covered,
  };
}

const VGG16 =
  'in224 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 conv3p1 maxpool2s2 ' +
  'conv3p1 conv3p1 conv3p1 maxpool2s2 conv3p1 conv3p1 conv3p1 pool5:maxpool2s2';

describe('conv/pool chains', () => {
  it('VGG16 pool5: rf 212, jump 32, P 90', () => {
    const r = analyze(VGG16);
    expect(r.output.name).toBe('pool5');
    expect(core(r.output)).toEqual({
      rf: [212, 212],
      jump: [32, 32],
      P: [90, 90],
      center: [15.5, 15.5],
      size: [7, 7],
      covered: [212, 212],
    });
    expect(r.output.global).toBe(false);
    expect(r.output).toBe(r.layers[r.layers.length - 1]);
    expect(r.warnings).toEqual([]);
    expect(r.axes).toBe(2);
    expect(r.input.size).toEqual([224, 224]);
  });

  it('ResNet-style stem conv7s2p3 maxpool3s2p1', () => {
    const r = analyze('in224 conv7s2p3 maxpool3s2p1');
    expect(core(r.layers[0]!)).toEqual({
      rf: [7, 7],
      jump: [2, 2],
      P: [3, 3],
      center: [0, 0],
      size: [112, 112],
      covered: [7, 7],
    });
    expect(core(r.layers[1]!)).toEqual({
      rf: [11, 11],
      jump: [4, 4],
      P: [5, 5],
      center: [0, 0],
      size: [56, 56],
      covered: [11, 11],
    });
  });

  it('per-axis kernels and strides are independent (1, 2 and 3 axes)', () => {
    const r = analyze({
      input: { size: [32, 20] },
      layers: [{ op: 'conv', kernel: [3, 5], stride: [1, 2], padding: [1, 2] }],
    });
    expect(core(r.output)).toEqual({
      rf: [3, 5],
      jump: [1, 2],
      P: [1, 2],
      center: [0, 0],
      size: [32, 10],
      covered: [3, 5],
    });
    const one = analyze('1d in10 conv3 conv3s2');
    expect(one.axes).toBe(1);
    expect(core(one.output)).toEqual({ rf: [5], jump: [2], P: [0], center: [2], size: [3], covered: [5] });
    const three = analyze({ input: { size: [8, 8, 8] }, layers: [{ op: 'maxpool', kernel: 2, stride: 2 }] });
    expect(core(three.output)).toEqual({
      rf: [2, 2, 2],
      jump: [2, 2, 2],
      P: [0, 0, 0],
      center: [0.5, 0.5, 0.5],
      size: [4, 4, 4],
      covered: [2, 2, 2],
    });
  });

  it('a 10,000-layer chain', () => {
    const spec: ModelSpec = {
      layers: Array.from({ length: 10_000 }, () => ({ op: 'conv' as const, kernel: 3, padding: 1 })),
    };
    const r = analyze(spec);
    expect(core(r.output)).toEqual({
      rf: [20_001, 20_001],
      jump: [1, 1],
      P: [10_000, 10_000],
      center: [0, 0],
      size: [null, null],
      covered: [20_001, 20_001],
    });
    expect(r.layers).toHaveLength(10_000);
  });

  it('accepts a parsed Model, with an inputSize override', () => {
    const m = parseModel({ layers: [{ op: 'conv', kernel: 3, stride: 2 }] });
    expect(analyze(m).output.outputSize).toEqual([null, null]);
    expect(analyze(m, { inputSize: 9 }).output.outputSize).toEqual([4, 4]);
    expect(analyze(m, { inputSize: [9, 11] }).output.outputSize).toEqual([4, 5]);
    expect(codeOf(() => analyze(m, { inputSize: [9, 9, 9] }))).toBe('axes-mismatch');
    expect(analyze({ layers: [{ op: 'conv', kernel: 3 }] }, { inputSize: 5 }).output.outputSize).toEqual([
      3, 3,
    ]);
  });
});

describe('padding modes', () => {
  const one = (layer: Record<string, unknown>, n: number | null = 10) =>
    analyze({
      ...(n === null ? {} : { input: { size: [n] } }),
      layers: [{ op: 'conv', kernel: [3], ...layer } as never],
    }).output;

  it('integer, per-axis, begin/end, negative and valid', () => {
    expect(core(one({ padding: 1 }))).toMatchObject({ P: [1], size: [10], center: [0] });
    expect(core(one({ padding: [2] }))).toMatchObject({ P: [2], size: [12] });
    expect(core(one({ padding: { begin: [2], end: [0] } }))).toMatchObject({
      P: [2],
      size: [10],
      center: [-1],
    });
    expect(core(one({ padding: -1 }))).toMatchObject({ P: [-1], size: [6], center: [2] });
    expect(core(one({ padding: 'valid' }))).toMatchObject({ P: [0], size: [8] });
  });

  it('same (SAME_UPPER) and same-lower with a known size', () => {
    // n = 10, k = 4, s = 2: out 5, total (5−1)·2 + 4 − 10 = 2 → left 1 either way.
    expect(core(one({ kernel: [4], stride: [2], padding: 'same' }))).toMatchObject({
      P: [1],
      size: [5],
      rf: [4],
    });
    // n = 11, k = 4, s = 2: out 6, total 3 → upper puts 1 left, lower 2.
    expect(core(one({ kernel: [4], stride: [2], padding: 'same' }, 11))).toMatchObject({ P: [1], size: [6] });
    expect(core(one({ kernel: [4], stride: [2], padding: 'same-lower' }, 11))).toMatchObject({
      P: [2],
      size: [6],
    });
    // A kernel smaller than the stride can need no padding at all.
    expect(core(one({ kernel: [1], stride: [3], padding: 'same' }, 10))).toMatchObject({ P: [0], size: [4] });
  });

  it('same with an unknown size: P is null only where the pad depends on n mod s', () => {
    const s1 = analyze({ layers: [{ op: 'conv', kernel: [5], padding: 'same' }] });
    expect(core(s1.output)).toMatchObject({ rf: [5], P: [2], center: [0] });
    expect(s1.warnings).toEqual([]);
    const s2 = analyze({
      layers: [
        { name: 'c', op: 'conv', kernel: [3], stride: 2, padding: 'same' },
        { op: 'conv', kernel: 3 },
      ],
    });
    expect(core(s2.output)).toEqual({
      rf: [7],
      jump: [2],
      P: [null],
      center: [null],
      size: [null],
      covered: [7],
    });
    expect(s2.warnings).toEqual([
      expect.objectContaining({ code: 'same-padding-unknown-size', layers: ['c'] }),
    ]);
    expect(s2.warnings[0]!.message).toContain('layers[0] (c)');
    // k = 4, s = 2: total is 2 or 3, left is 1 for every n.
    const even = analyze({ layers: [{ op: 'conv', kernel: [4], stride: 2, padding: 'same' }] });
    expect(core(even.output)).toMatchObject({ P: [1] });
    expect(even.warnings).toEqual([]);
  });

  it('beyond 1024 residue classes the nulls stay conservative', () => {
    const deep = `1d ${Array.from({ length: 11 }, () => 'conv3s2psame').join(' ')}`;
    const r = analyze(deep);
    expect(core(r.output)).toMatchObject({
      rf: [2 ** 12 - 1],
      jump: [2 ** 11],
      P: [null],
      covered: [2 ** 12 - 1],
    });
    expect(r.warnings.filter((w) => w.code === 'same-padding-unknown-size')).toHaveLength(11);
  });

  it('same after an upsample ×2 sees an even size, so its pad is known', () => {
    const r = analyze({
      layers: [
        { op: 'upsample', scale: [2] },
        { op: 'conv', kernel: 3, stride: 2, padding: 'same' },
      ],
    });
    expect(core(r.output)).toEqual({ rf: [2], jump: [1], P: [0], center: [0.5], size: [null], covered: [2] });
    expect(r.warnings).toEqual([]);
  });

  it('a merge whose span does not depend on an unknown SAME pad keeps its rf', () => {
    const r = analyze({
      layers: [
        { name: 'a', op: 'conv', kernel: [3], stride: 2, padding: 'same' },
        { name: 'b', op: 'conv', kernel: 1, stride: 2, inputs: ['input'] },
        { name: 'sum', op: 'add', inputs: ['a', 'b'] },
      ],
    });
    expect(core(r.output)).toMatchObject({ rf: [3], P: [null], covered: [3], jump: [2] });
  });
});

describe('ceilMode and output sizes', () => {
  it("follows PyTorch's ceil rule, dropping a window that starts in the right padding", () => {
    const pool = (n: number, k: number, s: number, p: number, ceilMode: boolean) =>
      analyze({
        input: { size: [n] },
        layers: [{ op: 'maxpool', kernel: k, stride: s, padding: p, ceilMode }],
      }).output.outputSize[0];
    expect(pool(6, 3, 2, 0, false)).toBe(2);
    expect(pool(6, 3, 2, 0, true)).toBe(3);
    expect(pool(5, 2, 2, 1, false)).toBe(3);
    // ceil((5+2−2)/2)+1 = 4, but window 3 would start at 6 ≥ n + pL = 6: dropped.
    expect(pool(5, 2, 2, 1, true)).toBe(3);
    // GoogLeNet: maxpool 3 s2 ceil on 112 → 56.
    expect(pool(112, 3, 2, 0, true)).toBe(56);
  });

  it('an output size of zero is an error naming the layer', () => {
    expect(codeOf(() => analyze('in4 conv3 big:conv5'))).toBe('empty-output');
    expect(messageOf(() => analyze('in4 conv3 big:conv5'))).toMatch(/layers\[1\] \(big\).*output size/);
  });
});

describe('deconv and upsample', () => {
  it('deconv k4 s2 p1: jump 1/2, rf 2, two phases', () => {
    const r = analyze('1d in16 deconv4s2p1');
    expect(core(r.output)).toEqual({
      rf: [2],
      jump: [0.5],
      P: [1],
      center: [-0.5],
      size: [32],
      covered: [2],
    });
    // o = 2i − 1 + t: o = 0 reads i ∈ {−1, 0}, o = 1 reads {0, 1}.
    expect(r.output.phases).toEqual([{ period: 2, shift: 1, start: [-1, 0], end: [0, 1] }]);
  });

  it('deconv output size (n−1)·s − pL − pR + d(k−1) + outputPadding + 1', () => {
    expect(analyze('1d in16 deconv4s2p1').output.outputSize).toEqual([32]);
    expect(analyze('1d in16 deconv4s2p1op1').output.outputSize).toEqual([33]);
    expect(analyze('1d in16 deconv3s2p0/1d2').output.outputSize).toEqual([(16 - 1) * 2 - 0 - 1 + 2 * 2 + 1]);
  });

  it('deconv then conv is computed per phase; a stride-2 conv folds the phases back', () => {
    const r = analyze('1d in16 deconv4s2p1 conv3p1');
    expect(core(r.output)).toEqual({ rf: [3], jump: [0.5], P: [1], center: [0], size: [32], covered: [3] });
    const folded = analyze('1d in16 deconv4s2p1 conv3s2p1');
    expect(core(folded.output)).toEqual({
      rf: [3],
      jump: [1],
      P: [1],
      center: [0],
      size: [16],
      covered: [3],
    });
    expect(folded.output.phases).toBeUndefined();
  });

  it('upsample ×2: fractional jump, out = n·scale', () => {
    const r = analyze('in8 conv3p1 up2');
    expect(core(r.output)).toEqual({
      rf: [3, 3],
      jump: [0.5, 0.5],
      P: [1, 1],
      center: [0, 0],
      size: [16, 16],
      covered: [3, 3],
    });
    const back = analyze('in8 up2 conv2s2');
    expect(core(back.output)).toEqual({
      rf: [1, 1],
      jump: [1, 1],
      P: [0, 0],
      center: [0, 0],
      size: [8, 8],
      covered: [1, 1],
    });
  });

  it('rf is the largest span over the phases', () => {
    // Units of up3 → conv2: phase 0 reads {0}, phase 1 {0}, phase 2 {0, 1}.
    const r = analyze('1d up3 conv2');
    expect(core(r.output)).toMatchObject({ rf: [2], jump: [1 / 3], covered: [1], center: [0] });
    expect(r.output.phases).toEqual([{ period: 3, shift: 1, start: [0, 0, 0], end: [0, 0, 1] }]);
  });

  it('a phase that reads nothing is left out; unit 0 reading nothing gives null P and covered 0', () => {
    const r = analyze('1d in8 deconv1s3');
    expect(core(r.output)).toEqual({ rf: [1], jump: [1 / 3], P: [0], center: [0], size: [22], covered: [1] });
    expect(r.output.phases).toEqual([{ period: 3, shift: 1, start: [0, null, null], end: [0, null, null] }]);
    // o = 2i − 1: unit 0 has no input.
    const empty = analyze('1d in8 deconv1s2p1');
    expect(core(empty.output)).toEqual({
      rf: [1],
      jump: [0.5],
      P: [null],
      center: [null],
      size: [13],
      covered: [0],
    });
  });
});

describe('holes: covered', () => {
  it('dilation leaves holes that covered counts', () => {
    expect(core(analyze('1d conv3d2').output)).toMatchObject({ rf: [5], covered: [3] });
    expect(core(analyze('1d conv3 conv3d2').output)).toMatchObject({ rf: [7], covered: [7] });
    expect(core(analyze('1d conv3d2 conv3d2').output)).toMatchObject({ rf: [9], covered: [5] });
    expect(core(analyze('1d conv2d4 conv2d8').output)).toMatchObject({ rf: [13], covered: [4] });
    // WaveNet-style doubling dilations have no holes.
    expect(core(analyze('1d conv2 conv2d2 conv2d4 conv2d8').output)).toMatchObject({
      rf: [16],
      covered: [16],
    });
  });

  it('strides larger than kernels leave holes', () => {
    // {0,1,2} + {0,4,8}
    expect(core(analyze('1d conv3 conv1s4 conv3').output)).toMatchObject({
      rf: [11],
      covered: [9],
      jump: [4],
    });
  });

  it('keeps the exact count for Cantor-like sets too irregular to list', () => {
    // conv2 with dilation 3^i: every sum of distinct powers of 3 — 2^18 isolated points.
    const layers = Array.from({ length: 18 }, (_, i) => `conv2d${3 ** i}`).join(' ');
    const r = analyze(`1d ${layers}`);
    expect(r.output.rf).toEqual([(3 ** 18 + 1) / 2]);
    expect(r.output.covered).toEqual([2 ** 18]);
  });
});

describe('merges', () => {
  it('the union of aligned paths: rf is the span, P the largest', () => {
    const r = analyze('1d in32 a:conv3p1 b:conv5p2(input) sum:add(a,b)');
    expect(core(r.output)).toEqual({ rf: [5], jump: [1], P: [2], center: [0], size: [32], covered: [5] });
    expect(r.warnings).toEqual([]);
  });

  it('a residual block with a strided shortcut', () => {
    const r = analyze('in56 x:identity a:conv3s2p1 b:conv3p1 skip:conv1s2(x) sum:add(b,skip)');
    expect(core(r.output)).toMatchObject({
      rf: [7, 7],
      jump: [2, 2],
      P: [3, 3],
      center: [0, 0],
      size: [28, 28],
    });
    expect(r.warnings).toEqual([]);
  });

  it('concat and mul merge the same way', () => {
    for (const op of ['concat', 'mul']) {
      const r = analyze(`1d in32 a:conv3p1 b:conv5p2(input) ${op}(a,b)`);
      expect(core(r.output)).toMatchObject({ rf: [5], P: [2] });
    }
  });

  it('misaligned paths: a warning naming both paths and offsets; strict makes it an error', () => {
    const text = '1d in32 a:conv3p1 b:conv3p2/0(input) sum:add(a,b)';
    const r = analyze(text);
    expect(core(r.output)).toMatchObject({ rf: [4], P: [2], covered: [4] });
    expect(r.warnings).toHaveLength(1);
    const w = r.warnings[0]!;
    expect(w.code).toBe('misaligned-merge');
    expect(w.layers).toEqual(['sum', 'a', 'b']);
    expect(w.message).toContain('"a"');
    expect(w.message).toContain('"b"');
    expect(w.message).toMatch(/0 and -1/);
    expect(codeOf(() => analyze(text, { strict: true }))).toBe('misaligned');
  });

  it('holes across a merge: the union of both index sets', () => {
    // {0, 2, 4} ∪ {0, 1, 2} shifted to a common centre: a: −2,0,2 ; b: −1,0,1 → 5 of 5.
    const r = analyze('1d in32 a:conv3d2p2 b:conv3p1(input) add(a,b)');
    expect(core(r.output)).toMatchObject({ rf: [5], covered: [5], P: [2] });
    const sparse = analyze('1d in32 a:conv3d4p4 b:conv3d2p2(input) add(a,b)');
    // {−4, 0, 4} ∪ {−2, 0, 2}
    expect(core(sparse.output)).toMatchObject({ rf: [9], covered: [5] });
  });

  it('with an unknown SAME pad, a merge misaligned at every input size is still reported', () => {
    // a: centres 2j + 3; b: centres 2j + 2 − left with left ∈ {1, 2}: never equal.
    const always = '1d a:conv1s2p-3/0 b:conv5s2psame(input) sum:add(a,b)';
    const r = analyze(always);
    expect(r.warnings.map((w) => `${w.code}: ${w.layers.join(', ')}`).sort()).toEqual([
      'misaligned-merge: sum, a, b',
      'same-padding-unknown-size: b',
    ]);
    expect(r.warnings.find((w) => w.code === 'misaligned-merge')!.message).toContain('?');
    expect(codeOf(() => analyze(always, { strict: true }))).toBe('misaligned');
    // a: centres 2j + 1 — aligned with b whenever left = 1, so not reported.
    const sometimes = analyze('1d a:conv1s2p-1/0 b:conv5s2psame(input) sum:add(a,b)');
    expect(sometimes.warnings.map((w) => w.code)).toEqual(['same-padding-unknown-size']);
  });

  it('different jumps or known sizes are errors', () => {
    expect(codeOf(() => analyze('1d a:conv3s2 b:conv3(input) add(a,b)'))).toBe('jump-mismatch');
    expect(messageOf(() => analyze('1d a:conv3s2 b:conv3(input) add(a,b)'))).toMatch(/"a".*"b".*jump/);
    expect(codeOf(() => analyze('1d in10 a:conv3 b:conv1(input) add(a,b)'))).toBe('size-mismatch');
    // Without an input size the sizes are unknown: no error.
    expect(analyze('1d a:conv3 b:conv1(input) add(a,b)').output.rf).toEqual([3]);
  });

  it('after upsampling, paths are compared per phase', () => {
    const r = analyze('1d in8 a:up2 b:deconv2s2(input) sum:add(a,b)');
    // up2: both phases read {0}; deconv k2 s2 p0: o = 2i + t, phase 0 reads {0}, phase 1 reads {0}.
    expect(core(r.output)).toMatchObject({ rf: [1], jump: [0.5], covered: [1] });
    expect(r.warnings).toEqual([]);
    const shifted = analyze('1d in8 a:up2 b:deconv2s2p1/0op1(input) sum:add(a,b)');
    expect(shifted.warnings.map((w) => w.code)).toEqual(['misaligned-merge']);
    expect(shifted.warnings[0]!.message).toContain('phase');
  });
});

describe('global ops', () => {
  it('rf is the input size; jump, P, centre and size are null; later layers are global', () => {
    const r = analyze('in224x200 conv3p1 global conv1');
    for (const l of r.layers.slice(1)) {
      expect(l.global).toBe(true);
      expect(core(l)).toEqual({
        rf: [224, 200],
        jump: [null, null],
        P: [null, null],
        center: [null, null],
        size: [null, null],
        covered: [224, 200],
      });
    }
    expect(analyze('conv3 global').output.rf).toEqual([null, null]);
  });

  it('a merge with a global path (squeeze-and-excitation) is global', () => {
    const r = analyze('in32 a:conv3p1 g:global(a) se:mul(a,g)');
    expect(r.output.global).toBe(true);
    expect(r.output.rf).toEqual([32, 32]);
  });
});

describe('warnings and errors', () => {
  it('rf-exceeds-input lists the layers whose rf passes the input size', () => {
    const r = analyze('in8 conv3 conv3 conv3 c4:conv3p2 c5:conv3p2');
    // A chain has one path, so c4 is also the first layer whose smallest rf exceeds the input.
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: 'rf-exceeds-input', layers: ['c4', 'c5'] }),
      expect.objectContaining({ code: 'unproductive', layers: ['c4'] }),
    ]);
    expect(r.warnings[0]!.message).toContain('c4');
  });

  it('overflow past 2^53', () => {
    expect(codeOf(() => analyze('conv3s1000000 conv3s1000000 conv3s1000000 conv3'))).toBe('overflow');
    expect(messageOf(() => analyze('conv3s1000000 conv3s1000000 conv3s1000000 conv3'))).toMatch(
      /layers\[2\]/,
    );
  });

  it('a phase period beyond 65,536 is an overflow', () => {
    const ups = (n: number) => `1d ${Array.from({ length: n }, () => 'up2').join(' ')}`;
    expect(analyze(ups(16)).output.jump).toEqual([2 ** -16]);
    expect(codeOf(() => analyze(ups(17)))).toBe('overflow');
    expect(messageOf(() => analyze(ups(17)))).toContain('phase period');
  });

  it('identity passes through', () => {
    expect(core(analyze('in9 conv3 identity').output)).toEqual(core(analyze('in9 conv3').output));
  });
});

describe('index sets (closed form)', () => {
  it('sums of progressions', () => {
    expect(elements(sumAP(interval(0, 0), 2, 3))).toEqual([0, 2, 4]);
    expect(elements(sumAP(sumAP(interval(0, 0), 2, 3), 2, 3))).toEqual([0, 2, 4, 6, 8]);
    expect(elements(sumAP(sumAP(interval(0, 1), 5, 2), 3, 2))).toEqual([0, 1, 3, 4, 5, 6, 8, 9]);
    expect(elements(union([interval(0, 1), interval(3, 4), sumAP(interval(10, 10), 2, 2)]))).toEqual([
      0, 1, 3, 4, 10, 12,
    ]);
    expect(sizeOf(sumAP(sumAP(interval(0, 0), 1000, 1000), 1, 1000))).toBe(1_000_000);
  });

  it('agree with explicit sets on random sums, shifts and unions (property)', () => {
    type Op =
      | { kind: 'sum'; a: number; k: number }
      | { kind: 'shift'; by: number }
      | { kind: 'union'; other: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant('sum' as const),
        a: fc.integer({ min: 1, max: 40 }),
        k: fc.integer({ min: 1, max: 6 }),
      }),
      fc.record({ kind: fc.constant('shift' as const), by: fc.integer({ min: -20, max: 20 }) }),
      fc.record({ kind: fc.constant('union' as const), other: fc.nat(3) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), (ops) => {
        // A few earlier results to union with.
        const history: [IntSet, Set<number>][] = [[interval(0, 0), new Set([0])]];
        let closed: IntSet = interval(0, 0);
        let brute = new Set([0]);
        for (const o of ops) {
          if (o.kind === 'sum') {
            closed = sumAP(closed, o.a, o.k);
            const next = new Set<number>();
            for (const x of brute) for (let t = 0; t < o.k; t++) next.add(x + t * o.a);
            brute = next;
          } else if (o.kind === 'shift') {
            closed = shift(closed, o.by);
            brute = new Set([...brute].map((x) => x + o.by));
          } else {
            const [c, b] = history[o.other % history.length]!;
            closed = union([closed, c]);
            brute = new Set([...brute, ...b]);
          }
          history.push([closed, brute]);
        }
        const want = [...brute].sort((x, y) => x - y);
        expect(elements(closed)).toEqual(want);
        expect(sizeOf(closed)).toBe(want.length);
      }),
      { numRuns: 500 },
    );
  });
});

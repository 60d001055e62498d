// Hand-computed checks of the brute-force oracle, mostly on normalised Models built here (so they
// test the oracle, not the parser): every expected value below was worked out on paper from each op's definition (docs/model-format.md).
import { describe, expect, it } from 'vitest';
import { isRfError } from '../src/errors.js';
import { parseModel } from '../src/model/parse.js';
import { oracle, oracleRegion } from '../src/oracle/oracle.js';
import { oracleOfModel, regionAxesOfModel } from '../src/oracle/report.js';
import type { Model, ModelSpec, NormalizedLayer, NormalizedPadding, Op } from '../src/types.js';

interface L {
  name?: string;
  op: Op;
  k?: number | number[];
  s?: number | number[];
  d?: number | number[];
  scale?: number | number[];
  /** An integer or per-axis integers (both sides), [begin, end] pairs per axis, or 'same' / 'same-lower'. */
  pad?: number | number[] | { begin: number[]; end: number[] } | 'same' | 'same-lower';
  ceil?: boolean;
  op_?: number | number[];
  inputs?: string[];
}

function build(layers: L[], size: number[] | null, axes = size?.length ?? 1): Model {
  const per = (v: number | number[] | undefined, dflt: number) =>
    Array.isArray(v) ? v : new Array<number>(axes).fill(v ?? dflt);
  const normalized: NormalizedLayer[] = layers.map((l, i) => {
    let padding: NormalizedPadding;
    if (l.pad === 'same' || l.pad === 'same-lower') padding = { kind: 'same', lower: l.pad === 'same-lower' };
    else if (typeof l.pad === 'object' && !Array.isArray(l.pad)) padding = { kind: 'explicit', ...l.pad };
    else padding = { kind: 'explicit', begin: per(l.pad, 0), end: per(l.pad, 0) };
    return {
      name: l.name ?? `${l.op}_${i}`,
      op: l.op,
      index: i,
      kernel: per(l.k, 1),
      stride: per(l.s, 1),
      dilation: per(l.d, 1),
      scale: per(l.scale, 1),
      padding,
      ceilMode: l.ceil ?? false,
      outputPadding: per(l.op_, 0),
      channels: null,
      inputs: l.inputs ?? [i === 0 ? 'input' : (layers[i - 1]!.name ?? `${layers[i - 1]!.op}_${i - 1}`)],
    };
  });
  return { name: 'm', axes, input: { size, channels: null }, layers: normalized };
}

/** The first axis of each field of the layer named `name` (or the last layer). */
function axis0(model: Model, name?: string) {
  const report = oracleOfModel(model);
  const l = name ? report.layers.find((x) => x.name === name)! : report.output;
  return {
    rf: l.rf[0],
    jump: l.jump[0],
    P: l.effectivePadding[0],
    center: l.center[0],
    size: l.outputSize[0],
    covered: l.covered[0],
    global: l.global,
  };
}

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (isRfError(e)) return e.code;
    throw e;
  }
}

describe('oracle: chains of conv and pools', () => {
  it('a single padded conv', () => {
    const m = build([{ op: 'conv', k: 3, pad: 1 }], [5]);
    expect(axis0(m)).toEqual({ rf: 3, jump: 1, P: 1, center: 0, size: 5, covered: 3, global: false });
  });

  it('a VGG-like chain accumulates rf, jump and padding', () => {
    const m = build(
      [
        { name: 'c1', op: 'conv', k: 3, pad: 1 },
        { name: 'p1', op: 'maxpool', k: 2, s: 2 },
        { name: 'c2', op: 'conv', k: 3, pad: 1 },
        { name: 'p2', op: 'maxpool', k: 2, s: 2 },
      ],
      [224],
    );
    expect(axis0(m, 'p1')).toEqual({
      rf: 4,
      jump: 2,
      P: 1,
      center: 0.5,
      size: 112,
      covered: 4,
      global: false,
    });
    expect(axis0(m)).toEqual({ rf: 10, jump: 4, P: 3, center: 1.5, size: 56, covered: 10, global: false });
  });

  it('dilation and strides larger than kernels leave holes (covered < rf)', () => {
    const dilated = build(
      [
        { op: 'conv', k: 3, d: 2 },
        { op: 'conv', k: 3, d: 2 },
      ],
      [20],
    );
    expect(axis0(dilated)).toMatchObject({ rf: 9, covered: 5, size: 12 });
    const gapped = build(
      [
        { op: 'conv', k: 2, s: 3 },
        { op: 'conv', k: 2 },
      ],
      [9],
    );
    // Unit 0 reads layer-1 units 0 and 1, i.e. inputs {0, 1} and {3, 4}.
    expect(axis0(gapped)).toMatchObject({ rf: 5, covered: 4, jump: 3, size: 2 });
  });

  it('negative padding crops', () => {
    const m = build([{ op: 'conv', k: 3, pad: { begin: [-2], end: [1] } }], [10]);
    // Unit 0 reads 2, 3, 4; size floor((10 − 2 + 1 − 3)/1) + 1 = 7.
    expect(axis0(m)).toEqual({ rf: 3, jump: 1, P: -2, center: 3, size: 7, covered: 3, global: false });
  });

  it('an empty output is an error', () => {
    expect(codeOf(() => oracleOfModel(build([{ op: 'conv', k: 5 }], [3])))).toBe('empty-output');
    expect(codeOf(() => oracleOfModel(build([{ op: 'conv', k: 5 }], null)))).toBeNull();
  });
});

describe('oracle: ceil mode', () => {
  it('adds the partial window at the end', () => {
    expect(axis0(build([{ op: 'maxpool', k: 2, s: 2 }], [5])).size).toBe(2);
    expect(axis0(build([{ op: 'maxpool', k: 2, s: 2, ceil: true }], [5])).size).toBe(3);
    // Padded length 8: windows at 0, 2, 4 fit; the one at 6 runs past the end but starts in the input.
    expect(axis0(build([{ op: 'maxpool', k: 3, s: 2, pad: 1, ceil: true }], [6])).size).toBe(4);
  });

  it("drops a last window that starts in the right padding (PyTorch's rule)", () => {
    // n=5, k=2, s=2, p=1: ceil((7 − 2)/2) + 1 = 4 windows, but the 4th starts at padded 6 = n + pL.
    expect(axis0(build([{ op: 'maxpool', k: 2, s: 2, pad: 1, ceil: true }], [5])).size).toBe(3);
    expect(axis0(build([{ op: 'maxpool', k: 2, s: 2, pad: 1 }], [5])).size).toBe(3);
  });
});

describe('oracle: SAME padding', () => {
  it('resolves the pads from the input size', () => {
    // n=5: out 3, total 2, left 1. n=6: out 3, total 1, left 0 (upper) or 1 (lower).
    expect(axis0(build([{ op: 'conv', k: 3, s: 2, pad: 'same' }], [5]))).toMatchObject({ P: 1, size: 3 });
    expect(axis0(build([{ op: 'conv', k: 3, s: 2, pad: 'same' }], [6]))).toMatchObject({ P: 0, size: 3 });
    expect(axis0(build([{ op: 'conv', k: 3, s: 2, pad: 'same-lower' }], [6]))).toMatchObject({
      P: 1,
      size: 3,
    });
  });

  it('is null only where the value really depends on the unknown size', () => {
    const upper = axis0(build([{ op: 'conv', k: 3, s: 2, pad: 'same' }], null));
    expect(upper).toEqual({ rf: 3, jump: 2, P: null, center: null, size: null, covered: 3, global: false });
    // SAME-lower with k=3, s=2 pads 1 on the left for both parities of n.
    const lower = axis0(build([{ op: 'conv', k: 3, s: 2, pad: 'same-lower' }], null));
    expect(lower).toEqual({ rf: 3, jump: 2, P: 1, center: 0, size: null, covered: 3, global: false });
    // Stride 1: the pad never depends on n.
    const s1 = axis0(build([{ op: 'conv', k: 4, pad: 'same' }], null));
    expect(s1).toMatchObject({ P: 1, center: 0.5 });
  });
});

describe('oracle: deconv and upsample', () => {
  it('a deconv has a period of its stride and a fractional jump', () => {
    // o = 2i − 1 + t: unit 0 reads {0}, unit 1 reads {0, 1}, unit 2 reads {1}.
    const m = build([{ op: 'deconv', k: 3, s: 2, pad: 1 }], [4]);
    expect(axis0(m)).toEqual({ rf: 2, jump: 0.5, P: 0, center: 0, size: 7, covered: 1, global: false });
    expect(axis0(build([{ op: 'deconv', k: 3, s: 2, pad: 1, op_: 1 }], [4])).size).toBe(8);
    expect(regionAxesOfModel(m, 'deconv_0', [1])).toEqual([[0, 1]]);
  });

  it('phases that read nothing are left out; unit 0 reading nothing nulls P and centre', () => {
    // k=1, s=2, p=1: unit o reads (o+1)/2 when o is odd, nothing when even.
    const m = build([{ op: 'deconv', k: 1, s: 2, pad: { begin: [1], end: [0] } }], [3]);
    expect(axis0(m)).toEqual({ rf: 1, jump: 0.5, P: null, center: null, size: 4, covered: 0, global: false });
  });

  it('upsampling after a strided conv repeats units', () => {
    const m = build(
      [
        { op: 'conv', k: 3, s: 2, pad: 1 },
        { op: 'upsample', scale: 2 },
      ],
      [8],
    );
    expect(axis0(m)).toEqual({ rf: 3, jump: 1, P: 1, center: 0, size: 8, covered: 3, global: false });
    expect(regionAxesOfModel(m, 'upsample_1', [3])).toEqual([[1, 2, 3]]);
  });
});

describe('oracle: merges', () => {
  const branches = (size: number[] | null) =>
    build(
      [
        { name: 'a', op: 'conv', k: 3, pad: 1 },
        { name: 'b', op: 'conv', k: 5, inputs: ['input'] },
        { name: 'sum', op: 'add', inputs: ['a', 'b'] },
      ],
      size,
    );

  it('the region of a merged unit is the union of its inputs', () => {
    // {-1, 0, 1} ∪ {0, …, 4}
    expect(axis0(branches(null), 'sum')).toEqual({
      rf: 6,
      jump: 1,
      P: 1,
      center: 1.5,
      size: null,
      covered: 6,
      global: false,
    });
  });

  it('different known sizes or jumps at a merge are errors', () => {
    expect(codeOf(() => oracleOfModel(branches([8])))).toBe('size-mismatch');
    const jumps = build(
      [
        { name: 'a', op: 'conv', k: 3, s: 2 },
        { name: 'b', op: 'conv', k: 3, inputs: ['input'] },
        { name: 'sum', op: 'concat', inputs: ['a', 'b'] },
      ],
      null,
    );
    expect(codeOf(() => oracleOfModel(jumps))).toBe('jump-mismatch');
  });
});

describe('oracle: global layers and several axes', () => {
  it('a global layer sees the whole input, and so does everything after it', () => {
    const layers: L[] = [{ op: 'conv', k: 3 }, { op: 'global' }, { op: 'conv', k: 1 }];
    const known = axis0(build(layers, [7]));
    expect(known).toEqual({ rf: 7, jump: null, P: null, center: null, size: null, covered: 7, global: true });
    expect(axis0(build(layers, null)).rf).toBeNull();
    expect(regionAxesOfModel(build(layers, [3]), 'conv_2', [0])).toEqual([[0, 1, 2]]);
  });

  it('treats each axis separately', () => {
    const m = build([{ op: 'conv', k: [3, 1], s: [1, 2], pad: [1, 0] }], [6, 6]);
    const out = oracleOfModel(m).output;
    expect(out.rf).toEqual([3, 1]);
    expect(out.jump).toEqual([1, 2]);
    expect(out.outputSize).toEqual([6, 3]);
    expect(regionAxesOfModel(m, 'conv_0', [2, 2])).toEqual([[1, 2, 3], [4]]);
  });

  it('regions extend to units outside the output', () => {
    const m = build([{ op: 'conv', k: 3, s: 2, pad: 1 }], [4]);
    expect(regionAxesOfModel(m, 'conv_0', [-1])).toEqual([[-3, -2, -1]]);
    expect(regionAxesOfModel(m, 'conv_0', [9])).toEqual([[17, 18, 19]]);
  });

  it('inputSize overrides the model and is validated', () => {
    const m = build([{ op: 'conv', k: 3 }], null);
    expect(oracleOfModel(m, { inputSize: [9] }).output.outputSize).toEqual([7]);
    expect(codeOf(() => oracleOfModel(m, { inputSize: [9, 9] }))).toBe('invalid-argument');
  });
});

describe('oracle: warnings', () => {
  const keys = (m: Model) => oracleOfModel(m).warnings.map((w) => `${w.code}: ${w.layers.join(', ')}`);

  it('flags merged paths whose centres differ, in any phase', () => {
    const misaligned = build(
      [
        { name: 'a', op: 'conv', k: 3, pad: 1 },
        { name: 'b', op: 'conv', k: 3, inputs: ['input'] },
        { name: 'sum', op: 'add', inputs: ['a', 'b'] },
      ],
      null,
    );
    expect(keys(misaligned)).toEqual(['misaligned-merge: sum, a, b']);
    const aligned = build(
      [
        { name: 'a', op: 'conv', k: 3, pad: 1 },
        { name: 'b', op: 'conv', k: 5, pad: 2, inputs: ['input'] },
        { name: 'sum', op: 'add', inputs: ['a', 'b'] },
      ],
      null,
    );
    expect(keys(aligned)).toEqual([]);
    // Unit 0 of both paths is centred on input 0, but unit 1 of u reads input 0 and c's reads 1.
    const phase = build(
      [
        { name: 'd', op: 'conv', k: 1, s: 2 },
        { name: 'u', op: 'upsample', scale: 2 },
        { name: 'c', op: 'identity', inputs: ['input'] },
        { name: 'sum', op: 'concat', inputs: ['u', 'c'] },
      ],
      null,
    );
    expect(keys(phase)).toEqual(['misaligned-merge: sum, u, c']);
  });

  it('flags SAME pads that depend on the unknown size, and rf beyond the input', () => {
    expect(keys(build([{ name: 'c', op: 'conv', k: 3, s: 2, pad: 'same' }], null))).toEqual([
      'same-padding-unknown-size: c',
    ]);
    expect(keys(build([{ name: 'c', op: 'conv', k: 3, s: 2, pad: 'same-lower' }], null))).toEqual([]);
    const deep = build(
      [
        { name: 'c1', op: 'conv', k: 3, pad: 1 },
        { name: 'c2', op: 'conv', k: 3, pad: 1 },
      ],
      [4],
    );
    expect(keys(deep)).toEqual(['rf-exceeds-input: c2']);
  });

  it('a merge with a global path is global, whatever the other jumps', () => {
    const se = build(
      [
        { name: 'x', op: 'conv', k: 3, s: 2 },
        { name: 'g', op: 'global', inputs: ['input'] },
        { name: 'scale', op: 'mul', inputs: ['x', 'g'] },
      ],
      [9],
    );
    expect(axis0(se)).toEqual({
      rf: 9,
      jump: null,
      P: null,
      center: null,
      size: null,
      covered: 9,
      global: true,
    });
  });
});

describe('oracle: more windows', () => {
  it('ceil mode keeps a first window larger than the padded input when it starts inside it', () => {
    // n=2, k=3, s=2: no window fits, but ceil((2 − 3)/2) + 1 = 1 window starts at 0.
    expect(axis0(build([{ op: 'maxpool', k: 3, s: 2, ceil: true }], [2])).size).toBe(1);
    expect(codeOf(() => oracleOfModel(build([{ op: 'maxpool', k: 3, s: 2 }], [2])))).toBe('empty-output');
  });

  it('a dilated deconv taps every d-th output', () => {
    // o = 2i + 2t (t = 0, 1): unit 0 reads {-1, 0}, unit 2 reads {0, 1}, odd units read nothing.
    const m = build([{ op: 'deconv', k: 2, s: 2, d: 2 }], [3]);
    expect(axis0(m)).toEqual({ rf: 2, jump: 0.5, P: 1, center: -0.5, size: 7, covered: 2, global: false });
    expect(regionAxesOfModel(m, 'deconv_0', [2])).toEqual([[0, 1]]);
    expect(regionAxesOfModel(m, 'deconv_0', [3])).toEqual([[]]);
  });

  it('a layer whose units read nothing has rf 0 and the jump of its relaxed region', () => {
    // deconv k1 s3: only units 3i read input i; the conv reads deconv units 3o − 1: never.
    const m = build(
      [
        { op: 'deconv', k: 1, s: 3 },
        { op: 'conv', k: 1, s: 3, pad: 1 },
      ],
      null,
    );
    expect(axis0(m)).toEqual({
      rf: 0,
      jump: 1,
      P: null,
      center: null,
      size: null,
      covered: 0,
      global: false,
    });
  });
});

describe('oracle and oracleRegion on ModelSpecs', () => {
  const vgg16: ModelSpec = {
    name: 'vgg16',
    input: { size: [224, 224], channels: 3 },
    layers: [2, 2, 3, 3, 3].flatMap((convs, block) => [
      ...Array.from({ length: convs }, (_, c) => ({
        name: `conv${block + 1}_${c + 1}`,
        op: 'conv' as const,
        kernel: 3,
        padding: 1,
      })),
      { name: `pool${block + 1}`, op: 'maxpool' as const, kernel: 2, stride: 2 },
    ]),
  };

  it('reproduces the published VGG16 pool5 entry', () => {
    const out = oracle(vgg16).output;
    expect(out).toEqual({
      name: 'pool5',
      op: 'maxpool',
      inputs: ['conv5_3'],
      rf: [212, 212],
      jump: [32, 32],
      effectivePadding: [90, 90],
      center: [15.5, 15.5],
      outputSize: [7, 7],
      covered: [212, 212],
      global: false,
    });
  });

  it('gives the index sets of a unit, and accepts normalised Models too', () => {
    const spec: ModelSpec = {
      layers: [{ name: 'c', op: 'conv', kernel: [3, 1], stride: 2, padding: [1, 0] }],
    };
    expect(oracleRegion(spec, 'c', [2, 3])).toEqual({ indices: [[3, 4, 5], [6]] });
    expect(oracleRegion(parseModel(spec), 'c', [0, 0])).toEqual({ indices: [[-1, 0, 1], [0]] });
    expect(oracleRegion(vgg16, 'pool1', [0, 111]).indices.map((s) => [s[0], s.at(-1)])).toEqual([
      [-2, 3],
      [220, 225],
    ]);
  });

  it('refuses a region that depends on an unknown input size, and unknown layers', () => {
    const same: ModelSpec = { layers: [{ name: 'c', op: 'conv', kernel: [3], stride: 2, padding: 'same' }] };
    expect(codeOf(() => oracleRegion(same, 'c', [0]))).toBe('invalid-argument');
    expect(oracleRegion(same, 'c', [0], { inputSize: [6] })).toEqual({ indices: [[0, 1, 2]] });
    expect(codeOf(() => oracleRegion(same, 'nope', [0]))).toBe('unknown-layer');
    expect(codeOf(() => oracleRegion(same, 'c', [0, 0]))).toBe('invalid-argument');
  });

  it("passes the parser's errors through", () => {
    expect(codeOf(() => oracle({ layers: [{ op: 'deconv', kernel: 3, padding: 'same' }] }))).toBe(
      'invalid-model',
    );
    expect(codeOf(() => oracle({ layers: [{ op: 'conv', kernel: 3, inputs: ['x'] }] }))).toBe(
      'unknown-layer',
    );
  });
});

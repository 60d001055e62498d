// The parts random models are built from (models.ts): layer drafts of every op, padding mode and
// per-axis form, branches and blocks, and the parameter ranges that keep them small enough for the
// brute-force oracle.
import fc from 'fast-check';
import type { Op, PaddingSpec } from './types.js';

export type Vec = number[];

/** A layer before its per-axis fields are written as scalars or arrays. */
export interface Draft {
  op: Op;
  kernel?: Vec;
  stride?: Vec;
  dilation?: Vec;
  scale?: Vec;
  padding?: PaddingSpec;
  ceilMode?: boolean;
  outputPadding?: Vec;
  /** Write uniform vectors as scalars. */
  scalar: boolean;
}

/** One value on every axis, or one per axis (biased towards the first). */
export function vec(axes: number, value: fc.Arbitrary<number>): fc.Arbitrary<Vec> {
  return fc.oneof(
    { weight: 3, arbitrary: value.map((v) => new Array<number>(axes).fill(v)) },
    { weight: 1, arbitrary: fc.array(value, { minLength: axes, maxLength: axes }) },
  );
}

export const small = (min: number, max: number) => fc.integer({ min, max });

/** Parameter ranges: `narrow` (the default) keeps models tiny; `wide` reaches further. */
export interface Ranges {
  kernel: number;
  /** Strides and up-sampling factors: mostly 1. */
  factor: fc.Arbitrary<number>;
  dilation: fc.Arbitrary<number>;
  /** Explicit padding bounds. */
  pad: [number, number];
  size: number;
}

export const NARROW: Ranges = {
  kernel: 5,
  factor: fc.oneof(
    { weight: 5, arbitrary: fc.constant(1) },
    { weight: 3, arbitrary: fc.constant(2) },
    { weight: 1, arbitrary: fc.constant(3) },
  ),
  dilation: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: small(2, 3) }),
  pad: [-2, 3],
  size: 48,
};

export const WIDE: Ranges = {
  kernel: 7,
  factor: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: small(2, 4) }),
  dilation: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: small(2, 4) }),
  pad: [-4, 6],
  size: 96,
};

function explicitPadding(axes: number, min: number, max: number): fc.Arbitrary<PaddingSpec> {
  const arr = fc.array(small(min, max), { minLength: axes, maxLength: axes });
  return fc.oneof(
    { weight: 3, arbitrary: small(Math.max(min, 0), max) },
    { weight: 1, arbitrary: small(min, max) },
    { weight: 1, arbitrary: arr },
    { weight: 2, arbitrary: fc.record({ begin: arr, end: arr }) },
  );
}

/** Every padding mode: integers (negative too), per-axis, begin/end, valid, same, same-lower. */
function paddingArb(axes: number, r: Ranges): fc.Arbitrary<PaddingSpec> {
  return fc.oneof(
    { weight: 4, arbitrary: explicitPadding(axes, r.pad[0], r.pad[1]) },
    { weight: 1, arbitrary: fc.constant<PaddingSpec>('valid') },
    { weight: 2, arbitrary: fc.constant<PaddingSpec>('same') },
    { weight: 2, arbitrary: fc.constant<PaddingSpec>('same-lower') },
  );
}

function convLike(axes: number, r: Ranges, op: 'conv' | 'maxpool' | 'avgpool'): fc.Arbitrary<Draft> {
  return fc.record({
    op: fc.constant(op),
    kernel: vec(axes, small(1, op === 'conv' ? r.kernel : r.kernel - 1)),
    stride: vec(axes, r.factor),
    dilation: vec(axes, r.dilation),
    padding: paddingArb(axes, r),
    ceilMode: op === 'conv' ? fc.constant(undefined) : fc.boolean(),
    scalar: fc.boolean(),
  }) as fc.Arbitrary<Draft>;
}

function deconv(axes: number, r: Ranges): fc.Arbitrary<Draft> {
  return fc
    .record({
      kernel: vec(axes, small(1, r.kernel - 1)),
      stride: vec(axes, r.factor),
      dilation: vec(axes, r.dilation),
      padding: explicitPadding(axes, -1, 2),
      outputPadding: vec(axes, small(0, 2)),
      scalar: fc.boolean(),
    })
    .map((d) => ({
      op: 'deconv' as const,
      ...d,
      // PyTorch needs outputPadding < stride or < dilation.
      outputPadding: d.outputPadding.map((p, a) => Math.min(p, Math.max(d.stride[a]!, d.dilation[a]!) - 1)),
    }));
}

/** A layer of any single-input op but global. */
export function anyLayer(axes: number, r: Ranges): fc.Arbitrary<Draft> {
  return fc.oneof(
    { weight: 5, arbitrary: convLike(axes, r, 'conv') },
    { weight: 2, arbitrary: convLike(axes, r, 'maxpool') },
    { weight: 2, arbitrary: convLike(axes, r, 'avgpool') },
    { weight: 2, arbitrary: deconv(axes, r) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant<Op>('upsample'),
        scale: vec(axes, small(1, 3)),
        scalar: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.constant<Draft>({ op: 'identity', scalar: true }) },
  );
}

/**
 * A layer that keeps the centre of its branch where it was: odd kernel, symmetric padding
 * `(ke−1)/2` or SAME, at most the branch's stride.
 */
export function alignedLayer(axes: number, r: Ranges): fc.Arbitrary<Draft> {
  return fc
    .record({
      op: fc.constantFrom<Op>('conv', 'conv', 'maxpool', 'avgpool'),
      half: vec(axes, small(0, (r.kernel - 1) / 2)),
      dilation: vec(axes, r.dilation),
      same: fc.constantFrom<PaddingSpec | null>(null, null, 'same', 'same-lower'),
      scalar: fc.boolean(),
    })
    .map(({ op, half, dilation, same, scalar }) => ({
      op,
      kernel: half.map((h) => 2 * h + 1),
      dilation,
      padding: same ?? half.map((h, a) => h * dilation[a]!),
      scalar,
    }));
}

export type Branch =
  | { kind: 'aligned' | 'free'; layers: Draft[] }
  | { kind: 'skip' }
  | { kind: 'down-up'; layer: Draft }
  /** Squeeze-and-excitation style: global pooling then a 1×1 conv; makes the merge global. */
  | { kind: 'global' };

export function branchArb(axes: number, r: Ranges): fc.Arbitrary<Branch> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('aligned' as const),
        layers: fc.array(alignedLayer(axes, r), { minLength: 1, maxLength: 2 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('free' as const),
        layers: fc.array(anyLayer(axes, r), { minLength: 1, maxLength: 2 }),
      }),
    },
    { weight: 2, arbitrary: fc.constant<Branch>({ kind: 'skip' }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('down-up' as const), layer: alignedLayer(axes, r) }),
    },
    { weight: 1, arbitrary: fc.constant<Branch>({ kind: 'global' }) },
  );
}

export type Block =
  | { kind: 'chain'; layers: Draft[] }
  | { kind: 'branch'; stride: Vec; merge: 'add' | 'concat' | 'mul'; branches: Branch[]; rogue: boolean }
  /** U-Net style: merge the current node with an earlier one at the same jump. */
  | { kind: 'long-skip'; merge: 'add' | 'concat' | 'mul'; pick: number };

export function blockArb(axes: number, r: Ranges): fc.Arbitrary<Block> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('chain' as const),
        layers: fc.array(anyLayer(axes, r), { minLength: 1, maxLength: 3 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('branch' as const),
        stride: vec(axes, r.factor),
        merge: fc.constantFrom('add' as const, 'concat' as const, 'mul' as const),
        branches: fc.array(branchArb(axes, r), { minLength: 2, maxLength: 3 }),
        // One branch gets a random extra stride: usually a jump mismatch.
        rogue: fc.integer({ min: 0, max: 24 }).map((x) => x === 0),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('long-skip' as const),
        merge: fc.constantFrom('add' as const, 'concat' as const, 'mul' as const),
        pick: fc.nat(),
      }),
    },
  );
}

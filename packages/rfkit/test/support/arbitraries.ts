// fast-check arbitraries for random ModelSpecs (DESIGN §2): chains and DAGs over every op, padding
// mode and per-axis form, small enough for the brute-force oracle.
import fc from 'fast-check';
import type { LayerSpec, ModelSpec, Op, PaddingSpec } from '../../src/types.js';

/** Caps that keep the oracle fast: per-axis products of down-sampling and up-sampling factors. */
const MAX_DOWN = 8;
const MAX_UP = 4;

type Vec = number[];

/** A layer before its per-axis fields are written as scalars or arrays. */
interface Draft {
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
function vec(axes: number, value: fc.Arbitrary<number>): fc.Arbitrary<Vec> {
  return fc.oneof(
    { weight: 3, arbitrary: value.map((v) => new Array<number>(axes).fill(v)) },
    { weight: 1, arbitrary: fc.array(value, { minLength: axes, maxLength: axes }) },
  );
}

const small = (min: number, max: number) => fc.integer({ min, max });
/** Mostly 1, sometimes 2, rarely 3. */
const factor = fc.oneof(
  { weight: 5, arbitrary: fc.constant(1) },
  { weight: 3, arbitrary: fc.constant(2) },
  { weight: 1, arbitrary: fc.constant(3) },
);
const dilationArb = fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: small(2, 3) });

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
function paddingArb(axes: number): fc.Arbitrary<PaddingSpec> {
  return fc.oneof(
    { weight: 4, arbitrary: explicitPadding(axes, -2, 3) },
    { weight: 1, arbitrary: fc.constant<PaddingSpec>('valid') },
    { weight: 2, arbitrary: fc.constant<PaddingSpec>('same') },
    { weight: 2, arbitrary: fc.constant<PaddingSpec>('same-lower') },
  );
}

function convLike(axes: number, op: 'conv' | 'maxpool' | 'avgpool'): fc.Arbitrary<Draft> {
  return fc.record({
    op: fc.constant(op),
    kernel: vec(axes, small(1, op === 'conv' ? 5 : 4)),
    stride: vec(axes, factor),
    dilation: vec(axes, dilationArb),
    padding: paddingArb(axes),
    ceilMode: op === 'conv' ? fc.constant(undefined) : fc.boolean(),
    scalar: fc.boolean(),
  }) as fc.Arbitrary<Draft>;
}

function deconv(axes: number): fc.Arbitrary<Draft> {
  return fc
    .record({
      kernel: vec(axes, small(1, 4)),
      stride: vec(axes, factor),
      dilation: vec(axes, dilationArb),
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
function anyLayer(axes: number): fc.Arbitrary<Draft> {
  return fc.oneof(
    { weight: 5, arbitrary: convLike(axes, 'conv') },
    { weight: 2, arbitrary: convLike(axes, 'maxpool') },
    { weight: 2, arbitrary: convLike(axes, 'avgpool') },
    { weight: 2, arbitrary: deconv(axes) },
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
function alignedLayer(axes: number): fc.Arbitrary<Draft> {
  return fc
    .record({
      op: fc.constantFrom<Op>('conv', 'conv', 'maxpool', 'avgpool'),
      half: vec(axes, small(0, 2)),
      dilation: vec(axes, dilationArb),
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

type Branch =
  | { kind: 'aligned' | 'free'; layers: Draft[] }
  | { kind: 'skip' }
  | { kind: 'down-up'; layer: Draft }
  /** Squeeze-and-excitation style: global pooling then a 1×1 conv; makes the merge global. */
  | { kind: 'global' };

function branchArb(axes: number): fc.Arbitrary<Branch> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('aligned' as const),
        layers: fc.array(alignedLayer(axes), { minLength: 1, maxLength: 2 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('free' as const),
        layers: fc.array(anyLayer(axes), { minLength: 1, maxLength: 2 }),
      }),
    },
    { weight: 2, arbitrary: fc.constant<Branch>({ kind: 'skip' }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('down-up' as const), layer: alignedLayer(axes) }) },
    { weight: 1, arbitrary: fc.constant<Branch>({ kind: 'global' }) },
  );
}

type Block =
  | { kind: 'chain'; layers: Draft[] }
  | { kind: 'branch'; stride: Vec; merge: 'add' | 'concat' | 'mul'; branches: Branch[]; rogue: boolean };

function blockArb(axes: number): fc.Arbitrary<Block> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('chain' as const),
        layers: fc.array(anyLayer(axes), { minLength: 1, maxLength: 3 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('branch' as const),
        stride: vec(axes, factor),
        merge: fc.constantFrom('add' as const, 'concat' as const, 'mul' as const),
        branches: fc.array(branchArb(axes), { minLength: 2, maxLength: 3 }),
        // One branch gets a random extra stride: usually a jump mismatch.
        rogue: fc.integer({ min: 0, max: 24 }).map((x) => x === 0),
      }),
    },
  );
}

export interface ModelArbOptions {
  /** Allow merge blocks (DAGs). Default true. */
  dags?: boolean;
  /** Probability-ish weight of an input size: 'always', 'never' or 'sometimes' (default). */
  inputSize?: 'always' | 'never' | 'sometimes';
  /** Most blocks. Default 4. */
  maxBlocks?: number;
}

/** Builds the ModelSpec from blocks, capping sampling products so the oracle stays fast. */
class Builder {
  readonly layers: LayerSpec[] = [];
  private down: number[];
  private up: number[];
  private current = 'input';

  constructor(private readonly axes: number) {
    this.down = new Array<number>(axes).fill(1);
    this.up = new Array<number>(axes).fill(1);
  }

  /** Clamps a down-sampling stride vector to the remaining budget and spends it. */
  private spendDown(stride: Vec): Vec {
    return stride.map((s, a) => {
      if (this.down[a]! * s > MAX_DOWN) return 1;
      this.down[a]! *= s;
      return s;
    });
  }

  private spendUp(factors: Vec): Vec {
    return factors.map((s, a) => {
      if (this.up[a]! * s > MAX_UP) return 1;
      this.up[a]! *= s;
      return s;
    });
  }

  /** Emits a layer fed by the previous one (the default `inputs`). */
  private emit(d: Draft, strideOverride?: Vec): string {
    const name = `l${this.layers.length}`;
    const out = (v: Vec) => (d.scalar && v.every((x) => x === v[0]) ? v[0]! : v);
    const spec: LayerSpec = { name, op: d.op };
    if (d.kernel) spec.kernel = out(d.kernel);
    let stride = strideOverride ?? d.stride;
    if (stride) {
      stride = d.op === 'deconv' ? this.spendUp(stride) : this.spendDown(stride);
      spec.stride = out(stride);
    }
    if (d.dilation) spec.dilation = out(d.dilation);
    if (d.scale) spec.scale = out(this.spendUp(d.scale));
    if (d.padding !== undefined) spec.padding = d.padding;
    if (d.ceilMode !== undefined) spec.ceilMode = d.ceilMode;
    if (d.outputPadding && stride) {
      // Re-clamp after the stride budget may have lowered the stride.
      const s = stride;
      spec.outputPadding = out(
        d.outputPadding.map((p, a) => Math.min(p, Math.max(s[a]!, d.dilation?.[a] ?? 1) - 1)),
      );
    }
    this.layers.push(spec);
    return name;
  }

  chain(drafts: Draft[]): void {
    for (const d of drafts) this.current = this.emit(d);
  }

  branch(block: Extract<Block, { kind: 'branch' }>): void {
    const stride = this.spendDown(block.stride);
    const source = this.current;
    const ends: string[] = [];
    block.branches.forEach((b, bi) => {
      const rogue = block.rogue && bi === block.branches.length - 1;
      const s = rogue ? stride.map((x) => x + 1) : stride;
      if (b.kind === 'skip') {
        // A strided block needs a projection shortcut (1×1, stride s), as in ResNet.
        const ones = new Array<number>(this.axes).fill(1);
        if (s.every((x) => x === 1)) ends.push(source);
        else ends.push(this.emitFree({ op: 'conv', kernel: ones, scalar: true }, source, s));
        return;
      }
      if (b.kind === 'global') {
        const pooled = this.emitFree({ op: 'global', scalar: true }, source);
        const ones = new Array<number>(this.axes).fill(1);
        ends.push(this.emitFree({ op: 'conv', kernel: ones, scalar: true }, pooled));
        return;
      }
      if (b.kind === 'down-up') {
        const down = s.map((x) => 2 * x);
        let last = this.emitFree({ ...b.layer, stride: down }, source);
        last = this.emitFree(
          { op: 'upsample', scale: new Array<number>(this.axes).fill(2), scalar: true },
          last,
        );
        ends.push(last);
        return;
      }
      let last = source;
      b.layers.forEach((d, li) => {
        const st = li === 0 ? s : new Array<number>(this.axes).fill(1);
        // Up-sampling would change the branch's jump; a stride-free op cannot carry the block's stride.
        const windowed = d.op === 'conv' || d.op === 'maxpool' || d.op === 'avgpool';
        const ones = new Array<number>(this.axes).fill(1);
        last = this.emitFree(windowed ? d : { op: 'conv', kernel: ones, scalar: true }, last, st);
      });
      ends.push(last);
    });
    // Two skip branches would name the source twice: give the second its own identity layer.
    const unique = ends.map((e, i) =>
      ends.indexOf(e) === i ? e : this.emitFree({ op: 'identity', scalar: true }, source),
    );
    const name = `l${this.layers.length}`;
    this.layers.push({ name, op: block.merge, inputs: unique });
    this.current = name;
  }

  /** Emits without charging the budget (strides inside a branch are paid once by the block). */
  private emitFree(d: Draft, from: string, stride?: Vec): string {
    const name = `l${this.layers.length}`;
    const out = (v: Vec) => (d.scalar && v.every((x) => x === v[0]) ? v[0]! : v);
    const spec: LayerSpec = { name, op: d.op, inputs: [from] };
    if (d.op === 'identity') {
      this.layers.push(spec);
      return name;
    }
    if (d.kernel) spec.kernel = out(d.kernel);
    const st = stride ?? d.stride;
    if (st && d.op !== 'upsample') spec.stride = out(st);
    if (d.dilation) spec.dilation = out(d.dilation);
    if (d.scale) spec.scale = out(d.scale);
    if (d.padding !== undefined) spec.padding = d.padding;
    if (d.ceilMode !== undefined) spec.ceilMode = d.ceilMode;
    this.layers.push(spec);
    return name;
  }

  global(): void {
    const name = `l${this.layers.length}`;
    this.layers.push({ name, op: 'global' });
    this.current = name;
  }
}

/** Random ModelSpecs: chains and (by default) DAGs, 1–3 axes, with or without an input size. */
export function modelArb(options: ModelArbOptions = {}): fc.Arbitrary<ModelSpec> {
  const { dags = true, inputSize = 'sometimes', maxBlocks = 4 } = options;
  return fc.integer({ min: 1, max: 3 }).chain((axes) => {
    const blocks = dags
      ? fc.array(blockArb(axes), { minLength: 1, maxLength: maxBlocks })
      : fc
          .array(anyLayer(axes), { minLength: 1, maxLength: 2 * maxBlocks })
          .map((layers) => [{ kind: 'chain' as const, layers }]);
    const size = fc.array(small(1, 48), { minLength: axes, maxLength: axes });
    const sizeArb =
      inputSize === 'always'
        ? size
        : inputSize === 'never'
          ? fc.constant(null)
          : fc.option(size, { freq: 2, nil: null });
    // A global layer at the end, or before one more conv, now and then.
    const globalArb = fc.constantFrom<'none' | 'last' | 'before-conv'>(
      'none',
      'none',
      'none',
      'none',
      'last',
      'before-conv',
    );
    return fc.record({ blocks, size: sizeArb, global: globalArb }).map(({ blocks, size, global }) => {
      const b = new Builder(axes);
      for (const block of blocks) {
        if (block.kind === 'chain') b.chain(block.layers);
        else b.branch(block);
      }
      if (global !== 'none') b.global();
      if (global === 'before-conv')
        b.chain([{ op: 'conv', kernel: new Array<number>(axes).fill(3), scalar: true }]);
      const spec: ModelSpec = { layers: b.layers };
      if (size) spec.input = { size };
      return spec;
    });
  });
}

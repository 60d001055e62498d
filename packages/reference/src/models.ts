// fast-check arbitraries for random ModelSpecs: chains and DAGs over every op, padding
// mode and per-axis form, small enough for the brute-force oracle.
import fc from 'fast-check';
import { anyLayer, type Block, blockArb, type Draft, NARROW, small, type Vec, WIDE } from './model-parts.js';
import type { LayerSpec, ModelSpec } from './types.js';

/** Caps that keep the oracle fast: per-axis products of down-sampling and up-sampling factors. */
const MAX_DOWN = 8;
const MAX_UP = 4;

export interface ModelArbOptions {
  /** Allow merge blocks (DAGs). Default true. */
  dags?: boolean;
  /** Probability-ish weight of an input size: 'always', 'never' or 'sometimes' (default). */
  inputSize?: 'always' | 'never' | 'sometimes';
  /** Most blocks. Default 4. */
  maxBlocks?: number;
  /** Larger kernels (7), strides and factors (4), dilations (4), paddings (−4…6), sizes (96). Default false. */
  wide?: boolean;
}

/** Builds the ModelSpec from blocks, capping sampling products so the oracle stays fast. */
class Builder {
  readonly layers: LayerSpec[] = [];
  private down: number[];
  private up: number[];
  private current = 'input';
  /** Each node's jump per axis as a reduced fraction `num/den` ('global' after a global layer). */
  private readonly jumps = new Map<string, string>();

  constructor(private readonly axes: number) {
    this.down = new Array<number>(axes).fill(1);
    this.up = new Array<number>(axes).fill(1);
    this.jumps.set('input', new Array<string>(axes).fill('1/1').join(','));
  }

  /** Records the jump of a freshly pushed layer from its op and its first input's jump. */
  private track(spec: LayerSpec, from: string): void {
    const prev = this.jumps.get(from)!;
    if (spec.op === 'global' || prev === 'global') {
      this.jumps.set(spec.name!, 'global');
      return;
    }
    const at = (v: number | number[] | undefined, a: number) => (Array.isArray(v) ? v[a]! : (v ?? 1));
    const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
    const next = prev.split(',').map((f, a) => {
      let [num, den] = f.split('/').map(Number) as [number, number];
      if (spec.op === 'conv' || spec.op === 'maxpool' || spec.op === 'avgpool') num *= at(spec.stride, a);
      if (spec.op === 'deconv') den *= at(spec.stride, a);
      if (spec.op === 'upsample') den *= at(spec.scale, a);
      const g = gcd(num, den);
      return `${num / g}/${den / g}`;
    });
    this.jumps.set(spec.name!, next.join(','));
  }

  longSkip(block: Extract<Block, { kind: 'long-skip' }>): void {
    const jump = this.jumps.get(this.current)!;
    if (jump === 'global') return;
    const candidates = [...this.jumps].filter(([n, j]) => j === jump && n !== this.current).map(([n]) => n);
    if (candidates.length === 0) return;
    const other = candidates[block.pick % candidates.length]!;
    const name = `l${this.layers.length}`;
    this.layers.push({ name, op: block.merge, inputs: [this.current, other] });
    this.jumps.set(name, jump);
    this.current = name;
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
    this.track(spec, this.current);
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
    this.jumps.set(
      name,
      unique.some((u) => this.jumps.get(u) === 'global') ? 'global' : this.jumps.get(unique[0]!)!,
    );
    this.current = name;
  }

  /** Emits without charging the budget (strides inside a branch are paid once by the block). */
  private emitFree(d: Draft, from: string, stride?: Vec): string {
    const name = `l${this.layers.length}`;
    const out = (v: Vec) => (d.scalar && v.every((x) => x === v[0]) ? v[0]! : v);
    const spec: LayerSpec = { name, op: d.op, inputs: [from] };
    if (d.op === 'identity') {
      this.layers.push(spec);
      this.track(spec, from);
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
    this.track(spec, from);
    return name;
  }

  global(): void {
    const name = `l${this.layers.length}`;
    this.layers.push({ name, op: 'global' });
    this.jumps.set(name, 'global');
    this.current = name;
  }
}

/** Random ModelSpecs: chains and (by default) DAGs, 1–3 axes, with or without an input size. */
export function modelArb(options: ModelArbOptions = {}): fc.Arbitrary<ModelSpec> {
  const { dags = true, inputSize = 'sometimes', maxBlocks = 4, wide = false } = options;
  const r = wide ? WIDE : NARROW;
  return fc.integer({ min: 1, max: 3 }).chain((axes) => {
    const blocks = dags
      ? fc.array(blockArb(axes, r), { minLength: 1, maxLength: maxBlocks })
      : fc
          .array(anyLayer(axes, r), { minLength: 1, maxLength: 2 * maxBlocks })
          .map((layers) => [{ kind: 'chain' as const, layers }]);
    const size = fc.array(small(1, r.size), { minLength: axes, maxLength: axes });
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
        else if (block.kind === 'branch') b.branch(block);
        else b.longSkip(block);
      }
      // A lone long skip has nothing to merge with: keep the model non-empty.
      if (b.layers.length === 0) b.chain([{ op: 'identity', scalar: true }]);
      if (global !== 'none') b.global();
      if (global === 'before-conv')
        b.chain([{ op: 'conv', kernel: new Array<number>(axes).fill(3), scalar: true }]);
      const spec: ModelSpec = { layers: b.layers };
      if (size) spec.input = { size };
      return spec;
    });
  });
}

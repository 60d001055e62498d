// fast-check models whose units read unions that are not boxes: forks of branches with their own
// per-axis kernels, dilations and offsets (1×5 beside 5×1, a dilated 3×3 beside a dense one),
// merged, between chain layers that stride, transpose-convolve or upsample — in 1 to 3 axes.
// Every branch keeps its input's size and jump, so the merges are valid (if often misaligned).
import fc from 'fast-check';
import type { LayerSpec, ModelSpec } from '../../src/types.js';

type Vec = number[];

const vec = (axes: number, min: number, max: number) =>
  fc.array(fc.integer({ min, max }), { minLength: axes, maxLength: axes });

/** A stride-1 conv that keeps the size: total padding ke − 1, split anywhere. */
function keepSize(axes: number): fc.Arbitrary<Omit<LayerSpec, 'name' | 'inputs'>> {
  return fc
    .record({ kernel: vec(axes, 1, 5), dilation: vec(axes, 1, 3), split: vec(axes, 0, 100) })
    .map(({ kernel, dilation, split }) => {
      const total = kernel.map((k, a) => dilation[a]! * (k - 1));
      const begin = total.map((t, a) => split[a]! % (t + 1));
      return {
        op: 'conv' as const,
        kernel,
        dilation,
        padding: { begin, end: total.map((t, a) => t - begin[a]!) },
      };
    });
}

type Branch =
  | { kind: 'convs'; layers: Omit<LayerSpec, 'name' | 'inputs'>[] }
  | { kind: 'skip' }
  /** Upsample ×2, then a stride-2 conv back to the input's size and jump. */
  | { kind: 'up-down'; conv: Omit<LayerSpec, 'name' | 'inputs'> };

function branchArb(axes: number): fc.Arbitrary<Branch> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('convs' as const),
        layers: fc.array(keepSize(axes), { minLength: 1, maxLength: 2 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant<Branch>({ kind: 'skip' }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('up-down' as const), conv: keepSize(axes) }) },
  );
}

type Block =
  | { kind: 'fork'; branches: Branch[]; merge: 'add' | 'concat' | 'mul' }
  | { kind: 'conv'; kernel: Vec; stride: Vec; dilation: Vec; begin: Vec }
  | { kind: 'deconv'; kernel: Vec; stride: Vec; begin: Vec }
  | { kind: 'upsample'; scale: Vec };

function blockArb(axes: number): fc.Arbitrary<Block> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('fork' as const),
        branches: fc.array(branchArb(axes), { minLength: 2, maxLength: 3 }),
        merge: fc.constantFrom('add' as const, 'concat' as const, 'mul' as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('conv' as const),
        kernel: vec(axes, 1, 4),
        stride: vec(axes, 1, 2),
        dilation: vec(axes, 1, 2),
        begin: vec(axes, -1, 2),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('deconv' as const),
        kernel: vec(axes, 1, 4),
        stride: vec(axes, 1, 3),
        begin: vec(axes, 0, 1),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('upsample' as const), scale: vec(axes, 1, 2) }) },
  );
}

/** Random fork-and-merge models with an input size, 1–3 axes. */
export function forkModelArb(): fc.Arbitrary<ModelSpec> {
  return fc.integer({ min: 1, max: 3 }).chain((axes) =>
    fc
      .record({
        size: vec(axes, 6, axes === 3 ? 10 : 16),
        blocks: fc.array(blockArb(axes), { minLength: 1, maxLength: 4 }),
      })
      .map(({ size, blocks }) => {
        const layers: LayerSpec[] = [];
        let current = 'input';
        const push = (l: Omit<LayerSpec, 'name'>): string => {
          const name = `l${layers.length}`;
          layers.push({ name, ...l });
          return name;
        };
        // Up- and down-sampling budgets per axis keep the brute force small.
        const up = new Array<number>(axes).fill(1);
        const down = new Array<number>(axes).fill(1);
        const spend = (budget: number[], f: Vec, max: number) =>
          f.map((x, a) => {
            if (budget[a]! * x > max) return 1;
            budget[a]! *= x;
            return x;
          });
        for (const b of blocks) {
          if (b.kind === 'fork') {
            const ends = b.branches.map((br) => {
              if (br.kind === 'skip') return current;
              if (br.kind === 'up-down') {
                const u = push({ op: 'upsample', scale: new Array<number>(axes).fill(2), inputs: [current] });
                return push({ ...br.conv, stride: new Array<number>(axes).fill(2), inputs: [u] });
              }
              let last = current;
              for (const l of br.layers) last = push({ ...l, inputs: [last] });
              return last;
            });
            const unique = ends.map((e, i) =>
              ends.indexOf(e) === i ? e : push({ op: 'identity', inputs: [current] }),
            );
            current = push({ op: b.merge, inputs: unique });
          } else if (b.kind === 'conv') {
            const stride = spend(down, b.stride, 4);
            current = push({
              op: 'conv',
              kernel: b.kernel,
              stride,
              dilation: b.dilation,
              padding: { begin: b.begin, end: b.begin.map((p) => Math.max(p, 0)) },
              inputs: [current],
            });
          } else if (b.kind === 'deconv') {
            const stride = spend(up, b.stride, 4);
            current = push({
              op: 'deconv',
              kernel: b.kernel,
              stride,
              padding: { begin: b.begin, end: b.begin },
              inputs: [current],
            });
          } else {
            current = push({ op: 'upsample', scale: spend(up, b.scale, 4), inputs: [current] });
          }
        }
        return { input: { size }, layers };
      }),
  );
}

// fast-check generators of small search spaces for the search tests. Constraints are placed around
// one random combination of the space (its "picks"), so that most specs are valid and have
// feasible points.

import fc from 'fast-check';
import { chain, choicesOf, denseAtEveryLayer } from './space.js';
import type { LayerChoice, SweepSpec } from './types.js';

const subset = (values: number[], max = values.length) =>
  fc.shuffledSubarray(values, { minLength: 1, maxLength: max });

/**
 * Dilation lists, most of them with 1 among them (as real ones have): without it every dilated
 * first layer leaves holes, and under the holes rule most such spaces have nothing feasible.
 */
const dilations = (list: fc.Arbitrary<number[]>) =>
  fc
    .tuple(list, fc.integer({ min: 0, max: 3 }))
    .map(([l, keep]) =>
      keep === 0 || l.includes(1) ? l : [...l.slice(0, keep - 1), 1, ...l.slice(keep - 1)],
    );

/** How far the constraints lie from the picked combination (undefined: no such constraint). */
interface Around {
  rfBelow: number | undefined;
  rfAbove: number | undefined;
  useStride: boolean;
  inputSize: number | undefined;
  minOutputBelow: number | undefined;
  /** constraints.holes, or undefined to leave it out (the default, "none"). */
  holes: 'none' | 'allow' | undefined;
}

const upTo = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: undefined });

const aroundArb = (m: {
  below: number;
  above: number;
  input: number;
  output: number;
}): fc.Arbitrary<Around> =>
  fc.record({
    rfBelow: upTo(0, m.below),
    rfAbove: upTo(0, m.above),
    useStride: fc.boolean(),
    inputSize: upTo(1, m.input),
    minOutputBelow: upTo(0, m.output),
    holes: fc.constantFrom('none', 'allow', undefined),
  });

/** The fields of a spec besides its layers and constraints, with at most these channels and top. */
const restArb = (m: { in: number; base: number; max: number; top: number }) =>
  fc.record({
    objective: fc.constantFrom('kernel-area', 'params', 'flops') as fc.Arbitrary<SweepSpec['objective']>,
    channels: fc.record({
      in: fc.integer({ min: 1, max: m.in }),
      base: fc.integer({ min: 1, max: m.base }),
      growth: fc.integer({ min: 1, max: 3 }),
      max: fc.integer({ min: 1, max: m.max }),
    }),
    top: fc.integer({ min: 1, max: m.top }),
  });

/** A spec of `depth` layers with the global lists and the rest; `dilation` is left out when undefined. */
function specOf(
  depth: number,
  lists: { kernel: number[]; stride: number[]; dilation: number[] | undefined },
  rest: Pick<SweepSpec, 'objective' | 'channels' | 'top'>,
): SweepSpec {
  const { kernel, stride, dilation } = lists;
  return { depth, choices: { kernel, stride, ...(dilation ? { dilation } : {}) }, ...rest };
}

/** The combination that picks, at layer l, entries of its lists from `picks[l]` shifted right by `shift`. */
function pickedOf(
  spec: SweepSpec,
  picks: number[],
  shift: { kernel: number; stride: number; dilation: number },
) {
  return Array.from({ length: spec.depth }, (_, l) => {
    const { kernel, stride, dilation } = listsOf(spec, l);
    const p = picks[l]!;
    return {
      kernel: kernel[(p >> shift.kernel) % kernel.length]!,
      stride: stride[(p >> shift.stride) % stride.length]!,
      dilation: dilation[(p >> shift.dilation) % dilation.length]!,
    };
  });
}

/**
 * `picked` with each layer that would leave holes replaced by the first choice of its layer that
 * does not (kept where there is none), so that constraints placed around it under the holes rule
 * usually leave something feasible.
 */
function withoutHoles(spec: SweepSpec, picked: LayerChoice[]): LayerChoice[] {
  const out: LayerChoice[] = [];
  picked.forEach((choice, l) => {
    const dense = [choice, ...choicesOf(listsOf(spec, l))].find((c) => denseAtEveryLayer([...out, c]));
    out.push(dense ?? choice);
  });
  return out;
}

/** Sets `spec.constraints` around the combination `picked` (one choice per layer). */
function constrainAround(spec: SweepSpec, chosen: LayerChoice[], a: Around, defaultInput: number): SweepSpec {
  const picked = a.holes === 'allow' ? chosen : withoutHoles(spec, chosen);
  const { rf, jump } = chain(picked);
  const c: NonNullable<SweepSpec['constraints']> = {};
  if (a.rfBelow !== undefined || a.rfAbove !== undefined) {
    c.rf = {};
    if (a.rfBelow !== undefined) c.rf.min = Math.max(1, rf - a.rfBelow);
    if (a.rfAbove !== undefined) c.rf.max = rf + a.rfAbove;
  }
  if (a.useStride) c.stride = jump;
  const needsInput = spec.objective === 'flops' || a.minOutputBelow !== undefined;
  if (a.inputSize !== undefined || needsInput) c.inputSize = a.inputSize ?? defaultInput;
  if (a.minOutputBelow !== undefined) {
    c.minOutput = Math.max(1, Math.ceil(c.inputSize! / jump) - a.minOutputBelow);
  }
  if (a.holes !== undefined) c.holes = a.holes;
  return { ...spec, constraints: c };
}

/** The lists of layer l of a spec. */
function listsOf(spec: SweepSpec, l: number) {
  const o = spec.layers?.[String(l)] ?? {};
  return {
    kernel: o.kernel ?? spec.choices.kernel,
    stride: o.stride ?? spec.choices.stride,
    dilation: o.dilation ?? spec.choices.dilation ?? [1],
  };
}

function combinationsOf(spec: SweepSpec): number {
  let n = 1;
  for (let l = 0; l < spec.depth; l++) n *= choicesOf(listsOf(spec, l)).length;
  return n;
}

/** A spec with at most `maxCombos` combinations and random constraints, objective and top. */
export function smallSweep(maxCombos = 4096): fc.Arbitrary<SweepSpec> {
  return fc
    .record({
      depth: fc.integer({ min: 1, max: 5 }),
      kernel: subset([1, 2, 3, 5, 7], 3),
      stride: subset([1, 2, 3], 2),
      dilation: fc.option(dilations(subset([1, 2, 3, 4], 2)), { nil: undefined }),
      override: fc.option(
        fc.record({
          layer: fc.nat(4),
          kernel: subset([1, 3, 4, 9], 2),
          stride: fc.option(subset([1, 2, 4], 2), { nil: undefined }),
          dilation: fc.option(dilations(subset([1, 2, 4], 2)), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      // Picks of the reference combination, one per layer.
      picks: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
      around: aroundArb({ below: 20, above: 30, input: 64, output: 3 }),
      rest: restArb({ in: 4, base: 8, max: 64, top: 12 }),
    })
    .map((r) => {
      const spec = specOf(r.depth, r, r.rest);
      if (r.override && r.override.layer < r.depth) {
        spec.layers = {
          [String(r.override.layer)]: {
            kernel: r.override.kernel,
            ...(r.override.stride ? { stride: r.override.stride } : {}),
            ...(r.override.dilation ? { dilation: r.override.dilation } : {}),
          },
        };
      }
      const picked = pickedOf(spec, r.picks, { kernel: 0, stride: 3, dilation: 0 });
      return constrainAround(spec, picked, r.around, 32);
    })
    .filter((spec) => combinationsOf(spec) <= maxCombos);
}

/**
 * A wider generator than smallSweep: per-layer overrides of every list (several of them), kernels up
 * to 9, strides up to 4, input sizes up to 300, tops up to 40. Specs are not filtered by size.
 */
export const wideSweep: fc.Arbitrary<SweepSpec> = fc
  .record({
    depth: fc.integer({ min: 1, max: 6 }),
    kernel: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
    stride: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
    dilation: fc.option(
      dilations(fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 })),
      {
        nil: undefined,
      },
    ),
    overrides: fc.array(
      fc.record(
        {
          layer: fc.nat(5),
          kernel: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 2 }),
          stride: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
          dilation: dilations(fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 })),
        },
        { requiredKeys: ['layer'] },
      ),
      { maxLength: 3 },
    ),
    picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    around: aroundArb({ below: 40, above: 40, input: 300, output: 4 }),
    rest: restArb({ in: 5, base: 16, max: 100, top: 40 }),
  })
  .map((r) => {
    const spec = specOf(r.depth, r, r.rest);
    for (const o of r.overrides) {
      if (o.layer >= r.depth) continue;
      spec.layers ??= {};
      const { layer, ...lists } = o;
      spec.layers[String(layer)] = lists;
    }
    const picked = pickedOf(spec, r.picks, { kernel: 0, stride: 2, dilation: 4 });
    return constrainAround(spec, picked, r.around, 64);
  });

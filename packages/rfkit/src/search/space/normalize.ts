// Validation of a SweepSpec into a NormalizedSweep. Every later stage (engines, backends, count,
// merge) trusts a NormalizedSweep, so everything that could make their arithmetic inexact is
// rejected here, with details for callers that explain limits in their own words.

import { RfError } from '../../errors.js';
import { show } from '../../messages.js';
import type { Holes, NormalizedSweep, Objective, SweepSpec } from '../../types.js';
import { choiceLists, combinations } from './choices.js';
import { maxTotalCost, totalCostBound } from './cost.js';
import { largestJump } from './extremes.js';
import { keptExtremes } from './geometry.js';
import { checkChoiceCounts, checkDepth, checkListLength } from './limits.js';

const MAX_EXACT = 2 ** 53;
const OBJECTIVES: readonly Objective[] = ['kernel-area', 'params', 'flops'];
const HOLES: readonly Holes[] = ['none', 'allow'];
const DEFAULT_CHANNELS = { in: 3, base: 32, growth: 2, max: 1024 } as const;
const DEFAULT_TOP = 10;

type Lists = { kernel: number[]; stride: number[]; dilation: number[] };
type ListKey = keyof Lists;
const LIST_KEYS: readonly ListKey[] = ['kernel', 'stride', 'dilation'];

function fail(path: string, message: string): never {
  throw new RfError('invalid-sweep', `${path}: ${message}`, path);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function record(x: unknown, path: string): Record<string, unknown> {
  if (!isRecord(x)) fail(path, `expected an object, got ${show(x)}`);
  return x;
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const where = path === '' ? key : `${path}.${key}`;
      fail(where, `unknown field (expected one of ${allowed.join(', ')})`);
    }
  }
}

function posInt(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1) {
    fail(path, `expected an integer >= 1, got ${show(x)}`);
  }
  return x;
}

function optPosInt(x: unknown, path: string): number | null {
  return x === undefined ? null : posInt(x, path);
}

function choiceList(x: unknown, path: string): number[] {
  if (!Array.isArray(x)) fail(path, `expected a non-empty array of integers >= 1, got ${show(x)}`);
  if (x.length === 0) fail(path, 'expected a non-empty array of integers >= 1, got []');
  checkListLength(x.length, path);
  const seen = new Set<number>();
  // Array.from visits holes (as undefined, refused below); map would skip them.
  return Array.from(x, (v, i) => {
    const n = posInt(v, `${path}[${i}]`);
    if (seen.has(n)) fail(`${path}[${i}]`, `duplicate value ${n} (each choice may appear once)`);
    seen.add(n);
    return n;
  });
}

/**
 * Validates a SweepSpec and expands it: per-layer lists (`layers` overriding `choices` key by key),
 * defaults filled in, and `total` = the number of combinations (the product of the layers'
 * distinct choice counts). Throws RfError `invalid-sweep` naming the field, `overflow` when an rf
 * or stride could pass 2^53, and `cost-overflow` when a total cost could. Constraints that no
 * combination meets are not errors: the search then returns an empty result with a warning.
 */
export function normalizeSweep(spec: unknown): NormalizedSweep {
  const root = record(spec, 'sweep');
  onlyKeys(root, ['depth', 'choices', 'layers', 'constraints', 'objective', 'channels', 'top'], '');

  const depth = posInt(root.depth, 'depth');
  checkDepth(depth);

  const choicesObj = record(root.choices, 'choices');
  onlyKeys(choicesObj, LIST_KEYS, 'choices');
  const base: Lists = {
    kernel: choiceList(choicesObj.kernel, 'choices.kernel'),
    stride: choiceList(choicesObj.stride, 'choices.stride'),
    dilation: choicesObj.dilation === undefined ? [1] : choiceList(choicesObj.dilation, 'choices.dilation'),
  };

  const layers: Lists[] = Array.from({ length: depth }, () => ({
    kernel: base.kernel,
    stride: base.stride,
    dilation: base.dilation,
  }));
  if (root.layers !== undefined) {
    const overrides = record(root.layers, 'layers');
    for (const [key, value] of Object.entries(overrides)) {
      const path = `layers.${key}`;
      if (!/^(0|[1-9][0-9]*)$/.test(key)) fail(path, 'layer keys must be decimal layer indices like "0"');
      const index = Number(key);
      if (index >= depth) fail(path, `layer index ${index} is out of range (depth is ${depth})`);
      const o = record(value, path);
      onlyKeys(o, LIST_KEYS, path);
      const layer = layers[index]!;
      for (const k of LIST_KEYS) {
        if (o[k] !== undefined) layer[k] = choiceList(o[k], `${path}.${k}`);
      }
    }
  }

  checkChoiceCounts(layers);

  let rfMin: number | null = null;
  let rfMax: number | null = null;
  let stride: number | null = null;
  let inputSize: number | null = null;
  let minOutput: number | null = null;
  let holes: Holes = 'none';
  if (root.constraints !== undefined) {
    const c = record(root.constraints, 'constraints');
    onlyKeys(c, ['rf', 'stride', 'inputSize', 'minOutput', 'holes'], 'constraints');
    if (c.rf !== undefined) {
      const rf = record(c.rf, 'constraints.rf');
      onlyKeys(rf, ['min', 'max'], 'constraints.rf');
      rfMin = optPosInt(rf.min, 'constraints.rf.min');
      rfMax = optPosInt(rf.max, 'constraints.rf.max');
      if (rfMin !== null && rfMax !== null && rfMin > rfMax) {
        fail('constraints.rf', `min (${rfMin}) must not exceed max (${rfMax})`);
      }
    }
    stride = optPosInt(c.stride, 'constraints.stride');
    inputSize = optPosInt(c.inputSize, 'constraints.inputSize');
    minOutput = optPosInt(c.minOutput, 'constraints.minOutput');
    if (c.holes !== undefined) {
      if (!HOLES.includes(c.holes as Holes)) {
        fail(
          'constraints.holes',
          `expected one of ${HOLES.map((h) => `"${h}"`).join(', ')}, got ${show(c.holes)}`,
        );
      }
      holes = c.holes as Holes;
    }
  }

  let objective: Objective = 'kernel-area';
  if (root.objective !== undefined) {
    if (!OBJECTIVES.includes(root.objective as Objective)) {
      fail('objective', `expected one of ${OBJECTIVES.join(', ')}, got ${show(root.objective)}`);
    }
    objective = root.objective as Objective;
  }
  if (objective === 'flops' && inputSize === null) {
    fail('constraints.inputSize', 'objective "flops" needs constraints.inputSize');
  }
  if (minOutput !== null && inputSize === null) {
    fail('constraints.inputSize', 'constraints.minOutput needs constraints.inputSize');
  }

  const channels: { in: number; base: number; growth: number; max: number } = { ...DEFAULT_CHANNELS };
  if (root.channels !== undefined) {
    const ch = record(root.channels, 'channels');
    onlyKeys(ch, ['in', 'base', 'growth', 'max'], 'channels');
    for (const k of ['in', 'base', 'growth', 'max'] as const) {
      if (ch[k] !== undefined) channels[k] = posInt(ch[k], `channels.${k}`);
    }
  }

  const top = root.top === undefined ? DEFAULT_TOP : posInt(root.top, 'top');

  const total = combinations({ layers });
  const sweep: NormalizedSweep = {
    depth,
    layers,
    rfMin,
    rfMax,
    stride,
    inputSize,
    minOutput,
    holes,
    objective,
    channels,
    top,
    total,
  };
  checkArithmetic(sweep);
  made.add(sweep);
  return sweep;
}

/**
 * Beyond 2^53 a double's digits are not all exact: print it as an approximation (`about 3.403 ×
 * 10^38`), never as a false integer; past the doubles' range (a product that overflowed) as a bound.
 */
function approx(x: number): string {
  if (x <= MAX_EXACT) return String(x);
  if (!Number.isFinite(x)) return 'more than 10^308';
  const exponent = Math.floor(Math.log10(x));
  return `about ${Number((x / 10 ** exponent).toPrecision(4))} × 10^${exponent}`;
}

function checkArithmetic(sweep: NormalizedSweep): void {
  // Doubles are exact below 2^53 and every intermediate is bounded by these maxima, so a backend
  // may use f64 (or i64) without checks in its hot loop. The engines drop a state as soon as its
  // jump passes constraints.stride (or what minOutput allows), so only the jumps and rf below that
  // cap count; the sweep, whose suffix tables hold every combination of the last layers, checks
  // the uncapped maxima itself (engine/sweep/limits.ts).
  const cap = Math.min(sweep.stride ?? Number.POSITIVE_INFINITY, largestJump(sweep));
  const { rfHi, jumpHi } = keptExtremes(choiceLists(sweep), cap);
  if (jumpHi > MAX_EXACT) {
    throw new RfError(
      'overflow',
      `the product of the largest strides (${approx(jumpHi)}) could pass 2^53; reduce depth or stride choices`,
      'choices.stride',
    );
  }
  if (rfHi > MAX_EXACT) {
    throw new RfError(
      'overflow',
      `the largest reachable rf (${approx(rfHi)}) could pass 2^53; reduce depth, kernel, dilation or stride choices`,
      'choices',
    );
  }
  // The exact maximum only where the quick bound could pass 2^53; where even that is too costly to
  // find, the bound decides.
  const bound = totalCostBound(sweep);
  if (bound <= MAX_EXACT) return;
  const worst = maxTotalCost(sweep) ?? bound;
  if (worst > MAX_EXACT) {
    throw new RfError(
      'cost-overflow',
      `the ${sweep.objective} cost of some combination could reach ${approx(worst)}, above 2^53 where costs stop being exact; reduce channels, inputSize or depth`,
      'objective',
      { cost: worst, max: MAX_EXACT },
    );
  }
}

/** The NormalizedSweeps normalizeSweep made: trusted as they are. */
const made = new WeakSet<object>();

/**
 * A NormalizedSweep as is when normalizeSweep made it, anything else through normalizeSweep. An
 * object shaped like a NormalizedSweep (a copy, or one that came through a worker or JSON) is
 * checked like the spec it describes — every layer's lists given explicitly — so no stage ever
 * trusts a forged one.
 */
export function asNormalized(spec: SweepSpec | NormalizedSweep): NormalizedSweep {
  if (isRecord(spec) && made.has(spec)) return spec as NormalizedSweep;
  if (isRecord(spec) && Array.isArray(spec.layers) && 'total' in spec) return normalizeSweep(specOf(spec));
  return normalizeSweep(spec);
}

const NORMALIZED_KEYS = [
  'depth',
  'layers',
  'rfMin',
  'rfMax',
  'stride',
  'inputSize',
  'minOutput',
  'holes',
  'objective',
  'channels',
  'top',
  'total',
];

/** The SweepSpec a NormalizedSweep-shaped object describes (validated by normalizeSweep after). */
function specOf(x: Record<string, unknown>): SweepSpec {
  onlyKeys(x, NORMALIZED_KEYS, '');
  const layers = x.layers as unknown[];
  if (layers.length === 0) fail('layers', 'expected at least one layer');
  if (layers.length !== x.depth)
    fail('layers', `has ${layers.length} entries, but depth is ${show(x.depth)}`);
  checkDepth(layers.length);
  const first = record(layers[0], 'layers[0]');
  const constraints: Record<string, unknown> = {};
  const rf: Record<string, unknown> = {};
  if (x.rfMin !== null) rf.min = x.rfMin;
  if (x.rfMax !== null) rf.max = x.rfMax;
  if (Object.keys(rf).length > 0) constraints.rf = rf;
  for (const k of ['stride', 'inputSize', 'minOutput'] as const) if (x[k] !== null) constraints[k] = x[k];
  if (x.holes !== undefined) {
    if (!HOLES.includes(x.holes as Holes))
      fail('holes', `expected one of "none", "allow", got ${show(x.holes)}`);
    constraints.holes = x.holes;
  }
  return {
    depth: x.depth,
    choices: { kernel: first.kernel, stride: first.stride, dilation: first.dilation },
    layers: Object.fromEntries(Array.from(layers, (l, i) => [String(i), l])),
    constraints,
    objective: x.objective,
    channels: x.channels,
    top: x.top,
  } as SweepSpec;
}

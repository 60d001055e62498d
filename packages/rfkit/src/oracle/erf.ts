// The brute-force effective receptive field: explicit position → weight maps pushed backwards from
// unit 0 through each op's definition, in exact rational arithmetic (BigInt numerators over one
// common denominator). Like the rest of the oracle it shares no arithmetic with src/analysis: no
// moments, no phases, no recurrence — every weight is the sum over the tap paths that reach it.

import { RfError } from '../errors.js';
import type { Model } from '../types.js';
import type { AxisEngine } from './axis.js';
import { enginesOf, type OracleOptions } from './report.js';

/** One axis of `oracleErf`; a field is null where it varies with the unknown input size. */
export interface OracleErfAxis {
  /** Input position of `weights[0]` (the first position with weight). */
  start: number | null;
  /** Normalised weights of positions `start, start + 1, …` (0 in holes). */
  weights: number[] | null;
  std: number | null;
  /** Positions from the first where the cumulative weight exceeds 2.5% to the first where it reaches 97.5%. */
  span: number | null;
}

function lcmBig(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}

/** What one layer divides a unit's weight by, at most: a common denominator needs each once. */
function divisor(model: Model, i: number, axis: number): bigint {
  const l = model.layers[i]!;
  const k = l.kernel[axis]!;
  switch (l.op) {
    case 'conv':
    case 'maxpool':
    case 'avgpool':
      return BigInt(k);
    case 'deconv': {
      // A deconv unit splits its weight over the c ≤ k taps that reach it.
      let m = 1n;
      for (let c = 2; c <= k; c++) m = lcmBig(m, BigInt(c));
      return m;
    }
    case 'add':
    case 'concat':
    case 'mul':
      return BigInt(l.inputs.length);
    default:
      return 1n;
  }
}

/** `num/den` as a float, exact to rounding even for numbers beyond 2^1023. */
function ratio(num: bigint, den: bigint): number {
  const neg = num < 0n;
  let n = neg ? -num : num;
  let d = den;
  const bits = Math.max(n.toString(2).length, d.toString(2).length);
  if (bits > 1000) {
    const by = BigInt(bits - 1000);
    n >>= by;
    d >>= by;
  }
  const v = Number(n) / Number(d);
  return neg ? -v : v;
}

/**
 * Unit 0's weights over model-input positions on one engine's axis: numerators over the common
 * denominator (their total is below it where weight fell on units that read nothing).
 */
function weightMap(model: Model, engine: AxisEngine, axis: number, target: number): Map<number, bigint> {
  const index = new Map(model.layers.map((l, i) => [l.name, i]));
  let den = 1n;
  for (let i = 0; i <= target; i++) den *= divisor(model, i, axis);
  const need: (Map<number, bigint> | undefined)[] = [];
  need[target] = new Map([[0, den]]);
  const result = new Map<number, bigint>();
  const give = (src: number, unit: number, w: bigint): void => {
    const into = src < 0 ? result : (need[src] ??= new Map());
    into.set(unit, (into.get(unit) ?? 0n) + w);
  };
  for (let i = target; i >= 0; i--) {
    const units = need[i];
    if (!units) continue;
    need[i] = undefined;
    const l = model.layers[i]!;
    const srcs = l.inputs.map((n) => (n === 'input' ? -1 : index.get(n)!));
    const src = srcs[0]!;
    const k = l.kernel[axis]!;
    const s = l.stride[axis]!;
    const d = l.dilation[axis]!;
    const p = engine.padBegin(i);
    engine.spend(units.size * Math.max(k, srcs.length));
    for (const [o, w] of units) {
      switch (l.op) {
        case 'conv':
        case 'maxpool':
        case 'avgpool':
          // Output o reads input o·s − pL + t·d, each tap a k-th of its weight.
          for (let t = 0; t < k; t++) give(src, o * s - p + t * d, w / BigInt(k));
          break;
        case 'deconv': {
          // Output o reads input i wherever o = i·s − p + t·d, equally over those taps.
          const from: number[] = [];
          for (let t = 0; t < k; t++) {
            const x = o + p - t * d;
            if (x % s === 0) from.push(x / s + 0);
          }
          for (const x of from) give(src, x, w / BigInt(from.length));
          break;
        }
        case 'upsample':
          give(src, Math.floor(o / l.scale[axis]!) + 0, w);
          break;
        case 'identity':
          give(src, o, w);
          break;
        case 'add':
        case 'concat':
        case 'mul':
          for (const from of srcs) give(from, o, w / BigInt(srcs.length));
          break;
        case 'global':
          throw new Error(`oracleErf: global layer ${l.name} reached from a local unit`);
      }
    }
  }
  return result;
}

interface Exact {
  start: number;
  /** Numerators from `start` on, and their total. */
  nums: bigint[];
  total: bigint;
  std: number;
  span: number;
}

function exact(map: Map<number, bigint>): Exact | null {
  const positions = [...map.keys()].filter((x) => map.get(x)! > 0n).sort((a, b) => a - b);
  if (positions.length === 0) return null;
  const start = positions[0]!;
  const end = positions[positions.length - 1]!;
  const nums: bigint[] = [];
  let total = 0n;
  let s1 = 0n;
  let s2 = 0n;
  for (let x = start; x <= end; x++) {
    const w = map.get(x) ?? 0n;
    nums.push(w);
    total += w;
    s1 += w * BigInt(x);
    s2 += w * BigInt(x) * BigInt(x);
  }
  const variance = ratio(total * s2 - s1 * s1, total * total);
  // Cumulative weight c: the span runs from the first x with c > total/40 to the first with c ≥ 39·total/40.
  let c = 0n;
  let lo: number | null = null;
  let hi: number | null = null;
  for (let x = start; x <= end; x++) {
    c += nums[x - start]!;
    if (lo === null && 40n * c > total) lo = x;
    if (hi === null && 40n * c >= 39n * total) hi = x;
  }
  return { start, nums, total, std: Math.sqrt(variance), span: hi! - lo! + 1 };
}

/** Same weights (as fractions of their totals), whatever their positions. */
function sameShape(a: Exact, b: Exact): boolean {
  return a.nums.length === b.nums.length && a.nums.every((w, i) => w * b.total === b.nums[i]! * a.total);
}

/** See `oracleErf` in oracle.ts. */
export function oracleErfOfModel(
  m: Model,
  layer: string,
  options: OracleOptions = {},
): (OracleErfAxis | null)[] {
  const target = m.layers.findIndex((l) => l.name === layer);
  if (target < 0)
    throw new RfError('unknown-layer', `layer: "${layer}" names no layer of the model`, 'layer');
  const groups = enginesOf(m, options, target);
  return groups.map((g, a) => {
    if (g.engines[0]!.isGlobal(target)) return null;
    const runs = g.engines.map((e) => exact(weightMap(m, e, a, target)));
    // Reading nothing at some stand-in size leaves nothing to agree on.
    if (runs.some((r) => r === null)) return null;
    const all = runs as Exact[];
    const first = all[0]!;
    const shapes = all.every((r) => sameShape(first, r));
    const starts = all.every((r) => r.start === first.start);
    return {
      start: shapes && starts ? first.start : null,
      weights: shapes ? first.nums.map((w) => ratio(w, first.total)) : null,
      std: all.every((r) => Math.abs(r.std - first.std) <= 1e-12 * Math.max(1, first.std)) ? first.std : null,
      span: all.every((r) => r.span === first.span) ? first.span : null,
    };
  });
}

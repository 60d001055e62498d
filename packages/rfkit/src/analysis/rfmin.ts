// The smallest receptive field over the paths from the model input to a layer, per axis, and the
// `unproductive` warning it implies (Richter et al. 2021: a layer whose every path already sees
// more than the input cannot add context, nor can any layer after it).
//
// A path is a chain, so its state is an axis.ts state run through the path's layers. Every op builds
// a phase's set as a union of shifted phase sets, so a path X can never end with a larger rf than
// a path Y if, for one shift c, each phase of X reads nothing unless Y's does and lies within Y's
// phase shifted by c (lo and hi); a merge keeps only the paths no other path dominates that way.
// With one phase that is the path of smallest rf; after up-sampling a few paths may remain.

import { lcm } from '../math.js';
import type { Axis, LayerReport, NormalizedLayer, Warning } from '../types.js';
import { type AxisState, INPUT_AXIS, phaseAt, spanOf } from './axis.js';

export interface MinPath {
  /** The paths that avoid global ops and that no other such path dominates. */
  locals: AxisState[];
  /** Some path's sets are undetermined (unknown padding): the minimum is unknown. */
  unknown: boolean;
  /** Whether some path passes a global op (its rf is the whole input). */
  global: boolean;
}

export const INPUT_MIN: MinPath = { locals: [INPUT_AXIS], unknown: false, global: false };

/** Most paths kept per layer and axis; beyond it only the smallest-rf ones are kept. */
const MAX_PATHS = 64;

/** The smallest rf over the paths; `n` is the model input's size on this axis (rf of a global path). */
export function minRf(p: MinPath, n: number | null): number | null {
  if (p.unknown) return null;
  let best: number | null = p.global ? n : null;
  if (p.global && n === null) return null;
  for (const st of p.locals) {
    const r = spanOf(st)!;
    if (best === null || r < best) best = r;
  }
  return best;
}

/** One op applied to every path; paths whose sets become undetermined make the minimum unknown. */
export function mapMin(p: MinPath, f: (st: AxisState) => AxisState): MinPath {
  const locals: AxisState[] = [];
  let unknown = p.unknown;
  for (const st of p.locals) {
    const next = f(st);
    if (next.phases === null) unknown = true;
    else locals.push(next);
  }
  return { locals, unknown, global: p.global };
}

/**
 * Whether path x can never end with a larger rf than path y (see the file comment). Paths of
 * different jumps (which only a merge with a global path lets through) grow differently: neither
 * dominates.
 */
function dominates(x: AxisState, y: AxisState): boolean {
  if (x.A * y.T !== y.A * x.T) return false;
  const T = lcm(x.T, y.T);
  let cMax = Number.NEGATIVE_INFINITY;
  let cMin = Number.POSITIVE_INFINITY;
  for (let r = 0; r < T; r++) {
    const a = phaseAt(x, r);
    if (a.kind === 'empty') continue;
    const b = phaseAt(y, r);
    if (b.kind === 'empty') return false;
    cMax = Math.max(cMax, a.hi - b.hi);
    cMin = Math.min(cMin, a.lo - b.lo);
  }
  return cMax <= cMin;
}

/** A merge: the union of the inputs' paths, without dominated ones. */
export function mergeMin(ins: MinPath[]): MinPath {
  const all = ins.flatMap((p) => p.locals);
  const kept: AxisState[] = [];
  all.forEach((st, i) => {
    // Keep st unless another path dominates it (of two equivalent paths, the first).
    const beaten = all.some((o, j) => j !== i && dominates(o, st) && (j < i || !dominates(st, o)));
    if (!beaten) kept.push(st);
  });
  if (kept.length > MAX_PATHS) kept.sort((a, b) => spanOf(a)! - spanOf(b)!).splice(MAX_PATHS);
  return { locals: kept, unknown: ins.some((p) => p.unknown), global: ins.some((p) => p.global) };
}

/**
 * The `unproductive` warning: the first layer whose rfMin exceeds the input size on every axis.
 * Null when there is none or the input size is unknown.
 */
export function unproductiveWarning(
  layers: NormalizedLayer[],
  reports: LayerReport[],
  size: number[] | null,
): Warning | null {
  if (size === null) return null;
  const exceeds = (v: Axis<number>) => v.every((r, a) => r !== null && r > size[a]!);
  const first = reports.findIndex((r) => exceeds(r.rfMin));
  if (first < 0) return null;
  const l = layers[first]!;
  const rep = reports[first]!;
  const count = reports.filter((r) => exceeds(r.rfMin)).length;
  return {
    code: 'unproductive',
    message: `layers[${l.index}] (${l.name}) is the first unproductive layer: even its smallest receptive field over all paths (rfMin [${rep.rfMin.join(', ')}]) exceeds the input size [${size.join(', ')}] on every axis, so it can add no new context; ${count} layer${count === 1 ? ' is' : 's are'} unproductive in all`,
    layers: [l.name],
  };
}

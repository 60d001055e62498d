// Effective receptive field on one axis, op by op: every op spreads a unit's weight equally over
// what it reads (a window over its k taps, a deconv unit over the taps that reach it, an upsample
// unit on its one source, a merge over its inputs). Units repeat with period T like the index sets
// of axis.ts: unit `o = r + m·T` has the weights of phase r shifted by m·A. The period is found
// independently of the index sets (weights can differ where the sets coincide), so it is a
// multiple of theirs.
import { gcd, lcm } from '../math.js';
import { collapseBy, windowFrame } from './axis.js';
import { boxDist, type Dist, dense, EMPTY_DIST, mixDists, type Part, POINT, shiftDist } from './erf-dist.js';

export interface ErfState {
  T: number;
  /** Shift of the weights per period, in input positions (an integer). */
  A: number;
  /** One distribution per phase; null where the weights are undetermined (unknown padding). */
  phases: Dist[] | null;
  /** The unknown SAME pads the positions are relative to (as in axis.ts); '' when absolute. */
  sym: string;
}

export const INPUT_ERF: ErfState = { T: 1, A: 1, phases: [POINT], sym: '' };

function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}

/** The weights of unit `u` (any integer) of a state. */
function unitAt(st: ErfState, u: number): Dist {
  const r = mod(u, st.T);
  return shiftDist(st.phases![r]!, ((u - r) / st.T) * st.A);
}

/** Relative tolerance for two phases to count as shifted copies of each other. */
const SAME = 1e-12;

function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= SAME * scale;
}

/** Whether `b` equals `a` shifted by `by`, up to rounding. */
function shiftedCopy(a: Dist, b: Dist, by: number): boolean {
  if (a.mass === 0 || b.mass === 0) return a.mass === b.mass;
  if (a.lo + by !== b.lo || a.hi + by !== b.hi) return false;
  if (!close(a.mass, b.mass, a.mass) || !close(a.mean + by, b.mean, 1 + Math.abs(b.mean))) return false;
  if (!close(a.variance, b.variance, 1 + a.variance)) return false;
  const wa = a.w;
  const wb = b.w;
  if (wa === null || wb === null) return wa === wb;
  if (wa.F === wb.F && wa.C === wb.C && wa.J === wb.J) return wa.f0 + by === wb.f0;
  // The stored windows may differ where trimmed tails (below TRIM) were dropped: compare over both.
  const x = dense(wa);
  const y = dense(wb);
  if (x === null || y === null) return false;
  const xa = wa.f0 + by;
  const from = Math.min(xa, wb.f0);
  const to = Math.max(xa + x.length, wb.f0 + y.length);
  for (let p = from; p < to; p++) {
    const u = p >= xa && p < xa + x.length ? x[p - xa]! : 0;
    const v = p >= wb.f0 && p < wb.f0 + y.length ? y[p - wb.f0]! : 0;
    if (!close(u, v, a.mass)) return false;
  }
  return true;
}

/** Reduces the period where the phases' weights are shifted copies of each other. */
function collapse(st: ErfState): ErfState {
  return collapseBy(st, shiftedCopy);
}

/**
 * A window layer: unit o reads previous units `o·s − left + t·d`, t < k, each with weight 1/k.
 * `left === null`: the left pad is unknown; `key` names that unknown (as in axis.ts).
 */
export function convErf(
  st: ErfState,
  k: number,
  s: number,
  d: number,
  left: number | null,
  key: string,
): ErfState {
  const { T, A, sym, p } = windowFrame(st, s, left, key);
  if (p === null || st.phases === null) return { T, A, phases: null, sym };
  if (st.T === 1) {
    // Unit 0 reads units −p + t·d: copies of one distribution, d·A apart.
    const d0 = shiftDist(st.phases[0]!, -p * st.A);
    return { T: 1, A, phases: [boxDist(d0, k, d * st.A, st.A)], sym };
  }
  const phases: Dist[] = [];
  for (let r = 0; r < T; r++) {
    const parts: Part[] = [];
    for (let t = 0; t < k; t++) parts.push({ d: unitAt(st, r * s - p + t * d), w: 1 / k });
    phases.push(mixDists(parts));
  }
  return collapse({ T, A, phases, sym });
}

/** Transposed conv: output o reads input i wherever `o = i·s − left + t·d`, equally over those taps. */
export function deconvErf(st: ErfState, k: number, s: number, d: number, left: number): ErfState {
  const T = st.T * s;
  const A = st.A;
  if (st.phases === null) return { T, A, phases: null, sym: st.sym };
  const g = gcd(s, d);
  const tPeriod = s / g;
  const sigma = d / g;
  const phases: Dist[] = [];
  for (let r = 0; r < T; r++) {
    const x = r + left;
    let set = EMPTY_DIST;
    for (let t0 = 0; t0 < Math.min(k, tPeriod); t0++) {
      if (mod(x - t0 * d, s) !== 0) continue;
      // Taps t0, t0 + s/g, … reach unit r: inputs (x − t0·d)/s, then σ = d/g apart downwards.
      const cnt = Math.ceil((k - t0) / tPeriod);
      const lowest = (x - t0 * d) / s - (cnt - 1) * sigma;
      if (st.T === 1) set = boxDist(shiftDist(st.phases[0]!, lowest * A), cnt, sigma * A, A);
      else {
        const parts: Part[] = [];
        for (let c = 0; c < cnt; c++) parts.push({ d: unitAt(st, lowest + c * sigma), w: 1 / cnt });
        set = mixDists(parts);
      }
      break;
    }
    phases.push(set);
  }
  return collapse({ T, A, phases, sym: st.sym });
}

/** Nearest upsampling: output o has the weights of input floor(o/f). */
export function upsampleErf(st: ErfState, f: number): ErfState {
  if (f === 1) return st;
  const T = st.T * f;
  if (st.phases === null) return { T, A: st.A, phases: null, sym: st.sym };
  const phases: Dist[] = [];
  for (let r = 0; r < T; r++) phases.push(st.phases[Math.floor(r / f)]!);
  return collapse({ T, A: st.A, phases, sym: st.sym });
}

/** A merge (add, concat, mul): each input gets an equal share of a unit's weight. */
export function mergeErf(states: ErfState[]): ErfState {
  let T = 1;
  for (const s of states) T = lcm(T, s.T);
  const first = states[0]!;
  const A = first.A * (T / first.T);
  const sym = first.sym;
  if (states.some((s) => s.phases === null || s.sym !== sym)) return { T, A, phases: null, sym };
  const w = 1 / states.length;
  const phases: Dist[] = [];
  for (let r = 0; r < T; r++) phases.push(mixDists(states.map((s) => ({ d: unitAt(s, r), w }))));
  return collapse({ T, A, phases, sym });
}

/** The weights of unit 0; null where undetermined. */
export function unitZero(st: ErfState): Dist | null {
  return st.phases === null ? null : st.phases[0]!;
}

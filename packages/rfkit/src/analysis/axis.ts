// Per-axis state of one layer's output: which input indices each output unit depends on.
//
// Units repeat with period T: unit `o = r + m·T` (phase r < T) reads `phases[r] + m·A`. A plain
// conv/pool chain has T = 1 and A = jump; deconv and upsample multiply T, strided layers divide it.
// `sym` names the unknown shifts (SAME left pads that depend on an unknown input size) added along
// the path: the sets are then known only up to that shift. `phases === null` means the sets are not
// determined at all (an unknown pad met a layer with T > 1, or paths with different unknown shifts
// merged).
import { RfError } from '../errors.js';
import { gcd, lcm } from '../math.js';
import { layerLabel } from '../messages.js';
import { add, mul, sub } from './checked.js';
import { type IntSet, interval, isShiftOf, shift, sumAP, union } from './intset.js';

export interface AxisState {
  T: number;
  A: number;
  phases: IntSet[] | null;
  sym: string;
}

/** The largest phase period kept; beyond it the per-phase tables would be unreasonably large. */
export const MAX_PERIOD = 1 << 16;

export const INPUT_AXIS: AxisState = { T: 1, A: 1, phases: [interval(0, 0)], sym: '' };

function mod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}

/** Union of the regions of previous-layer units `i0 + j·σ`, `0 ≤ j < cnt` (σ ≥ 1). */
function readAP(phases: IntSet[], T: number, A: number, i0: number, sigma: number, cnt: number): IntSet {
  if (T === 1) return sumAP(shift(phases[0]!, mul(i0, A, 'effectivePadding')), mul(sigma, A, 'rf'), cnt);
  const g = gcd(T, sigma);
  const h = T / g;
  const step = mul(sigma / g, A, 'rf');
  const parts: IntSet[] = [];
  const groups = Math.min(cnt, h);
  for (let j0 = 0; j0 < groups; j0++) {
    const u = add(i0, mul(j0, sigma, 'rf'), 'rf');
    const rho = mod(u, T);
    const base = (u - rho) / T;
    const m = Math.ceil((cnt - j0) / h);
    parts.push(sumAP(shift(phases[rho]!, mul(base, A, 'effectivePadding')), step, m));
  }
  return union(parts);
}

/** The layer being computed, for error messages. */
export interface LayerRef {
  name: string;
  index: number;
}

function checkPeriod(T: number, l: LayerRef): void {
  if (T > MAX_PERIOD) {
    throw new RfError(
      'overflow',
      `${layerLabel(l)}: the phase period (product of upsample/deconv factors) reaches ${T}, above the supported ${MAX_PERIOD}`,
      `layers[${l.index}]`,
    );
  }
}

/**
 * Reduces the period when the phases are shifted copies of each other (e.g. upsample ×2 followed
 * by a stride-2 conv), so that affine layers report an ordinary integer jump: the shortest t < T
 * (a divisor of T with step = A·t/T an integer) at which every phase r is phase r mod t shifted by
 * ⌊r/t⌋·step, as `same(base, phase, shift)` judges. For index sets (here) and ERF weights (erf.ts).
 */
export function collapseBy<P, S extends { T: number; A: number; phases: P[] | null; sym: string }>(
  st: S,
  same: (base: P, phase: P, by: number) => boolean,
): S {
  const { T, A, phases } = st;
  if (T === 1 || phases === null) return st;
  for (let t = 1; t < T; t++) {
    // A·t beyond 2^53 would be inexact: that shorter period is then not tried (the longer one is
    // just as exact).
    if (T % t !== 0 || !Number.isSafeInteger(A * t) || (A * t) % T !== 0) continue;
    const step = (A * t) / T;
    let ok = true;
    for (let r = t; r < T && ok; r++) ok = same(phases[r % t]!, phases[r]!, Math.floor(r / t) * step);
    if (ok) return { ...st, T: t, A: step, phases: phases.slice(0, t) };
  }
  return st;
}

function collapse(st: AxisState): AxisState {
  return collapseBy(st, isShiftOf);
}

/**
 * What a window of stride s does to a state's period T and shift A (for index sets and ERF
 * weights alike), and the left pad to apply: an unknown one (`left === null`, named `key`) counts as
 * 0 and joins `sym` — the sets are then known up to that shift — unless the units repeat (T > 1),
 * where the result is undetermined: `p` null, as it is when the state's phases are.
 */
export function windowFrame(
  st: { T: number; A: number; phases: unknown[] | null; sym: string },
  s: number,
  left: number | null,
  key: string,
): { T: number; A: number; sym: string; p: number | null } {
  const g = gcd(st.T, s);
  const T = st.T / g;
  const A = mul(st.A, s / g, 'jump');
  if (st.phases === null) return { T, A, sym: st.sym, p: null };
  if (left !== null) return { T, A, sym: st.sym, p: left };
  if (st.T !== 1) return { T, A, sym: st.sym, p: null };
  // Pads met along one path come in model order, so this string is canonical for the path.
  return { T, A, sym: st.sym === '' ? key : `${st.sym}+${key}`, p: 0 };
}

/**
 * A windowed layer (conv/pool): unit o reads previous units `o·s − left + t·d`, t < k.
 * `left === null` means the left pad is unknown; layer index and axis identify that unknown.
 */
export function convAxis(
  st: AxisState,
  k: number,
  s: number,
  d: number,
  left: number | null,
  layer: number,
  axis: number,
): AxisState {
  if (st.T === 1 && left !== null && st.phases !== null) {
    // The common case, kept allocation-light: a contiguous region grows by (ke − 1)·jump.
    const p0 = st.phases[0]!;
    const a = mul(d, st.A, 'rf');
    const A = mul(st.A, s, 'jump');
    const by = mul(-left, st.A, 'effectivePadding');
    if (p0.kind === 'interval' && a <= sub(p0.hi, p0.lo, 'rf') + 1) {
      const lo = add(p0.lo, by, 'effectivePadding');
      const hi = add(add(p0.hi, by, 'rf'), mul(k - 1, a, 'rf'), 'rf');
      return { T: 1, A, phases: [interval(lo, hi)], sym: st.sym };
    }
    return { T: 1, A, phases: [sumAP(shift(p0, by), a, k)], sym: st.sym };
  }
  const { T, A, sym, p } = windowFrame(st, s, left, `${layer}.${axis}`);
  if (p === null || st.phases === null) return { T, A, phases: null, sym };
  if (st.T === 1) {
    const by = mul(-p, st.A, 'effectivePadding');
    return { T: 1, A, phases: [sumAP(shift(st.phases[0]!, by), mul(d, st.A, 'rf'), k)], sym };
  }
  const phases: IntSet[] = [];
  for (let r = 0; r < T; r++)
    phases.push(readAP(st.phases, st.T, st.A, sub(mul(r, s, 'rf'), p, 'effectivePadding'), d, k));
  return collapse({ T, A, phases, sym });
}

/** Transposed conv: output o reads input i where `o = i·s − left + t·d`, t < k. */
export function deconvAxis(
  st: AxisState,
  k: number,
  s: number,
  d: number,
  left: number,
  where: LayerRef,
): AxisState {
  const T = st.T * s;
  checkPeriod(T, where);
  const A = st.A;
  if (st.phases === null) return { T, A, phases: null, sym: st.sym };
  const g = gcd(s, d);
  const tPeriod = s / g;
  const phases: IntSet[] = [];
  for (let r = 0; r < T; r++) {
    const x = add(r, left, 'effectivePadding');
    let set: IntSet = { kind: 'empty' };
    for (let t0 = 0; t0 < Math.min(k, tPeriod); t0++) {
      const tap = sub(x, mul(t0, d, 'rf'), 'effectivePadding');
      if (mod(tap, s) !== 0) continue;
      const cnt = Math.ceil((k - t0) / tPeriod);
      const first = tap / s;
      const sigma = d / g;
      set = readAP(st.phases, st.T, st.A, sub(first, mul(cnt - 1, sigma, 'rf'), 'rf'), sigma, cnt);
      break;
    }
    phases.push(set);
  }
  return collapse({ T, A, phases, sym: st.sym });
}

/** Nearest upsampling: output o reads input floor(o/f). */
export function upsampleAxis(st: AxisState, f: number, where: LayerRef): AxisState {
  if (f === 1) return st;
  const T = st.T * f;
  checkPeriod(T, where);
  if (st.phases === null) return { T, A: st.A, phases: null, sym: st.sym };
  const phases: IntSet[] = [];
  for (let r = 0; r < T; r++) phases.push(st.phases[Math.floor(r / f)]!);
  return collapse({ T, A: st.A, phases, sym: st.sym });
}

/** Phase `r` (any r ≥ 0) of a state, as an absolute set. */
export function phaseAt(st: AxisState, r: number): IntSet {
  const rho = r % st.T;
  return shift(st.phases![rho]!, mul((r - rho) / st.T, st.A, 'effectivePadding'));
}

/**
 * Union of several paths with equal jumps. Returns the merged state; the caller checks the jumps.
 */
export function mergeAxis(states: AxisState[], where: LayerRef): AxisState {
  let T = 1;
  for (const s of states) T = lcm(T, s.T);
  checkPeriod(T, where);
  const first = states[0]!;
  const A = mul(first.A, T / first.T, 'jump');
  const sym = first.sym;
  if (states.some((s) => s.phases === null || s.sym !== sym)) return { T, A, phases: null, sym };
  const phases: IntSet[] = [];
  for (let r = 0; r < T; r++) phases.push(union(states.map((s) => phaseAt(s, r))));
  return collapse({ T, A, phases, sym });
}

/** The receptive field of a state: the largest span over the phases that read something (0 if none). */
export function spanOf(st: AxisState): number | null {
  if (st.phases === null) return null;
  let best = 0;
  for (const p of st.phases) {
    if (p.kind === 'empty') continue;
    const span = add(sub(p.hi, p.lo, 'rf'), 1, 'rf');
    if (span > best) best = span;
  }
  return best;
}

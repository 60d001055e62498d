// The span of an ERF (the central 95% of a unit's weight) from its factored weights (erf-dist.ts):
// a cumulative weight at any position costs O(|F|/J), so the two quantiles take a few dozen.
import type { Dist, Weights } from './erf-dist.js';

export const LOWER = 0.025;
export const UPPER = 0.975;
/** Relative rounding allowance in the span's comparisons. */
export const TOLERANCE = 1e-12;

function prefix(a: Float64Array): Float64Array {
  const p = new Float64Array(a.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) p[i] = s += a[i]!;
  return p;
}

/** Cumulative sums of F parts, memoised: one F serves many layers (C parts serve one). */
const prefixes = new WeakMap<Float64Array, Float64Array>();

function prefixOf(a: Float64Array): Float64Array {
  let p = prefixes.get(a);
  if (p === undefined) {
    p = prefix(a);
    prefixes.set(a, p);
  }
  return p;
}

/**
 * The first offset in [0, len) where `ok(cdf(offset))` holds (it holds from some offset on, and at
 * len − 1): galloping from a guess (the normal quantile, usually a few positions off), then bisecting.
 */
function firstFrom(len: number, guess: number, test: (x: number) => boolean): number {
  let g = Math.min(Math.max(Math.round(guess), 0), len - 1);
  let a: number;
  let b: number;
  let step = 1;
  if (test(g)) {
    b = g;
    for (;;) {
      a = b - step;
      if (a <= 0) {
        a = 0;
        break;
      }
      if (!test(a)) {
        a += 1;
        break;
      }
      b = a;
      step *= 2;
    }
  } else {
    a = g + 1;
    for (;;) {
      g = a + step - 1;
      if (g >= len - 1) {
        b = len - 1;
        break;
      }
      if (test(g)) {
        b = g;
        break;
      }
      a = g + 1;
      step *= 2;
    }
  }
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (test(mid)) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** Weight at offsets ≤ x from `w.f0`. */
function cdfOf(w: Weights): (x: number) => number {
  const { F, C, J } = w;
  const pf = prefixOf(F);
  const pc = C.length === 1 ? C : prefix(C);
  const fTot = pf[F.length - 1]!;
  const nF = F.length;
  // Copies of F that lie wholly at or left of x count in full (a prefix of C), the ≤ ⌈|F|/J⌉
  // copies that straddle x in part.
  return (x: number): number => {
    const full = Math.floor((x - nF + 1) / J);
    let s = full < 0 ? 0 : fTot * pc[Math.min(full, C.length - 1)]!;
    const last = Math.min(Math.floor(x / J), C.length - 1);
    for (let j = Math.max(full + 1, 0); j <= last; j++) s += C[j]! * pf[x - j * J]!;
    return s;
  };
}

/**
 * The positions `erf.span` counts, as input positions: from the first where the cumulative weight
 * exceeds 2.5% of the total to the first where it reaches 97.5% (inclusive). Comparisons allow for
 * rounding (TOLERANCE of the total), so a cumulative weight of exactly 2.5% does not exceed it.
 * Null when the unit reads nothing or its weights were too many to keep.
 */
export function centralSpan(d: Dist): [number, number] | null {
  const w = d.w;
  if (d.mass === 0 || w === null) return null;
  const cdf = cdfOf(w);
  const len = w.F.length + w.J * (w.C.length - 1);
  const total = cdf(len - 1);
  const eps = TOLERANCE * total;
  const sd = Math.sqrt(Math.max(d.variance, 0));
  const lo = firstFrom(len, d.mean - 1.96 * sd - w.f0, (x) => cdf(x) > LOWER * total + eps);
  const hi = firstFrom(len, d.mean + 1.96 * sd - w.f0, (x) => cdf(x) >= UPPER * total - eps);
  return [w.f0 + lo, w.f0 + hi];
}

/**
 * Standard deviation and span (positions counted) of a unit's weights; null when it reads nothing.
 * `span` is null (and `std` exact) where the weights were too many to keep.
 */
export function summary(d: Dist): { std: number; span: number | null } | null {
  if (d.mass === 0) return null;
  const s = centralSpan(d);
  return { std: Math.sqrt(Math.max(d.variance, 0)), span: s === null ? null : s[1] - s[0] + 1 };
}

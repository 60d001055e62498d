// Holes: the input pixels inside an output unit's span that it does not depend on. Unit 0 of a
// chain reads the offsets Σ_i t_i·d_i·J_i (t_i < k_i, J_i the jump before layer i): a dilated
// kernel, or a stride larger than the field below it, spaces its taps further apart than that
// field is wide and leaves gaps. With `holes: "none"` a combination is feasible only if every
// layer is dense, which — the field below being dense by induction — holds exactly when each layer
// with k > 1 has d·J ≤ rf (J and rf before the layer). Every engine (the sweep's prefix walk and
// suffix tables, count(), the DP) decides density through densityNeed, and candidates get their
// `covered` from coveredOf.

import { gcd } from '../../math.js';
import type { LayerChoice } from '../../types.js';
import { spread } from './geometry.js';

type Taps = Pick<LayerChoice, 'kernel' | 'dilation'>;

/** Spacing of a layer's taps per unit of incoming jump: d, or 0 for a 1×1 kernel (one tap, no gap). */
export function tapGap(choice: Taps): number {
  return choice.kernel > 1 ? choice.dilation : 0;
}

/**
 * By how much a dense field of `rf` pixels (at jump `jump`) falls short of keeping the layer dense:
 * gap·jump − rf. The layer is dense iff this is ≤ 0. Relative to a state (J, rf) it also gives the
 * suffix thresholds: a later layer at stride product S and rf growth R (rf = rf₀ + J·R) is dense iff
 * rf₀/J ≥ densityNeed(choice, S, R).
 */
export function densityNeed(choice: Taps, jump: number, rf: number): number {
  return tapGap(choice) * jump - rf;
}

/** Whether a layer keeps unit 0 dense when it enters with `jump` and a dense field of `rf`. */
export function staysDense(choice: Taps, jump: number, rf: number): boolean {
  return densityNeed(choice, jump, rf) <= 0;
}

/** Whether every layer of a chain is dense (unit 0 reads every pixel of its span at every layer). */
export function isDense(layers: readonly LayerChoice[]): boolean {
  let rf = 1;
  let jump = 1;
  for (const c of layers) {
    if (!staysDense(c, jump, rf)) return false;
    rf += spread(c) * jump;
    jump *= c.stride;
  }
  return true;
}

/**
 * The number of distinct offsets Σ t_i·d_i·J_i unit 0 of the chain reads (per axis): its covered
 * pixels, rf when the chain has no holes. Exact: the offsets are kept as sorted runs, after dividing
 * out the common factor of every tap spacing (a set scaled by g has the same size), so that regular
 * gridding — every layer dilated alike — stays one run; a layer's k copies are united by doubling
 * (copies 0…m−1 and m…2m−1 of a set are two unions of one set), so a dense field costs O(log k).
 */
export function coveredOf(layers: readonly LayerChoice[]): number {
  const steps: { gap: number; k: number }[] = [];
  let jump = 1;
  let g = 0;
  for (const c of layers) {
    if (c.kernel > 1) {
      steps.push({ gap: c.dilation * jump, k: c.kernel });
      g = gcd(g, c.dilation * jump);
    }
    jump *= c.stride;
  }
  let runs: Runs = [0, 0];
  for (const { gap, k } of steps) runs = sumProgression(runs, gap / g, k);
  let size = 0;
  for (let i = 0; i < runs.length; i += 2) size += runs[i + 1]! - runs[i]! + 1;
  return size;
}

/** Flat sorted runs [start, end, start, end, …] (inclusive, disjoint, not touching). */
type Runs = number[];

/** runs ⊕ {0, a, …, (k−1)·a}. */
function sumProgression(runs: Runs, a: number, k: number): Runs {
  const span = runs[runs.length - 1]! - runs[0]! + 1;
  if (runs.length === 2 && a <= span) return [runs[0]!, runs[1]! + (k - 1) * a];
  let copies = runs;
  let m = 1;
  let taken: Runs = [];
  let offset = 0;
  for (let rest = k; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) {
      taken = unite(taken, copies, offset);
      offset += m * a;
    }
    if (rest > 1) {
      copies = unite(copies, copies, m * a);
      m *= 2;
    }
  }
  return taken;
}

/** a ∪ (b + shift), as runs. */
function unite(a: Runs, b: Runs, shift: number): Runs {
  const out: Runs = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let s: number;
    let e: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]! + shift)) {
      s = a[i]!;
      e = a[i + 1]!;
      i += 2;
    } else {
      s = b[j]! + shift;
      e = b[j + 1]! + shift;
      j += 2;
    }
    const last = out.length - 1;
    if (out.length > 0 && s <= out[last]! + 1) {
      if (e > out[last]!) out[last] = e;
    } else out.push(s, e);
  }
  return out;
}

// ── The holes state of a dense prefix, for dynamic programming ──
//
// Whether the layers after a dense prefix (J, rf) stay dense depends on the prefix only through
// y = floor(rf/J): a layer is dense iff gap ≤ y (gap·J ≤ rf ⟺ gap ≤ rf/J, gap an integer), and
// after it y' = floor((y + d(k−1))/s) (as floor((rf + d(k−1)·J)/(J·s)) = floor((rf/J + d(k−1))/s)
// and floor(floor(x)/s) = floor(x/s)). y never exceeds 1 + Σ d(k−1), so a DP over (jump, y) stays
// small even where rf itself is unbounded; the ratio rf/J can shrink (1×1 strided layers), so it
// does not saturate by itself, but past ratioCap every later layer is dense and y can be capped.

/** The holes state y = floor(rf/J) of a dense prefix. */
export function ratioOf(rf: number, jump: number): number {
  return Math.floor(rf / jump);
}

/** The holes state after a layer of rf growth `delta` (d·(k−1)) and `stride`. */
export function nextRatio(y: number, delta: number, stride: number): number {
  return Math.floor((y + delta) / stride);
}

/**
 * For layers l…depth−1 of `lists`: the y beyond which every later layer is dense whatever is
 * chosen, given that the jump entering layer l is J and no feasible jump exceeds `jumpBound`
 * (constraints.stride or minOutput; Infinity without). A state's y may be capped at it
 * (min(y, cap)) without changing any later density check: y' ≥ floor(y/s), so y ≥ gap_i·(product
 * of the strides between) keeps layer i dense, and those strides multiply to at most jumpBound/J.
 */
export function ratioCap(
  lists: readonly (readonly LayerChoice[])[],
  jumpBound: number,
): (l: number, jump: number) => number {
  const depth = lists.length;
  const gapMax = lists.map((l) => l.reduce((m, c) => Math.max(m, tapGap(c)), 0));
  const strideMax = lists.map((l) => l.reduce((m, c) => Math.max(m, c.stride), 1));
  const memo = new Map<string, number>();
  return (l, jump) => {
    const key = `${l},${jump}`;
    let cap = memo.get(key);
    if (cap !== undefined) return cap;
    const room = Math.floor(jumpBound / jump);
    cap = 0;
    let product = 1;
    for (let i = l; i < depth; i++) {
      cap = Math.max(cap, gapMax[i]! * Math.min(product, room));
      product = Math.min(product * strideMax[i]!, Number.MAX_SAFE_INTEGER);
    }
    memo.set(key, cap);
    return cap;
  };
}

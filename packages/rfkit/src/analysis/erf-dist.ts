// The effective-receptive-field weights of one output unit on one axis: how much each input
// position contributes when every op spreads a unit's weight equally over what it reads.
//
// Moments compose in O(1) per op (a window adds a uniform's variance, a mixture combines means and
// variances), so `std` never needs the weights themselves. The span does, and deep stacks make
// them long (a 10,000-layer chain reaches 500,000 positions), so the weights are kept factored as
// D = F ∗ up_J(C): a fine part F on consecutive positions, convolved with a coarse part C on the
// lattice J·ℤ, where J is the jump of the layers that applied the recent windows. A window whose
// taps lie on that lattice only touches C, at a cost of |C| = (span of C)/J instead of the whole
// span; F absorbs C (a fold) only when the jump changes.
//
// The far tails of deep stacks hold next to nothing (beyond ~9σ, below 1e-18 of the weight), yet
// would dominate the cost, so the stored weights drop edge runs whose total is below TRIM of the
// unit's weight. Every other op averages or mixes (neither grows an ℓ1 error), so the weights stay
// within (number of ops)·TRIM of exact: 1e-14 after 10,000 layers, far inside the rounding
// allowance of the span. The region (`lo`, `hi`) is kept exactly. Where the weights would need
// more than MAX_WEIGHTS positions (or a fold more than MAX_FOLD steps), only the moments are kept.

/** Stored weights: F[i] at input position `f0 + i`, convolved with C[j] at offset `j·J`. */
export interface Weights {
  F: Float64Array;
  f0: number;
  J: number;
  C: Float64Array;
}

/** Weights of one unit, unnormalised (mass < 1 where some weight fell on units that read nothing). */
export interface Dist {
  /** Total weight; 0: the unit reads no input. */
  mass: number;
  /** Mean and variance of the normalised weights, in input positions. */
  mean: number;
  variance: number;
  /** First and last input position of the unit's region (those with weight). */
  lo: number;
  hi: number;
  /** Null where they would be too many to keep: then only the moments (and the region) are known. */
  w: Weights | null;
  /** Memo of `onLattice`: this distribution re-expressed on another lattice. */
  anchored?: Dist;
}

const ONE = Float64Array.of(1);

export const EMPTY_DIST: Dist = { mass: 0, mean: 0, variance: 0, lo: 0, hi: -1, w: null };

/** The model input's unit 0: all weight on position 0. */
export const POINT: Dist = {
  mass: 1,
  mean: 0,
  variance: 0,
  lo: 0,
  hi: 0,
  w: { F: ONE, f0: 0, J: 1, C: ONE },
};

/** Largest share of a unit's weight dropped at one edge of its stored weights, per op. */
export const TRIM = 1e-18;
/** Most positions in one stored array (32 MB). */
export const MAX_WEIGHTS = 1 << 22;
/** Most multiply-adds of one fold. */
const MAX_FOLD = 1 << 27;

/** `[first, end)` of `a` without edge runs whose sums stay below `budget`. */
function trimmedRange(a: Float64Array, budget: number): [number, number] {
  let first = 0;
  let sum = 0;
  while (first < a.length - 1 && sum + Math.abs(a[first]!) < budget) sum += Math.abs(a[first++]!);
  let end = a.length;
  sum = 0;
  while (end - 1 > first && sum + Math.abs(a[end - 1]!) < budget) sum += Math.abs(a[--end]!);
  return [first, end];
}

export function shiftDist(d: Dist, by: number): Dist {
  if (by === 0 || d.mass === 0) return d;
  const w = d.w === null ? null : { F: d.w.F, f0: d.w.f0 + by, J: d.w.J, C: d.w.C };
  return { mass: d.mass, mean: d.mean + by, variance: d.variance, lo: d.lo + by, hi: d.hi + by, w };
}

/** The stored weights on consecutive positions from `w.f0`: F ∗ up_J(C), written out; null if too many. */
export function dense(w: Weights): Float64Array | null {
  const { F, C, J } = w;
  if (C.length === 1 && C[0] === 1) return F;
  if (F.length === 1 && J === 1) return F[0] === 1 ? C : C.map((c) => c * F[0]!);
  const len = F.length + J * (C.length - 1);
  if (len > MAX_WEIGHTS || F.length * C.length > MAX_FOLD) return null;
  const out = new Float64Array(len);
  for (let j = 0; j < C.length; j++) {
    const c = C[j]!;
    if (c === 0) continue;
    const at = j * J;
    for (let i = 0; i < F.length; i++) out[at + i]! += c * F[i]!;
  }
  return out;
}

/** Only the moments of `d`: its weights are too many to keep. */
function momentsOnly(d: Dist): Dist {
  return { mass: d.mass, mean: d.mean, variance: d.variance, lo: d.lo, hi: d.hi, w: null };
}

/**
 * The same distribution with C on the lattice `J` (a positive integer). A fold costs |F|·|C|
 * once; it is memoised, so the branches that read one unit share the folded F (and a later merge
 * of those branches can then mix their C parts directly).
 */
function onLattice(d: Dist, J: number): Dist {
  const w = d.w;
  if (w === null || w.J === J || d.mass === 0) return d;
  if (d.anchored?.w?.J === J) return d.anchored;
  let a: Dist;
  if (w.C.length === 1) a = { ...d, w: { ...w, J }, anchored: undefined };
  else {
    const F = dense(w);
    a = F === null ? momentsOnly(d) : { ...d, w: { F, f0: w.f0, J, C: ONE }, anchored: undefined };
  }
  d.anchored = a;
  return a;
}

/** Longest window summed directly. */
const DIRECT_TAPS = 3;

/**
 * `out[j] = (1/k)·Σ_{t<k} c[j − t·q]`: the weights spread equally over k taps q lattice steps
 * apart. Short windows sum directly. Longer ones keep a running sum per residue class mod q, run
 * from both ends towards the middle: a running sum's rounding error is relative to the largest
 * window it has passed, so each tail is computed as accurately as a direct sum (one run from the
 * left would leave a floor of ~1e-16 of the peak over the whole right tail, which trimming could
 * then never drop).
 */
function boxFilter(c: Float64Array, q: number, k: number): Float64Array {
  const n = c.length;
  const len = n + (k - 1) * q;
  const out = new Float64Array(len);
  const w = 1 / k;
  if (k <= DIRECT_TAPS) {
    for (let j = 0; j < n; j++) out[j] = c[j]! * w;
    for (let t = 1; t < k; t++) {
      const at = t * q;
      for (let j = 0; j < n; j++) out[at + j]! += c[j]! * w;
    }
    return out;
  }
  const span = k * q;
  const mid = len >> 1;
  for (let r = 0; r < q && r < len; r++) {
    let sum = 0;
    let j = r;
    for (; j < mid; j += q) {
      if (j < n) sum += c[j]!;
      if (j >= span) sum -= c[j - span]!;
      out[j] = sum * w;
    }
    // From the top of this residue class down to the middle.
    let top = r + Math.floor((len - 1 - r) / q) * q;
    if (top < j) continue;
    sum = 0;
    for (let t = 0; t < k; t++) {
      const i = top - t * q;
      if (i >= 0 && i < n) sum += c[i]!;
    }
    for (; top >= j; top -= q) {
      out[top] = sum * w;
      if (top < n) sum -= c[top]!;
      const i = top - span;
      if (i >= 0 && i < n) sum += c[i]!;
    }
  }
  return out;
}

/**
 * A window: k taps at offsets `0, a, …, (k−1)·a`, each with weight 1/k. `a` must be a multiple
 * of `lattice`, the jump of the layer read (the coarse part is kept on that lattice).
 */
export function boxDist(d: Dist, k: number, a: number, lattice: number): Dist {
  if (k === 1 || d.mass === 0) return d;
  const moments = {
    mass: d.mass,
    mean: d.mean + ((k - 1) * a) / 2,
    variance: d.variance + (a * a * (k * k - 1)) / 12,
    lo: d.lo,
    hi: d.hi + (k - 1) * a,
  };
  if (d.w === null) return { ...moments, w: null };
  // A lattice coarser than C's (the jump grew) would leave C mostly zeros: fold F first.
  const base = a % d.w.J !== 0 || lattice > d.w.J ? onLattice(d, lattice) : d;
  const w = base.w;
  const q = w === null ? 0 : a / w.J;
  if (w === null || w.C.length + (k - 1) * q > MAX_WEIGHTS) return { ...moments, w: null };
  const full = boxFilter(w.C, q, k);
  const [first, end] = trimmedRange(full, TRIM * d.mass);
  const C = first === 0 && end === full.length ? full : full.subarray(first, end);
  return { ...moments, w: { F: w.F, f0: w.f0 + first * w.J, J: w.J, C } };
}

export interface Part {
  d: Dist;
  /** Share of the unit's weight that goes to this part. */
  w: number;
}

/** Weighted moments and region of a mixture; `null` when no part has weight. */
function mixMoments(parts: Part[]): Omit<Dist, 'w'> | null {
  let mass = 0;
  let m1 = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of parts) {
    const m = p.w * p.d.mass;
    mass += m;
    m1 += m * p.d.mean;
    if (p.d.lo < lo) lo = p.d.lo;
    if (p.d.hi > hi) hi = p.d.hi;
  }
  if (mass === 0) return null;
  const mean = m1 / mass;
  let v = 0;
  for (const p of parts) {
    const dm = p.d.mean - mean;
    v += p.w * p.d.mass * (p.d.variance + dm * dm);
  }
  return { mass, mean, variance: v / mass, lo, hi };
}

/**
 * A mixture `Σ w_i·D_i`. Parts that share F and the lattice (branches of one unit, e.g. a residual
 * block's body and skip) are mixed in C; others are written out and mixed position by position.
 */
export function mixDists(parts: Part[]): Dist {
  const live = parts.filter((p) => p.w > 0 && p.d.mass > 0);
  const moments = mixMoments(live);
  if (moments === null) return EMPTY_DIST;
  if (live.length === 1 && live[0]!.w === 1) return live[0]!.d;
  const ws = live.map((p) => p.d.w);
  if (ws.some((w) => w === null)) return { ...moments, w: null };
  const first = ws[0]!;
  // A single-entry C sits on every lattice: such a part (e.g. a skip) takes the others'.
  const J = ws.find((w) => w!.C.length > 1)?.J ?? first.J;
  const budget = TRIM * moments.mass;
  const onJ = (w: Weights) => w.J === J || w.C.length === 1;
  if (ws.every((w) => w!.F === first.F && onJ(w!) && (w!.f0 - first.f0) % J === 0)) {
    let base = first.f0;
    let top = base;
    for (const w of ws) {
      if (w!.f0 < base) base = w!.f0;
      const last = w!.f0 + J * (w!.C.length - 1);
      if (last > top) top = last;
    }
    const len = (top - base) / J + 1;
    if (len > MAX_WEIGHTS) return { ...moments, w: null };
    const C = new Float64Array(len);
    live.forEach((p, i) => {
      const w = ws[i]!;
      const at = (w.f0 - base) / J;
      for (let j = 0; j < w.C.length; j++) C[at + j]! += p.w * w.C[j]!;
    });
    const [a, b] = trimmedRange(C, budget);
    return { ...moments, w: { F: first.F, f0: base + a * J, J, C: C.subarray(a, b) } };
  }
  let base = Number.POSITIVE_INFINITY;
  let top = Number.NEGATIVE_INFINITY;
  const written: { at: number; share: number; src: Float64Array }[] = [];
  for (let i = 0; i < live.length; i++) {
    const w = ws[i]!;
    const src = dense(w);
    if (src === null) return { ...moments, w: null };
    if (w.f0 < base) base = w.f0;
    if (w.f0 + src.length - 1 > top) top = w.f0 + src.length - 1;
    written.push({ at: w.f0, share: live[i]!.w, src });
  }
  if (top - base + 1 > MAX_WEIGHTS) return { ...moments, w: null };
  const F = new Float64Array(top - base + 1);
  for (const { at, share, src } of written) {
    const o = at - base;
    for (let i = 0; i < src.length; i++) F[o + i]! += share * src[i]!;
  }
  const [a, b] = trimmedRange(F, budget);
  return { ...moments, w: { F: F.subarray(a, b), f0: base + a, J: 1, C: ONE } };
}

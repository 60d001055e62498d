// Sets of input indices in closed form. The region a unit depends on is a Minkowski sum of
// arithmetic progressions (one per layer), shifted; such sets are intervals in the common case and
// periodic "tiles" when dilation or large strides leave holes. A set too irregular to keep exactly
// (more than MAX_INTERVALS intervals) degrades to its bounds, so rf and P stay exact while the
// hole count (`covered`) becomes unknown. Arithmetic on positions and counts is checked
// (checked.ts): a value beyond 2^53 is an `overflow` error, never a rounded bound.
import { add, mul, sub } from './checked.js';

/** Flat sorted interval list `[s0, e0, s1, e1, …]` (inclusive, disjoint, non-adjacent). */
export type Runs = number[];

export type IntSet =
  | { kind: 'empty' }
  /** Every integer in `[lo, hi]`. */
  | { kind: 'interval'; lo: number; hi: number }
  /**
   * `{ lo + x + i·period : x ∈ tile, 0 ≤ i < count }` with `tile` relative to 0 (first run starts at
   * 0) and its last element < period, so copies are disjoint.
   */
  | { kind: 'tiled'; lo: number; hi: number; tile: Runs; tileSize: number; period: number; count: number }
  /**
   * Only the bounds are known (the exact set was too irregular to keep); `size` survives as long as
   * every step only adds disjoint copies, else it is null.
   */
  | { kind: 'bounds'; lo: number; hi: number; size: number | null };

export const MAX_INTERVALS = 1 << 16;

export const EMPTY: IntSet = { kind: 'empty' };

export function interval(lo: number, hi: number): IntSet {
  return { kind: 'interval', lo, hi };
}

/** Number of elements, or null when only the bounds are known. */
export function sizeOf(s: IntSet): number | null {
  switch (s.kind) {
    case 'empty':
      return 0;
    case 'interval':
      return add(sub(s.hi, s.lo, 'covered'), 1, 'covered');
    case 'tiled':
      return mul(s.tileSize, s.count, 'covered');
    case 'bounds':
      return s.size;
  }
}

export function shift(s: IntSet, by: number): IntSet {
  if (by === 0) return s;
  switch (s.kind) {
    case 'empty':
      return s;
    case 'interval':
      return { kind: 'interval', lo: add(s.lo, by, 'effectivePadding'), hi: add(s.hi, by, 'rf') };
    case 'tiled':
      return { ...s, lo: add(s.lo, by, 'effectivePadding'), hi: add(s.hi, by, 'rf') };
    case 'bounds':
      return { kind: 'bounds', lo: add(s.lo, by, 'effectivePadding'), hi: add(s.hi, by, 'rf'), size: s.size };
  }
}

function runsSize(r: Runs): number {
  let n = 0;
  for (let i = 0; i < r.length; i += 2)
    n = add(n, add(sub(r[i + 1]!, r[i]!, 'covered'), 1, 'covered'), 'covered');
  return n;
}

/** Builds the tidiest representation of a sorted run list (absolute coordinates). */
function fromRuns(r: Runs): IntSet {
  if (r.length === 0) return EMPTY;
  const lo = r[0]!;
  const hi = r[r.length - 1]!;
  if (r.length === 2) return { kind: 'interval', lo, hi };
  // Equal runs at equal spacing compress to one tile: the usual shape of dilation holes.
  const len = sub(r[1]!, r[0]!, 'rf');
  const step = sub(r[2]!, r[0]!, 'rf');
  let regular = true;
  for (let i = 2; i < r.length && regular; i += 2) {
    regular = sub(r[i + 1]!, r[i]!, 'rf') === len && sub(r[i]!, r[i - 2]!, 'rf') === step;
  }
  if (regular) return tiled([0, len], len + 1, lo, step, r.length / 2);
  const tile = r.map((x) => sub(x, lo, 'rf'));
  return {
    kind: 'tiled',
    lo,
    hi,
    tile,
    tileSize: runsSize(r),
    period: add(sub(hi, lo, 'rf'), 1, 'rf'),
    count: 1,
  };
}

function tiled(tile: Runs, tileSize: number, lo: number, period: number, count: number): IntSet {
  const last = tile[tile.length - 1]!;
  if (count === 1)
    return { kind: 'tiled', lo, hi: add(lo, last, 'rf'), tile, tileSize, period: last + 1, count: 1 };
  if (tile.length === 2 && last + 1 === period)
    return { kind: 'interval', lo, hi: sub(add(lo, mul(period, count, 'rf'), 'rf'), 1, 'rf') };
  const hi = add(add(lo, last, 'rf'), mul(count - 1, period, 'rf'), 'rf');
  return { kind: 'tiled', lo, hi, tile, tileSize, period, count };
}

/** Expands to absolute runs, or null when that would exceed MAX_INTERVALS. */
export function toRuns(s: IntSet): Runs | null {
  switch (s.kind) {
    case 'empty':
      return [];
    case 'interval':
      return [s.lo, s.hi];
    case 'bounds':
      return null;
    case 'tiled': {
      const n = (s.tile.length / 2) * s.count;
      if (n > MAX_INTERVALS) return null;
      const out: Runs = [];
      const t = s.tile;
      for (let i = 0; i < s.count; i++) {
        const base = add(s.lo, mul(i, s.period, 'rf'), 'rf');
        for (let j = 0; j < t.length; j += 2) {
          const a = add(base, t[j]!, 'rf');
          const b = add(base, t[j + 1]!, 'rf');
          // Copies can touch (tile ending at period−1 and starting at 0): join them.
          if (out.length > 0 && out[out.length - 1]! + 1 >= a) out[out.length - 1] = b;
          else out.push(a, b);
        }
      }
      return out;
    }
  }
}

/** Union of many run lists: sort by start, then sweep. */
export function unionRuns(lists: Runs[]): Runs {
  const starts: [number, number][] = [];
  for (const r of lists) for (let i = 0; i < r.length; i += 2) starts.push([r[i]!, r[i + 1]!]);
  starts.sort((a, b) => a[0] - b[0]);
  const out: Runs = [];
  for (const [a, b] of starts) {
    if (out.length > 0 && out[out.length - 1]! + 1 >= a) {
      if (b > out[out.length - 1]!) out[out.length - 1] = b;
    } else out.push(a, b);
  }
  return out;
}

function bounds(lo: number, hi: number, size: number | null = null): IntSet {
  return { kind: 'bounds', lo, hi, size };
}

/** Bounds of `s ⊕ AP(a, k)` when the exact set is given up; copies are disjoint when span ≤ a. */
function boundsSum(s: { lo: number; hi: number }, size: number | null, a: number, k: number): IntSet {
  const disjoint = sub(s.hi, s.lo, 'rf') + 1 <= a;
  const hi = add(s.hi, mul(k - 1, a, 'rf'), 'rf');
  return bounds(s.lo, hi, disjoint && size !== null ? mul(size, k, 'covered') : null);
}

/** `s ⊕ {0, a, 2a, …, (k−1)a}` (a ≥ 1, k ≥ 1). */
export function sumAP(s: IntSet, a: number, k: number, depth = 0): IntSet {
  if (k === 1 || s.kind === 'empty') return s;
  const ext = mul(k - 1, a, 'rf');
  switch (s.kind) {
    case 'interval': {
      const len = add(sub(s.hi, s.lo, 'rf'), 1, 'rf');
      if (a <= len) return { kind: 'interval', lo: s.lo, hi: add(s.hi, ext, 'rf') };
      return {
        kind: 'tiled',
        lo: s.lo,
        hi: add(s.hi, ext, 'rf'),
        tile: [0, len - 1],
        tileSize: len,
        period: a,
        count: k,
      };
    }
    case 'bounds':
      return boundsSum(s, s.size, a, k);
    case 'tiled': {
      if (s.count > 1 && a % s.period === 0) {
        const m = a / s.period;
        // {0..c−1} + {0, m, …, (k−1)m} has no gaps when m ≤ c.
        if (m <= s.count)
          return tiled(s.tile, s.tileSize, s.lo, s.period, add(s.count, mul(k - 1, m, 'covered'), 'covered'));
      }
      if (s.count > 1 && depth === 0) {
        // Minkowski sums commute: add the progression to one tile, then repeat the tile. This keeps
        // e.g. (period-1000 dots) ⊕ (1000 consecutive steps) a single interval without listing it.
        const one: IntSet = {
          ...s,
          hi: add(s.lo, s.tile[s.tile.length - 1]!, 'rf'),
          count: 1,
          period: s.tile[s.tile.length - 1]! + 1,
        };
        return sumAP(sumAP(one, a, k, 1), s.period, s.count, 1);
      }
      const runs = toRuns(s);
      if (runs === null) return boundsSum(s, mul(s.tileSize, s.count, 'covered'), a, k);
      const span = add(sub(s.hi, s.lo, 'rf'), 1, 'rf');
      if (span <= a) {
        // Copies are disjoint: the expanded set becomes the tile.
        return tiled(
          runs.map((x) => sub(x, s.lo, 'rf')),
          mul(s.tileSize, s.count, 'covered'),
          s.lo,
          a,
          k,
        );
      }
      if ((runs.length / 2) * k > 4 * MAX_INTERVALS) return boundsSum(s, null, a, k);
      const copies: Runs[] = [];
      for (let i = 0; i < k; i++) {
        const by = mul(i, a, 'rf');
        copies.push(i === 0 ? runs : runs.map((x) => add(x, by, 'rf')));
      }
      const u = unionRuns(copies);
      if (u.length / 2 > MAX_INTERVALS) return boundsSum(s, null, a, k);
      return fromRuns(u);
    }
  }
}

export function union(sets: IntSet[]): IntSet {
  const nonEmpty = sets.filter((s) => s.kind !== 'empty');
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of nonEmpty) {
    const b = s as { lo: number; hi: number };
    if (b.lo < lo) lo = b.lo;
    if (b.hi > hi) hi = b.hi;
  }
  // Fast path: intervals that overlap or touch.
  if (nonEmpty.every((s) => s.kind === 'interval')) {
    const sorted = (nonEmpty as { lo: number; hi: number }[]).slice().sort((x, y) => x.lo - y.lo);
    let end = sorted[0]!.hi;
    let ok = true;
    for (let i = 1; i < sorted.length && ok; i++) {
      if (sorted[i]!.lo > end + 1) ok = false;
      else if (sorted[i]!.hi > end) end = sorted[i]!.hi;
    }
    if (ok) return interval(lo, hi);
  }
  const lists: Runs[] = [];
  for (const s of nonEmpty) {
    const r = toRuns(s);
    if (r === null) return bounds(lo, hi);
    lists.push(r);
  }
  const u = unionRuns(lists);
  if (u.length / 2 > MAX_INTERVALS) return bounds(lo, hi);
  return fromRuns(u);
}

/**
 * True when `b` is exactly `a` shifted by `by` (false when either is only known by its bounds).
 * Unchecked sums are fine here: a sum beyond 2^53 rounds to a value no safe integer equals.
 */
export function isShiftOf(a: IntSet, b: IntSet, by: number): boolean {
  if (a.kind === 'empty' || b.kind === 'empty') return a.kind === b.kind;
  if (a.kind === 'bounds' || b.kind === 'bounds') return false;
  if (b.lo !== a.lo + by || b.hi !== a.hi + by) return false;
  if (a.kind === 'interval' || b.kind === 'interval') return a.kind === b.kind;
  const ra = toRuns(a);
  const rb = toRuns(b);
  if (ra === null || rb === null || ra.length !== rb.length) return false;
  for (let i = 0; i < ra.length; i++) if (ra[i]! + by !== rb[i]) return false;
  return true;
}

/** Every element (for tests and small sets), ascending; null when only bounds are known. */
export function elements(s: IntSet): number[] | null {
  const r = toRuns(s);
  if (r === null) return null;
  const out: number[] = [];
  for (let i = 0; i < r.length; i += 2) for (let x = r[i]!; x <= r[i + 1]!; x++) out.push(x);
  return out;
}

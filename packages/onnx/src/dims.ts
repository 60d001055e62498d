// ONNX's rules for axes, broadcasting and slicing, on shapes whose extents may be unknown
// (null). The converter (pixel tensors) and the constant folder (small constants) both use them,
// so the two can never read a shape differently.

export type Dims = readonly (number | null)[];

/** `[from, from + 1, …, to − 1]` (empty when `to ≤ from`). */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Number of elements; null when an extent is unknown or the product leaves the safe integers. */
export function product(dims: Dims): number | null {
  let n = 1;
  for (const d of dims) {
    if (d === null) return null;
    n *= d;
  }
  return Number.isSafeInteger(n) ? n : null;
}

/** An ONNX axis (negative counts from the end) as an index in `[0, rank)`; null when out of range. */
export function axisIndex(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return Number.isInteger(a) && a >= 0 && a < rank ? a : null;
}

/**
 * Numpy broadcasting. An unknown extent stays unknown unless another input fixes it; `conflict`
 * says that two known extents other than 1 differ (which ONNX forbids). On a conflict `shape`
 * holds the last input's extent: the converter keeps going with it, the folder gives up.
 */
export function broadcastShapes(shapes: readonly Dims[]): { shape: (number | null)[]; conflict: boolean } {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  let conflict = false;
  const shape = range(0, rank).map((i) => {
    let size: number | null = 1;
    for (const s of shapes) {
      const v = s[i - (rank - s.length)] ?? 1;
      if (v === 1) continue;
      if (v === null) {
        if (size === 1) size = null;
        continue;
      }
      if (size !== 1 && size !== null && size !== v) conflict = true;
      size = v;
    }
    return size;
  });
  return { shape, conflict };
}

/**
 * ONNX Slice along one axis of known extent `dim` (`step ≠ 0`): negative `start`/`end` count
 * from the end, both are clamped (to `[0, dim]` going forward, `[−1, dim − 1]` backward), and
 * `count` elements are taken from `start` on.
 */
export function sliceAxis(
  start: number,
  end: number,
  step: number,
  dim: number,
): { start: number; end: number; count: number } {
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
  } else {
    s = Math.min(Math.max(s, 0), dim - 1);
    e = Math.min(Math.max(e, -1), dim - 1);
  }
  return { start: s, end: e, count: Math.max(0, Math.ceil((e - s) / step)) };
}

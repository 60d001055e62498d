// Pure geometry of the visualiser: which cells a drawing spans and how a unit moves with the keys.

/** The index range drawn on one axis: the whole input plus any part of the region in padding. */
export function viewRange(n: number, start: number | null, end: number | null): { lo: number; hi: number } {
  return { lo: Math.min(0, start ?? 0), hi: Math.max(n - 1, end ?? n - 1) };
}

/** Cells in the span that the unit does not depend on (dilation or stride holes), over all axes. */
export function holeCount(start: number[], end: number[], indices: number[][]): number {
  let span = 1;
  let used = 1;
  start.forEach((s, a) => {
    const e = end[a]!;
    span *= e - s + 1;
    used *= (indices[a] ?? []).filter((i) => i >= s && i <= e).length;
  });
  return span - used;
}

export const ARROWS: Record<string, [axis: 'row' | 'col', delta: number]> = {
  ArrowUp: ['row', -1],
  ArrowDown: ['row', 1],
  ArrowLeft: ['col', -1],
  ArrowRight: ['col', 1],
};

/**
 * Moves a unit by one along the drawn axes and clamps it to the output map. `rowAxis` is null for
 * 1-D models (drawn as a single row).
 */
export function stepUnit(
  unit: readonly number[],
  outSize: readonly number[],
  rowAxis: number | null,
  colAxis: number,
  key: string,
): number[] | null {
  const arrow = ARROWS[key];
  if (!arrow) return null;
  const [which, delta] = arrow;
  const axis = which === 'row' ? rowAxis : colAxis;
  const next = unit.slice();
  if (axis === null) return next;
  next[axis] = Math.max(0, Math.min((outSize[axis] ?? 1) - 1, (next[axis] ?? 0) + delta));
  return next;
}

/** A unit resized to `axes` entries and clamped to the output map. */
export function clampUnit(unit: readonly number[], outSize: readonly number[]): number[] {
  return outSize.map((n, a) => Math.max(0, Math.min(n - 1, unit[a] ?? 0)));
}

// Pure geometry of the visualiser: which cells a drawing spans, which axes it draws, and how a
// unit moves with the keys.

/** The index range drawn on one axis: the whole input plus any part of the region in padding. */
export function viewRange(n: number, start: number | null, end: number | null): { lo: number; hi: number } {
  return { lo: Math.min(0, start ?? 0), hi: Math.max(n - 1, end ?? n - 1) };
}

export interface Plane {
  /** The axis drawn down the rows; null for 1-D models (one row). */
  rowAxis: number | null;
  colAxis: number;
  /** The axes not drawn (3-D models: one), sliced at a chosen position. */
  hidden: number[];
}

/** The axes drawn for a model with `axes` axes: `plane` if it names two of them, else the last two. */
export function planeOf(axes: number, plane: readonly [number, number] | null): Plane {
  if (axes === 1) return { rowAxis: null, colAxis: 0, hidden: [] };
  const valid = plane !== null && plane[0] !== plane[1] && plane.every((a) => a >= 0 && a < axes);
  const [rowAxis, colAxis] = valid ? plane : [axes - 2, axes - 1];
  const hidden = Array.from({ length: axes }, (_, a) => a).filter((a) => a !== rowAxis && a !== colAxis);
  return { rowAxis, colAxis, hidden };
}

export const ARROWS: Record<string, [axis: 'row' | 'col' | 'hidden', delta: number]> = {
  ArrowUp: ['row', -1],
  ArrowDown: ['row', 1],
  ArrowLeft: ['col', -1],
  ArrowRight: ['col', 1],
  PageUp: ['hidden', -1],
  PageDown: ['hidden', 1],
};

/**
 * Moves a unit by one along a drawn axis (arrows) or the hidden axis (Page Up/Down) and clamps it
 * to the output map. Returns null for other keys.
 */
export function stepUnit(
  unit: readonly number[],
  outSize: readonly number[],
  plane: Plane,
  key: string,
): number[] | null {
  const arrow = ARROWS[key];
  if (!arrow) return null;
  const [which, delta] = arrow;
  const axis = which === 'row' ? plane.rowAxis : which === 'col' ? plane.colAxis : (plane.hidden[0] ?? null);
  const next = unit.slice();
  if (axis === null) return next;
  next[axis] = Math.max(0, Math.min((outSize[axis] ?? 1) - 1, (next[axis] ?? 0) + delta));
  return next;
}

/** A unit resized to `axes` entries and clamped to the output map. */
export function clampUnit(unit: readonly number[], outSize: readonly number[]): number[] {
  return outSize.map((n, a) => Math.max(0, Math.min(n - 1, unit[a] ?? 0)));
}

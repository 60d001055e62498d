// Canvas drawing of the visualiser: a unit's footprint (the exact set rfkit computes) over the
// input grid, and the output map. Read positions are painted as rectangles, one per run of each
// box, so a drawing costs the same at 1500×1500 cells (resnet_v1_152) as at 12×12.
import { type Footprint, footprintSize } from 'rfkit';
import type { Plane } from './geometry.js';

export const COLORS = {
  padding: '#e4e4ec',
  input: '#ffffff',
  read: '#2563eb',
  readInPadding: '#ea580c',
  hole: 'rgba(37,99,235,0.11)',
  span: '#1e3a8a',
  grid: 'rgba(0,0,0,0.12)',
  unit: 'rgba(37,99,235,0.85)',
};
/** Opacity of the read cells over the grid or image. */
const READ_ALPHA = 0.62;

export interface InputDrawing extends Pick<InputView, 'rows' | 'cols' | 'cs'> {
  /** Positions read in this slice, and the cells of the slice's span (their bounding box). */
  read: number;
  span: number;
  /** The slice's bounding box, null when nothing is read in it. */
  box: { rows: [number, number]; cols: [number, number] } | null;
}

/** The boxes of a footprint that pass through `at` on the hidden axes, as [rowRuns, colRuns]. */
export function sliceBoxes(fp: Footprint, plane: Plane, at: number[]): [number[], number[]][] {
  const inside = (runs: number[], x: number) => {
    for (let i = 0; i < runs.length; i += 2) if (x >= runs[i]! && x <= runs[i + 1]!) return true;
    return false;
  };
  return fp.boxes
    .filter((b) => plane.hidden.every((a) => inside(b[a]!, at[a]!)))
    .map((b) => [plane.rowAxis === null ? [0, 0] : b[plane.rowAxis]!, b[plane.colAxis]!]);
}

/** The cells a drawing of the input spans, and its scale: shared by the footprint and the ERF. */
export interface InputView {
  /** Drawn positions per drawn axis, inclusive (rows [0, 0] for 1-D). */
  rows: [number, number];
  cols: [number, number];
  /** Pixels per cell. */
  cs: number;
  /** Canvas size in pixels. */
  width: number;
  height: number;
}

/**
 * The drawing of an input of size `n` per axis with the footprint `fp` on `plane`: the whole input
 * and every position the unit reads (in 3-D, over all slices, so the drawing keeps its size and the
 * ERF, summed over the third axis, fits in it), at most `maxPx` pixels and 20 per cell.
 */
export function inputView(fp: Footprint | null, n: number[], plane: Plane, maxPx: number): InputView {
  const range = (axis: number | null): [number, number] => {
    if (axis === null) return [0, 0];
    const s = fp?.start[axis] ?? null;
    const e = fp?.end[axis] ?? null;
    return [Math.min(0, s ?? 0), Math.max(n[axis]! - 1, e ?? 0)];
  };
  const rows = range(plane.rowAxis);
  const cols = range(plane.colAxis);
  const R = rows[1] - rows[0] + 1;
  const C = cols[1] - cols[0] + 1;
  const cs = Math.min(20, maxPx / Math.max(R, C));
  return { rows, cols, cs, width: Math.max(1, Math.ceil(C * cs)), height: Math.max(4, Math.ceil(R * cs)) };
}

/**
 * Draws the input (size `n` per axis) with the slice of `fp` through `at`: read positions, those
 * read in the padding, the holes inside the slice's span, and its centre.
 */
export function drawInput(
  canvas: HTMLCanvasElement,
  fp: Footprint | null,
  n: number[],
  plane: Plane,
  at: number[],
  view: InputView,
  image: HTMLImageElement | null,
): InputDrawing {
  const boxes = fp ? sliceBoxes(fp, plane, at) : [];
  let box: InputDrawing['box'] = null;
  for (const [rr, cr] of boxes) {
    const r: [number, number] = [rr[0]!, rr[rr.length - 1]!];
    const c: [number, number] = [cr[0]!, cr[cr.length - 1]!];
    box = box
      ? {
          rows: [Math.min(box.rows[0], r[0]), Math.max(box.rows[1], r[1])],
          cols: [Math.min(box.cols[0], c[0]), Math.max(box.cols[1], c[1])],
        }
      : { rows: r, cols: c };
  }
  const nr = plane.rowAxis === null ? 1 : n[plane.rowAxis]!;
  const nc = n[plane.colAxis]!;
  const { rows, cols, cs } = view;
  const R = rows[1] - rows[0] + 1;
  const C = cols[1] - cols[0] + 1;
  canvas.width = view.width;
  canvas.height = view.height;
  const read =
    boxes.length === 0 ? 0 : footprintSize({ ...fp!, axes: 2, boxes: boxes.map((b) => [b[0], b[1]]) });
  const span = box ? (box.rows[1] - box.rows[0] + 1) * (box.cols[1] - box.cols[0] + 1) : 0;
  const ctx = canvas.getContext('2d');
  if (!ctx) return { rows, cols, cs, read, span, box };
  const x = (col: number) => (col - cols[0]) * cs;
  const y = (row: number) => (row - rows[0]) * cs;
  ctx.fillStyle = COLORS.padding;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = COLORS.input;
  ctx.fillRect(x(0), y(0), nc * cs, nr * cs);
  if (image) {
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(image, x(0), y(0), nc * cs, nr * cs);
  }
  if (box) {
    ctx.fillStyle = COLORS.hole;
    ctx.fillRect(
      x(box.cols[0]),
      y(box.rows[0]),
      (box.cols[1] - box.cols[0] + 1) * cs,
      (box.rows[1] - box.rows[0] + 1) * cs,
    );
    // Read cells opaque on a layer of their own (overlapping boxes must not darken), the part in
    // the padding recoloured there, then the layer laid over the grid.
    const off = document.createElement('canvas');
    off.width = canvas.width;
    off.height = canvas.height;
    const o = off.getContext('2d');
    if (o) {
      o.fillStyle = COLORS.read;
      for (const [rr, cr] of boxes) {
        for (let i = 0; i < rr.length; i += 2) {
          const top = y(rr[i]!);
          const height = (rr[i + 1]! - rr[i]! + 1) * cs;
          for (let j = 0; j < cr.length; j += 2)
            o.fillRect(x(cr[j]!), top, (cr[j + 1]! - cr[j]! + 1) * cs, height);
        }
      }
      o.globalCompositeOperation = 'source-atop';
      o.fillStyle = COLORS.readInPadding;
      const W = canvas.width;
      const H = canvas.height;
      o.fillRect(0, 0, x(0), H);
      o.fillRect(x(nc), 0, W - x(nc), H);
      o.fillRect(0, 0, W, y(0));
      o.fillRect(0, y(nr), W, H - y(nr));
      ctx.globalAlpha = READ_ALPHA;
      ctx.drawImage(off, 0, 0);
      ctx.globalAlpha = 1;
    }
  }
  if (cs >= 5) gridLines(ctx, C, R, cs);
  ctx.strokeStyle = '#000';
  ctx.lineWidth = 1;
  ctx.strokeRect(x(0) + 0.5, y(0) + 0.5, nc * cs - 1, nr * cs - 1);
  if (box) {
    ctx.strokeStyle = COLORS.span;
    ctx.lineWidth = 2;
    const [r0, r1] = box.rows;
    const [c0, c1] = box.cols;
    ctx.strokeRect(x(c0) + 1, y(r0) + 1, (c1 - c0 + 1) * cs - 2, (r1 - r0 + 1) * cs - 2);
    cross(ctx, x((c0 + c1) / 2) + cs / 2, y((r0 + r1) / 2) + cs / 2, Math.max(4, cs));
  }
  return { rows, cols, cs, read, span, box };
}

/** A centre mark: a cross of arms `arm` pixels long at (cx, cy), in the current stroke style. */
export function cross(ctx: CanvasRenderingContext2D, cx: number, cy: number, arm: number): void {
  ctx.beginPath();
  ctx.moveTo(cx - arm, cy);
  ctx.lineTo(cx + arm, cy);
  ctx.moveTo(cx, cy - arm);
  ctx.lineTo(cx, cy + arm);
  ctx.stroke();
}

export function gridLines(ctx: CanvasRenderingContext2D, cols: number, rows: number, cs: number): void {
  ctx.strokeStyle = COLORS.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i <= cols; i++) {
    ctx.moveTo(Math.round(i * cs) + 0.5, 0);
    ctx.lineTo(Math.round(i * cs) + 0.5, rows * cs);
  }
  for (let i = 0; i <= rows; i++) {
    ctx.moveTo(0, Math.round(i * cs) + 0.5);
    ctx.lineTo(cols * cs, Math.round(i * cs) + 0.5);
  }
  ctx.stroke();
}

/** Draws the output map of the drawn axes with the chosen unit; returns pixels per cell. */
export function drawOutput(
  canvas: HTMLCanvasElement,
  rows: number,
  cols: number,
  unit: [row: number, col: number],
  maxPx: number,
): number {
  const cs = Math.max(2, Math.min(28, maxPx / Math.max(rows, cols)));
  canvas.width = Math.ceil(cols * cs);
  canvas.height = Math.ceil(rows * cs);
  const ctx = canvas.getContext('2d');
  if (!ctx) return cs;
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (cs >= 5) gridLines(ctx, cols, rows, cs);
  ctx.fillStyle = COLORS.unit;
  ctx.fillRect(unit[1] * cs, unit[0] * cs, cs, cs);
  return cs;
}

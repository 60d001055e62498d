// Reading a footprint: its size, and 2-D slices of it as masks for drawing.
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import type { Footprint } from './footprint.js';
import { checkFootprint } from './footprint-check.js';
import type { Runs } from './intset.js';
import { measure, runAt } from './runs.js';

/** How many input positions (padding included) the footprint holds. */
export function footprintSize(fp: Footprint): number {
  return measure(checkFootprint(fp, 'footprintSize').boxes, 0);
}

export interface FootprintSliceOptions {
  /** The axis drawn down the rows; null draws one row (1-D models). */
  rowAxis: number | null;
  /** The axis drawn across. */
  colAxis: number;
  /** First and last position drawn on the row axis (inclusive; `[0, 0]` when rowAxis is null). */
  rows: [number, number];
  /** First and last position drawn on the column axis (inclusive). */
  cols: [number, number];
  /**
   * A position for every axis: the slice is taken through it on the axes not drawn (the drawn
   * axes' entries are ignored). Required when the model has more axes than are drawn.
   */
  at?: number[];
}

/**
 * A 2-D slice of the footprint as a row-major mask (1 = read), `rows × cols` cells: what a
 * picture of the unit's input positions shows. Positions outside the input are included, so a
 * window wider than the input shows what the unit reads in the padding.
 */
export function footprintSlice(fp: Footprint, view: FootprintSliceOptions): Uint8Array {
  fp = checkFootprint(fp, 'footprintSlice');
  checkView(view);
  const { rowAxis, colAxis } = view;
  const [r0, r1] = rowAxis === null ? [0, 0] : view.rows;
  const [c0, c1] = view.cols;
  const drawn = (a: number) => a === rowAxis || a === colAxis;
  const bad = (a: number | null) => a !== null && (!Number.isInteger(a) || a < 0 || a >= fp.axes);
  if (bad(rowAxis) || bad(colAxis) || rowAxis === colAxis) {
    throw new RfError(
      'invalid-argument',
      `footprintSlice: rowAxis and colAxis must be two different axes in [0, ${fp.axes - 1}] (rowAxis null only for one row)`,
      'view',
    );
  }
  const needsAt = Array.from({ length: fp.axes }, (_, a) => a).filter((a) => !drawn(a));
  if (needsAt.length > 0 && (!view.at || view.at.length !== fp.axes)) {
    throw new RfError(
      'invalid-argument',
      `footprintSlice: a ${fp.axes}-D footprint needs "at", one position per axis, to slice through axis ${needsAt.join(', ')}`,
      'view.at',
    );
  }
  const width = c1 - c0 + 1;
  const height = r1 - r0 + 1;
  if (!(width >= 1 && height >= 1)) {
    throw new RfError(
      'invalid-argument',
      'footprintSlice: rows and cols must be [first, last] with first <= last',
      'view',
    );
  }
  if (width * height > MAX_CELLS) {
    throw new RfError(
      'too-large',
      `footprintSlice: ${width} × ${height} cells, more than the ${MAX_CELLS} a slice may have`,
      'view',
    );
  }
  const mask = new Uint8Array(width * height);
  for (const box of fp.boxes) {
    if (!needsAt.every((a) => runAt(box[a]!, view.at![a]!) >= 0)) continue;
    const cr = box[colAxis]!;
    const rr: Runs = rowAxis === null ? [0, 0] : box[rowAxis]!;
    for (let i = 0; i < rr.length; i += 2) {
      const ra = Math.max(rr[i]!, r0);
      const rb = Math.min(rr[i + 1]!, r1);
      for (let r = ra; r <= rb; r++) {
        const base = (r - r0) * width - c0;
        for (let j = 0; j < cr.length; j += 2) {
          const ca = Math.max(cr[j]!, c0);
          const cb = Math.min(cr[j + 1]!, c1);
          if (ca <= cb) mask.fill(1, base + ca, base + cb + 1);
        }
      }
    }
  }
  return mask;
}

/** The most cells of one slice: a picture, not a data set (2^26 = 64 MiB of mask). */
const MAX_CELLS = 1 << 26;

/** `view` has the fields of FootprintSliceOptions with integer values (their meaning is checked above). */
function checkView(view: unknown): asserts view is FootprintSliceOptions {
  const fail = (path: string, got: unknown): never => {
    throw new RfError(
      'invalid-argument',
      `footprintSlice: ${path} must be as FootprintSliceOptions says (integers; rows and cols [first, last]), got ${show(got)}`,
      path,
    );
  };
  if (typeof view !== 'object' || view === null || Array.isArray(view)) fail('view', view);
  const v = view as Record<string, unknown>;
  const pair = (x: unknown) =>
    Array.isArray(x) && x.length === 2 && Number.isSafeInteger(x[0]) && Number.isSafeInteger(x[1]);
  if (v.rowAxis !== null && !Number.isInteger(v.rowAxis)) fail('view.rowAxis', v.rowAxis);
  if (!Number.isInteger(v.colAxis)) fail('view.colAxis', v.colAxis);
  if (!pair(v.cols)) fail('view.cols', v.cols);
  if (v.rowAxis !== null && !pair(v.rows)) fail('view.rows', v.rows);
  if (v.at !== undefined) {
    let ok = Array.isArray(v.at);
    for (let i = 0; ok && i < (v.at as unknown[]).length; i++)
      ok = Number.isSafeInteger((v.at as unknown[])[i]);
    if (!ok) fail('view.at', v.at);
  }
}

// A Footprint handed back to footprintSize / footprintSlice may be a copy or a hand-made one (the
// web app builds 2-D ones from 3-D footprints), so it is checked before use: the shape footprintOf
// gives (per box, one sorted list of disjoint inclusive runs per axis) or an `invalid-argument`
// error naming the field.
import { RfError } from '../errors.js';
import { show } from '../messages.js';
import type { Footprint } from './footprint.js';

function bad(fn: string, path: string, want: string, got: unknown): never {
  throw new RfError(
    'invalid-argument',
    `${fn}: ${path} must be ${want}, got ${show(got)} (pass a footprint returned by footprintOf)`,
    path,
  );
}

/** Checks `fp` (boxes of run lists); its size in runs is what the caller walks anyway. */
export function checkFootprint(fp: unknown, fn: string): Footprint {
  if (typeof fp !== 'object' || fp === null || Array.isArray(fp)) bad(fn, 'footprint', 'an object', fp);
  const f = fp as Record<string, unknown>;
  const axes = f.axes;
  if (typeof axes !== 'number' || !Number.isInteger(axes) || axes < 1 || axes > 3) {
    bad(fn, 'footprint.axes', 'an integer from 1 to 3', axes);
  }
  const boxes = f.boxes;
  if (!Array.isArray(boxes)) bad(fn, 'footprint.boxes', 'an array of boxes', boxes);
  for (let b = 0; b < boxes.length; b++) {
    const box = boxes[b];
    if (!Array.isArray(box) || box.length !== axes) {
      bad(fn, `footprint.boxes[${b}]`, `${axes} run lists (one per axis)`, box);
    }
    for (let a = 0; a < axes; a++) {
      const runs = box[a];
      const at = `footprint.boxes[${b}][${a}]`;
      if (!Array.isArray(runs) || runs.length === 0 || runs.length % 2 !== 0) {
        bad(fn, at, 'a non-empty list [start, end, start, end, …]', runs);
      }
      for (let i = 0; i < runs.length; i++) {
        const v = runs[i];
        const prev = i > 0 ? (runs[i - 1] as number) : Number.NEGATIVE_INFINITY;
        // Inclusive runs: start ≤ end, and the next run starts after the previous one ends.
        const ok = Number.isSafeInteger(v) && (i % 2 === 1 ? v >= prev : v > prev);
        if (!ok) bad(fn, `${at}[${i}]`, 'an integer in an ascending list of inclusive runs', v);
      }
    }
  }
  return fp as Footprint;
}

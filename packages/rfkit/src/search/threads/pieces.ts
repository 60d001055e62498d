// How a threaded search cuts its range: contiguous pieces, large first and shrinking (guided
// self-scheduling): few pieces, yet the last ones are small enough to even out the uneven work
// pruning leaves.

import type { NormalizedSweep } from '../../types.js';
import { DEFAULT_MAX_SUFFIX_ENTRIES } from '../engine/sweep/plan.js';
import type { SearchTuning } from '../engine/sweep/run.js';
import { radices } from '../space/choices.js';

/** A new piece is about remaining / (GUIDE · threads)... */
const GUIDE = 2;
/** ...and at least range / (MIN_PIECE_SHARE · threads). */
const MIN_PIECE_SHARE = 4;

/**
 * Index boundaries that fall between whole prefixes ("leaves"), so no piece pays for partial leaves
 * at its ends: a multiple of the shortest run of trailing layers with at least as many combinations
 * as the engine's suffix tables hold (their size divides it).
 */
export function pieceUnit(sweep: NormalizedSweep, tuning: SearchTuning | undefined): number {
  const maxEntries = tuning?.maxSuffixEntries ?? DEFAULT_MAX_SUFFIX_ENTRIES;
  const radix = radices(sweep);
  let unit = 1;
  for (let l = radix.length - 1; l >= 0 && unit < maxEntries; l--) unit *= radix[l]!;
  return unit;
}

/** Hands out [start, end) in shrinking contiguous pieces (guided self-scheduling). */
export class Pieces {
  private pos: number;
  private readonly minSize: number;

  constructor(
    start: number,
    private readonly end: number,
    private readonly threads: number,
    private readonly unit: number,
  ) {
    this.pos = start;
    this.minSize = Math.ceil((end - start) / (MIN_PIECE_SHARE * threads));
  }

  next(): { start: number; end: number } | undefined {
    if (this.pos >= this.end) return undefined;
    const start = this.pos;
    const size = Math.max(this.minSize, Math.ceil((this.end - start) / (GUIDE * this.threads)));
    // Round the end to a unit boundary, at least one unit ahead, or take the rest.
    let end = Math.ceil((start + size) / this.unit) * this.unit;
    if (end >= this.end || this.end - end < this.minSize / 4) end = this.end;
    this.pos = end;
    return { start, end };
  }
}

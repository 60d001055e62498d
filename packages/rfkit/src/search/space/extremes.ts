// The smallest and largest rf a space reaches under its stride and output-size constraints, with or
// without the holes rule: what a warning quotes when an rf bound can never be met.
//
// For a fixed prefix jump J and holes state y (space/holes.ts) the rest of a combination does not
// depend on the prefix's rf, so the smallest and largest rf per (J, y) are all a DP needs to keep.

import type { NormalizedSweep } from '../../types.js';
import { choiceLists } from './choices.js';
import { spread } from './geometry.js';
import { nextRatio, ratioCap, staysDense } from './holes.js';

export interface RfExtremes {
  lo: number;
  hi: number;
}

/** Largest jump with ceil(inputSize/jump) ≥ minOutput (Infinity without minOutput). */
export function largestJump(sweep: Pick<NormalizedSweep, 'inputSize' | 'minOutput'>): number {
  const { inputSize, minOutput } = sweep;
  if (minOutput === null || inputSize === null || minOutput <= 1) return Number.POSITIVE_INFINITY;
  return Math.floor((inputSize - 1) / (minOutput - 1));
}

/**
 * The smallest and largest rf over the combinations that meet constraints.stride and minOutput
 * (and, with `holes`, have no holes at any layer); null if there are none. rf bounds are ignored.
 */
export function rfExtremes(sweep: NormalizedSweep, holes: boolean): RfExtremes | null {
  const lists = choiceLists(sweep);
  const target = sweep.stride;
  const jMax = largestJump(sweep);
  const bound = Math.min(target ?? Number.POSITIVE_INFINITY, jMax);
  const cap = ratioCap(lists, bound);
  const allowed = (j: number) => j <= jMax && (target === null || target % j === 0);
  // "J,y" → the rf extremes of the prefixes with that state (y 0 without the holes rule).
  let states = new Map<string, { J: number; y: number; lo: number; hi: number }>([
    ['1,1', { J: 1, y: holes ? 1 : 0, lo: 1, hi: 1 }],
  ]);
  lists.forEach((choices, l) => {
    const next = new Map<string, { J: number; y: number; lo: number; hi: number }>();
    for (const st of states.values()) {
      for (const c of choices) {
        // Density only needs y: gap·J ≤ rf ⟺ gap ≤ ceil(rf/J).
        if (holes && !staysDense(c, 1, st.y)) continue;
        const J = st.J * c.stride;
        if (!allowed(J)) continue;
        const grow = spread(c) * st.J;
        const y = holes ? Math.min(nextRatio(st.y, spread(c), c.stride), cap(l + 1, J)) : 0;
        const key = `${J},${y}`;
        const e = next.get(key);
        if (e === undefined) next.set(key, { J, y, lo: st.lo + grow, hi: st.hi + grow });
        else {
          e.lo = Math.min(e.lo, st.lo + grow);
          e.hi = Math.max(e.hi, st.hi + grow);
        }
      }
    }
    states = next;
  });
  let out: RfExtremes | null = null;
  for (const st of states.values()) {
    if (target !== null && st.J !== target) continue;
    out =
      out === null ? { lo: st.lo, hi: st.hi } : { lo: Math.min(out.lo, st.lo), hi: Math.max(out.hi, st.hi) };
  }
  return out;
}

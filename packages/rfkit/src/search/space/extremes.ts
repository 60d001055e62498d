// The smallest and largest rf a space reaches under its stride and output-size constraints, with or
// without the holes rule: what a warning quotes when an rf bound can never be met.
//
// For a fixed jump J entering a layer, the largest rf of the prefixes with that jump dominates the
// others — it grows the most, and passes every later density check gap·J ≤ rf the others pass —
// so a DP that keeps the largest rf per jump is exact, holes rule included. Likewise the smallest
// rf per jump, where holes do not matter.

import type { NormalizedSweep } from '../../types.js';
import { choiceLists } from './choices.js';
import { spread } from './geometry.js';
import { staysDense } from './holes.js';

/** Largest jump with ceil(inputSize/jump) ≥ minOutput (Infinity without minOutput). */
export function largestJump(sweep: Pick<NormalizedSweep, 'inputSize' | 'minOutput'>): number {
  const { inputSize, minOutput } = sweep;
  if (minOutput === null || inputSize === null || minOutput <= 1) return Number.POSITIVE_INFINITY;
  return Math.floor((inputSize - 1) / (minOutput - 1));
}

/** The extreme rf per final jump (the larger, or the smaller), over the combinations that meet the jump constraints. */
function extremeRf(sweep: NormalizedSweep, largest: boolean, holes: boolean): number | null {
  const target = sweep.stride;
  const jMax = largestJump(sweep);
  const allowed = (j: number) => j <= jMax && (target === null || target % j === 0);
  const better = largest ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  let states = new Map<number, number>([[1, 1]]);
  for (const choices of choiceLists(sweep)) {
    const next = new Map<number, number>();
    for (const [J, rf] of states) {
      for (const c of choices) {
        if (holes && !staysDense(c, J, rf)) continue;
        const j = J * c.stride;
        if (!allowed(j)) continue;
        const r = rf + spread(c) * J;
        const prev = next.get(j);
        if (prev === undefined || better(r, prev)) next.set(j, r);
      }
    }
    states = next;
  }
  let out: number | null = null;
  for (const [J, rf] of states) {
    if (target !== null && J !== target) continue;
    if (out === null || better(rf, out)) out = rf;
  }
  return out;
}

/**
 * The largest rf over the combinations that meet constraints.stride and minOutput and, with
 * `holes`, have no holes at any layer; null if there are none. rf bounds are ignored.
 */
export function largestRf(sweep: NormalizedSweep, holes: boolean): number | null {
  return extremeRf(sweep, true, holes);
}

/** The smallest rf over the combinations that meet constraints.stride and minOutput (holes allowed); null if none. */
export function smallestRf(sweep: NormalizedSweep): number | null {
  return extremeRf(sweep, false, false);
}

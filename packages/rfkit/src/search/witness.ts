// Whether a space has a feasible combination, found the quick way: a depth-first walk over the
// layers that stops at the first feasible combination, prunes every prefix no completion can make
// feasible (the rf bounds against what the later layers can add, the jump against the stride and
// output constraints, the holes rule), and remembers the prefix states (layer, jump, rf) it has
// found dead. Exact when it finishes; it gives up after a budget of steps, leaving the answer to
// the exact count.

import type { NormalizedSweep } from '../types.js';
import { choiceLists } from './space/choices.js';
import { largestJump } from './space/extremes.js';
import { reachOf, spread } from './space/geometry.js';
import { staysDense } from './space/holes.js';

/** Steps before the walk gives up (about a millisecond each thousand). */
const BUDGET = 200_000;

/** true: some combination is feasible; false: none is; undefined: the walk ran out of budget. */
export function someFeasible(sweep: NormalizedSweep, budget = BUDGET): boolean | undefined {
  const lists = choiceLists(sweep);
  const reach = reachOf(lists);
  const depth = lists.length;
  const rfMin = sweep.rfMin ?? 1;
  const rfMax = sweep.rfMax ?? Number.POSITIVE_INFINITY;
  const target = sweep.stride;
  const jMax = largestJump(sweep);
  const holes = sweep.holes === 'none';
  const dead = new Set<string>();
  let steps = 0;

  /** Whether a state entering layer l can still become feasible. */
  const alive = (l: number, J: number, rf: number): boolean => {
    if (rf + J * reach.growLo[l]! > rfMax || rf + J * reach.growHi[l]! < rfMin) return false;
    const sLo = J * reach.strideLo[l]!;
    if (sLo > jMax) return false;
    if (target !== null && (target % J !== 0 || sLo > target || J * reach.strideHi[l]! < target))
      return false;
    return true;
  };

  const walk = (l: number, J: number, rf: number): boolean | undefined => {
    if (l === depth) return true; // alive() at depth is feasibility itself
    const key = `${l},${J},${rf}`;
    if (dead.has(key)) return false;
    for (const c of lists[l]!) {
      if (++steps > budget) return undefined;
      if (holes && !staysDense(c, J, rf)) continue;
      const j = J * c.stride;
      const r = rf + spread(c) * J;
      if (!alive(l + 1, j, r)) continue;
      const found = walk(l + 1, j, r);
      if (found !== false) return found;
    }
    dead.add(key);
    return false;
  };

  return alive(0, 1, 1) ? walk(0, 1, 1) : false;
}

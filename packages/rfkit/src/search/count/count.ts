// Exact number of feasible combinations without enumerating them.
//
// Feasibility depends on a prefix of layers only through (jump, rf): rf += d(k−1)·jump,
// jump *= s, and the final size is H = ceil(inputSize / jump) because ceil(ceil(n/a)/b) =
// ceil(n/(ab)). So a forward DP over layers, with states (jump, rf) → number of prefixes, counts
// every feasible combination exactly. The state space stays small because
// - rf only grows: states past rf.max are dropped, and without rf.max every rf ≥ rf.min is one
//   state (rf.min itself);
// - jump only grows: states whose jump no longer divides constraints.stride, or whose H is already
//   below minOutput, are dropped; when nothing left depends on jump it is dropped from the key;
// - a state that cannot reach rf.min even with the largest remaining choices is dropped;
// - choices that move (jump, rf) the same way (same d(k−1) and s, and the same tap gap where the
//   holes rule applies) are merged into one weighted step.
// The holes rule (holes: "none") needs gap·jump ≤ rf at every layer, so rf stays in the state
// where it would otherwise saturate — as y = floor(rf/jump), all the rule needs (space/holes.ts).
// Where the rf bounds are moderate (the usual case) the states of one jump are a dense rf array of
// multi-limb counts in a Float64Array; otherwise sparse maps with BigInt counts.

import type { NormalizedSweep, SweepSpec } from '../../types.js';
import { asNormalized } from '../space/normalize.js';
import { checkCountSize } from './bounds.js';
import { countDense } from './dense.js';
import { countSparse } from './sparse.js';

/**
 * The exact number of feasible combinations of a sweep (its objective plays no part).
 * Throws like normalizeSweep for an invalid spec, and RfError `space-too-large` where the
 * dynamic programme could need more states or time than the limits allow (see docs/limits.md).
 */
export function count(spec: SweepSpec | NormalizedSweep): bigint {
  const sweep = asNormalized(spec);
  checkCountSize(sweep);
  return countDense(sweep) ?? countSparse(sweep);
}

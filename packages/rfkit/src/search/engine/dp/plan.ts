// The tables the DP kernel runs on, built once per search from the space: per layer its choices'
// rf growth, stride and tap gap, the cost-state transitions and costs (space/cost.ts), and what the
// later layers can still add (space/geometry.ts), which prunes states that can never become
// feasible; and how the counts and the kept prefixes are represented.

import type { LayerChoice, NormalizedSweep } from '../../../types.js';
import { choiceLists } from '../../space/choices.js';
import { costTables } from '../../space/cost.js';
import { largestJump } from '../../space/extremes.js';
import { reachOf, spread } from '../../space/geometry.js';
import { tapGap } from '../../space/holes.js';

/** One layer of the DP. */
export interface DpLayer {
  /** Choices of the layer. */
  c: number;
  /** d·(k−1), stride and tap gap (0 where holes are allowed) per choice. */
  delta: Float64Array;
  stride: Float64Array;
  gap: Float64Array;
  /** Cost states entering the layer. */
  costStates: number;
  /** Next cost state and layer cost per (cost state, choice). */
  next: Int32Array;
  cost: Float64Array;
  /** Least and most rf growth per unit of jump, and the least and largest stride product, of the later layers. */
  growLo: number;
  growHi: number;
  strideLo: number;
  strideHi: number;
}

export interface DpPlan {
  sweep: NormalizedSweep;
  lists: LayerChoice[][];
  layers: DpLayer[];
  /** Prefixes kept per state: `top`. */
  K: number;
  /**
   * Whether keys are ranks (the space's indices could pass 2^53, so prefix indices are not exact
   * as doubles) rather than the prefix indices themselves.
   */
  ranked: boolean;
  /** Counts: limbs of `bits` bits (base 2^bits). */
  limbs: number;
  bits: number;
  rfMin: number;
  rfMax: number;
  /** Required total stride, 0 without. */
  target: number;
  /** Largest total stride with ceil(inputSize/stride) ≥ minOutput, Infinity without. */
  jMax: number;
}

/** Internal knobs (tests force the ranked mode on small spaces). */
export interface DpTuning {
  /** Rank prefixes even where indices are exact. Default false. */
  forceRanked?: boolean;
  /** States an arena holds at first (it grows on demand). Default: the bound, at most 2^16. */
  initialCapacity?: number;
}

/**
 * The most prefixes that add into one state in one layer: for a next state and a choice the
 * previous jump and rf are determined, so only the cost states that the choice maps to the same
 * next cost state differ. Counts are kept in limbs small enough that so many additions stay exact.
 */
function fanIn(layers: readonly DpLayer[]): number {
  let most = 1;
  for (const lv of layers) {
    let sum = 0;
    for (let ch = 0; ch < lv.c; ch++) {
      const pre = new Map<number, number>();
      let m = 0;
      for (let cs = 0; cs < lv.costStates; cs++) {
        const to = lv.next[cs * lv.c + ch]!;
        const n = (pre.get(to) ?? 0) + 1;
        pre.set(to, n);
        m = Math.max(m, n);
      }
      sum += m;
    }
    most = Math.max(most, sum);
  }
  return most;
}

export function buildDpPlan(sweep: NormalizedSweep, tuning: DpTuning = {}): DpPlan {
  const lists = choiceLists(sweep);
  const { tables } = costTables(sweep, lists, sweep.depth);
  const reach = reachOf(lists);
  const holes = sweep.holes === 'none';
  const layers: DpLayer[] = lists.map((choices, l) => {
    const t = tables[l]!;
    return {
      c: choices.length,
      delta: Float64Array.from(choices, spread),
      stride: Float64Array.from(choices, (ch) => ch.stride),
      gap: Float64Array.from(choices, (ch) => (holes ? tapGap(ch) : 0)),
      costStates: t.states,
      next: t.t,
      cost: t.lc,
      growLo: reach.growLo[l + 1]!,
      growHi: reach.growHi[l + 1]!,
      strideLo: reach.strideLo[l + 1]!,
      strideHi: reach.strideHi[l + 1]!,
    };
  });
  const bits = 52 - Math.ceil(Math.log2(fanIn(layers) + 1));
  // A state's count is at most the number of prefixes of its length, so at most `total`.
  const limbs = Math.ceil(sweep.total.toString(2).length / bits) + 1;
  return {
    sweep,
    lists,
    layers,
    K: sweep.top,
    ranked: (tuning.forceRanked ?? false) || sweep.total > BigInt(Number.MAX_SAFE_INTEGER),
    limbs,
    bits,
    rfMin: sweep.rfMin ?? 1,
    rfMax: sweep.rfMax ?? Number.POSITIVE_INFINITY,
    target: sweep.stride ?? 0,
    jMax: largestJump(sweep),
  };
}

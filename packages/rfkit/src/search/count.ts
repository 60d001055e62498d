// Exact number of feasible combinations without enumerating them (DESIGN §4 "Count").
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
// - choices that move (jump, rf) the same way (same d(k−1) and s) are merged into one weighted step.

import type { NormalizedSweep, SweepSpec } from '../types.js';
import { asNormalized } from './normalize.js';

/** Stand-in jump once no constraint depends on it any more. */
const ANY_JUMP = 0;

interface Step {
  /** d·(k−1): rf grows by this times the jump. */
  delta: number;
  stride: number;
  /** Number of (kernel, dilation) pairs with this delta. */
  weight: bigint;
}

function stepsOf(layer: NormalizedSweep['layers'][number]): Step[] {
  const byKey = new Map<string, Step>();
  for (const s of layer.stride) {
    for (const k of layer.kernel) {
      for (const d of layer.dilation) {
        const delta = d * (k - 1);
        const key = `${delta},${s}`;
        const step = byKey.get(key);
        if (step === undefined) byKey.set(key, { delta, stride: s, weight: 1n });
        else step.weight += 1n;
      }
    }
  }
  return [...byKey.values()];
}

/**
 * The exact number of feasible combinations of a sweep (its objective plays no part).
 * Throws like normalizeSweep for an invalid spec.
 */
export function count(spec: SweepSpec | NormalizedSweep): bigint {
  const sweep = asNormalized(spec);
  const { rfMin, rfMax, stride: target, inputSize, minOutput, depth } = sweep;
  const trackRf = rfMin !== null || rfMax !== null;
  // Without rf.max, all rf ≥ rf.min behave alike from then on.
  const saturateAt = rfMax === null ? rfMin : null;
  const jumpMattersAtEnd = target !== null || minOutput !== null;

  // growth[l]: the most rf can still grow from layer l on, per unit of jump at entry to layer l.
  const growth = new Array<number>(depth + 1).fill(0);
  for (let l = depth - 1; l >= 0; l--) {
    const layer = sweep.layers[l]!;
    const maxDelta = Math.max(...layer.dilation) * (Math.max(...layer.kernel) - 1);
    growth[l] = maxDelta + Math.max(...layer.stride) * growth[l + 1]!;
  }

  // jump → (rf → count). rf is 0 when no rf bound exists.
  let states = new Map<number, Map<number, bigint>>([[1, new Map([[trackRf ? 1 : 0, 1n]])]]);

  for (let l = 0; l < depth; l++) {
    const steps = stepsOf(sweep.layers[l]!);
    const next = new Map<number, Map<number, bigint>>();
    for (const [jump, byRf] of states) {
      for (const step of steps) {
        const newJump = jump === ANY_JUMP ? ANY_JUMP : jump * step.stride;
        if (newJump !== ANY_JUMP) {
          if (target !== null && target % newJump !== 0) continue;
          if (minOutput !== null && Math.ceil(inputSize! / newJump) < minOutput) continue;
        }
        for (const [rf, n] of byRf) {
          let newRf = rf;
          if (trackRf && !(saturateAt !== null && rf === saturateAt)) {
            newRf = rf + step.delta * jump;
            if (rfMax !== null && newRf > rfMax) continue;
            if (rfMin !== null && newRf < rfMin && newRf + newJump * growth[l + 1]! < rfMin) continue;
            if (saturateAt !== null && newRf >= saturateAt) newRf = saturateAt;
          }
          const rfDone = !trackRf || (saturateAt !== null && newRf === saturateAt);
          const keyJump = rfDone && !jumpMattersAtEnd ? ANY_JUMP : newJump;
          let bucket = next.get(keyJump);
          if (bucket === undefined) next.set(keyJump, (bucket = new Map()));
          bucket.set(newRf, (bucket.get(newRf) ?? 0n) + n * step.weight);
        }
      }
    }
    states = next;
  }

  let total = 0n;
  for (const [jump, byRf] of states) {
    if (target !== null && jump !== target) continue;
    if (minOutput !== null && Math.ceil(inputSize! / jump) < minOutput) continue;
    for (const [rf, n] of byRf) {
      if (rfMin !== null && rf < rfMin) continue;
      total += n;
    }
  }
  return total;
}

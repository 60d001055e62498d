// count() over sparse (jump, rf) maps with BigInt counts: any rf bounds, and the holes rule.

import type { NormalizedSweep } from '../../types.js';
import { layerChoices } from '../space/choices.js';
import { largestJump } from '../space/extremes.js';
import { nextRatio, ratioCap, ratioOf } from '../space/holes.js';
import { bounds, stepsOf } from './steps.js';

/** Stand-in jump once no constraint depends on it any more. */
const ANY_JUMP = 0;

/**
 * The DP over sparse maps with BigInt counts: any rf bounds, slower per state. A state is
 * (jump, v): v ≥ 1 an exact rf, still needed by the rf bounds; v ≤ 0 a prefix the rf bounds are
 * done with (rf ≥ rf.min without rf.max, or no rf bounds), whose holes state y = ceil(rf/J) is
 * −v under the holes rule (space/holes.ts) and 0 where holes do not matter.
 */
export function countSparse(sweep: NormalizedSweep): bigint {
  const { rfMin, rfMax, stride: target, inputSize, minOutput, depth } = sweep;
  const { trackRf, saturateAt, jumpMattersAtEnd, growth, holes } = bounds(sweep);
  const jumpBound = Math.min(target ?? Number.POSITIVE_INFINITY, largestJump(sweep));
  const cap = ratioCap(sweep.layers.map(layerChoices), jumpBound);
  const done = (l: number, jump: number, y: number) => (holes ? -Math.min(y, cap(l, jump)) : 0);

  // jump → (v → count).
  let states = new Map<number, Map<number, bigint>>([[1, new Map([[trackRf ? 1 : done(0, 1, 1), 1n]])]]);

  for (let l = 0; l < depth; l++) {
    const steps = stepsOf(sweep.layers[l]!, holes);
    const next = new Map<number, Map<number, bigint>>();
    for (const [jump, byV] of states) {
      for (const step of steps) {
        const newJump = jump === ANY_JUMP ? ANY_JUMP : jump * step.stride;
        if (newJump !== ANY_JUMP) {
          if (target !== null && target % newJump !== 0) continue;
          if (minOutput !== null && Math.ceil(inputSize! / newJump) < minOutput) continue;
        }
        for (const [v, n] of byV) {
          let newV: number;
          if (v >= 1) {
            // Exact rf: density is gap·jump ≤ rf.
            if (step.gap * jump > v) continue;
            const newRf = v + step.delta * jump;
            if (rfMax !== null && newRf > rfMax) continue;
            if (rfMin !== null && newRf < rfMin && newRf + newJump * growth[l + 1]! < rfMin) continue;
            newV =
              saturateAt !== null && newRf >= saturateAt
                ? done(l + 1, newJump, ratioOf(newRf, newJump))
                : newRf;
          } else {
            // Done with the rf bounds: density is gap ≤ y.
            if (step.gap > -v) continue;
            newV = holes ? done(l + 1, newJump, nextRatio(-v, step.delta, step.stride)) : 0;
          }
          const keyJump = newV <= 0 && !jumpMattersAtEnd ? ANY_JUMP : newJump;
          let bucket = next.get(keyJump);
          if (bucket === undefined) next.set(keyJump, (bucket = new Map()));
          bucket.set(newV, (bucket.get(newV) ?? 0n) + n * step.weight);
        }
      }
    }
    states = next;
  }

  let total = 0n;
  for (const [jump, byV] of states) {
    if (target !== null && jump !== target) continue;
    if (minOutput !== null && Math.ceil(inputSize! / jump) < minOutput) continue;
    for (const [v, n] of byV) {
      if (v >= 1 && rfMin !== null && v < rfMin) continue;
      total += n;
    }
  }
  return total;
}

// count() over sparse (jump, rf) maps with BigInt counts: any rf bounds.

import type { NormalizedSweep } from '../../types.js';
import { bounds, stepsOf } from './steps.js';

/** Stand-in jump once no constraint depends on it any more. */
const ANY_JUMP = 0;

/** The DP over sparse (jump, rf) maps with BigInt counts: any rf bounds, slower per state. */
export function countSparse(sweep: NormalizedSweep): bigint {
  const { rfMin, rfMax, stride: target, inputSize, minOutput, depth } = sweep;
  const { trackRf, saturateAt, jumpMattersAtEnd, growth } = bounds(sweep);

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

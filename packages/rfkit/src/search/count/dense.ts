// count() over dense rf arrays with multi-limb counts: the fast path where the rf bounds are moderate.

import type { NormalizedSweep } from '../../types.js';
import { layerChoices } from '../space/choices.js';
import { largestJump } from '../space/extremes.js';
import { ratioCap, tapGap } from '../space/holes.js';
import { bounds, jumpAllowed, stepsOf } from './steps.js';

/**
 * Where the last slot starts: a state of layer l (entering it) with jump J and rf ≥ threshold(l, J)
 * behaves like any other such state. Without the holes rule that is rf ≥ rf.min (no rf.max); with
 * it, also rf ≥ J·ratioCap(l, J), past which every later layer is dense — bounded by the largest
 * tap gap times the largest jump the stride or minOutput constraint allows, so a jump bound is
 * needed. null where the last slot does not saturate (rf.max bounds every rf, or no rf bound),
 * undefined where this DP cannot keep the holes state (the sparse one then counts).
 */
function saturation(
  sweep: NormalizedSweep,
  holes: boolean,
): { slots: number; threshold: ((l: number, jump: number) => number) | null } | undefined {
  const { rfMin, rfMax } = sweep;
  if (rfMax !== null) return { slots: rfMax, threshold: null };
  if (!holes)
    return rfMin === null ? { slots: 1, threshold: null } : { slots: rfMin, threshold: () => rfMin };
  const jumpBound = Math.min(sweep.stride ?? Number.POSITIVE_INFINITY, largestJump(sweep));
  if (!Number.isFinite(jumpBound)) return undefined;
  const lists = sweep.layers.map(layerChoices);
  const cap = ratioCap(lists, jumpBound);
  const gapMax = lists.reduce((m, l) => l.reduce((n, c) => Math.max(n, tapGap(c)), m), 0);
  const floor = rfMin ?? 1;
  return {
    slots: Math.max(floor, gapMax * jumpBound),
    threshold: (l, jump) => Math.max(floor, jump * cap(l, jump)),
  };
}

/**
 * The same DP over dense rf arrays with counts as multi-limb integers in Float64Arrays (limbs of
 * b bits, carried once per layer), which avoids a BigInt operation per transition. b is chosen so
 * that a layer's additions into one slot cannot pass 2^52 before the carry. Returns null where
 * the arrays would be too large (rf bounds in the millions), for the sparse DP to handle.
 */
export function countDense(sweep: NormalizedSweep): bigint | null {
  const { rfMin, rfMax, stride: target, minOutput, depth } = sweep;
  const { growth, holes } = bounds(sweep);
  const sat = saturation(sweep, holes);
  if (sat === undefined) return null;
  // The holes rule needs rf even without rf bounds.
  const trackRf = rfMin !== null || rfMax !== null || holes;
  if (!trackRf && target === null && minOutput === null) return sweep.total;
  // rf value v lives in slot v − 1 (the last slot: every rf from the saturation threshold on);
  // without rf bounds everything is slot 0.
  const { slots, threshold } = sat;
  const layerSteps = sweep.layers.map((layer) => stepsOf(layer, holes));

  let reach = new Set<number>([1]);
  let widest = 1;
  for (const steps of layerSteps) {
    const next = new Set<number>();
    for (const j of reach)
      for (const st of steps) if (jumpAllowed(sweep, j * st.stride)) next.add(j * st.stride);
    reach = next;
    widest = Math.max(widest, next.size);
  }
  const radix = Math.max(...layerSteps.map((steps) => steps.reduce((n, st) => n + Number(st.weight), 0)));
  // Sources one slot can receive from in a layer: one per (jump, step), or a whole row when saturating.
  const fanIn = radix * widest * (threshold !== null ? slots : 1);
  const bits = 52 - Math.ceil(Math.log2(fanIn + 1));
  if (bits < 8) return null;
  const limbs = Math.ceil(sweep.total.toString(2).length / bits) + 1;
  if (slots * limbs * widest > 4_000_000) return null;
  const base = 2 ** bits;

  // Limb-major: limb i of slot x is at i·slots + x, so a step is a shifted multiply-add of rows.
  let states = new Map<number, Float64Array>();
  const start = new Float64Array(slots * limbs);
  start[0] = 1;
  states.set(1, start);
  const last = slots - 1;
  for (let l = 0; l < depth; l++) {
    const next = new Map<number, Float64Array>();
    for (const [jump, cur] of states) {
      let lo = slots;
      let hi = -1;
      for (let i = 0; i < limbs; i++) {
        const row = i * slots;
        for (let x = 0; x < lo; x++) {
          if (cur[row + x] !== 0) {
            lo = x;
            break;
          }
        }
        for (let x = slots - 1; x > hi; x--) {
          if (cur[row + x] !== 0) {
            hi = x;
            break;
          }
        }
      }
      if (hi < 0) continue;
      for (const st of layerSteps[l]!) {
        const newJump = jump * st.stride;
        if (!jumpAllowed(sweep, newJump)) continue;
        let dst = next.get(newJump);
        if (dst === undefined) next.set(newJump, (dst = new Float64Array(slots * limbs)));
        const w = Number(st.weight);
        if (!trackRf) {
          for (let i = 0; i < limbs; i++) dst[i]! += w * cur[i]!;
          continue;
        }
        const shift = st.delta * jump;
        // Slot x holds rf x + 1 and moves to x + shift. Below `keepFrom` rf.min is out of reach,
        // or the layer would leave holes (gap·jump > rf).
        const need = rfMin === null ? 0 : rfMin - newJump * growth[l + 1]!;
        const keepFrom = Math.max(lo, need - 1 - shift, st.gap * jump - 1);
        if (threshold === null) {
          const to = Math.min(hi, rfMax! - 1 - shift);
          for (let i = 0; i < limbs; i++) {
            const row = i * slots;
            for (let x = keepFrom; x <= to; x++) dst[row + x + shift]! += w * cur[row + x]!;
          }
          continue;
        }
        // Saturating (no rf.max): the last slot keeps everything that reaches the threshold of
        // its row, and stays saturated (it is dense from then on, under the holes rule).
        const satFrom = Math.max(lo, threshold(l + 1, newJump) - 1 - shift);
        const plainTo = Math.min(hi, last - 1, satFrom - 1);
        const sumFrom = Math.max(satFrom, st.gap * jump - 1);
        const sumTo = Math.min(hi, last - 1);
        for (let i = 0; i < limbs; i++) {
          const row = i * slots;
          for (let x = keepFrom; x <= plainTo; x++) dst[row + x + shift]! += w * cur[row + x]!;
          let sum = hi === last ? cur[row + last]! : 0;
          for (let x = sumFrom; x <= sumTo; x++) sum += cur[row + x]!;
          dst[row + last]! += w * sum;
        }
      }
    }
    for (const arr of next.values()) {
      for (let x = 0; x < slots; x++) {
        let carry = 0;
        for (let i = 0; i < limbs; i++) {
          const v = arr[i * slots + x]! + carry;
          carry = Math.floor(v / base);
          arr[i * slots + x] = v - carry * base;
        }
        if (carry !== 0) throw new Error('count: limb overflow (internal error)');
      }
    }
    states = next;
  }

  let total = 0n;
  const scale = BigInt(bits);
  for (const [jump, arr] of states) {
    if (target !== null && jump !== target) continue;
    if (!jumpAllowed(sweep, jump)) continue;
    for (let x = 0; x < slots; x++) {
      if (trackRf && rfMin !== null && x + 1 < rfMin) continue;
      let n = 0n;
      for (let i = limbs - 1; i >= 0; i--) n = (n << scale) + BigInt(arr[i * slots + x]!);
      total += n;
    }
  }
  return total;
}

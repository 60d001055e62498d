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
// Where the rf bounds are moderate (the usual case) the states of one jump are a dense rf array of
// multi-limb counts in a Float64Array; otherwise sparse maps with BigInt counts.

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
  return countDense(sweep) ?? countSparse(sweep);
}

/** rf.max / saturation and the reach of rf.min: shared by both DPs. */
function bounds(sweep: NormalizedSweep) {
  const { rfMin, rfMax, stride: target, minOutput, depth } = sweep;
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
  return { trackRf, saturateAt, jumpMattersAtEnd, growth };
}

/** A jump that constraints.stride and minOutput still allow (both only get harder as jump grows). */
function jumpAllowed(sweep: NormalizedSweep, jump: number): boolean {
  if (sweep.stride !== null && sweep.stride % jump !== 0) return false;
  return sweep.minOutput === null || Math.ceil(sweep.inputSize! / jump) >= sweep.minOutput;
}

/**
 * The same DP over dense rf arrays with counts as multi-limb integers in Float64Arrays (limbs of
 * b bits, carried once per layer), which avoids a BigInt operation per transition. b is chosen so
 * that a layer's additions into one slot cannot pass 2^52 before the carry. Returns null where
 * the arrays would be too large (rf bounds in the millions), for the sparse DP to handle.
 */
function countDense(sweep: NormalizedSweep): bigint | null {
  const { rfMin, rfMax, stride: target, minOutput, depth } = sweep;
  const { trackRf, saturateAt, growth } = bounds(sweep);
  if (!trackRf && target === null && minOutput === null) return sweep.total;
  // rf value v lives in slot v − 1; without rf bounds everything is slot 0.
  const slots = trackRf ? (rfMax ?? saturateAt)! : 1;
  const layerSteps = sweep.layers.map(stepsOf);

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
  const fanIn = radix * widest * (saturateAt !== null ? slots : 1);
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
        // Slot x holds rf x + 1 and moves to x + shift. Below `keepFrom` rf.min is out of reach.
        const need = rfMin === null ? 0 : rfMin - newJump * growth[l + 1]!;
        const keepFrom = Math.max(lo, need - 1 - shift);
        if (saturateAt === null) {
          const to = Math.min(hi, rfMax! - 1 - shift);
          for (let i = 0; i < limbs; i++) {
            const row = i * slots;
            for (let x = keepFrom; x <= to; x++) dst[row + x + shift]! += w * cur[row + x]!;
          }
          continue;
        }
        // Saturating at rf.min (no rf.max): the last slot keeps everything that reaches it.
        const satFrom = Math.max(lo, last - shift);
        const plainTo = Math.min(hi, last - 1, satFrom - 1);
        for (let i = 0; i < limbs; i++) {
          const row = i * slots;
          for (let x = keepFrom; x <= plainTo; x++) dst[row + x + shift]! += w * cur[row + x]!;
          let sum = 0;
          for (let x = satFrom; x <= hi; x++) sum += cur[row + x]!;
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

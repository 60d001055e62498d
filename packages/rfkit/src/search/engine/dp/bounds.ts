// Whether the DP could finish: upper bounds of its states per layer, of the memory they and the
// kept prefixes take, and of its state moves, computed before anything is allocated, against the
// limits of space/limits.ts. The bounds follow the kernel's own pruning: per (jump, cost state)
// the rf values between the smallest and the largest that survive it — or the number of step
// sequences that reach it, if fewer — so they are tight where the rf bounds are moderate.

import * as L from '@rfkit/kernel/layout';
import { approx, MAX_DP_BYTES, MAX_DP_STATES, MAX_DP_WORK, tooLarge } from '../../space/limits.js';
import type { DpPlan } from './plan.js';

export interface DpEstimate {
  /** Upper bound of the states after each layer. */
  states: number[];
  /** The largest of them. */
  maxStates: number;
  /** State moves (states before a layer × its choices, summed). */
  work: number;
  /** Kernel memory and host backpointers, at the bounds. */
  bytes: number;
}

/** Bytes of the kernel's arenas and work arrays for arenas of `cap` states. */
export function arenaBytes(plan: DpPlan, cap: number): number {
  const { K, limbs, ranked } = plan;
  const state = 8 + 8 + 4 + 8 * limbs + 4 + 16 * K;
  const hash = 4 * hashSlots(cap);
  const rank = ranked ? cap * K * (4 + 4 + 8) + 4 * (Math.max(cap * K, maxChoices(plan)) + 1) : 0;
  return 2 * cap * state + hash + rank + 2 * L.AR_FIELDS * 8;
}

/** Hash slots for `cap` states: a power of two with room for twice as many. */
export function hashSlots(cap: number): number {
  let n = 16;
  while (n < 2 * cap) n *= 2;
  return n;
}

export function maxChoices(plan: DpPlan): number {
  let m = 1;
  for (const lv of plan.layers) m = Math.max(m, lv.c);
  return m;
}

type Span = { lo: number; hi: number; paths: number };

/**
 * Upper bounds of the DP's states, work and memory, or the RfError `space-too-large` of the first
 * limit they pass (`details.limit`: `dp-states`, `dp-work`, `dp-memory`).
 */
export function estimateDp(plan: DpPlan): DpEstimate {
  const { layers, rfMin, rfMax, target, jMax, K } = plan;
  const depth = layers.length;
  // (jump, cost state) → the rf span of the states with that key, and the step sequences reaching it.
  let spans = new Map<string, Span & { J: number; cs: number }>([
    ['1,0', { J: 1, cs: 0, lo: 1, hi: 1, paths: 1 }],
  ]);
  let before = 1;
  let work = 0;
  const states: number[] = [];
  for (let l = 0; l < depth; l++) {
    const lv = layers[l]!;
    work += before * lv.c;
    if (work > MAX_DP_WORK) {
      tooLarge(
        `the DP engine could need up to ${approx(work)} state moves (states × choices, over the layers), more than the ${approx(MAX_DP_WORK)} it allows; narrow rf.max, give constraints.stride, or use fewer choices`,
        undefined,
        { limit: 'dp-work', work, max: MAX_DP_WORK },
      );
    }
    const next = new Map<string, Span & { J: number; cs: number }>();
    for (const s of spans.values()) {
      for (let c = 0; c < lv.c; c++) {
        const lo0 = Math.max(s.lo, lv.gap[c]! * s.J);
        if (lo0 > s.hi) continue;
        const J2 = s.J * lv.stride[c]!;
        const least = J2 * lv.strideLo;
        if (least > jMax) continue;
        if (target > 0 && (target % J2 !== 0 || least > target || J2 * lv.strideHi < target)) continue;
        const lo = Math.max(lo0 + lv.delta[c]! * s.J, rfMin - J2 * lv.growHi);
        const hi = Math.min(s.hi + lv.delta[c]! * s.J, rfMax - J2 * lv.growLo);
        if (lo > hi) continue;
        const cs2 = lv.next[s.cs * lv.c + c]!;
        const key = `${J2},${cs2}`;
        const old = next.get(key);
        if (old === undefined) next.set(key, { J: J2, cs: cs2, lo, hi, paths: s.paths });
        else {
          old.lo = Math.min(old.lo, lo);
          old.hi = Math.max(old.hi, hi);
          old.paths += s.paths;
        }
      }
      if (next.size > MAX_DP_STATES) refuseStates(l, next.size);
    }
    let n = 0;
    for (const s of next.values()) n += Math.min(s.hi - s.lo + 1, s.paths);
    if (n > MAX_DP_STATES) refuseStates(l, n);
    states.push(n);
    spans = next;
    before = n;
  }
  const maxStates = Math.max(1, ...states);
  const backs = plan.ranked ? states.reduce((sum, n) => sum + n * K * 8, 0) : 0;
  const bytes = arenaBytes(plan, maxStates) + backs;
  if (bytes > MAX_DP_BYTES) {
    tooLarge(
      `the DP engine could need up to ${Math.ceil(bytes / 2 ** 20)} MiB for its states and the ${K} best prefixes of each, more than the ${MAX_DP_BYTES / 2 ** 20} MiB it allows; use a smaller top, narrow rf.max, or give constraints.stride`,
      undefined,
      { limit: 'dp-memory', bytes, max: MAX_DP_BYTES },
    );
  }
  return { states, maxStates, work, bytes };
}

function refuseStates(layer: number, states: number): never {
  tooLarge(
    `the DP engine could need up to ${approx(states)} (jump, rf, cost) states after layer ${layer}, more than the ${approx(MAX_DP_STATES)} it allows; narrow rf.max, give constraints.stride, or use fewer stride choices`,
    undefined,
    { limit: 'dp-states', layer, states, max: MAX_DP_STATES },
  );
}

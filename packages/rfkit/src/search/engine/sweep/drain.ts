// Turning what the kernel leaves behind into rf buckets: the key records (each feasible suffix
// group of a key is one bucket update), and the single entries of partial leaves at the ends of
// an unaligned range, which the host sweeps itself (with the same feasibility rules as the kernel:
// constraints, and no holes unless allowed).

import {
  CFG_KEY_COUNT,
  KEY_FEASIBLE,
  KEY_FIELDS,
  KEY_J,
  KEY_LEAVES,
  KEY_MIN_COST,
  KEY_MIN_LEAF,
  KEY_RF,
  KEY_ST,
} from '@rfkit/kernel/layout';
import type { Kernel } from '../../backend/kernel.js';
import type { Regions } from './memory.js';
import type { Plan } from './plan.js';
import type { Tally } from './tally.js';

/**
 * The first group of [g0, g1) whose rf (rf + J·R, R ascending in a block) is above `bound`
 * (or reaches it, when `reach`); g1 if none.
 */
function firstGroup(
  gR: Float64Array,
  g0: number,
  g1: number,
  rf: number,
  J: number,
  bound: number,
  reach: boolean,
) {
  let lo = g0;
  let hi = g1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = rf + J * gR[mid]!;
    if (r < bound || (!reach && r === bound)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The feasible groups for a leaf of (rf, J), in table order, as runs of one (stride product, R):
 * `visit(first, last)` with the run's first group and its last group that stays dense (J·T ≤ rf;
 * T ascends within a run) — the kernel's blockSpan/groupSpan and groupDense.
 */
function forEachRun(plan: Plan, rf: number, J: number, visit: (first: number, last: number) => void): void {
  const { blockS, blockG0, blockG1, gR, gT, gRunEnd, rfMin, rfMax, target, jMax } = plan;
  const nb = blockS.length;
  let b0 = 0;
  let b1 = 0;
  if (target > jMax) return;
  if (target > 0) {
    const need = target / J;
    while (b0 < nb && blockS[b0]! < need) b0++;
    b1 = b0 < nb && blockS[b0] === need ? b0 + 1 : b0;
  } else {
    while (b1 < nb && J * blockS[b1]! <= jMax) b1++;
  }
  for (let b = b0; b < b1; b++) {
    const g0 = firstGroup(gR, blockG0[b]!, blockG1[b]!, rf, J, rfMin, true);
    const g1 = firstGroup(gR, g0, blockG1[b]!, rf, J, rfMax, false);
    // [g0, g1) starts and ends at run boundaries: R changes there.
    for (let g = g0; g < g1; g = gRunEnd[g]!) {
      let last = g - 1;
      while (last + 1 < gRunEnd[g]! && J * gT[last + 1]! <= rf) last++;
      if (last >= g) visit(g, last);
    }
  }
}

/**
 * Expands the kernel's key records into rf buckets and empties the key table. A slot is empty iff
 * its rf is 0 (both kernels write every field of a new key), so only used slots are cleared.
 */
export function drain(kernel: Kernel, plan: Plan, regions: Regions, tally: Tally): void {
  const f64 = new Float64Array(kernel.buffer());
  const { gR, gCountUpTo, gMinUpTo, gMinEUpTo, E } = plan;
  const ng = gR.length;
  const keys = regions.keys >> 3;
  for (let slot = 0; slot < regions.keyCap; slot++) {
    const k = keys + slot * KEY_FIELDS;
    const rf = f64[k + KEY_RF]!;
    if (rf === 0) continue;
    f64[k + KEY_RF] = 0;
    if (f64[k + KEY_FEASIBLE] === 0) continue;
    const J = f64[k + KEY_J]!;
    const row = f64[k + KEY_ST]! * ng;
    const leaves = f64[k + KEY_LEAVES]!;
    const minCost = f64[k + KEY_MIN_COST]!;
    const firstIndex = f64[k + KEY_MIN_LEAF]! * E;
    if (leaves === 0) continue;
    forEachRun(plan, rf, J, (first, last) => {
      tally.add(
        rf + J * gR[first]!,
        leaves * gCountUpTo[last]!,
        minCost + gMinUpTo[row + last]!,
        firstIndex + gMinEUpTo[row + last]!,
      );
    });
  }
  f64[(regions.cfg >> 3) + CFG_KEY_COUNT] = 0;
}

export function keyCountOf(kernel: Kernel, regions: Regions): number {
  return new Float64Array(kernel.buffer())[(regions.cfg >> 3) + CFG_KEY_COUNT]!;
}

/** rf, jump, cost and cost state after the prefix of `leaf`, and whether every prefix layer is dense (or may have holes). */
function leafState(plan: Plan, leaf: number) {
  let rf = 1;
  let J = 1;
  let cost = 0;
  let st = 0;
  let dense = true;
  let rest = leaf;
  for (let l = 0; l < plan.P; l++) {
    const lv = plan.levels[l]!;
    const ch = Math.floor(rest / lv.sub);
    rest -= ch * lv.sub;
    if (lv.g[ch]! * J > rf) dense = false;
    rf += lv.a[ch]! * J;
    J *= lv.s[ch]!;
    cost += lv.lc[st * lv.c + ch]!;
    st = lv.t[st * lv.c + ch]!;
  }
  return { rf, J, cost, st, dense };
}

/** Suffix entries [e0, e1) of one leaf, one by one (only at unaligned range ends). */
export function partialLeaf(plan: Plan, leaf: number, e0: number, e1: number, tally: Tally): void {
  const { rf, J, cost, st, dense } = leafState(plan, leaf);
  if (!dense) return;
  for (let e = e0; e < e1; e++) {
    if (J * plan.eT[e]! > rf) continue;
    const jump = J * plan.eS[e]!;
    if (plan.target > 0 && jump !== plan.target) continue;
    if (jump > plan.jMax) continue;
    const r = rf + J * plan.eR[e]!;
    if (r < plan.rfMin || r > plan.rfMax) continue;
    const c = cost + plan.costG[st * plan.E + plan.ePos[e]!]!;
    const index = leaf * plan.E + e;
    tally.add(r, 1, c, index);
    tally.extra.push(c, r, index);
  }
}

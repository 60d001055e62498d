// The sweep: a depth-first walk over the layer *prefixes* of a search space, the last layers of
// every combination (the "suffix") folded into tables the host precomputes once, so no single
// combination is ever visited.
//
// Per prefix ("leaf") with receptive field rf, jump J, cost c and cost state st, the suffix entries
// that make a feasible combination are exactly those of the stride block S = target/J (or every
// block with J·S ≤ jMax) whose local rf factor R lies in [(rfMin−rf)/J, (rfMax−rf)/J] — a
// contiguous range of groups of equal (S, R, T) (spans.ts), less those whose density threshold T
// the leaf's rf/J does not reach. A leaf bumps its key's record and, when it can still enter the
// top list, offers its entries there (leaf.ts, heap.ts). Subtrees that no completion can make
// feasible are skipped whole — among them every prefix with a gridded layer (gap·J > rf) when
// holes are not allowed.

import {
  CFG_KEY_LIMIT,
  CFG_LEVELS,
  CFG_P,
  CFG_SCRATCH,
  LV_A,
  LV_C,
  LV_FIELDS,
  LV_G,
  LV_LC,
  LV_REST_A,
  LV_REST_M,
  LV_REST_SMAX,
  LV_REST_SMIN,
  LV_S,
  LV_SUB,
  LV_T,
  SCRATCH_F64_ROWS,
} from '../layout';
import { f64at, i32at, ptr, setf64, seti32 } from '../memory';
import { closeHeap, openHeap } from './heap';
import { closeLeaves, keyCount, openLeaves, processLeaf } from './leaf';
import { jMax, openSpans, rfMax, rfMin, target } from './spans';

const LEVEL_BYTES: usize = LV_FIELDS << 3;

/**
 * Sweeps the leaves [leafStart, leafEnd) (prefix indices, mixed radix over the prefix layers) of
 * the config at byte `cfg`. Returns the first leaf not yet swept: leafEnd or more when done, less
 * when the key table reached its limit (the host then drains it and calls again from there).
 */
export function sweep(cfg: usize, leafStart: f64, leafEnd: f64): f64 {
  const P = <i32>f64at(cfg, CFG_P);
  const keyLimit = <i32>f64at(cfg, CFG_KEY_LIMIT);
  const levels = ptr(cfg, CFG_LEVELS);
  const scratch = ptr(cfg, CFG_SCRATCH);
  openSpans(cfg);
  openHeap(cfg);
  openLeaves(cfg);

  let p = <i64>leafStart;
  const end = <i64>leafEnd;

  if (P === 0) {
    // The whole space is one leaf.
    if (p < end) {
      processLeaf(0, 1, 1, 0, 0);
      p = 1;
    }
    closeHeap(cfg);
    closeLeaves(cfg);
    return <f64>p;
  }

  // State before layer l at index l (the input at 0, the leaf at P).
  const n1 = <usize>(P + 1);
  const rfs = scratch;
  const jumps = rfs + (n1 << 3);
  const costs = jumps + (n1 << 3);
  const digits = rfs + ((<usize>SCRATCH_F64_ROWS * n1) << 3);
  const states = digits + (n1 << 2);
  setf64(rfs, 0, 1);
  setf64(jumps, 0, 1);
  setf64(costs, 0, 0);
  seti32(states, 0, 0);
  let rem = p;
  for (let l = 0; l < P; l++) {
    const sub = <i64>f64at(levels + <usize>l * LEVEL_BYTES, LV_SUB);
    const d = rem / sub;
    seti32(digits, l, <i32>d);
    rem -= d * sub;
  }

  const last = P - 1;
  const lvLast = levels + <usize>last * LEVEL_BYTES;
  const cLast = <i32>f64at(lvLast, LV_C);
  const aLast = ptr(lvLast, LV_A);
  const sLast = ptr(lvLast, LV_S);
  const gLast = ptr(lvLast, LV_G);
  const tLast = ptr(lvLast, LV_T);
  const lcLast = ptr(lvLast, LV_LC);
  const restALast = f64at(lvLast, LV_REST_A);
  const restMLast = f64at(lvLast, LV_REST_M);
  const restSminLast = f64at(lvLast, LV_REST_SMIN);
  const restSmaxLast = f64at(lvLast, LV_REST_SMAX);

  let l: i32 = 0;
  while (p < end) {
    // Descend to the parent of the leaves (level P−1), pruning on the way.
    let pruned = false;
    // Set once the key table reaches its limit: return at the next leaf boundary.
    let stop = false;
    while (l < last) {
      const lv = levels + <usize>l * LEVEL_BYTES;
      const c = <i32>f64at(lv, LV_C);
      const ch = i32at(digits, l);
      const st = i32at(states, l);
      const j = f64at(jumps, l);
      const rf = f64at(rfs, l);
      const rfN = rf + f64at(ptr(lv, LV_A), ch) * j;
      const jN = j * f64at(ptr(lv, LV_S), ch);
      const at = st * c + ch;
      setf64(rfs, l + 1, rfN);
      setf64(jumps, l + 1, jN);
      setf64(costs, l + 1, f64at(costs, l) + f64at(ptr(lv, LV_LC), at));
      seti32(states, l + 1, i32at(ptr(lv, LV_T), at));
      // Feasibility pruning only: every skipped combination is infeasible, so no result changes.
      const sMin = jN * f64at(lv, LV_REST_SMIN);
      if (
        f64at(ptr(lv, LV_G), ch) * j > rf ||
        rfN + jN * f64at(lv, LV_REST_A) > rfMax ||
        rfN + jN * f64at(lv, LV_REST_M) < rfMin ||
        sMin > jMax ||
        (target > 0 &&
          (<i64>target % <i64>jN !== 0 || sMin > target || jN * f64at(lv, LV_REST_SMAX) < target))
      ) {
        pruned = true;
        break;
      }
      l++;
    }
    if (pruned) {
      // Skip the whole subtree below the pruned node: move to its next sibling.
      let low: i64 = 0;
      for (let j = l + 1; j < P; j++) {
        low += <i64>i32at(digits, j) * <i64>f64at(levels + <usize>j * LEVEL_BYTES, LV_SUB);
        seti32(digits, j, 0);
      }
      p = p - low + <i64>f64at(levels + <usize>l * LEVEL_BYTES, LV_SUB);
    } else {
      // The leaves below this parent, in one loop over the last prefix layer's choices.
      const rf0 = f64at(rfs, last);
      const j0 = f64at(jumps, last);
      const c0 = f64at(costs, last);
      const row = i32at(states, last) * cLast;
      // The parent's jump divides the target (checked above), so only the last stride is tested.
      const need = target > 0 ? target / j0 : 0;
      let ch = i32at(digits, last);
      while (ch < cLast && p < end) {
        const s = f64at(sLast, ch);
        const jN = j0 * s;
        const rfN = rf0 + f64at(aLast, ch) * j0;
        const sMin = jN * restSminLast;
        if (
          !(
            f64at(gLast, ch) * j0 > rf0 ||
            rfN + jN * restALast > rfMax ||
            rfN + jN * restMLast < rfMin ||
            sMin > jMax ||
            (target > 0 && (<i64>need % <i64>s !== 0 || sMin > target || jN * restSmaxLast < target))
          )
        ) {
          processLeaf(p, rfN, jN, c0 + f64at(lcLast, row + ch), i32at(tLast, row + ch));
          stop = keyCount >= keyLimit;
        }
        ch++;
        p++;
        if (stop) break;
      }
      if (ch < cLast) {
        seti32(digits, last, ch);
        break;
      }
      seti32(digits, last, 0);
      l = last - 1;
    }
    // Carry: the next choice at level l, or above once l's choices are exhausted.
    if (l < 0) break;
    let d = i32at(digits, l) + 1;
    while (d === <i32>f64at(levels + <usize>l * LEVEL_BYTES, LV_C)) {
      seti32(digits, l, 0);
      l--;
      if (l < 0) break;
      d = i32at(digits, l) + 1;
    }
    if (l < 0) break;
    seti32(digits, l, d);
    if (stop) break;
  }
  closeHeap(cfg);
  closeLeaves(cfg);
  return <f64>p;
}

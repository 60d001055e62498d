// One leaf (a prefix whose suffix layers are folded into tables): its key record, and the top-list
// candidates among its suffix entries.
//
// The histogram and the Pareto front depend on a leaf only through its key (rf, J, cost state) and
// the cheapest leaf of that key, so a leaf only bumps its key's record; the host expands the
// records into rf buckets. Only the top list needs single entries, and only when the leaf's
// cheapest feasible entry can still enter it: those entries are scanned two at a time with f64x2
// compares against the current threshold.

import {
  CFG_COST_G,
  CFG_E,
  CFG_G_MIN,
  CFG_G_P0,
  CFG_G_P1,
  CFG_KEY_CAP,
  CFG_KEY_COUNT,
  CFG_KEYS,
  CFG_NG,
  CFG_POS_E,
  KEY_FEASIBLE,
  KEY_FIELDS,
  KEY_J,
  KEY_LEAVES,
  KEY_MIN_COST,
  KEY_MIN_LEAF,
  KEY_MIN_SUFFIX,
  KEY_RF,
  KEY_ST,
} from '../layout';
import { f64at, i32at, ptr, setf64 } from '../memory';
import { heapFull, heapOffer, heapSize, topK, worstCost } from './heap';
import { blockSpan, groupDense, groupR, groupSpan, spanB0, spanB1, spanG0, spanG1 } from './spans';

const KEY_BYTES: usize = KEY_FIELDS << 3;

let E: i32 = 0;
let ng: i32 = 0;
let gP0: usize = 0;
let gP1: usize = 0;
let posE: usize = 0;
let costG: usize = 0;
let gMin: usize = 0;
let keys: usize = 0;
let keyCap: i32 = 0;
/** Used key slots. */
export let keyCount: i32 = 0;

/** Reads the suffix tables and the key table of the config at `cfg`. */
export function openLeaves(cfg: usize): void {
  E = <i32>f64at(cfg, CFG_E);
  ng = <i32>f64at(cfg, CFG_NG);
  gP0 = ptr(cfg, CFG_G_P0);
  gP1 = ptr(cfg, CFG_G_P1);
  posE = ptr(cfg, CFG_POS_E);
  costG = ptr(cfg, CFG_COST_G);
  gMin = ptr(cfg, CFG_G_MIN);
  keys = ptr(cfg, CFG_KEYS);
  keyCap = <i32>f64at(cfg, CFG_KEY_CAP);
  keyCount = <i32>f64at(cfg, CFG_KEY_COUNT);
}

export function closeLeaves(cfg: usize): void {
  setf64(cfg, CFG_KEY_COUNT, <f64>keyCount);
}

/** Offers every feasible entry of a leaf that can still enter the top list. */
function scanTop(leaf: i64, rf: f64, J: f64, cp: f64, st: i32): void {
  const base = <f64>leaf * <f64>E;
  const costs = costG + ((<usize>st * <usize>E) << 3);
  const mins = gMin + ((<usize>st * <usize>ng) << 3);
  const vcp = f64x2.splat(cp);
  blockSpan(J);
  for (let b = spanB0; b < spanB1; b++) {
    groupSpan(b, rf, J);
    const g1 = spanG1;
    for (let g = spanG0; g < g1; g++) {
      if (!groupDense(g, rf, J) || (heapFull() && cp + f64at(mins, g) > worstCost())) continue;
      const r = rf + J * groupR(g);
      const p1 = i32at(gP1, g);
      let pos = i32at(gP0, g);
      if (heapFull()) {
        // Two entries per compare; the threshold only tightens, so a pair it rejects stays rejected.
        for (; pos + 2 <= p1; pos += 2) {
          const v = f64x2.add(v128.load(costs + ((<usize>pos) << 3)), vcp);
          if (v128.any_true(f64x2.le(v, f64x2.splat(worstCost())))) {
            heapOffer(cp + f64at(costs, pos), r, base + <f64>i32at(posE, pos));
            heapOffer(cp + f64at(costs, pos + 1), r, base + <f64>i32at(posE, pos + 1));
          }
        }
      }
      for (; pos < p1; pos++) heapOffer(cp + f64at(costs, pos), r, base + <f64>i32at(posE, pos));
    }
  }
}

function hashKey(rf: f64, J: f64, st: i32): u32 {
  let h: u32 = (<u32>(<i64>rf) * 0x9e3779b1) ^ (<u32>(<i64>J) * 0x85ebca77) ^ (<u32>st * 0xc2b2ae3d);
  h ^= h >>> 15;
  h *= 0x2c1b3c6d;
  h ^= h >>> 12;
  return h;
}

/** Records one leaf of prefix rf, jump J, prefix cost cp and cost state st. */
export function processLeaf(leaf: i64, rf: f64, J: f64, cp: f64, st: i32): void {
  const mask = <u32>(keyCap - 1);
  let h = hashKey(rf, J, st) & mask;
  let k: usize = 0;
  while (true) {
    k = keys + <usize>h * KEY_BYTES;
    const krf = f64at(k, KEY_RF);
    if (krf === 0) {
      // A new key: its feasible groups and cheapest suffix are the same for every later leaf.
      let feasible: f64 = 0;
      let minSuffix: f64 = Infinity;
      const mins = gMin + ((<usize>st * <usize>ng) << 3);
      blockSpan(J);
      for (let b = spanB0; b < spanB1; b++) {
        groupSpan(b, rf, J);
        for (let g = spanG0; g < spanG1; g++) {
          if (!groupDense(g, rf, J)) continue;
          feasible = 1;
          minSuffix = min(minSuffix, f64at(mins, g));
        }
      }
      setf64(k, KEY_RF, rf);
      setf64(k, KEY_J, J);
      setf64(k, KEY_ST, <f64>st);
      setf64(k, KEY_LEAVES, 0);
      setf64(k, KEY_MIN_COST, Infinity);
      setf64(k, KEY_MIN_LEAF, 0);
      setf64(k, KEY_MIN_SUFFIX, minSuffix);
      setf64(k, KEY_FEASIBLE, feasible);
      keyCount++;
      break;
    }
    if (krf === rf && f64at(k, KEY_J) === J && f64at(k, KEY_ST) === <f64>st) break;
    h = (h + 1) & mask;
  }
  if (f64at(k, KEY_FEASIBLE) === 0) return;
  setf64(k, KEY_LEAVES, f64at(k, KEY_LEAVES) + 1);
  // Leaves arrive in index order, so the first of equal cost is the lowest index.
  if (cp < f64at(k, KEY_MIN_COST)) {
    setf64(k, KEY_MIN_COST, cp);
    setf64(k, KEY_MIN_LEAF, <f64>leaf);
  }
  if (topK > 0 && (heapSize < topK || cp + f64at(k, KEY_MIN_SUFFIX) <= worstCost())) {
    scanTop(leaf, rf, J, cp, st);
  }
}

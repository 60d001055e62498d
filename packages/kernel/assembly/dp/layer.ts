// The DP job: one layer of the dynamic programme over prefix states per call.
//
// A state after a prefix is (jump J, rf, cost state): what the rest of a combination's rf, total
// stride, feasibility (the holes rule included: a layer is dense iff gap·J ≤ rf) and cost depend
// on. Each state carries the number of prefixes that reach it (multi-limb) and its K best prefixes
// by (cost, key), where the key orders prefixes as their indices do. Keeping only those K is exact:
// a prefix that K others of its state beat loses to each of them under every common suffix (same
// final state, cost no lower, and on equal cost a larger index), so it is in no top-K list.
//
// Per call, every (state, choice) of the current layer is moved to its next state (found or added
// through a hash index), unless the move can never become feasible — a gridded layer under the
// holes rule, a jump that can no longer reach constraints.stride or already breaks minOutput, an rf
// beyond rf.max or out of reach of rf.min — and the state's count is added to the next state's and
// its entries offered to the next state's heap in ascending order (the first one the full heap
// refuses ends the run: every later one ranks after it). Then the counts are carried, each heap is
// sorted, and in ranked mode the entries are ranked (rank.ts). The next layer becomes the current.
//
// Returns the number of states of the new layer, or −1 (nothing changed) when they do not fit into
// an arena: the host then lays out larger arenas and calls again.

import {
  AR_COST,
  AR_COUNT,
  AR_CS,
  AR_J,
  AR_KEY,
  AR_RF,
  AR_SIZE,
  DL_C,
  DL_COST,
  DL_DELTA,
  DL_FIELDS,
  DL_GAP,
  DL_GROW_HI,
  DL_GROW_LO,
  DL_NEXT,
  DL_STRIDE,
  DL_STRIDE_HI,
  DL_STRIDE_LO,
  DP_ARENA_0,
  DP_ARENA_1,
  DP_BACK,
  DP_BASE,
  DP_BUCKET,
  DP_CAP,
  DP_CUR,
  DP_ENTRIES,
  DP_HASH,
  DP_HASH_CAP,
  DP_JMAX,
  DP_K,
  DP_LAYER,
  DP_LAYERS,
  DP_LIMBS,
  DP_ORDER,
  DP_RANKED,
  DP_RF_MAX,
  DP_RF_MIN,
  DP_STATES,
  DP_STRIDE,
  DP_TMP,
} from '../layout';
import { f64at, ptr, setf64 } from '../memory';
import { offer, sortHeap } from './heap';
import { rankEntries } from './rank';

// 64-bit odd multipliers (golden ratio and murmur3's), written as two halves: literals past 2^53
// would not be exact in the TypeScript tools that read this file.
const M1: u64 = ((<u64>0x9e3779b9) << 32) | <u64>0x7f4a7c15;
const M2: u64 = ((<u64>0xc2b2ae3d) << 32) | <u64>0x27d4eb4f;
const M3: u64 = ((<u64>0x165667b1) << 32) | <u64>0x9e3779f9;

function hashOf(J: f64, rf: f64, cs: i32): u32 {
  let h: u64 = <u64>rf * M1;
  h ^= <u64>J * M2;
  h ^= <u64>cs * M3;
  h ^= h >> 29;
  return <u32>h;
}

export function dp(cfg: usize): f64 {
  const l = <i32>f64at(cfg, DP_LAYER);
  const lv = ptr(cfg, DP_LAYERS) + ((<usize>l * <usize>DL_FIELDS) << 3);
  const C = <i32>f64at(lv, DL_C);
  const delta = ptr(lv, DL_DELTA);
  const strides = ptr(lv, DL_STRIDE);
  const gaps = ptr(lv, DL_GAP);
  const nextCs = ptr(lv, DL_NEXT);
  const costs = ptr(lv, DL_COST);
  const gLo = f64at(lv, DL_GROW_LO);
  const gHi = f64at(lv, DL_GROW_HI);
  const sLo = f64at(lv, DL_STRIDE_LO);
  const sHi = f64at(lv, DL_STRIDE_HI);

  const K = <i32>f64at(cfg, DP_K);
  const limbs = <i32>f64at(cfg, DP_LIMBS);
  const base = f64at(cfg, DP_BASE);
  const rfMin = f64at(cfg, DP_RF_MIN);
  const rfMax = f64at(cfg, DP_RF_MAX);
  const target = f64at(cfg, DP_STRIDE);
  const jMax = f64at(cfg, DP_JMAX);
  const cap = <i32>f64at(cfg, DP_CAP);
  const hashCap = <i32>f64at(cfg, DP_HASH_CAP);
  const hash = ptr(cfg, DP_HASH);
  const states = <i32>f64at(cfg, DP_STATES);
  const cur = <i32>f64at(cfg, DP_CUR);

  const a = ptr(cfg, cur === 0 ? DP_ARENA_0 : DP_ARENA_1);
  const b = ptr(cfg, cur === 0 ? DP_ARENA_1 : DP_ARENA_0);
  const aJ = ptr(a, AR_J);
  const aRf = ptr(a, AR_RF);
  const aCs = ptr(a, AR_CS);
  const aCount = ptr(a, AR_COUNT);
  const aSize = ptr(a, AR_SIZE);
  const aCost = ptr(a, AR_COST);
  const aKey = ptr(a, AR_KEY);
  const bJ = ptr(b, AR_J);
  const bRf = ptr(b, AR_RF);
  const bCs = ptr(b, AR_CS);
  const bCount = ptr(b, AR_COUNT);
  const bSize = ptr(b, AR_SIZE);
  const bCost = ptr(b, AR_COST);
  const bKey = ptr(b, AR_KEY);

  const mask = <u32>(hashCap - 1);
  memory.fill(hash, 0xff, (<usize>hashCap) << 2);
  const limbBytes = (<usize>limbs) << 3;
  const c64 = <f64>C;
  let n: i32 = 0;

  for (let s = 0; s < states; s++) {
    const J = load<f64>(aJ + ((<usize>s) << 3));
    const rf = load<f64>(aRf + ((<usize>s) << 3));
    const cs = load<i32>(aCs + ((<usize>s) << 2));
    const size = load<i32>(aSize + ((<usize>s) << 2));
    const row = cs * C;
    const from = aCount + <usize>s * limbBytes;
    const first = s * K;
    for (let c = 0; c < C; c++) {
      if (f64at(gaps, c) * J > rf) continue;
      const J2 = J * f64at(strides, c);
      const least = J2 * sLo;
      if (least > jMax) continue;
      if (target > 0 && (<i64>target % <i64>J2 !== 0 || least > target || J2 * sHi < target)) continue;
      const rf2 = rf + f64at(delta, c) * J;
      if (rf2 + J2 * gLo > rfMax || rf2 + J2 * gHi < rfMin) continue;
      const cs2 = load<i32>(nextCs + ((<usize>(row + c)) << 2));

      let h = hashOf(J2, rf2, cs2) & mask;
      let d: i32 = -1;
      while (true) {
        d = load<i32>(hash + ((<usize>h) << 2));
        if (d < 0) {
          if (n === cap) return -1;
          d = n++;
          store<i32>(hash + ((<usize>h) << 2), d);
          store<f64>(bJ + ((<usize>d) << 3), J2);
          store<f64>(bRf + ((<usize>d) << 3), rf2);
          store<i32>(bCs + ((<usize>d) << 2), cs2);
          store<i32>(bSize + ((<usize>d) << 2), 0);
          memory.fill(bCount + <usize>d * limbBytes, 0, limbBytes);
          break;
        }
        if (
          load<f64>(bJ + ((<usize>d) << 3)) === J2 &&
          load<f64>(bRf + ((<usize>d) << 3)) === rf2 &&
          load<i32>(bCs + ((<usize>d) << 2)) === cs2
        )
          break;
        h = (h + 1) & mask;
      }

      const to = bCount + <usize>d * limbBytes;
      for (let i = 0; i < limbs; i++) {
        const at = to + ((<usize>i) << 3);
        store<f64>(at, load<f64>(at) + load<f64>(from + ((<usize>i) << 3)));
      }

      const lc = load<f64>(costs + ((<usize>(row + c)) << 3));
      const heapBase = <usize>(d * K);
      const sizeAt = bSize + ((<usize>d) << 2);
      let held = load<i32>(sizeAt);
      for (let i = 0; i < size; i++) {
        const e = <usize>(first + i);
        const got = offer(
          bCost,
          bKey,
          heapBase,
          held,
          K,
          load<f64>(aCost + (e << 3)) + lc,
          load<f64>(aKey + (e << 3)) * c64 + <f64>c,
        );
        if (got < 0) break;
        held = got;
      }
      store<i32>(sizeAt, held);
    }
  }

  // Carry the counts: every limb back below the base.
  const inv = 1.0 / base;
  for (let d = 0; d < n; d++) {
    const at = bCount + <usize>d * limbBytes;
    let carry: f64 = 0;
    for (let i = 0; i < limbs; i++) {
      const p = at + ((<usize>i) << 3);
      const v = load<f64>(p) + carry;
      carry = Math.floor(v * inv);
      store<f64>(p, v - carry * base);
    }
  }

  let entries: i32 = 0;
  for (let d = 0; d < n; d++) {
    const held = load<i32>(bSize + ((<usize>d) << 2));
    sortHeap(bCost, bKey, <usize>(d * K), held);
    entries += held;
  }
  if (f64at(cfg, DP_RANKED) !== 0) {
    rankEntries(
      bKey,
      bSize,
      n,
      K,
      C,
      <i32>f64at(cfg, DP_ENTRIES),
      ptr(cfg, DP_ORDER),
      ptr(cfg, DP_TMP),
      ptr(cfg, DP_BUCKET),
      ptr(cfg, DP_BACK),
    );
  }

  setf64(cfg, DP_CUR, <f64>(1 - cur));
  setf64(cfg, DP_STATES, <f64>n);
  setf64(cfg, DP_ENTRIES, <f64>entries);
  setf64(cfg, DP_LAYER, <f64>(l + 1));
  return <f64>n;
}

// The TypeScript twin of the DP kernel (packages/kernel/assembly/dp/): the same layer step on the
// same memory layout, for hosts without WebAssembly and as the `js` backend. Read the kernel's
// comments for how it works; keep the two in step. Only the hash function differs (states get
// their ids in the order they are first reached, so the results do not depend on it).

import * as L from '@rfkit/kernel/layout';

/** Does (c1, k1) rank after (c2, k2)? Lower cost first, then lower key. */
function after(c1: number, k1: number, c2: number, k2: number): boolean {
  return c1 > c2 || (c1 === c2 && k1 > k2);
}

function siftDown(
  costs: Float64Array,
  keys: Float64Array,
  base: number,
  n: number,
  from: number,
  cost: number,
  key: number,
): void {
  let i = from;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let w = l;
    let wc = costs[base + l]!;
    let wk = keys[base + l]!;
    const r = l + 1;
    if (r < n) {
      const rc = costs[base + r]!;
      const rk = keys[base + r]!;
      if (after(rc, rk, wc, wk)) {
        w = r;
        wc = rc;
        wk = rk;
      }
    }
    if (!after(wc, wk, cost, key)) break;
    costs[base + i] = wc;
    keys[base + i] = wk;
    i = w;
  }
  costs[base + i] = cost;
  keys[base + i] = key;
}

/** See the kernel's `offer` (dp/heap.ts): the new size, or −1 when the full heap refuses. */
function offer(
  costs: Float64Array,
  keys: Float64Array,
  base: number,
  n: number,
  K: number,
  cost: number,
  key: number,
): number {
  if (n < K) {
    let i = n;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pc = costs[base + p]!;
      const pk = keys[base + p]!;
      if (after(cost, key, pc, pk)) {
        costs[base + i] = pc;
        keys[base + i] = pk;
        i = p;
      } else break;
    }
    costs[base + i] = cost;
    keys[base + i] = key;
    return n + 1;
  }
  if (!after(costs[base]!, keys[base]!, cost, key)) return -1;
  siftDown(costs, keys, base, n, 0, cost, key);
  return n;
}

function sortHeap(costs: Float64Array, keys: Float64Array, base: number, n: number): void {
  for (let end = n - 1; end > 0; end--) {
    const ec = costs[base + end]!;
    const ek = keys[base + end]!;
    costs[base + end] = costs[base]!;
    keys[base + end] = keys[base]!;
    siftDown(costs, keys, base, end, 0, ec, ek);
  }
}

/** See the kernel's `rankEntries` (dp/rank.ts). */
function rankEntries(
  f64: Float64Array,
  i32: Int32Array,
  keys: number,
  sizes: number,
  states: number,
  K: number,
  C: number,
  parents: number,
  order: number,
  tmp: number,
  bucket: number,
  back: number,
): number {
  i32.fill(0, bucket, bucket + C + 1);
  let m = 0;
  for (let d = 0; d < states; d++) {
    const n = i32[sizes + d]!;
    const base = d * K;
    for (let i = 0; i < n; i++) {
      i32[bucket + (f64[keys + base + i]! % C) + 1]!++;
      m++;
    }
  }
  for (let c = 0; c < C; c++) i32[bucket + c + 1]! += i32[bucket + c]!;
  for (let d = 0; d < states; d++) {
    const n = i32[sizes + d]!;
    const base = d * K;
    for (let i = 0; i < n; i++) {
      const at = bucket + (f64[keys + base + i]! % C);
      i32[tmp + i32[at]!] = base + i;
      i32[at]!++;
    }
  }
  i32.fill(0, bucket, bucket + parents + 1);
  for (let j = 0; j < m; j++) {
    i32[bucket + Math.floor(f64[keys + i32[tmp + j]!]! / C) + 1]!++;
  }
  for (let p = 0; p < parents; p++) i32[bucket + p + 1]! += i32[bucket + p]!;
  for (let j = 0; j < m; j++) {
    const slot = i32[tmp + j]!;
    const at = bucket + Math.floor(f64[keys + slot]! / C);
    i32[order + i32[at]!] = slot;
    i32[at]!++;
  }
  for (let r = 0; r < m; r++) {
    const slot = i32[order + r]!;
    f64[back + r] = f64[keys + slot]!;
    f64[keys + slot] = r;
  }
  return m;
}

function hashOf(J: number, rf: number, cs: number): number {
  let h = Math.imul(rf >>> 0, 0x9e3779b1) ^ Math.imul((rf / 4294967296) >>> 0, 0x85ebca77);
  h ^= Math.imul(J >>> 0, 0xc2b2ae3d) ^ Math.imul((J / 4294967296) >>> 0, 0x27d4eb2f);
  h ^= Math.imul(cs, 0x165667b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
}

/** One layer of the DP of the config at byte `cfg` of `buffer`; see the kernel's `dp`. */
export function dpJs(buffer: ArrayBuffer, cfg: number): number {
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const c0 = cfg >> 3;
  const l = f64[c0 + L.DP_LAYER]!;
  const lv = (f64[c0 + L.DP_LAYERS]! >> 3) + l * L.DL_FIELDS;
  const C = f64[lv + L.DL_C]!;
  const delta = f64[lv + L.DL_DELTA]! >> 3;
  const strides = f64[lv + L.DL_STRIDE]! >> 3;
  const gaps = f64[lv + L.DL_GAP]! >> 3;
  const nextCs = f64[lv + L.DL_NEXT]! >> 2;
  const costs = f64[lv + L.DL_COST]! >> 3;
  const gLo = f64[lv + L.DL_GROW_LO]!;
  const gHi = f64[lv + L.DL_GROW_HI]!;
  const sLo = f64[lv + L.DL_STRIDE_LO]!;
  const sHi = f64[lv + L.DL_STRIDE_HI]!;

  const K = f64[c0 + L.DP_K]!;
  const limbs = f64[c0 + L.DP_LIMBS]!;
  const base = f64[c0 + L.DP_BASE]!;
  const rfMin = f64[c0 + L.DP_RF_MIN]!;
  const rfMax = f64[c0 + L.DP_RF_MAX]!;
  const target = f64[c0 + L.DP_STRIDE]!;
  const jMax = f64[c0 + L.DP_JMAX]!;
  const cap = f64[c0 + L.DP_CAP]!;
  const hashCap = f64[c0 + L.DP_HASH_CAP]!;
  const hash = f64[c0 + L.DP_HASH]! >> 2;
  const states = f64[c0 + L.DP_STATES]!;
  const cur = f64[c0 + L.DP_CUR]!;

  const a = f64[c0 + (cur === 0 ? L.DP_ARENA_0 : L.DP_ARENA_1)]! >> 3;
  const b = f64[c0 + (cur === 0 ? L.DP_ARENA_1 : L.DP_ARENA_0)]! >> 3;
  const aJ = f64[a + L.AR_J]! >> 3;
  const aRf = f64[a + L.AR_RF]! >> 3;
  const aCs = f64[a + L.AR_CS]! >> 2;
  const aCount = f64[a + L.AR_COUNT]! >> 3;
  const aSize = f64[a + L.AR_SIZE]! >> 2;
  const aCost = f64[a + L.AR_COST]! >> 3;
  const aKey = f64[a + L.AR_KEY]! >> 3;
  const bJ = f64[b + L.AR_J]! >> 3;
  const bRf = f64[b + L.AR_RF]! >> 3;
  const bCs = f64[b + L.AR_CS]! >> 2;
  const bCount = f64[b + L.AR_COUNT]! >> 3;
  const bSize = f64[b + L.AR_SIZE]! >> 2;
  // The heaps as arrays of their own, so offer() indexes them from 0.
  const bCost = f64.subarray(f64[b + L.AR_COST]! >> 3);
  const bKey = f64.subarray(f64[b + L.AR_KEY]! >> 3);

  const mask = hashCap - 1;
  i32.fill(-1, hash, hash + hashCap);
  let n = 0;

  for (let s = 0; s < states; s++) {
    const J = f64[aJ + s]!;
    const rf = f64[aRf + s]!;
    const cs = i32[aCs + s]!;
    const size = i32[aSize + s]!;
    const row = cs * C;
    const from = aCount + s * limbs;
    const first = aCost + s * K;
    const firstKey = aKey + s * K;
    for (let c = 0; c < C; c++) {
      if (f64[gaps + c]! * J > rf) continue;
      const J2 = J * f64[strides + c]!;
      const least = J2 * sLo;
      if (least > jMax) continue;
      if (target > 0 && (target % J2 !== 0 || least > target || J2 * sHi < target)) continue;
      const rf2 = rf + f64[delta + c]! * J;
      if (rf2 + J2 * gLo > rfMax || rf2 + J2 * gHi < rfMin) continue;
      const cs2 = i32[nextCs + row + c]!;

      let h = hashOf(J2, rf2, cs2) & mask;
      let d = -1;
      for (;;) {
        d = i32[hash + h]!;
        if (d < 0) {
          if (n === cap) return -1;
          d = n++;
          i32[hash + h] = d;
          f64[bJ + d] = J2;
          f64[bRf + d] = rf2;
          i32[bCs + d] = cs2;
          i32[bSize + d] = 0;
          f64.fill(0, bCount + d * limbs, bCount + (d + 1) * limbs);
          break;
        }
        if (f64[bJ + d] === J2 && f64[bRf + d] === rf2 && i32[bCs + d] === cs2) break;
        h = (h + 1) & mask;
      }

      const to = bCount + d * limbs;
      for (let i = 0; i < limbs; i++) f64[to + i]! += f64[from + i]!;

      const lc = f64[costs + row + c]!;
      const heapBase = d * K;
      let held = i32[bSize + d]!;
      for (let i = 0; i < size; i++) {
        const got = offer(bCost, bKey, heapBase, held, K, f64[first + i]! + lc, f64[firstKey + i]! * C + c);
        if (got < 0) break;
        held = got;
      }
      i32[bSize + d] = held;
    }
  }

  const inv = 1 / base;
  for (let d = 0; d < n; d++) {
    const at = bCount + d * limbs;
    let carry = 0;
    for (let i = 0; i < limbs; i++) {
      const v = f64[at + i]! + carry;
      carry = Math.floor(v * inv);
      f64[at + i] = v - carry * base;
    }
  }

  let entries = 0;
  for (let d = 0; d < n; d++) {
    const held = i32[bSize + d]!;
    sortHeap(bCost, bKey, d * K, held);
    entries += held;
  }
  if (f64[c0 + L.DP_RANKED] !== 0) {
    rankEntries(
      f64,
      i32,
      f64[b + L.AR_KEY]! >> 3,
      bSize,
      n,
      K,
      C,
      f64[c0 + L.DP_ENTRIES]!,
      f64[c0 + L.DP_ORDER]! >> 2,
      f64[c0 + L.DP_TMP]! >> 2,
      f64[c0 + L.DP_BUCKET]! >> 2,
      f64[c0 + L.DP_BACK]! >> 3,
    );
  }

  f64[c0 + L.DP_CUR] = 1 - cur;
  f64[c0 + L.DP_STATES] = n;
  f64[c0 + L.DP_ENTRIES] = entries;
  f64[c0 + L.DP_LAYER] = l + 1;
  return n;
}

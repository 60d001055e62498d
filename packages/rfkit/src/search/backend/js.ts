// The TypeScript twin of the sweep kernel (packages/kernel/assembly/sweep/): the same algorithm on
// the same memory layout, line for line, for hosts without WebAssembly and as the `js` backend.
// Read the kernel's comments for how it works; keep the two in step.

import * as L from '@rfkit/kernel/layout';
import type { Kernel } from './kernel.js';

const LEVEL_BYTES = L.LV_FIELDS * 8;
const KEY_BYTES = L.KEY_FIELDS * 8;

/** The js backend: sweepJs on an ArrayBuffer. */
export function jsKernel(): Kernel {
  let memory = new ArrayBuffer(0);
  return {
    backend: 'js',
    prepare(bytes) {
      memory = new ArrayBuffer(bytes);
      return 0;
    },
    buffer: () => memory,
    sweep: (cfg, leafStart, leafEnd) => sweepJs(memory, cfg, leafStart, leafEnd),
  };
}

/** Sweeps leaves [leafStart, leafEnd) of the config at byte `cfg` of `buffer`; see the kernel's `sweep`. */
export function sweepJs(buffer: ArrayBuffer, cfg: number, leafStart: number, leafEnd: number): number {
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const c0 = cfg >> 3;
  const P = f64[c0 + L.CFG_P]!;
  const E = f64[c0 + L.CFG_E]!;
  const rfMin = f64[c0 + L.CFG_RF_MIN]!;
  const rfMax = f64[c0 + L.CFG_RF_MAX]!;
  const target = f64[c0 + L.CFG_STRIDE]!;
  const jMax = f64[c0 + L.CFG_JMAX]!;
  const topK = f64[c0 + L.CFG_TOP]!;
  let heapSize = f64[c0 + L.CFG_HEAP_SIZE]!;
  const keyCap = f64[c0 + L.CFG_KEY_CAP]!;
  let keyCount = f64[c0 + L.CFG_KEY_COUNT]!;
  const keyLimit = f64[c0 + L.CFG_KEY_LIMIT]!;
  const nb = f64[c0 + L.CFG_NB]!;
  const ng = f64[c0 + L.CFG_NG]!;
  const levels = f64[c0 + L.CFG_LEVELS]!;
  const blockS = f64[c0 + L.CFG_BLOCK_S]! >> 3;
  const blockG0 = f64[c0 + L.CFG_BLOCK_G0]! >> 2;
  const blockG1 = f64[c0 + L.CFG_BLOCK_G1]! >> 2;
  const gR = f64[c0 + L.CFG_G_R]! >> 3;
  const gT = f64[c0 + L.CFG_G_T]! >> 3;
  const gP0 = f64[c0 + L.CFG_G_P0]! >> 2;
  const gP1 = f64[c0 + L.CFG_G_P1]! >> 2;
  const posE = f64[c0 + L.CFG_POS_E]! >> 2;
  const costG = f64[c0 + L.CFG_COST_G]! >> 3;
  const gMin = f64[c0 + L.CFG_G_MIN]! >> 3;
  const heap = f64[c0 + L.CFG_HEAP]! >> 3;
  const keys = f64[c0 + L.CFG_KEYS]!;
  const scratch = f64[c0 + L.CFG_SCRATCH]!;

  let spanB0 = 0;
  let spanB1 = 0;
  let spanG0 = 0;
  let spanG1 = 0;

  const blockSpan = (J: number): void => {
    if (target > jMax) {
      spanB0 = 0;
      spanB1 = 0;
    } else if (target > 0) {
      const need = target / J;
      let a = 0;
      let z = nb;
      while (a < z) {
        const mid = (a + z) >>> 1;
        if (f64[blockS + mid]! < need) a = mid + 1;
        else z = mid;
      }
      spanB0 = a;
      spanB1 = a < nb && f64[blockS + a] === need ? a + 1 : a;
    } else {
      let b = 0;
      while (b < nb && J * f64[blockS + b]! <= jMax) b++;
      spanB0 = 0;
      spanB1 = b;
    }
  };

  const groupSpan = (b: number, rf: number, J: number): void => {
    let a = i32[blockG0 + b]!;
    let z = i32[blockG1 + b]!;
    const end = z;
    while (a < z) {
      const mid = (a + z) >>> 1;
      if (rf + J * f64[gR + mid]! < rfMin) a = mid + 1;
      else z = mid;
    }
    spanG0 = a;
    z = end;
    while (a < z) {
      const mid = (a + z) >>> 1;
      if (rf + J * f64[gR + mid]! <= rfMax) a = mid + 1;
      else z = mid;
    }
    spanG1 = a;
  };

  /** Does heap entry i rank after (cost, rf, index)? */
  const ranksAfter = (i: number, cost: number, rf: number, index: number): boolean => {
    const e = heap + i * L.HEAP_FIELDS;
    const c = f64[e + L.HEAP_COST]!;
    if (c !== cost) return c > cost;
    const r = f64[e + L.HEAP_RF]!;
    if (r !== rf) return r < rf;
    return f64[e + L.HEAP_INDEX]! > index;
  };
  const heapSet = (i: number, cost: number, rf: number, index: number): void => {
    const e = heap + i * L.HEAP_FIELDS;
    f64[e + L.HEAP_COST] = cost;
    f64[e + L.HEAP_RF] = rf;
    f64[e + L.HEAP_INDEX] = index;
  };

  const heapOffer = (cost: number, rf: number, index: number): void => {
    if (heapSize < topK) {
      let i = heapSize++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!ranksAfter(parent, cost, rf, index)) {
          const pe = heap + parent * L.HEAP_FIELDS;
          heapSet(i, f64[pe + L.HEAP_COST]!, f64[pe + L.HEAP_RF]!, f64[pe + L.HEAP_INDEX]!);
          i = parent;
        } else break;
      }
      heapSet(i, cost, rf, index);
      return;
    }
    if (!ranksAfter(0, cost, rf, index)) return;
    let i = 0;
    while (true) {
      const l = 2 * i + 1;
      if (l >= heapSize) break;
      let w = l;
      const r = l + 1;
      if (r < heapSize) {
        const re = heap + r * L.HEAP_FIELDS;
        if (!ranksAfter(l, f64[re + L.HEAP_COST]!, f64[re + L.HEAP_RF]!, f64[re + L.HEAP_INDEX]!)) w = r;
      }
      const we = heap + w * L.HEAP_FIELDS;
      const wc = f64[we + L.HEAP_COST]!;
      const wr = f64[we + L.HEAP_RF]!;
      const wi = f64[we + L.HEAP_INDEX]!;
      if (!ranksAfter(w, cost, rf, index)) break;
      heapSet(i, wc, wr, wi);
      i = w;
    }
    heapSet(i, cost, rf, index);
  };

  const scanTop = (leaf: number, rf: number, J: number, cp: number, st: number): void => {
    const base = leaf * E;
    const costs = costG + st * E;
    const mins = gMin + st * ng;
    blockSpan(J);
    for (let b = spanB0; b < spanB1; b++) {
      groupSpan(b, rf, J);
      const g1 = spanG1;
      for (let g = spanG0; g < g1; g++) {
        if (J * f64[gT + g]! > rf || (heapSize === topK && cp + f64[mins + g]! > f64[heap]!)) continue;
        const r = rf + J * f64[gR + g]!;
        const p1 = i32[gP1 + g]!;
        for (let pos = i32[gP0 + g]!; pos < p1; pos++)
          heapOffer(cp + f64[costs + pos]!, r, base + i32[posE + pos]!);
      }
    }
  };

  const hashKey = (rf: number, J: number, st: number): number => {
    let h = Math.imul(rf >>> 0, 0x9e3779b1) ^ Math.imul(J >>> 0, 0x85ebca77) ^ Math.imul(st, 0xc2b2ae3d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h >>> 0;
  };

  const processLeaf = (leaf: number, rf: number, J: number, cp: number, st: number): void => {
    const mask = keyCap - 1;
    let h = hashKey(rf, J, st) & mask;
    let k = 0;
    while (true) {
      k = (keys + h * KEY_BYTES) >> 3;
      const krf = f64[k + L.KEY_RF]!;
      if (krf === 0) {
        let feasible = 0;
        let minSuffix = Number.POSITIVE_INFINITY;
        const mins = gMin + st * ng;
        blockSpan(J);
        for (let b = spanB0; b < spanB1; b++) {
          groupSpan(b, rf, J);
          for (let g = spanG0; g < spanG1; g++) {
            if (J * f64[gT + g]! > rf) continue;
            feasible = 1;
            minSuffix = Math.min(minSuffix, f64[mins + g]!);
          }
        }
        f64[k + L.KEY_RF] = rf;
        f64[k + L.KEY_J] = J;
        f64[k + L.KEY_ST] = st;
        f64[k + L.KEY_LEAVES] = 0;
        f64[k + L.KEY_MIN_COST] = Number.POSITIVE_INFINITY;
        f64[k + L.KEY_MIN_LEAF] = 0;
        f64[k + L.KEY_MIN_SUFFIX] = minSuffix;
        f64[k + L.KEY_FEASIBLE] = feasible;
        keyCount++;
        break;
      }
      if (krf === rf && f64[k + L.KEY_J] === J && f64[k + L.KEY_ST] === st) break;
      h = (h + 1) & mask;
    }
    if (f64[k + L.KEY_FEASIBLE] === 0) return;
    f64[k + L.KEY_LEAVES]! += 1;
    if (cp < f64[k + L.KEY_MIN_COST]!) {
      f64[k + L.KEY_MIN_COST] = cp;
      f64[k + L.KEY_MIN_LEAF] = leaf;
    }
    if (topK > 0 && (heapSize < topK || cp + f64[k + L.KEY_MIN_SUFFIX]! <= f64[heap]!)) {
      scanTop(leaf, rf, J, cp, st);
    }
  };

  let p = leafStart;
  const end = leafEnd;
  if (P === 0) {
    if (p < end) {
      processLeaf(0, 1, 1, 0, 0);
      p = 1;
    }
    f64[c0 + L.CFG_HEAP_SIZE] = heapSize;
    f64[c0 + L.CFG_KEY_COUNT] = keyCount;
    return p;
  }

  const n1 = P + 1;
  const rfs = scratch >> 3;
  const jumps = rfs + n1;
  const costs = jumps + n1;
  const digits = (scratch + L.SCRATCH_F64_ROWS * 8 * n1) >> 2;
  const states = digits + n1;
  f64[rfs] = 1;
  f64[jumps] = 1;
  f64[costs] = 0;
  i32[states] = 0;
  const lvAt = (l: number): number => (levels + l * LEVEL_BYTES) >> 3;
  let rem = p;
  for (let l = 0; l < P; l++) {
    const sub = f64[lvAt(l) + L.LV_SUB]!;
    // Doubles divide inexactly near 2^53; nudge the quotient to the exact one.
    let d = Math.floor(rem / sub);
    while (d * sub > rem) d--;
    while ((d + 1) * sub <= rem) d++;
    i32[digits + l] = d;
    rem -= d * sub;
  }

  const last = P - 1;
  const lvLast = lvAt(last);
  const cLast = f64[lvLast + L.LV_C]!;
  const aLast = f64[lvLast + L.LV_A]! >> 3;
  const sLast = f64[lvLast + L.LV_S]! >> 3;
  const gLast = f64[lvLast + L.LV_G]! >> 3;
  const tLast = f64[lvLast + L.LV_T]! >> 2;
  const lcLast = f64[lvLast + L.LV_LC]! >> 3;
  const restALast = f64[lvLast + L.LV_REST_A]!;
  const restMLast = f64[lvLast + L.LV_REST_M]!;
  const restSminLast = f64[lvLast + L.LV_REST_SMIN]!;
  const restSmaxLast = f64[lvLast + L.LV_REST_SMAX]!;

  let l = 0;
  while (p < end) {
    let pruned = false;
    let stop = false;
    while (l < last) {
      const lv = lvAt(l);
      const c = f64[lv + L.LV_C]!;
      const ch = i32[digits + l]!;
      const st = i32[states + l]!;
      const j = f64[jumps + l]!;
      const rf = f64[rfs + l]!;
      const rfN = rf + f64[(f64[lv + L.LV_A]! >> 3) + ch]! * j;
      const jN = j * f64[(f64[lv + L.LV_S]! >> 3) + ch]!;
      const at = st * c + ch;
      f64[rfs + l + 1] = rfN;
      f64[jumps + l + 1] = jN;
      f64[costs + l + 1] = f64[costs + l]! + f64[(f64[lv + L.LV_LC]! >> 3) + at]!;
      i32[states + l + 1] = i32[(f64[lv + L.LV_T]! >> 2) + at]!;
      const sMin = jN * f64[lv + L.LV_REST_SMIN]!;
      if (
        f64[(f64[lv + L.LV_G]! >> 3) + ch]! * j > rf ||
        rfN + jN * f64[lv + L.LV_REST_A]! > rfMax ||
        rfN + jN * f64[lv + L.LV_REST_M]! < rfMin ||
        sMin > jMax ||
        (target > 0 && (target % jN !== 0 || sMin > target || jN * f64[lv + L.LV_REST_SMAX]! < target))
      ) {
        pruned = true;
        break;
      }
      l++;
    }
    if (pruned) {
      let low = 0;
      for (let j = l + 1; j < P; j++) {
        low += i32[digits + j]! * f64[lvAt(j) + L.LV_SUB]!;
        i32[digits + j] = 0;
      }
      p = p - low + f64[lvAt(l) + L.LV_SUB]!;
    } else {
      const rf0 = f64[rfs + last]!;
      const j0 = f64[jumps + last]!;
      const cost0 = f64[costs + last]!;
      const row = i32[states + last]! * cLast;
      const need = target > 0 ? target / j0 : 0;
      let ch = i32[digits + last]!;
      while (ch < cLast && p < end) {
        const s = f64[sLast + ch]!;
        const jN = j0 * s;
        const rfN = rf0 + f64[aLast + ch]! * j0;
        const sMin = jN * restSminLast;
        if (
          !(
            f64[gLast + ch]! * j0 > rf0 ||
            rfN + jN * restALast > rfMax ||
            rfN + jN * restMLast < rfMin ||
            sMin > jMax ||
            (target > 0 && (need % s !== 0 || sMin > target || jN * restSmaxLast < target))
          )
        ) {
          processLeaf(p, rfN, jN, cost0 + f64[lcLast + row + ch]!, i32[tLast + row + ch]!);
          stop = keyCount >= keyLimit;
        }
        ch++;
        p++;
        if (stop) break;
      }
      if (ch < cLast) {
        i32[digits + last] = ch;
        break;
      }
      i32[digits + last] = 0;
      l = last - 1;
    }
    if (l < 0) break;
    let d = i32[digits + l]! + 1;
    while (d === f64[lvAt(l) + L.LV_C]) {
      i32[digits + l] = 0;
      l--;
      if (l < 0) break;
      d = i32[digits + l]! + 1;
    }
    if (l < 0) break;
    i32[digits + l] = d;
    if (stop) break;
  }
  f64[c0 + L.CFG_HEAP_SIZE] = heapSize;
  f64[c0 + L.CFG_KEY_COUNT] = keyCount;
  return p;
}

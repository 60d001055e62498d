// The rfkit sweep kernel (DESIGN §4), compiled with `--runtime stub --enable simd`.
//
// It walks the layer *prefixes* of a search space depth-first; the last layers of every
// combination (the "suffix") are folded into tables the host precomputes once, so no single
// combination is ever visited. The host (packages/rfkit/src/search) owns the memory layout: it
// writes a config block and the tables into linear memory, calls `sweep` on a range of prefixes,
// and reads back the top heap and the key table. Only plain numbers live in memory — no managed
// objects, no allocation here.
//
// Per prefix ("leaf") with receptive field rf, jump J, cost c and cost state st, the suffix entries
// that make a feasible combination are exactly those of the stride block S = target/J (or every
// block with J·S ≤ jMax) whose local rf factor R lies in [(rfMin−rf)/J, (rfMax−rf)/J] — a contiguous
// range of groups of equal (S, R). The histogram and the Pareto front only depend on the leaf through
// (rf, J, st), plus the cheapest leaf of that key, so a leaf only bumps its key's record; the host
// expands the records into rf buckets. Only the top list needs single entries, and only when the
// leaf's cheapest feasible entry can still enter it: those entries are scanned two at a time with
// f64x2 compares against the current threshold.
//
// All numbers are exact: rf, jumps, costs and indices stay below 2^53 (normalizeSweep rejects spaces
// where they could not) and are carried as f64; leaf counters are i64.

// Bump when the layout below changes; the host refuses a kernel of another version.
const LAYOUT_VERSION: i32 = 1;

// ── Config block: f64 slots at the address passed to `sweep` (mirrored in src/search/layout.ts) ──
const CFG_P: i32 = 0; // number of prefix layers
const CFG_E: i32 = 1; // suffix entries per leaf
const CFG_RF_MIN: i32 = 2; // 1 when unconstrained
const CFG_RF_MAX: i32 = 3; // +Infinity when unconstrained
const CFG_STRIDE: i32 = 4; // required total stride, 0 when unconstrained
const CFG_JMAX: i32 = 5; // largest total stride meeting minOutput, +Infinity when unconstrained
const CFG_TOP: i32 = 6; // capacity of the top heap
const CFG_HEAP_SIZE: i32 = 7; // entries in the top heap (read and written)
const CFG_KEY_CAP: i32 = 8; // key table slots, a power of two
const CFG_KEY_COUNT: i32 = 9; // used key slots (read and written)
const CFG_KEY_LIMIT: i32 = 10; // `sweep` returns early once this many keys are used
const CFG_NB: i32 = 11; // stride blocks
const CFG_NG: i32 = 12; // (stride, R) groups
const CFG_LEVELS: i32 = 13; // → P level records
const CFG_BLOCK_S: i32 = 14; // → f64[NB] suffix stride of each block, ascending
const CFG_BLOCK_G0: i32 = 15; // → i32[NB] first group of each block
const CFG_BLOCK_G1: i32 = 16; // → i32[NB] end group of each block
const CFG_G_R: i32 = 17; // → f64[NG] R of each group, ascending within a block
const CFG_G_P0: i32 = 18; // → i32[NG] first entry position of each group
const CFG_G_P1: i32 = 19; // → i32[NG] end entry position of each group
const CFG_POS_E: i32 = 20; // → i32[E] suffix index at each position (ascending within a group)
const CFG_COST_G: i32 = 21; // → f64[states·E] suffix cost per leaf state, by position
const CFG_G_MIN: i32 = 22; // → f64[states·NG] cheapest suffix cost per leaf state and group
const CFG_HEAP: i32 = 23; // → f64[3·TOP] top heap of (cost, rf, index), worst first
const CFG_KEYS: i32 = 24; // → f64[KEY_FIELDS·KEY_CAP] key table
const CFG_SCRATCH: i32 = 25; // → 3·(P+1) f64 then 2·(P+1) i32 of DFS state

// ── Level record (one per prefix layer l): f64 fields ──
const LV_FIELDS: i32 = 10;
const LV_C: i32 = 0; // choices of layer l
const LV_A: i32 = 1; // → f64[C] d·(k−1) per choice
const LV_S: i32 = 2; // → f64[C] stride per choice
const LV_T: i32 = 3; // → i32[states·C] next cost state
const LV_LC: i32 = 4; // → f64[states·C] layer cost per (cost state, choice)
const LV_SUB: i32 = 5; // leaves below one choice of this layer
const LV_REST_A: i32 = 6; // Σ over later layers of the smallest d·(k−1)
const LV_REST_M: i32 = 7; // largest rf growth of the later layers per unit of jump
const LV_REST_SMIN: i32 = 8; // smallest stride product of the later layers
const LV_REST_SMAX: i32 = 9; // largest stride product of the later layers

// ── Key record: f64 fields ──
const KEY_FIELDS: i32 = 8;
const K_RF: i32 = 0; // 0 marks an empty slot (rf ≥ 1)
const K_J: i32 = 1;
const K_ST: i32 = 2;
const K_LEAVES: i32 = 3; // feasible leaves with this key
const K_MIN_COST: i32 = 4; // cheapest prefix cost among them
const K_MIN_LEAF: i32 = 5; // first leaf with that cost
const K_MIN_SUFFIX: i32 = 6; // cheapest feasible suffix cost
const K_FEASIBLE: i32 = 7; // 1 if some suffix entry is feasible

function f64at(base: usize, i: i32): f64 {
  return load<f64>(base + ((<usize>i) << 3));
}
function setf64(base: usize, i: i32, v: f64): void {
  store<f64>(base + ((<usize>i) << 3), v);
}
function i32at(base: usize, i: i32): i32 {
  return load<i32>(base + ((<usize>i) << 2));
}
function seti32(base: usize, i: i32, v: i32): void {
  store<i32>(base + ((<usize>i) << 2), v);
}
function ptr(base: usize, i: i32): usize {
  return <usize>f64at(base, i);
}

// The config, read once per `sweep` call into globals for the helpers.
let P: i32 = 0;
let E: i32 = 0;
let rfMin: f64 = 1;
let rfMax: f64 = Infinity;
let target: f64 = 0;
let jMax: f64 = Infinity;
let topK: i32 = 0;
let heapSize: i32 = 0;
let keyCap: i32 = 0;
let keyCount: i32 = 0;
let nb: i32 = 0;
let ng: i32 = 0;
let levels: usize = 0;
let blockS: usize = 0;
let blockG0: usize = 0;
let blockG1: usize = 0;
let gR: usize = 0;
let gP0: usize = 0;
let gP1: usize = 0;
let posE: usize = 0;
let costG: usize = 0;
let gMin: usize = 0;
let heap: usize = 0;
let keys: usize = 0;
// Outputs of blockSpan / groupSpan.
let spanB0: i32 = 0;
let spanB1: i32 = 0;
let spanG0: i32 = 0;
let spanG1: i32 = 0;

export function layoutVersion(): i32 {
  return LAYOUT_VERSION;
}

/** First byte the host may use. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** Blocks whose suffix stride can complete a leaf of jump J: [spanB0, spanB1). */
function blockSpan(J: f64): void {
  if (target > 0) {
    const need = target / J;
    let a: i32 = 0;
    let z: i32 = nb;
    while (a < z) {
      const mid = (a + z) >>> 1;
      if (f64at(blockS, mid) < need) a = mid + 1;
      else z = mid;
    }
    spanB0 = a;
    spanB1 = a < nb && f64at(blockS, a) === need ? a + 1 : a;
  } else {
    let b: i32 = 0;
    while (b < nb && J * f64at(blockS, b) <= jMax) b++;
    spanB0 = 0;
    spanB1 = b;
  }
}

/** Groups of block b whose rf = rfLeaf + J·R lies in [rfMin, rfMax]: [spanG0, spanG1). */
function groupSpan(b: i32, rf: f64, J: f64): void {
  let a = i32at(blockG0, b);
  let z = i32at(blockG1, b);
  const end = z;
  while (a < z) {
    const mid = (a + z) >>> 1;
    if (rf + J * f64at(gR, mid) < rfMin) a = mid + 1;
    else z = mid;
  }
  spanG0 = a;
  z = end;
  while (a < z) {
    const mid = (a + z) >>> 1;
    if (rf + J * f64at(gR, mid) <= rfMax) a = mid + 1;
    else z = mid;
  }
  spanG1 = a;
}

// ── Top heap: worst candidate at the root ──

/** Does heap entry i rank after (cost, rf, index)? Ranking: lower cost, larger rf, lower index. */
function ranksAfter(i: i32, cost: f64, rf: f64, index: f64): bool {
  const e = heap + <usize>i * 24;
  const c = load<f64>(e);
  if (c !== cost) return c > cost;
  const r = load<f64>(e, 8);
  if (r !== rf) return r < rf;
  return load<f64>(e, 16) > index;
}

function heapSet(i: i32, cost: f64, rf: f64, index: f64): void {
  const e = heap + <usize>i * 24;
  store<f64>(e, cost);
  store<f64>(e, rf, 8);
  store<f64>(e, index, 16);
}

function heapOffer(cost: f64, rf: f64, index: f64): void {
  if (heapSize < topK) {
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      // Move the parent down while the newcomer ranks after it.
      if (!ranksAfter(parent, cost, rf, index)) {
        const pe = heap + <usize>parent * 24;
        heapSet(i, load<f64>(pe), load<f64>(pe, 8), load<f64>(pe, 16));
        i = parent;
      } else break;
    }
    heapSet(i, cost, rf, index);
    return;
  }
  // Full: the newcomer replaces the root only if the root ranks after it.
  if (!ranksAfter(0, cost, rf, index)) return;
  let i: i32 = 0;
  while (true) {
    const l = 2 * i + 1;
    if (l >= heapSize) break;
    let w = l;
    const r = l + 1;
    if (r < heapSize) {
      const re = heap + <usize>r * 24;
      if (ranksAfter(l, load<f64>(re), load<f64>(re, 8), load<f64>(re, 16)) === false) w = r;
    }
    const we = heap + <usize>w * 24;
    const wc = load<f64>(we);
    const wr = load<f64>(we, 8);
    const wi = load<f64>(we, 16);
    // Stop when the newcomer ranks after the worse child.
    if (!ranksAfter(w, cost, rf, index)) break;
    heapSet(i, wc, wr, wi);
    i = w;
  }
  heapSet(i, cost, rf, index);
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
      if (heapSize === topK && cp + f64at(mins, g) > load<f64>(heap)) continue;
      const r = rf + J * f64at(gR, g);
      const p1 = i32at(gP1, g);
      let pos = i32at(gP0, g);
      if (heapSize === topK) {
        // Two entries per compare; the threshold only tightens, so a pair it rejects stays rejected.
        for (; pos + 2 <= p1; pos += 2) {
          const v = f64x2.add(v128.load(costs + ((<usize>pos) << 3)), vcp);
          if (v128.any_true(f64x2.le(v, f64x2.splat(load<f64>(heap))))) {
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

/** Records one leaf (a prefix whose suffix is folded into the tables). */
function processLeaf(leaf: i64, rf: f64, J: f64, cp: f64, st: i32): void {
  const mask = <u32>(keyCap - 1);
  let h = hashKey(rf, J, st) & mask;
  let k: usize = 0;
  while (true) {
    k = keys + <usize>h * (KEY_FIELDS << 3);
    const krf = f64at(k, K_RF);
    if (krf === 0) {
      // A new key: its feasible groups and cheapest suffix are the same for every later leaf.
      let feasible: f64 = 0;
      let minSuffix: f64 = Infinity;
      const mins = gMin + ((<usize>st * <usize>ng) << 3);
      blockSpan(J);
      for (let b = spanB0; b < spanB1; b++) {
        groupSpan(b, rf, J);
        for (let g = spanG0; g < spanG1; g++) {
          feasible = 1;
          minSuffix = min(minSuffix, f64at(mins, g));
        }
      }
      setf64(k, K_RF, rf);
      setf64(k, K_J, J);
      setf64(k, K_ST, <f64>st);
      setf64(k, K_LEAVES, 0);
      setf64(k, K_MIN_COST, Infinity);
      setf64(k, K_MIN_LEAF, 0);
      setf64(k, K_MIN_SUFFIX, minSuffix);
      setf64(k, K_FEASIBLE, feasible);
      keyCount++;
      break;
    }
    if (krf === rf && f64at(k, K_J) === J && f64at(k, K_ST) === <f64>st) break;
    h = (h + 1) & mask;
  }
  if (f64at(k, K_FEASIBLE) === 0) return;
  setf64(k, K_LEAVES, f64at(k, K_LEAVES) + 1);
  // Leaves arrive in index order, so the first of equal cost is the lowest index.
  if (cp < f64at(k, K_MIN_COST)) {
    setf64(k, K_MIN_COST, cp);
    setf64(k, K_MIN_LEAF, <f64>leaf);
  }
  if (topK > 0 && (heapSize < topK || cp + f64at(k, K_MIN_SUFFIX) <= load<f64>(heap))) {
    scanTop(leaf, rf, J, cp, st);
  }
}

/**
 * Sweeps the leaves [leafStart, leafEnd) (prefix indices, mixed radix over the prefix layers).
 * Returns the first leaf not yet swept: leafEnd or more when done, less when the key table
 * reached its limit (the host then drains it and calls again from there).
 */
export function sweep(cfg: usize, leafStart: f64, leafEnd: f64): f64 {
  P = <i32>f64at(cfg, CFG_P);
  E = <i32>f64at(cfg, CFG_E);
  rfMin = f64at(cfg, CFG_RF_MIN);
  rfMax = f64at(cfg, CFG_RF_MAX);
  target = f64at(cfg, CFG_STRIDE);
  jMax = f64at(cfg, CFG_JMAX);
  topK = <i32>f64at(cfg, CFG_TOP);
  heapSize = <i32>f64at(cfg, CFG_HEAP_SIZE);
  keyCap = <i32>f64at(cfg, CFG_KEY_CAP);
  keyCount = <i32>f64at(cfg, CFG_KEY_COUNT);
  const keyLimit = <i32>f64at(cfg, CFG_KEY_LIMIT);
  nb = <i32>f64at(cfg, CFG_NB);
  ng = <i32>f64at(cfg, CFG_NG);
  levels = ptr(cfg, CFG_LEVELS);
  blockS = ptr(cfg, CFG_BLOCK_S);
  blockG0 = ptr(cfg, CFG_BLOCK_G0);
  blockG1 = ptr(cfg, CFG_BLOCK_G1);
  gR = ptr(cfg, CFG_G_R);
  gP0 = ptr(cfg, CFG_G_P0);
  gP1 = ptr(cfg, CFG_G_P1);
  posE = ptr(cfg, CFG_POS_E);
  costG = ptr(cfg, CFG_COST_G);
  gMin = ptr(cfg, CFG_G_MIN);
  heap = ptr(cfg, CFG_HEAP);
  keys = ptr(cfg, CFG_KEYS);
  const scratch = ptr(cfg, CFG_SCRATCH);

  let p = <i64>leafStart;
  const end = <i64>leafEnd;

  if (P === 0) {
    // The whole space is one leaf.
    if (p < end) {
      processLeaf(0, 1, 1, 0, 0);
      p = 1;
    }
    setf64(cfg, CFG_HEAP_SIZE, <f64>heapSize);
    setf64(cfg, CFG_KEY_COUNT, <f64>keyCount);
    return <f64>p;
  }

  // State before layer l at index l (the input at 0, the leaf at P).
  const n1 = <usize>(P + 1);
  const rfs = scratch;
  const jumps = rfs + (n1 << 3);
  const costs = jumps + (n1 << 3);
  const digits = costs + (n1 << 3);
  const states = digits + (n1 << 2);
  setf64(rfs, 0, 1);
  setf64(jumps, 0, 1);
  setf64(costs, 0, 0);
  seti32(states, 0, 0);
  let rem = p;
  for (let l = 0; l < P; l++) {
    const sub = <i64>f64at(levels + <usize>l * (LV_FIELDS << 3), LV_SUB);
    const d = rem / sub;
    seti32(digits, l, <i32>d);
    rem -= d * sub;
  }

  const last = P - 1;
  const lvLast = levels + <usize>last * (LV_FIELDS << 3);
  const cLast = <i32>f64at(lvLast, LV_C);
  const aLast = ptr(lvLast, LV_A);
  const sLast = ptr(lvLast, LV_S);
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
      const lv = levels + <usize>l * (LV_FIELDS << 3);
      const c = <i32>f64at(lv, LV_C);
      const ch = i32at(digits, l);
      const st = i32at(states, l);
      const j = f64at(jumps, l);
      const rfN = f64at(rfs, l) + f64at(ptr(lv, LV_A), ch) * j;
      const jN = j * f64at(ptr(lv, LV_S), ch);
      const at = st * c + ch;
      setf64(rfs, l + 1, rfN);
      setf64(jumps, l + 1, jN);
      setf64(costs, l + 1, f64at(costs, l) + f64at(ptr(lv, LV_LC), at));
      seti32(states, l + 1, i32at(ptr(lv, LV_T), at));
      // Feasibility pruning only: every skipped combination is infeasible, so no result changes.
      const sMin = jN * f64at(lv, LV_REST_SMIN);
      if (
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
        low += <i64>i32at(digits, j) * <i64>f64at(levels + <usize>j * (LV_FIELDS << 3), LV_SUB);
        seti32(digits, j, 0);
      }
      p = p - low + <i64>f64at(levels + <usize>l * (LV_FIELDS << 3), LV_SUB);
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
    while (d === <i32>f64at(levels + <usize>l * (LV_FIELDS << 3), LV_C)) {
      seti32(digits, l, 0);
      l--;
      if (l < 0) break;
      d = i32at(digits, l) + 1;
    }
    if (l < 0) break;
    seti32(digits, l, d);
    if (stop) break;
  }
  setf64(cfg, CFG_HEAP_SIZE, <f64>heapSize);
  setf64(cfg, CFG_KEY_COUNT, <f64>keyCount);
  return <f64>p;
}

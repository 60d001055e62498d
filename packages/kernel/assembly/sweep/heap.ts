// The top list: a binary heap of (cost, rf, index) entries with the worst-ranked one at the root,
// so a newcomer is compared with the root only. Ranking: lower cost, then larger rf, then lower index.

import { CFG_HEAP, CFG_HEAP_SIZE, CFG_TOP, HEAP_COST, HEAP_FIELDS, HEAP_INDEX, HEAP_RF } from '../layout';
import { f64at, ptr, setf64 } from '../memory';

const ENTRY_BYTES: usize = HEAP_FIELDS << 3;
const COST_AT: usize = HEAP_COST << 3;
const RF_AT: usize = HEAP_RF << 3;
const INDEX_AT: usize = HEAP_INDEX << 3;

/** Capacity (the search's `top`). */
export let topK: i32 = 0;
/** Entries held. */
export let heapSize: i32 = 0;
let heap: usize = 0;

export function openHeap(cfg: usize): void {
  topK = <i32>f64at(cfg, CFG_TOP);
  heapSize = <i32>f64at(cfg, CFG_HEAP_SIZE);
  heap = ptr(cfg, CFG_HEAP);
}

export function closeHeap(cfg: usize): void {
  setf64(cfg, CFG_HEAP_SIZE, <f64>heapSize);
}

/** Whether the heap holds `top` entries (then only what beats the root gets in). */
export function heapFull(): bool {
  return heapSize === topK;
}

/** Cost of the worst entry held (the root). */
export function worstCost(): f64 {
  return load<f64>(heap, COST_AT);
}

/** Does heap entry i rank after (cost, rf, index)? */
function ranksAfter(i: i32, cost: f64, rf: f64, index: f64): bool {
  const e = heap + <usize>i * ENTRY_BYTES;
  const c = load<f64>(e, COST_AT);
  if (c !== cost) return c > cost;
  const r = load<f64>(e, RF_AT);
  if (r !== rf) return r < rf;
  return load<f64>(e, INDEX_AT) > index;
}

function heapSet(i: i32, cost: f64, rf: f64, index: f64): void {
  const e = heap + <usize>i * ENTRY_BYTES;
  store<f64>(e, cost, COST_AT);
  store<f64>(e, rf, RF_AT);
  store<f64>(e, index, INDEX_AT);
}

/** Offers one feasible combination to the top list. */
export function heapOffer(cost: f64, rf: f64, index: f64): void {
  if (heapSize < topK) {
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      // Move the parent down while the newcomer ranks after it.
      if (!ranksAfter(parent, cost, rf, index)) {
        const pe = heap + <usize>parent * ENTRY_BYTES;
        heapSet(i, load<f64>(pe, COST_AT), load<f64>(pe, RF_AT), load<f64>(pe, INDEX_AT));
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
      const re = heap + <usize>r * ENTRY_BYTES;
      if (ranksAfter(l, load<f64>(re, COST_AT), load<f64>(re, RF_AT), load<f64>(re, INDEX_AT)) === false)
        w = r;
    }
    const we = heap + <usize>w * ENTRY_BYTES;
    const wc = load<f64>(we, COST_AT);
    const wr = load<f64>(we, RF_AT);
    const wi = load<f64>(we, INDEX_AT);
    // Stop when the newcomer ranks after the worse child.
    if (!ranksAfter(w, cost, rf, index)) break;
    heapSet(i, wc, wr, wi);
    i = w;
  }
  heapSet(i, cost, rf, index);
}

// The entries one state keeps: a bounded max-heap of (cost, key) at slots base…base+K−1, the
// worst entry (highest cost, then highest key) at the root, so a newcomer is compared with the
// root only; and the in-place heap sort that leaves them ascending once the layer is done.

/** Does (c1, k1) rank after (c2, k2)? Lower cost first, then lower key. */
function after(c1: f64, k1: f64, c2: f64, k2: f64): bool {
  return c1 > c2 || (c1 === c2 && k1 > k2);
}

function siftDown(costs: usize, keys: usize, base: usize, n: i32, from: i32, cost: f64, key: f64): void {
  let i = from;
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let w = l;
    let wc = load<f64>(costs + ((base + <usize>l) << 3));
    let wk = load<f64>(keys + ((base + <usize>l) << 3));
    const r = l + 1;
    if (r < n) {
      const rc = load<f64>(costs + ((base + <usize>r) << 3));
      const rk = load<f64>(keys + ((base + <usize>r) << 3));
      if (after(rc, rk, wc, wk)) {
        w = r;
        wc = rc;
        wk = rk;
      }
    }
    if (!after(wc, wk, cost, key)) break;
    store<f64>(costs + ((base + <usize>i) << 3), wc);
    store<f64>(keys + ((base + <usize>i) << 3), wk);
    i = w;
  }
  store<f64>(costs + ((base + <usize>i) << 3), cost);
  store<f64>(keys + ((base + <usize>i) << 3), key);
}

/**
 * Offers (cost, key) to the heap of `n` entries at `base` (capacity K). Returns the new size, or
 * −1 when the heap is full and its worst entry ranks before the newcomer (it is not kept).
 */
export function offer(costs: usize, keys: usize, base: usize, n: i32, K: i32, cost: f64, key: f64): i32 {
  if (n < K) {
    let i = n;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pc = load<f64>(costs + ((base + <usize>p) << 3));
      const pk = load<f64>(keys + ((base + <usize>p) << 3));
      if (after(cost, key, pc, pk)) {
        store<f64>(costs + ((base + <usize>i) << 3), pc);
        store<f64>(keys + ((base + <usize>i) << 3), pk);
        i = p;
      } else break;
    }
    store<f64>(costs + ((base + <usize>i) << 3), cost);
    store<f64>(keys + ((base + <usize>i) << 3), key);
    return n + 1;
  }
  const rc = load<f64>(costs + (base << 3));
  const rk = load<f64>(keys + (base << 3));
  if (!after(rc, rk, cost, key)) return -1;
  siftDown(costs, keys, base, n, 0, cost, key);
  return n;
}

/** Sorts the heap of `n` entries at `base` ascending (lower cost, then lower key first). */
export function sortHeap(costs: usize, keys: usize, base: usize, n: i32): void {
  for (let end = n - 1; end > 0; end--) {
    const ec = load<f64>(costs + ((base + <usize>end) << 3));
    const ek = load<f64>(keys + ((base + <usize>end) << 3));
    store<f64>(costs + ((base + <usize>end) << 3), load<f64>(costs + (base << 3)));
    store<f64>(keys + ((base + <usize>end) << 3), load<f64>(keys + (base << 3)));
    siftDown(costs, keys, base, end, 0, ec, ek);
  }
}

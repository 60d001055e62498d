// Ranks of the kept prefixes of a layer in lexicographic order, for spaces whose indices would not
// be exact as f64. A new entry's key is (parent's rank)·C + choice, and lexicographic order of the
// prefixes is the order of the keys, so a two-pass counting sort (by choice, then stably by the
// parent's rank) puts every kept entry in rank order in linear time. The keys are replaced by the
// ranks, and the keys themselves become the layer's backpointers (per rank), from which the host
// rebuilds the indices of the few entries it reports.

/**
 * Ranks the entries of `states` states (state d's at d·K, `sizes[d]` of them) whose keys are
 * (parent rank)·C + choice, parent ranks below `parents`. Writes the keys in rank order to `back`
 * and replaces each key by its rank; returns the number of entries.
 */
export function rankEntries(
  keys: usize,
  sizes: usize,
  states: i32,
  K: i32,
  C: i32,
  parents: i32,
  order: usize,
  tmp: usize,
  bucket: usize,
  back: usize,
): i32 {
  const c64 = <i64>C;
  // Pass 1: by choice, into tmp.
  memory.fill(bucket, 0, (<usize>(C + 1)) << 2);
  let m: i32 = 0;
  for (let d = 0; d < states; d++) {
    const n = load<i32>(sizes + ((<usize>d) << 2));
    const base = d * K;
    for (let i = 0; i < n; i++) {
      const key = <i64>load<f64>(keys + ((<usize>(base + i)) << 3));
      const at = bucket + ((<usize>(<i32>(key % c64) + 1)) << 2);
      store<i32>(at, load<i32>(at) + 1);
      m++;
    }
  }
  for (let c = 0; c < C; c++) {
    const at = bucket + ((<usize>(c + 1)) << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  for (let d = 0; d < states; d++) {
    const n = load<i32>(sizes + ((<usize>d) << 2));
    const base = d * K;
    for (let i = 0; i < n; i++) {
      const key = <i64>load<f64>(keys + ((<usize>(base + i)) << 3));
      const at = bucket + ((<usize>(<i32>(key % c64))) << 2);
      const pos = load<i32>(at);
      store<i32>(at, pos + 1);
      store<i32>(tmp + ((<usize>pos) << 2), base + i);
    }
  }
  // Pass 2: stably by parent rank, into order.
  memory.fill(bucket, 0, (<usize>(parents + 1)) << 2);
  for (let j = 0; j < m; j++) {
    const slot = load<i32>(tmp + ((<usize>j) << 2));
    const key = <i64>load<f64>(keys + ((<usize>slot) << 3));
    const at = bucket + ((<usize>(<i32>(key / c64) + 1)) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  for (let p = 0; p < parents; p++) {
    const at = bucket + ((<usize>(p + 1)) << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  for (let j = 0; j < m; j++) {
    const slot = load<i32>(tmp + ((<usize>j) << 2));
    const key = <i64>load<f64>(keys + ((<usize>slot) << 3));
    const at = bucket + ((<usize>(<i32>(key / c64))) << 2);
    const pos = load<i32>(at);
    store<i32>(at, pos + 1);
    store<i32>(order + ((<usize>pos) << 2), slot);
  }
  for (let r = 0; r < m; r++) {
    const slot = load<i32>(order + ((<usize>r) << 2));
    const at = keys + ((<usize>slot) << 3);
    store<f64>(back + ((<usize>r) << 3), load<f64>(at));
    store<f64>(at, <f64>r);
  }
  return m;
}

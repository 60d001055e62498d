// The rfkit kernel, compiled with `--runtime stub --enable simd` to build/release.wasm. One
// exported function per job:
// - `sweep` (sweep/): enumerates a search space's combinations, prefix by prefix, into a top list
//   and per-key records the host turns into a search result;
// - `heapBase`: where the host may start laying out its tables;
// - `layoutVersion` and every constant of layout.ts (as WebAssembly globals): what the host checks
//   before it uses a kernel.
//
// The host (packages/rfkit/src/search) owns the memory: it writes a config block and the tables
// into linear memory (layout.ts says where each value lives), calls a job on them, and reads the
// results back. Only plain numbers live in memory — no managed objects, no allocation here.
//
// All numbers are exact: rf, jumps, costs and indices stay below 2^53 (the host rejects spaces
// where they could not) and are carried as f64; leaf counters are i64.

import { LAYOUT_VERSION } from './layout';

export * from './layout';
export { sweep } from './sweep/walk';

export function layoutVersion(): i32 {
  return LAYOUT_VERSION;
}

/** First byte the host may use. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

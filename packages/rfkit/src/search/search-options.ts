// The options of search() and searchSync(). Apart from types.ts so that file stays short; the
// public surface exports them with the other types.

import type { Backend, EngineChoice, SweepResult } from '../types.js';

export interface SearchOptions {
  /**
   * Default `auto`: the DP engine where it applies (a whole space, no `range`, `shard` or partial
   * `resume`) and is expected to be faster, or where the space is too large for the sweep; the sweep
   * otherwise. `dp` and `sweep` force one (`dp` with a range or shard is an `invalid-argument` error).
   */
  engine?: EngineChoice;
  /** Default `wasm`; falls back to `js` where WebAssembly is unavailable. */
  backend?: Backend;
  /** Worker threads (Node only). Default 1. */
  threads?: number;
  /**
   * The worker threads' entry file, for apps bundled into files of their own (which do not carry
   * rfkit's): a URL, or a path, of the installed `rfkit/worker`, e.g.
   * `import.meta.resolve('rfkit/worker')`. Default: rfkit's own dist/worker.js (or .cjs). Where
   * that does not load, the search runs on the calling thread with a `threads-unavailable` warning.
   */
  workerUrl?: string | { readonly href: string };
  /**
   * Only the combinations with indices in `[start, end)` (BigInts, 0 ≤ start ≤ end ≤ total).
   * Default: the whole space. With `shard`, the shard is taken of this range.
   */
  range?: { start: bigint; end: bigint };
  /** Shard `{ index, count }` (0-based) of the range (see `shardRange`). Default: all of it. */
  shard?: { index: number; count: number };
  /**
   * Continue from a partial (aborted) result of the same space, range and shard. It is checked
   * first (its fields, their relations, its candidates against the space). Default: none.
   */
  resume?: SweepResult;
  /**
   * Aborts between chunks (the DP: between layers); the result is then marked incomplete. An
   * aborted DP run has covered no combination yet: `nextIndex` is the range's start. Default: none.
   */
  signal?: AbortSignal;
  /**
   * Called between chunks with combinations done and total (of this run's range). The DP reports
   * after each layer l of D the share floor(l·total/D), reaching total when it finishes. Default: none.
   */
  onProgress?: (done: bigint, total: bigint) => void;
}

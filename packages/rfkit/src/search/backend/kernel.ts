// The interface of the interchangeable kernel backends (the sweep and the DP): the WebAssembly kernel (wasm.ts) and its
// TypeScript twin (js.ts). Both work on a flat memory laid out as @rfkit/kernel/layout says.

import type { Backend } from '../../types.js';

export interface Kernel {
  readonly backend: Backend;
  /** Makes room for `bytes` bytes and returns the byte offset where they start. */
  prepare(bytes: number): number;
  /** The memory, valid until the next `prepare`. */
  buffer(): ArrayBuffer;
  /** Sweeps leaves [leafStart, leafEnd) of the config at byte `cfg`; returns the first leaf not swept. */
  sweep(cfg: number, leafStart: number, leafEnd: number): number;
  /** One layer of the DP of the config at byte `cfg`: the new layer's states, or −1 when they do not fit. */
  dp(cfg: number): number;
}

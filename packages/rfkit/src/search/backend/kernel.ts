// The interface of the interchangeable sweep backends: the WebAssembly kernel (wasm.ts) and its
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
}

// Compiling the WebAssembly kernel, once per process (or page), shared by concurrent callers.

import { RfError } from '../errors.js';
import wasmBytes from './kernel-bytes.js';

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled kernel; rejects with `wasm-unavailable` where WebAssembly (with SIMD) is missing. */
export function kernelModule(): Promise<WebAssembly.Module> {
  if (compiled === undefined) {
    if (typeof WebAssembly === 'undefined' || typeof WebAssembly.compile !== 'function') {
      return Promise.reject(new RfError('wasm-unavailable', 'WebAssembly is not available in this environment'));
    }
    compiled = WebAssembly.compile(wasmBytes as Uint8Array<ArrayBuffer>).catch((e: unknown) => {
      // Forget the failure so a later call may retry (e.g. after a polyfill loads).
      compiled = undefined;
      throw new RfError(
        'wasm-unavailable',
        `the sweep kernel did not compile (WebAssembly with SIMD is required): ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  }
  return compiled;
}

/**
 * Compiles the WebAssembly sweep kernel. Call once before searching (search() calls it itself);
 * later and concurrent calls share the same compilation. Rejects with RfError `wasm-unavailable`
 * where WebAssembly is missing — search() then falls back to the `js` backend.
 */
export async function init(): Promise<void> {
  await kernelModule();
}

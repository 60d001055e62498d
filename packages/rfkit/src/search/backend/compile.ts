// Compiling the WebAssembly kernel, once per process (or page), shared by concurrent callers.

import { RfError } from '../../errors.js';
import wasmBytes from './kernel-bytes.js';
import { type WasmModule, wasmApi } from './wasm-api.js';

let compiled: Promise<WasmModule> | undefined;
/** The compiled kernel once `compiled` has resolved: what searchSync runs on. */
let ready: WasmModule | undefined;

/** The compiled kernel if init() (or a search) has finished compiling it, else undefined. */
export function kernelModuleSync(): WasmModule | undefined {
  return ready;
}

/** The compiled kernel; rejects with `wasm-unavailable` where WebAssembly (with SIMD) is missing. */
export function kernelModule(): Promise<WasmModule> {
  if (compiled === undefined) {
    const api = wasmApi();
    if (api === undefined) {
      return Promise.reject(
        new RfError('wasm-unavailable', 'WebAssembly is not available in this environment'),
      );
    }
    compiled = api.compile(wasmBytes).then(
      (module) => {
        ready = module;
        return module;
      },
      (e: unknown) => {
        // Forget the failure so a later call may retry (e.g. after a polyfill loads).
        compiled = undefined;
        throw new RfError(
          'wasm-unavailable',
          `the sweep kernel did not compile (WebAssembly with SIMD is required): ${e instanceof Error ? e.message : String(e)}`,
        );
      },
    );
  }
  return compiled!;
}

/**
 * Compiles the WebAssembly sweep kernel. Call once before searching (search() calls it itself);
 * later and concurrent calls share the same compilation. Rejects with RfError `wasm-unavailable`
 * where WebAssembly is missing — search() then falls back to the `js` backend.
 */
export async function init(): Promise<void> {
  await kernelModule();
}

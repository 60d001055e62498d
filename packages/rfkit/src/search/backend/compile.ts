// The compiled WebAssembly kernel, one per process (or page), shared by concurrent callers:
// compiled from the inlined bytes on first use, or from what init({ wasm }) was given.

import { invalidArgument, type RfError, wasmUnavailable } from '../../errors.js';
import type { InitOptions, KernelSource } from './init-options.js';
import defaultKernel from './kernel-bytes.js';
import { compileSource } from './source.js';
import { wasmKernel } from './wasm.js';
import type { WasmModule } from './wasm-api.js';

/** The latest compilation asked for (until it fails). */
let pending: Promise<WasmModule> | undefined;
/** The kernel searches run on once a compilation has succeeded: what searchSync needs. */
let ready: WasmModule | undefined;
/** Why the latest compilation failed, while no kernel is ready. */
let failure: RfError<'wasm-unavailable'> | undefined;

/** The compiled kernel if init() (or a search) has finished compiling one, else undefined. */
export function kernelModuleSync(): WasmModule | undefined {
  return ready;
}

/** Why the kernel is not ready, if its latest compilation failed (and none succeeded before). */
export function kernelFailure(): RfError<'wasm-unavailable'> | undefined {
  return ready === undefined ? failure : undefined;
}

function load(source: KernelSource): Promise<WasmModule> {
  const attempt: Promise<WasmModule> = compileSource(source).then(
    async (module) => {
      // Instantiating once checks that the module is this version's kernel (its memory layout).
      await wasmKernel(module);
      if (pending === attempt || ready === undefined) ready = module;
      failure = undefined;
      return module;
    },
    (e: unknown) => {
      // Forget the failure so a later call may retry (e.g. after a polyfill loads).
      if (pending === attempt) pending = undefined;
      if (isUnavailable(e)) failure = e;
      throw e;
    },
  );
  pending = attempt;
  return attempt;
}

function isUnavailable(e: unknown): e is RfError<'wasm-unavailable'> {
  return (e as { code?: unknown } | null)?.code === 'wasm-unavailable';
}

/** The compiled kernel; rejects with RfError `wasm-unavailable` (with its reason) where it cannot run. */
export function kernelModule(): Promise<WasmModule> {
  if (pending !== undefined) return pending;
  if (ready !== undefined) return Promise.resolve(ready);
  return load(defaultKernel());
}

/**
 * Compiles the WebAssembly sweep kernel, once: later and concurrent calls share the compilation
 * (search() calls it itself). Call it before searchSync().
 *
 * Options (all optional):
 * - `wasm`: the kernel to use — a compiled `WebAssembly.Module` (for hosts that forbid compiling
 *   code: Cloudflare Workers, pages whose Content-Security-Policy lacks 'wasm-unsafe-eval'), its
 *   bytes (`ArrayBuffer` or a typed array), a URL to fetch (e.g. of `rfkit/rfkit.wasm`) or a
 *   fetch() `Response` (or a Promise of one). It replaces the kernel of earlier calls once it has
 *   compiled. Default: the kernel inlined in rfkit (in the `workerd` build, the imported rfkit.wasm).
 *
 * Rejects with RfError `wasm-unavailable` whose `details.reason` says why: `no-webassembly`,
 * `forbidden` (the host refuses to compile WebAssembly), `no-simd`, `fetch-failed`,
 * `invalid-kernel` or `layout-mismatch` (the module is not this version's kernel). search() then
 * falls back to the `js` backend; searchSync() with backend `wasm` reports the same reason.
 */
export async function init(options: InitOptions = {}): Promise<void> {
  if (typeof options !== 'object' || options === null) invalidArgument('options', 'expected an object');
  for (const key of Object.keys(options)) {
    if (key !== 'wasm') invalidArgument(`options.${key}`, 'unknown option (expected wasm)');
  }
  if (options.wasm === undefined) await kernelModule();
  else await load(options.wasm);
}

/** Throws searchSync's error for the wasm backend without a compiled kernel: why the last compilation failed, or that none was asked for. */
export function notReady(): never {
  const failed = kernelFailure();
  if (failed !== undefined) {
    throw wasmUnavailable(
      failed.details.reason,
      `searchSync cannot run the wasm backend: ${failed.message} (or use backend 'js')`,
    );
  }
  return invalidArgument(
    'backend',
    "the wasm kernel is not compiled yet: `await init()` once before searchSync (or use backend 'js')",
  );
}

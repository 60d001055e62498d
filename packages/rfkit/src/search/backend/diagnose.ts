// Why the kernel did not compile. Engines word their errors in their own ways, so instead of
// reading the message this tries two tiny modules: one without SIMD (if even that fails, the host
// forbids compiling WebAssembly — a Content-Security-Policy, a Cloudflare Worker), then one that
// uses SIMD (if the engine rejects it, it lacks SIMD). Only then is the kernel itself to blame.

import { type RfError, wasmUnavailable } from '../../errors.js';
import type { wasmApi } from './wasm-api.js';

type Api = NonNullable<ReturnType<typeof wasmApi>>;

/** The smallest valid module: the magic number and version. */
const PLAIN = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module with one function that pushes a v128 constant and drops it. */
const SIMD = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // type section: one type, () -> ()
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
  // function section: one function of type 0
  0x03, 0x02, 0x01, 0x00,
  // code section: one body of 21 bytes, no locals: v128.const 0 (16 bytes), drop, end
  0x0a, 0x17, 0x01, 0x15, 0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1a, 0x0b,
];

function text(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The RfError `wasm-unavailable` for a failed compilation of the kernel, with its true reason. */
export async function compileFailure(api: Api, error: unknown): Promise<RfError<'wasm-unavailable'>> {
  try {
    await api.compile(new Uint8Array(PLAIN));
  } catch {
    return wasmUnavailable(
      'forbidden',
      `this environment forbids compiling WebAssembly (${text(error)}): a page needs 'wasm-unsafe-eval' in its Content-Security-Policy script-src, or pass a compiled module, init({ wasm: module })`,
    );
  }
  let simd = false;
  try {
    simd = api.validate(new Uint8Array(SIMD));
  } catch {
    // validate missing or throwing: no verdict on SIMD.
    simd = true;
  }
  if (!simd) {
    return wasmUnavailable(
      'no-simd',
      'this WebAssembly engine lacks SIMD, which the sweep kernel needs (Chrome 91, Firefox 89, Safari 16.4, Node 16.4 and later have it)',
    );
  }
  return wasmUnavailable('invalid-kernel', `the sweep kernel did not compile: ${text(error)}`);
}

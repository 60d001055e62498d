// The two interchangeable sweep backends behind one interface: the WebAssembly kernel and its
// TypeScript twin. Both read and write the layout of layout.ts in a flat memory.

import { RfError } from '../errors.js';
import type { Backend } from '../types.js';
import { sweepJs } from './kernel-js.js';
import { LAYOUT_VERSION } from './layout.js';
import { type WasmMemory, type WasmModule, wasmApi } from './wasm-api.js';

export interface Kernel {
  readonly backend: Backend;
  /** Makes room for `bytes` bytes and returns the byte offset where they start. */
  prepare(bytes: number): number;
  /** The memory, valid until the next `prepare`. */
  buffer(): ArrayBuffer;
  /** Sweeps leaves [leafStart, leafEnd); returns the first leaf not swept. */
  sweep(cfg: number, leafStart: number, leafEnd: number): number;
}

export function jsKernel(): Kernel {
  let memory = new ArrayBuffer(0);
  return {
    backend: 'js',
    prepare(bytes) {
      memory = new ArrayBuffer(bytes);
      return 0;
    },
    buffer: () => memory,
    sweep: (cfg, leafStart, leafEnd) => sweepJs(memory, cfg, leafStart, leafEnd),
  };
}

interface KernelExports {
  memory: WasmMemory;
  layoutVersion(): number;
  heapBase(): number;
  sweep(cfg: number, leafStart: number, leafEnd: number): number;
}

const PAGE = 65536;

/** A fresh instance (own memory) of the compiled kernel. */
export async function wasmKernel(module: WasmModule): Promise<Kernel> {
  const api = wasmApi();
  if (api === undefined)
    throw new RfError('wasm-unavailable', 'WebAssembly is not available in this environment');
  return kernelOf((await api.instantiate(module, {})).exports as unknown as KernelExports);
}

/** wasmKernel without a Promise (searchSync). The kernel is a few KB, under every host's limit for sync instantiation. */
export function wasmKernelSync(module: WasmModule): Kernel {
  const api = wasmApi();
  if (api === undefined)
    throw new RfError('wasm-unavailable', 'WebAssembly is not available in this environment');
  return kernelOf(new api.Instance(module, {}).exports as unknown as KernelExports);
}

function kernelOf(exports: KernelExports): Kernel {
  if (exports.layoutVersion() !== LAYOUT_VERSION) {
    throw new RfError(
      'wasm-unavailable',
      `the sweep kernel has layout version ${exports.layoutVersion()}, this rfkit expects ${LAYOUT_VERSION}; rebuild @rfkit/kernel`,
    );
  }
  const base = exports.heapBase();
  return {
    backend: 'wasm',
    prepare(bytes) {
      const need = Math.ceil((base + bytes) / PAGE);
      const have = exports.memory.buffer.byteLength / PAGE;
      if (need > have) {
        try {
          exports.memory.grow(need - have);
        } catch {
          throw new RfError(
            'space-too-large',
            `the search tables need ${Math.ceil(bytes / 2 ** 20)} MiB of WebAssembly memory, which could not be allocated; use fewer choices, a smaller top, or backend 'js'`,
          );
        }
      }
      return base;
    },
    buffer: () => exports.memory.buffer,
    sweep: (cfg, leafStart, leafEnd) => exports.sweep(cfg, leafStart, leafEnd),
  };
}

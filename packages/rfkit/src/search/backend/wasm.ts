// The WebAssembly sweep kernel behind the Kernel interface. Before a kernel is used, every layout
// constant it was built with (it exports them as globals) is compared with the host's copy of
// @rfkit/kernel/layout, so a kernel built from another layout is refused, naming the slot.

import * as LAYOUT from '@rfkit/kernel/layout';
import { RfError, wasmUnavailable } from '../../errors.js';
import type { Kernel } from './kernel.js';
import { type WasmMemory, type WasmModule, wasmApi } from './wasm-api.js';

interface KernelExports {
  memory: WasmMemory;
  layoutVersion(): number;
  heapBase(): number;
  sweep(cfg: number, leafStart: number, leafEnd: number): number;
  dp(cfg: number): number;
  [name: string]: unknown;
}

const PAGE = 65536;

/**
 * The layout constants on which a kernel's exports disagree with the host's layout (empty when
 * they all agree): `NAME: kernel K, host H`, or `NAME: missing in the kernel`.
 */
export function layoutMismatches(
  exports: Record<string, unknown>,
  layout: Record<string, number> = LAYOUT,
): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(layout)) {
    const g = exports[name] as { value?: unknown } | undefined;
    if (g === undefined || typeof g.value !== 'number') out.push(`${name}: missing in the kernel`);
    else if (g.value !== value) out.push(`${name}: kernel ${g.value}, host ${value}`);
  }
  return out;
}

/** A fresh instance (own memory) of the compiled kernel. */
export async function wasmKernel(module: WasmModule): Promise<Kernel> {
  const api = wasmApi();
  if (api === undefined)
    throw wasmUnavailable('no-webassembly', 'WebAssembly is not available in this environment');
  return kernelOf((await api.instantiate(module, {})).exports as KernelExports);
}

/** wasmKernel without a Promise (searchSync). The kernel is a few KB, under every host's limit for sync instantiation. */
export function wasmKernelSync(module: WasmModule): Kernel {
  const api = wasmApi();
  if (api === undefined)
    throw wasmUnavailable('no-webassembly', 'WebAssembly is not available in this environment');
  return kernelOf(new api.Instance(module, {}).exports as KernelExports);
}

function kernelOf(exports: KernelExports): Kernel {
  const mismatches = layoutMismatches(exports);
  if (mismatches.length > 0) {
    throw wasmUnavailable(
      'layout-mismatch',
      `the sweep kernel was built from another memory layout (${mismatches.slice(0, 3).join('; ')}${mismatches.length > 3 ? '; …' : ''}): it is not this version's kernel (rebuild @rfkit/kernel, or pass this version's rfkit.wasm)`,
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
            undefined,
            { limit: 'memory', bytes },
          );
        }
      }
      return base;
    },
    buffer: () => exports.memory.buffer,
    sweep: (cfg, leafStart, leafEnd) => exports.sweep(cfg, leafStart, leafEnd),
    dp: (cfg) => exports.dp(cfg),
  };
}

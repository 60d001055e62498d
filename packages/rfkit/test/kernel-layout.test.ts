// The kernel and the host share one layout file (@rfkit/kernel/layout); the kernel exports every
// constant it was built with, and the host refuses a kernel whose constants differ from its own.
import * as LAYOUT from '@rfkit/kernel/layout';
import { describe, expect, it } from 'vitest';
import { isRfError } from '../src/errors.js';
import { kernelModule } from '../src/search/backend/compile.js';
import { layoutMismatches, wasmKernel } from '../src/search/backend/wasm.js';
import { wasmApi } from '../src/search/backend/wasm-api.js';

const api = wasmApi()!;

async function kernelExports(): Promise<Record<string, unknown>> {
  return new api.Instance(await kernelModule(), {}).exports;
}

describe('the kernel memory layout', () => {
  it('the built kernel agrees with the host on every slot', async () => {
    const exports = await kernelExports();
    expect(layoutMismatches(exports)).toEqual([]);
    for (const [name, value] of Object.entries(LAYOUT)) {
      expect((exports[name] as { value: number }).value, name).toBe(value);
    }
    expect((exports.layoutVersion as () => number)()).toBe(LAYOUT.LAYOUT_VERSION);
  });

  it('a slot renumbered on one side is named', async () => {
    const exports = await kernelExports();
    expect(layoutMismatches(exports, { ...LAYOUT, CFG_E: LAYOUT.CFG_E + 1 })).toEqual([
      `CFG_E: kernel ${LAYOUT.CFG_E}, host ${LAYOUT.CFG_E + 1}`,
    ]);
    const { KEY_MIN_LEAF: _, ...fewer } = exports;
    expect(layoutMismatches(fewer)).toEqual(['KEY_MIN_LEAF: missing in the kernel']);
  });

  it('a kernel built from another layout is refused before it runs', async () => {
    // A valid module that exports nothing: every slot is missing.
    const empty = await api.compile(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const error = await wasmKernel(empty).catch((e: unknown) => e);
    expect(isRfError(error, 'wasm-unavailable')).toBe(true);
    expect((error as Error).message).toMatch(/another memory layout \(\w+: missing in the kernel/);
  });

  it('each record numbers its slots 0…FIELDS−1, each once', () => {
    const records: [prefix: string, fields: number][] = [
      ['CFG_', LAYOUT.CFG_FIELDS],
      ['LV_', LAYOUT.LV_FIELDS],
      ['KEY_', LAYOUT.KEY_FIELDS],
      ['HEAP_', LAYOUT.HEAP_FIELDS],
    ];
    for (const [prefix, fields] of records) {
      const slots = Object.entries(LAYOUT)
        .filter(([name]) => name.startsWith(prefix) && name !== `${prefix}FIELDS`)
        .map(([, value]) => value)
        .sort((a, b) => a - b);
      expect(slots, prefix).toEqual(Array.from({ length: fields }, (_, i) => i));
    }
  });
});

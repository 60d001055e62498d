// Where an engine's tables go in a kernel's memory: named regions one after another, each at a
// 16-byte boundary, from where the kernel lets the host start (it grows its memory to fit them).

import type { Kernel } from '../backend/kernel.js';

function align(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** The byte offset of each named region (names must be unique), after the kernel has made room for all. */
export function placeRegions(
  kernel: Kernel,
  sizes: readonly (readonly [string, number])[],
): Record<string, number> {
  const at: Record<string, number> = {};
  let total = 0;
  for (const [name, bytes] of sizes) {
    if (name in at) throw new Error(`kernel layout: region ${name} twice`);
    at[name] = total;
    total = align(total + bytes);
  }
  const base = kernel.prepare(total);
  for (const name of Object.keys(at)) at[name]! += base;
  return at;
}

// The fingerprint results carry (`spaceId`), recomputed from its definition: 64-bit FNV-1a over
// the UTF-16 code units of a canonical JSON array of the space, as 16 hex digits, then `-top<k>`.
// Fields that cannot change a result are left out (channels under kernel-area; inputSize unless
// flops or minOutput use it). Saved checkpoints and shard files depend on it: this independent copy
// makes a change to the format fail rfkit's tests instead of silently orphaning them.

import type { NormalizedSweep } from './types.js';

export function spaceIdOf(space: NormalizedSweep): string {
  const usesChannels = space.objective !== 'kernel-area';
  const usesInput = space.objective === 'flops' || space.minOutput !== null;
  const canonical = JSON.stringify([
    'rfkit-sweep-v2',
    space.depth,
    space.layers.map((l) => [l.kernel, l.stride, l.dilation]),
    space.rfMin,
    space.rfMax,
    space.stride,
    usesInput ? space.inputSize : null,
    space.minOutput,
    space.holes,
    space.objective,
    usesChannels ? [space.channels.in, space.channels.base, space.channels.growth, space.channels.max] : null,
  ]);
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < canonical.length; i++) {
    h = ((h ^ BigInt(canonical.charCodeAt(i))) * 0x100000001b3n) % 2n ** 64n;
  }
  return `${h.toString(16).padStart(16, '0')}-top${space.top}`;
}

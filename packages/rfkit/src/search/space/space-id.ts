// The fingerprint of a search space: results carry it so that shards and checkpoints of different
// spaces are never merged or resumed into each other. It is part of saved result files: changing
// what goes into it makes old checkpoints unresumable — which is wanted when the numbering of
// combinations changes (v2: distinct choices per layer, and the holes rule).

import type { NormalizedSweep } from '../../types.js';

/** 64-bit FNV-1a over the UTF-16 code units of a string, as 16 hex digits. */
function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * A stable fingerprint of the search a NormalizedSweep describes: `<16 hex digits>-top<k>`.
 * Fields that cannot change any result are left out (channels under `kernel-area`, inputSize when
 * neither `flops` nor `minOutput` uses it), so equivalent specs share an id. `top` is part of the
 * id — shards merge only with the same space and top — and is kept readable so a merge can
 * recover it from results alone.
 */
export function spaceId(sweep: NormalizedSweep): string {
  const usesChannels = sweep.objective !== 'kernel-area';
  const usesInput = sweep.objective === 'flops' || sweep.minOutput !== null;
  const canonical = JSON.stringify([
    'rfkit-sweep-v2',
    sweep.depth,
    sweep.layers.map((l) => [l.kernel, l.stride, l.dilation]),
    sweep.rfMin,
    sweep.rfMax,
    sweep.stride,
    usesInput ? sweep.inputSize : null,
    sweep.minOutput,
    sweep.holes,
    sweep.objective,
    usesChannels ? [sweep.channels.in, sweep.channels.base, sweep.channels.growth, sweep.channels.max] : null,
  ]);
  return `${fnv1a64(canonical)}-top${sweep.top}`;
}

/** The `top` a spaceId was made with, or null if the id has another form. */
export function topOfSpaceId(id: string): number | null {
  const m = /-top([1-9][0-9]*)$/.exec(id);
  if (m === null) return null;
  const top = Number(m[1]);
  return Number.isSafeInteger(top) ? top : null;
}

// The receptive-field recurrence of a chain of layers, for the search: `rf += d·(k−1)·jump;
// jump *= s`, starting from rf = jump = 1. Every part of the search that reasons about rf (the plan
// tables, the pruning bounds, count(), the reachability checks of normalizeSweep) takes the growth
// of a layer and the bounds over the remaining layers from here. The reference evaluator and the
// kernels' hot loops apply the recurrence themselves, on tables built from these.

import type { LayerChoice } from '../../types.js';

/** How much a layer widens the receptive field per unit of incoming jump: d·(k−1) (its effective kernel − 1). */
export function spread(choice: Pick<LayerChoice, 'kernel' | 'dilation'>): number {
  return choice.dilation * (choice.kernel - 1);
}

/** rf and jump (total stride) after a chain of layers. */
export function chainOf(layers: readonly LayerChoice[]): { rf: number; jump: number } {
  let rf = 1;
  let jump = 1;
  for (const layer of layers) {
    rf += spread(layer) * jump;
    jump *= layer.stride;
  }
  return { rf, jump };
}

/**
 * What the layers from l on can still add, for l = 0…depth (entry `depth` is the empty rest): a
 * prefix of rf r and jump J ends with an rf in [r + J·growLo[l], r + J·growHi[l]] and a jump in
 * [J·strideLo[l], J·strideHi[l]]. Exact bounds over the choice lists, as every step is monotone.
 */
export interface Reach {
  growLo: number[];
  growHi: number[];
  strideLo: number[];
  strideHi: number[];
}

export function reachOf(lists: readonly (readonly LayerChoice[])[]): Reach {
  const depth = lists.length;
  const growLo = new Array<number>(depth + 1).fill(0);
  const growHi = new Array<number>(depth + 1).fill(0);
  const strideLo = new Array<number>(depth + 1).fill(1);
  const strideHi = new Array<number>(depth + 1).fill(1);
  for (let l = depth - 1; l >= 0; l--) {
    let gLo = Number.POSITIVE_INFINITY;
    let gHi = 0;
    let sLo = Number.POSITIVE_INFINITY;
    let sHi = 0;
    for (const c of lists[l]!) {
      gLo = Math.min(gLo, spread(c) + c.stride * growLo[l + 1]!);
      gHi = Math.max(gHi, spread(c) + c.stride * growHi[l + 1]!);
      sLo = Math.min(sLo, c.stride);
      sHi = Math.max(sHi, c.stride);
    }
    growLo[l] = gLo;
    growHi[l] = gHi;
    strideLo[l] = sLo * strideLo[l + 1]!;
    strideHi[l] = sHi * strideHi[l + 1]!;
  }
  return { growLo, growHi, strideLo, strideHi };
}

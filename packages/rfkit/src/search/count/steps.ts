// What both count DPs share: the weighted steps of a layer and the bounds that prune states.

import type { NormalizedSweep } from '../../types.js';
import { layerChoices } from '../space/choices.js';
import { reachOf, spread } from '../space/geometry.js';

export interface Step {
  /** d·(k−1): rf grows by this times the jump. */
  delta: number;
  stride: number;
  /** Number of (kernel, dilation) pairs with this delta. */
  weight: bigint;
}

/** The choices of a layer, merged where they move (jump, rf) alike. */
export function stepsOf(layer: NormalizedSweep['layers'][number]): Step[] {
  const byKey = new Map<string, Step>();
  for (const choice of layerChoices(layer)) {
    const delta = spread(choice);
    const key = `${delta},${choice.stride}`;
    const step = byKey.get(key);
    if (step === undefined) byKey.set(key, { delta, stride: choice.stride, weight: 1n });
    else step.weight += 1n;
  }
  return [...byKey.values()];
}

/** rf.max / saturation and the reach of rf.min: shared by both DPs. */
export function bounds(sweep: NormalizedSweep) {
  const { rfMin, rfMax, stride: target, minOutput } = sweep;
  const trackRf = rfMin !== null || rfMax !== null;
  // Without rf.max, all rf ≥ rf.min behave alike from then on.
  const saturateAt = rfMax === null ? rfMin : null;
  const jumpMattersAtEnd = target !== null || minOutput !== null;
  // growth[l]: the most rf can still grow from layer l on, per unit of jump at entry to layer l.
  const growth = reachOf(sweep.layers.map(layerChoices)).growHi;
  return { trackRf, saturateAt, jumpMattersAtEnd, growth };
}

/** A jump that constraints.stride and minOutput still allow (both only get harder as jump grows). */
export function jumpAllowed(sweep: NormalizedSweep, jump: number): boolean {
  if (sweep.stride !== null && sweep.stride % jump !== 0) return false;
  return sweep.minOutput === null || Math.ceil(sweep.inputSize! / jump) >= sweep.minOutput;
}

// What both count DPs share: the weighted steps of a layer and the bounds that prune states.

import type { NormalizedSweep } from '../../types.js';
import { layerChoices } from '../space/choices.js';
import { reachOf, spread } from '../space/geometry.js';
import { tapGap } from '../space/holes.js';

export interface Step {
  /** d·(k−1): rf grows by this times the jump. */
  delta: number;
  stride: number;
  /** Tap gap (space/holes.ts) where the holes rule applies, else 0: the step needs gap·jump ≤ rf. */
  gap: number;
  /** Number of choices with this delta, stride and gap. */
  weight: bigint;
}

/** The choices of a layer, merged where they move (jump, rf) alike and the holes rule treats them alike. */
export function stepsOf(layer: NormalizedSweep['layers'][number], holes: boolean): Step[] {
  const byKey = new Map<string, Step>();
  for (const choice of layerChoices(layer)) {
    const delta = spread(choice);
    const gap = holes ? tapGap(choice) : 0;
    const key = `${delta},${choice.stride},${gap}`;
    const step = byKey.get(key);
    if (step === undefined) byKey.set(key, { delta, stride: choice.stride, gap, weight: 1n });
    else step.weight += 1n;
  }
  return [...byKey.values()];
}

/** rf.max / saturation, the reach of rf.min and the holes rule: shared by both DPs. */
export function bounds(sweep: NormalizedSweep) {
  const { rfMin, rfMax, stride: target, minOutput } = sweep;
  const lists = sweep.layers.map(layerChoices);
  const trackRf = rfMin !== null || rfMax !== null;
  // Without rf.max, all rf ≥ rf.min behave alike from then on (for the rf bounds).
  const saturateAt = rfMax === null ? rfMin : null;
  const jumpMattersAtEnd = target !== null || minOutput !== null;
  // growth[l]: the most rf can still grow from layer l on, per unit of jump at entry to layer l.
  const growth = reachOf(lists).growHi;
  const holes = sweep.holes === 'none' && lists.some((l) => l.some((c) => tapGap(c) > 0));
  return { trackRf, saturateAt, jumpMattersAtEnd, growth, holes };
}

/** A jump that constraints.stride and minOutput still allow (both only get harder as jump grows). */
export function jumpAllowed(sweep: NormalizedSweep, jump: number): boolean {
  if (sweep.stride !== null && sweep.stride % jump !== 0) return false;
  return sweep.minOutput === null || Math.ceil(sweep.inputSize! / jump) >= sweep.minOutput;
}

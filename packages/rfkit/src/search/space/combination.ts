// One combination judged from its layers alone: its receptive field, total stride and cost, and
// whether it meets the constraints. The engines never evaluate combinations one by one (they read
// tables built from the same functions); this is what checks a result's candidates against the
// space they claim to be of.

import type { LayerChoice, NormalizedSweep } from '../../types.js';
import { costMachine } from './cost.js';
import { chainOf } from './geometry.js';
import { coveredOf, isDense } from './holes.js';

export interface Evaluation {
  rf: number;
  /** Total stride (the jump after the last layer). */
  stride: number;
  /** Input pixels (per axis) unit 0 reads. */
  covered: number;
  cost: number;
  feasible: boolean;
}

/** A combination's rf, total stride, covered pixels, cost and feasibility (holes rule included). `layers` must have one entry per layer of the space. */
export function evaluateLayers(sweep: NormalizedSweep, layers: readonly LayerChoice[]): Evaluation {
  const { rf, jump } = chainOf(layers);
  const machine = costMachine(sweep);
  let state = machine.initial;
  let cost = 0;
  for (const l of layers) {
    const r = machine.step(state, l.kernel, l.stride);
    state = r.next;
    cost += r.cost;
  }
  const feasible =
    (sweep.rfMin === null || rf >= sweep.rfMin) &&
    (sweep.rfMax === null || rf <= sweep.rfMax) &&
    (sweep.stride === null || jump === sweep.stride) &&
    // H = ceil(inputSize / jump): "same" padding all the way.
    (sweep.minOutput === null || Math.ceil(sweep.inputSize! / jump) >= sweep.minOutput) &&
    (sweep.holes === 'allow' || isDense(layers));
  return { rf, stride: jump, covered: coveredOf(layers), cost, feasible };
}

// Making results: candidates from what the engines keep (cost, rf and index as numbers), and the
// empty result a run that covers nothing returns.

import type { Backend, Candidate, NormalizedSweep, SearchWarning, SweepResult } from '../../types.js';
import { indexDecoder } from '../space/choices.js';
import { chainOf } from '../space/geometry.js';
import { coveredOf } from '../space/holes.js';
import { spaceId } from '../space/space-id.js';

/**
 * A maker of the candidates of one space: (cost, rf, index) → the candidate with its layers
 * decoded, its total stride and its covered pixels.
 */
export function candidateMaker(
  sweep: NormalizedSweep,
): (cost: number, rf: number, index: number) => Candidate {
  const decode = indexDecoder(sweep);
  return (cost, rf, index) => {
    const layers = decode(BigInt(index));
    return {
      index: BigInt(index),
      layers,
      rf,
      stride: chainOf(layers).jump,
      covered: coveredOf(layers),
      cost,
    };
  };
}

/**
 * A result with nothing feasible over [start, end): either covering nothing of it (`done` false:
 * incomplete unless the range is empty), or all of it (`done` true: a space known to have no
 * feasible combination, with the warnings that say why).
 */
export function emptyResult(
  sweep: NormalizedSweep,
  start: bigint,
  end: bigint,
  backend: Backend,
  done: { warnings: SearchWarning[] } | undefined = undefined,
): SweepResult {
  const complete = done !== undefined || start >= end;
  return {
    evaluated: done === undefined ? 0n : end - start,
    feasible: 0n,
    top: [],
    pareto: [],
    histogram: [],
    warnings: done?.warnings ?? [],
    engine: 'sweep',
    backend,
    elapsedMs: 0,
    range: { start, end },
    complete,
    nextIndex: done === undefined ? start : end,
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
}

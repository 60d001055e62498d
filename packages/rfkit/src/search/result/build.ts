// Making results: candidates from what the engines keep (cost, rf and index as numbers), and the
// empty result a run that covers nothing returns.

import type { Backend, Candidate, NormalizedSweep, SweepResult } from '../../types.js';
import { indexDecoder } from '../space/choices.js';
import { chainOf } from '../space/geometry.js';
import { spaceId } from '../space/space-id.js';

/** A maker of the candidates of one space: (cost, rf, index) → the candidate with its layers decoded. */
export function candidateMaker(
  sweep: NormalizedSweep,
): (cost: number, rf: number, index: number) => Candidate {
  const decode = indexDecoder(sweep);
  return (cost, rf, index) => {
    const layers = decode(BigInt(index));
    return { index: BigInt(index), layers, rf, stride: chainOf(layers).jump, cost };
  };
}

/** An incomplete result covering nothing of [start, end) (complete if the range is empty). */
export function emptyResult(
  sweep: NormalizedSweep,
  start: bigint,
  end: bigint,
  backend: Backend,
): SweepResult {
  return {
    evaluated: 0n,
    feasible: 0n,
    top: [],
    pareto: [],
    histogram: [],
    backend,
    elapsedMs: 0,
    range: { start, end },
    complete: start >= end,
    nextIndex: start,
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
}

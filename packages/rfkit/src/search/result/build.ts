// Making results: candidates from what the engines keep (cost, rf and index as numbers), the
// empty result a run that covers nothing returns, and when a result is complete (the whole space).

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

/** Whether a run over `range` that stopped at `nextIndex` covered the whole space of `total`. */
export function coversSpace(
  range: { start: bigint; end: bigint },
  nextIndex: bigint,
  total: bigint,
): boolean {
  return range.start === 0n && range.end === total && nextIndex === total;
}

/** A result covering nothing of [start, end) yet (nextIndex = start). */
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
    complete: coversSpace({ start, end }, start, sweep.total),
    nextIndex: start,
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
}

// Making results: candidates from what the engines keep (cost, rf and index as numbers), the
// empty result a run that covers nothing returns, and when a result is complete (the whole space).

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

/** Whether a run over `range` that stopped at `nextIndex` covered the whole space of `total`. */
export function coversSpace(
  range: { start: bigint; end: bigint },
  nextIndex: bigint,
  total: bigint,
): boolean {
  return range.start === 0n && range.end === total && nextIndex === total;
}

/**
 * A result with nothing feasible over [start, end): covering nothing of it yet (nextIndex =
 * start), or — with `done`, for a space known to have no feasible combination — all of it, with
 * the warnings that say why.
 */
export function emptyResult(
  sweep: NormalizedSweep,
  start: bigint,
  end: bigint,
  backend: Backend,
  done: { warnings: SearchWarning[] } | undefined = undefined,
): SweepResult {
  const nextIndex = done === undefined ? start : end;
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
    complete: coversSpace({ start, end }, nextIndex, sweep.total),
    nextIndex,
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
}

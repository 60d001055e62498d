// Which engine runs a search, decided before anything is allocated. The sweep covers any index
// range but only spaces of up to 10^14 combinations a run (and 2^53 in all); the DP covers a whole
// space of any size, as long as its states stay within their limits (engine/dp/bounds.ts). `auto`
// takes the DP wherever it applies and its estimated work is below the sweep's, the sweep
// otherwise; a space too large for the sweep goes to the DP, and only when neither can run is it
// refused — with the DP's error, which names what to constrain.

import { isRfError, RfError } from '../../errors.js';
import type { Engine, EngineChoice, NormalizedSweep } from '../../types.js';
import { planned } from './dp/run.js';
import { checkRunSize } from './sweep/limits.js';

/**
 * How much one DP state move (a hash probe, the count limbs and the offers of the kept prefixes)
 * costs against one combination of the sweep, per kept prefix; measured on the bench grids, with
 * a wide margin for the sweep's folding of its last layers (it evaluates several combinations per
 * step, so on small spaces it is the faster).
 */
const MOVE_PER_COMBINATION = 8;

/** The index range of a run, and whether it is the whole space (the only one the DP computes). */
export interface RunSpan {
  from: bigint;
  end: bigint;
  /** The range's start (the run may resume later, at `from`). */
  start: bigint;
}

function whole(sweep: NormalizedSweep, span: RunSpan): boolean {
  return span.start === 0n && span.from === 0n && span.end === sweep.total;
}

/** The DP's work estimate (state moves × kept prefixes), or the RfError that refuses it. */
function dpWork(sweep: NormalizedSweep): { work: number } | { error: RfError<'space-too-large'> } {
  try {
    const { plan, estimate } = planned(sweep, {});
    return { work: estimate.work * (1 + Math.min(plan.K, 16)) };
  } catch (e) {
    if (isRfError(e, 'space-too-large')) return { error: e };
    throw e;
  }
}

/**
 * The engine that runs over `span`, or an RfError: `invalid-argument` (path `engine`) for `dp` on a
 * part of the space, `space-too-large` when the engine asked for (or, with `auto`, either) would
 * pass its limits.
 */
export function chooseEngine(sweep: NormalizedSweep, requested: EngineChoice, span: RunSpan): Engine {
  const isWhole = whole(sweep, span);
  if (requested === 'sweep') {
    checkRunSize(sweep, span.from, span.end);
    return 'sweep';
  }
  if (requested === 'dp') {
    if (!isWhole) refuseRange();
    const dp = dpWork(sweep);
    if ('error' in dp) throw dp.error;
    return 'dp';
  }
  if (!isWhole) {
    checkRunSize(sweep, span.from, span.end);
    return 'sweep';
  }
  const dp = dpWork(sweep);
  let sweepError: RfError | undefined;
  try {
    checkRunSize(sweep, span.from, span.end);
  } catch (e) {
    if (!isRfError(e, 'space-too-large')) throw e;
    sweepError = e;
  }
  if (sweepError === undefined) {
    return 'error' in dp || dp.work * MOVE_PER_COMBINATION >= Number(sweep.total) ? 'sweep' : 'dp';
  }
  if ('error' in dp) {
    const sweepMessage = sweepError.message;
    throw new RfError(
      'space-too-large',
      `neither engine can search this space: for the sweep, ${sweepMessage}; for the DP, ${dp.error.message}`,
      dp.error.path,
      dp.error.details,
    );
  }
  return 'dp';
}

/** Exported for the option checks: the one message for a DP asked to cover part of a space. */
export function refuseRange(): never {
  throw new RfError(
    'invalid-argument',
    "engine: the dp engine computes whole spaces only; with range, shard or a partial resume use engine 'sweep' (or 'auto', which then picks it)",
    'engine',
  );
}

/** Whether the sweep could run over `span` (its size limits only). */
export function sweepFits(sweep: NormalizedSweep, span: RunSpan): boolean {
  try {
    checkRunSize(sweep, span.from, span.end);
    return true;
  } catch (e) {
    if (isRfError(e, 'space-too-large')) return false;
    throw e;
  }
}

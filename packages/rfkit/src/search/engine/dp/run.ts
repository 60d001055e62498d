// The DP engine: the exact result of a whole space without enumerating it. The kernel runs the
// programme one layer per call (packages/kernel/assembly/dp/); between layers the host reports
// progress, honours an abort and gives the event loop a turn, and — when a layer's states do not
// fit — moves the current layer into larger arenas and runs the layer again. In ranked mode it
// keeps each layer's backpointers, from which assemble.ts rebuilds the indices it reports.
//
// An aborted DP has covered no index yet (a layer holds prefixes of every combination at once): it
// returns the result of a run that stopped before its first combination — nothing found, `nextIndex`
// at the start, not complete — which a later search continues from scratch.

import type { NormalizedSweep, SweepResult } from '../../../types.js';
import type { Kernel } from '../../backend/kernel.js';
import { emptyResult } from '../../result/build.js';
import { MAX_DP_BYTES, tooLarge } from '../../space/limits.js';
import { driveAsync, driveSync, YIELD_MS } from '../steps.js';
import { assembleDp } from './assemble.js';
import { arenaBytes, type DpEstimate, estimateDp } from './bounds.js';
import { backpointers, copyLayer, currentLayer, layOutDp } from './memory.js';
import { buildDpPlan, type DpPlan, type DpTuning } from './plan.js';

export interface DpOptions extends DpTuning {
  signal?: AbortSignal;
  /** Called after every layer with the layers done and the depth. */
  onProgress?: (layers: number, depth: number) => void;
}

/** The arenas' first size at most (states); larger spaces grow them as their layers need. */
const EAGER_STATES = 2 ** 16;

/** The plan and its estimate of a space (the last ones are kept: the engine choice makes them first). */
const plans = new WeakMap<NormalizedSweep, { plan: DpPlan; estimate: DpEstimate }>();

/** The plan of a space and its bounds (RfError `space-too-large` past a limit); tuned plans are not kept. */
export function planned(sweep: NormalizedSweep, tuning: DpTuning): { plan: DpPlan; estimate: DpEstimate } {
  const tuned = tuning.forceRanked !== undefined || tuning.initialCapacity !== undefined;
  const kept = tuned ? undefined : plans.get(sweep);
  if (kept !== undefined) return kept;
  const plan = buildDpPlan(sweep, tuning);
  const made = { plan, estimate: estimateDp(plan) };
  if (!tuned) plans.set(sweep, made);
  return made;
}

/** The DP of a whole space with one kernel. */
export async function runDp(
  sweep: NormalizedSweep,
  kernel: Kernel,
  options: DpOptions = {},
): Promise<SweepResult> {
  return driveAsync(dpSteps(sweep, kernel, options));
}

/** runDp without yielding to the event loop (searchSync): progress and aborts still work between layers. */
export function runDpSync(sweep: NormalizedSweep, kernel: Kernel, options: DpOptions = {}): SweepResult {
  return driveSync(dpSteps(sweep, kernel, options));
}

function* dpSteps(
  sweep: NormalizedSweep,
  kernel: Kernel,
  options: DpOptions,
): Generator<void, SweepResult, void> {
  const t0 = performance.now();
  const { plan, estimate } = planned(sweep, options);
  const stopped = (): SweepResult | undefined =>
    options.signal?.aborted === true
      ? {
          ...emptyResult(sweep, 0n, sweep.total, kernel.backend),
          engine: 'dp',
          elapsedMs: performance.now() - t0,
        }
      : undefined;
  // Aborted before the start (a caller's check of its options): nothing is laid out.
  const early = stopped();
  if (early !== undefined) return early;
  let cap = Math.max(1, options.initialCapacity ?? Math.min(estimate.maxStates, EAGER_STATES));
  let regions = layOutDp(kernel, plan, cap, undefined);
  const backs: Float64Array[] = [];
  let kept = 0;
  let lastYield = performance.now();
  const depth = sweep.depth;
  for (let l = 0; l < depth; l++) {
    const aborted = stopped();
    if (aborted !== undefined) return aborted;
    while (kernel.dp(regions.cfg) < 0) {
      const layer = copyLayer(currentLayer(kernel, plan, regions));
      cap *= 2;
      const bytes = arenaBytes(plan, cap) + kept;
      if (bytes > MAX_DP_BYTES) {
        tooLarge(
          `the DP engine needs more than ${Math.ceil(bytes / 2 ** 20)} MiB after layer ${l} for its states and the ${plan.K} best prefixes of each, more than the ${MAX_DP_BYTES / 2 ** 20} MiB it allows; use a smaller top, narrow rf.max, or give constraints.stride`,
          undefined,
          { limit: 'dp-memory', bytes, max: MAX_DP_BYTES },
        );
      }
      regions = layOutDp(kernel, plan, cap, { index: l, data: layer });
    }
    if (plan.ranked) {
      const back = backpointers(kernel, regions);
      kept += back.byteLength;
      backs.push(back);
    }
    options.onProgress?.(l + 1, depth);
    if (performance.now() - lastYield > YIELD_MS) {
      yield;
      lastYield = performance.now();
    }
  }
  return assembleDp(plan, kernel, regions, backs, t0);
}

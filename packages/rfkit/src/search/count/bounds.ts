// Whether count() could finish: upper bounds of the states and work of its dynamic programme,
// computed from the choices and constraints before it starts, against the limits of
// space/limits.ts. The bounds follow the DP's own pruning (steps.ts), so they are tight where the
// rf bounds are moderate and only loose where reachable receptive fields are sparse.

import type { NormalizedSweep } from '../../types.js';
import { layerChoices } from '../space/choices.js';
import { spread } from '../space/geometry.js';
import { approx, MAX_COUNT_STATES, MAX_COUNT_STRIDES, MAX_COUNT_WORK, tooLarge } from '../space/limits.js';
import { bounds, jumpAllowed, stepsOf } from './steps.js';

/**
 * Upper bounds of what count()'s dynamic programme over (total stride, rf) states would need:
 * the distinct total strides per layer (exact, as constraints.stride and minOutput prune them; the
 * enumeration stops at MAX_COUNT_STRIDES), and per total stride the receptive fields between the
 * smallest and largest that reach it — or the number of step sequences that reach it, if fewer.
 * Throws `space-too-large` where a bound passes its limit.
 */
export function checkCountSize(sweep: NormalizedSweep): void {
  const { rfMin, rfMax, stride: target, minOutput } = sweep;
  const trackRf = rfMin !== null || rfMax !== null;
  // Nothing to track: count() answers with the total at once.
  if (!trackRf && target === null && minOutput === null) return;
  // count() drops states beyond rf.max, and without it keeps every rf >= rf.min as one state.
  const rfCap = rfMax ?? rfMin ?? 1;
  const { growth: growHi, holes } = bounds(sweep);
  // Under the holes rule the states past rf.min (no rf.max) keep y = floor(rf/jump), and
  // y' = floor((y + d(k−1))/s) ≤ y + d(k−1): at most 1 + Σ of each layer's largest d(k−1).
  const ratios =
    holes && rfMax === null
      ? 1 +
        sweep.layers.reduce((sum, l) => sum + layerChoices(l).reduce((m, c) => Math.max(m, spread(c)), 0), 0)
      : 1;

  checkStrideCount(sweep);

  // Per total stride: the smallest and largest rf reaching it, and the step sequences reaching it.
  type Span = { lo: number; hi: number; paths: number };
  let spans = new Map<number, Span>([[1, { lo: 1, hi: 1, paths: 1 }]]);
  let work = 0;
  for (let l = 0; l < sweep.depth; l++) {
    const steps = stepsOf(sweep.layers[l]!, holes);
    work += statesOf(spans) * steps.length;
    if (work > MAX_COUNT_WORK) {
      tooLarge(
        `counting this space could take up to ${approx(work)} state updates (total strides × receptive fields × steps, over the layers), more than the ${approx(MAX_COUNT_WORK)} count() allows; narrow rf.max, the stride choices or the depth`,
        undefined,
        { limit: 'count-work', work, max: MAX_COUNT_WORK },
      );
    }
    const next = new Map<number, Span>();
    for (const [jump, s] of spans) {
      for (const st of steps) {
        const j = jump * st.stride;
        if (!jumpAllowed(sweep, j)) continue;
        const lo = s.lo + st.delta * jump;
        const hi = s.hi + st.delta * jump;
        const old = next.get(j);
        if (old === undefined) {
          next.set(j, { lo, hi, paths: s.paths });
        } else {
          old.lo = Math.min(old.lo, lo);
          old.hi = Math.max(old.hi, hi);
          old.paths += s.paths;
        }
      }
    }
    // States that can no longer reach rf.min are dropped by count(); the rest are capped at rfCap.
    for (const [j, s] of next) {
      if (rfMin !== null) s.lo = Math.max(s.lo, rfMin - j * growHi[l + 1]!);
      s.hi = Math.min(s.hi, rfCap);
    }
    spans = next;
    const states = statesOf(spans);
    if (trackRf && states > MAX_COUNT_STATES) {
      tooLarge(
        `counting this space could need up to ${approx(states)} (total stride, receptive field) states after layer ${l}, more than the ${approx(MAX_COUNT_STATES)} count() allows; narrow rf.max, the stride choices or the depth`,
        undefined,
        { limit: 'count-states', layer: l, states, max: MAX_COUNT_STATES },
      );
    }
  }

  function statesOf(m: Map<number, Span>): number {
    if (!trackRf) return m.size;
    let n = 0;
    for (const s of m.values()) n += Math.max(0, Math.min(s.hi - s.lo + 1, s.paths)) + ratios - 1;
    return n;
  }
}

/** Refuses spaces whose layers reach more than MAX_COUNT_STRIDES distinct total strides (plain sets: fast). */
function checkStrideCount(sweep: NormalizedSweep): void {
  let jumps = new Set<number>([1]);
  for (let l = 0; l < sweep.depth; l++) {
    const strides = sweep.layers[l]!.stride;
    const next = new Set<number>();
    for (const jump of jumps) {
      for (const s of strides) {
        const j = jump * s;
        if (!jumpAllowed(sweep, j)) continue;
        next.add(j);
        if (next.size > MAX_COUNT_STRIDES) {
          tooLarge(
            `counting this space needs more than ${MAX_COUNT_STRIDES} distinct total strides after layer ${l}; use fewer stride choices, or constraints.stride`,
            'choices.stride',
            { limit: 'count-strides', layer: l, max: MAX_COUNT_STRIDES },
          );
        }
      }
    }
    jumps = next;
  }
}

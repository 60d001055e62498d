// The sweep engine: one search over an index range with one backend. It lays the plan out in the
// kernel's memory (memory.ts), sweeps it chunk by chunk (progress and cancellation happen between
// chunks), and turns what the kernel leaves behind — the top heap and the per-key records — into a
// SweepResult (drain.ts, assemble.ts). The parts that are not hot (partial leaves at unaligned
// range ends, expanding key records into rf buckets, assembling the result) run here for both
// backends, so they agree by construction.

import { RfError } from '../../../errors.js';
import type { NormalizedSweep, SweepResult } from '../../../types.js';
import type { Kernel } from '../../backend/kernel.js';
import { spaceId } from '../../space/space-id.js';
import { driveAsync, driveSync, YIELD_MS } from '../steps.js';
import { assemble } from './assemble.js';
import { drain, keyCountOf, partialLeaf } from './drain.js';
import { checkRunSize, MAX_TOP } from './limits.js';
import { emptyKeys, layOut } from './memory.js';
import { buildPlan, type Plan, type PlanOptions } from './plan.js';
import { Tally } from './tally.js';

export interface SweepOptions extends PlanOptions {
  signal?: AbortSignal;
  /** Polled like `signal` between chunks (worker threads read a shared flag through it). */
  shouldStop?: () => boolean;
  /** Called after every chunk with the combinations of this run done so far. */
  onProgress?: (done: number) => void;
  /** Leaves per kernel call. Default: one subtree of the first layers, at most 2^16 leaves. */
  chunkLeaves?: number;
  /**
   * Key table slots (a power of two); the kernel is drained when half are used. Default 2^16, or
   * less for a range of few leaves (a leaf adds at most one key, and every run scans the table).
   */
  keyCapacity?: number;
}

const CHUNK_MAX_LEAVES = 2 ** 16;
const DEFAULT_KEY_CAPACITY = 2 ** 16;
const MIN_KEY_CAPACITY = 16;

/**
 * The internal knobs of the sweep (tests shrink them to reach every path on small spaces;
 * benchmarks and worker tasks pass them on). Not part of the public options.
 */
export type SearchTuning = Pick<
  SweepOptions,
  'maxSuffixEntries' | 'maxCostCells' | 'chunkLeaves' | 'keyCapacity'
>;

/** Plans at most this large (cost cells) are kept for the next run of the same space. */
const PLAN_CACHE_MAX_CELLS = 2 ** 20;
let cachedPlan: { key: string; plan: Plan } | undefined;

/**
 * The plan of a space, reusing the last one: shards, resumed runs and worker tasks of one space
 * (several per worker) then build the tables once. Only small plans are kept, to bound memory.
 */
function planFor(sweep: NormalizedSweep, options: PlanOptions): Plan {
  const key = `${spaceId(sweep)}|${options.maxSuffixEntries ?? ''}|${options.maxCostCells ?? ''}`;
  if (cachedPlan?.key === key) return cachedPlan.plan;
  const plan = buildPlan(sweep, options);
  cachedPlan = plan.leafStates * plan.E <= PLAN_CACHE_MAX_CELLS ? { key, plan } : undefined;
  return plan;
}

/**
 * The most keys one run of a plan held at once (at a drain). Every drain scans the whole table, so
 * later runs of the plan (worker tasks, shards) size it from this instead of the default.
 */
const peakKeys = new WeakMap<Plan, number>();
/** Runs over fewer leaves leave peakKeys alone. */
const PEAK_MIN_LEAVES = 1024;

/**
 * A power of two with room for twice the keys expected — at most 2 × the leaves of the range
 * (a leaf adds at most one key), and about 4 × the peak of the plan's last run — within
 * [MIN_KEY_CAPACITY, DEFAULT_KEY_CAPACITY].
 */
function defaultKeyCapacity(plan: Plan, leaves: number): number {
  const peak = peakKeys.get(plan);
  const want = Math.min(2 * leaves, peak === undefined ? DEFAULT_KEY_CAPACITY : 4 * peak);
  let cap = MIN_KEY_CAPACITY;
  while (cap < want && cap < DEFAULT_KEY_CAPACITY) cap *= 2;
  return cap;
}

/** Searches indices [start, end) of a space with one kernel. */
export async function runRange(
  sweep: NormalizedSweep,
  kernel: Kernel,
  start: bigint,
  end: bigint,
  options: SweepOptions = {},
): Promise<SweepResult> {
  return driveAsync(rangeSteps(sweep, kernel, start, end, options));
}

/** runRange without yielding to the event loop (searchSync): progress and stops still work between chunks. */
export function runRangeSync(
  sweep: NormalizedSweep,
  kernel: Kernel,
  start: bigint,
  end: bigint,
  options: SweepOptions = {},
): SweepResult {
  return driveSync(rangeSteps(sweep, kernel, start, end, options));
}

/** The sweep of [start, end) as a generator that yields where the caller may give the event loop a turn. */
function* rangeSteps(
  sweep: NormalizedSweep,
  kernel: Kernel,
  start: bigint,
  end: bigint,
  options: SweepOptions,
): Generator<void, SweepResult, void> {
  const t0 = performance.now();
  checkRunSize(sweep, start, end);
  const plan = planFor(sweep, options);
  checkRunSize(sweep, start, end, plan.E);
  const lo = Number(start);
  const hi = Number(end);
  const top = Math.min(sweep.top, Math.max(hi - lo, 1));
  if (top > MAX_TOP) {
    throw new RfError(
      'invalid-argument',
      `top ${sweep.top} is more than the ${MAX_TOP} a search keeps`,
      'top',
    );
  }
  const { E } = plan;
  const keyCap = options.keyCapacity ?? defaultKeyCapacity(plan, Math.ceil((hi - lo) / E) + 1);
  const regions = layOut(kernel, plan, top, keyCap);
  const tally = new Tally(plan.rfMin, plan.rfMax);
  let peak = 0;
  const drainAll = () => {
    peak = Math.max(peak, keyCountOf(kernel, regions));
    drain(kernel, plan, regions, tally);
  };

  let chunk = options.chunkLeaves ?? 0;
  if (chunk <= 0) {
    chunk = 1;
    for (const lv of plan.levels) {
      if (lv.sub <= CHUNK_MAX_LEAVES) {
        chunk = lv.sub;
        break;
      }
    }
  }

  const stopped = () => options.signal?.aborted === true || options.shouldStop?.() === true;
  let pos = lo;
  let lastYield = performance.now();
  // After each chunk: report progress, and say whether the event loop is due a turn.
  const afterChunk = (): boolean => {
    options.onProgress?.(pos - lo);
    if (performance.now() - lastYield <= YIELD_MS) return false;
    lastYield = performance.now();
    return true;
  };

  let aborted = stopped();
  // Head: the rest of a leaf the range starts inside.
  if (!aborted && pos < hi && pos % E !== 0) {
    const leaf = Math.floor(pos / E);
    const stop = Math.min(hi, (leaf + 1) * E);
    partialLeaf(plan, leaf, pos - leaf * E, stop - leaf * E, tally);
    pos = stop;
    if (afterChunk()) yield;
    aborted = stopped();
  }
  // Whole leaves, in chunks aligned to `chunk`.
  const lastLeaf = Math.floor(hi / E);
  while (!aborted && pos < lastLeaf * E) {
    const leaf = pos / E;
    const chunkEnd = Math.min(lastLeaf, (Math.floor(leaf / chunk) + 1) * chunk);
    let next = leaf;
    while (next < chunkEnd) {
      next = kernel.sweep(regions.cfg, next, chunkEnd);
      // The kernel stops early when the key table is half full; drain before it fills up.
      if (keyCountOf(kernel, regions) >= keyCap / 2) drainAll();
    }
    pos = chunkEnd * E;
    if (afterChunk()) yield;
    aborted = stopped();
  }
  // Tail: the start of the leaf the range ends inside.
  if (!aborted && pos < hi) {
    partialLeaf(plan, lastLeaf, 0, hi - pos, tally);
    pos = hi;
    if (afterChunk()) yield;
  }
  drainAll();
  // Only runs over many leaves say how many keys the plan has; a table that filled up says nothing.
  if (peak >= keyCap / 2) peakKeys.set(plan, DEFAULT_KEY_CAPACITY);
  else if (hi - lo >= PEAK_MIN_LEAVES * E) peakKeys.set(plan, Math.max(peak, peakKeys.get(plan) ?? 0));
  emptyKeys.set(kernel, `${regions.keys}:${keyCap}`);
  return assemble(sweep, kernel, regions, tally, { start: lo, end: hi, next: pos, t0 });
}

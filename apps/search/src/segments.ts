// Runs one search (a shard, or the whole space) as a sequence of short library calls ("segments")
// instead of one long call, so that
// - periodic checkpoints need no abort: every segment boundary is a natural one;
// - Ctrl-C loses at most the segment in flight. With worker threads the library drops the tasks
//   still running when it is aborted, so one long call would lose everything since its start.
//
// A segment ends at the end of a cell of a power-of-two grid over the shard: shard i of n is exactly
// the union of shards i·2^p … i·2^p + 2^p − 1 of n·2^p (shardRange), so cells of every level line up.
// A segment starts where the work so far ends, which may be inside a cell (after a resume, or a
// coarser cell after finer ones), and runs to the end of that cell: one library call over that index
// range, merged exactly into the result so far. Cell sizes adapt to the measured rate so that a
// segment takes about `segmentMs`.
import {
  type Backend,
  mergeResults,
  type NormalizedSweep,
  type SweepResult,
  type SweepSpec,
  search,
  shardRange,
} from 'rfkit';

export interface SegmentedOptions {
  backend?: Backend;
  threads: number;
  shard?: { index: number; count: number };
  /** A partial result of this space and shard to continue. */
  resume?: SweepResult;
  /** Stops after the current chunk; the result is then unfinished (nextIndex < range.end). */
  signal: AbortSignal;
  /** Combinations of this shard done (resumed work included), and the shard's size. */
  onProgress?: (done: bigint, total: bigint) => void;
  /** Called at segment boundaries with the (unfinished) result so far. */
  onSegment?: (partial: SweepResult) => void;
  /** Wall time a segment aims at. Default 10 s. */
  segmentMs?: number;
  /**
   * Grid levels to use, segment after segment (cycled), instead of sizing cells by the measured
   * rate — deterministic segments for tests. Default: adaptive.
   */
  levels?: number[];
  /** Called after each segment with its range and wall time (for --debug). */
  onTrace?: (line: string) => void;
}

/** The deepest grid level used: cells of a 2^-40 fraction of the shard are plenty fine. */
const MAX_LEVEL = 40;
/** The first segment, run on one thread to measure the rate, is a 2^-FIRST_LEVEL fraction. */
const FIRST_LEVEL = 10;

export async function searchSegmented(
  spec: SweepSpec,
  space: NormalizedSweep,
  options: SegmentedOptions,
): Promise<SweepResult> {
  const { threads, signal } = options;
  const n = BigInt(options.shard?.count ?? 1);
  const N = space.total;
  const { start: S, end: E } = shardRange(N, options.shard?.index ?? 0, options.shard?.count ?? 1);
  const size = E - S;
  const segmentMs = options.segmentMs ?? 10_000;
  const base = { ...(options.backend ? { backend: options.backend } : {}) };

  // A call that does no work: the library checks the space, the size limit and the checkpoint
  // (same space, same shard) and returns a valid partial to start from.
  const stopped = new AbortController();
  stopped.abort();
  let acc = await search(spec, {
    ...base,
    threads: 1,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.resume ? { resume: options.resume } : {}),
    signal: stopped.signal,
  });

  // Cells must hold at least one combination (N / (n·2^p) ≥ 1), and n·2^p must be a safe integer.
  let maxLevel = 0;
  const fits = (p: number) => N / (n << BigInt(p)) >= 1n && n << BigInt(p) <= BigInt(Number.MAX_SAFE_INTEGER);
  while (maxLevel < MAX_LEVEL && fits(maxLevel + 1)) maxLevel++;
  const schedule = options.levels?.filter((l) => Number.isInteger(l) && l >= 0);
  const scheduled = (k: number) => Math.min(maxLevel, schedule![k % schedule!.length]!);
  let level = schedule?.length ? scheduled(0) : Math.min(FIRST_LEVEL, maxLevel);
  let segment = 0;
  let first = true;
  let minMs = Number.POSITIVE_INFINITY;

  while (acc.nextIndex < E && !signal.aborted) {
    const x = acc.nextIndex;
    const count = n << BigInt(level);
    const cell = cellAt(x, N, count);
    const ce = shardRange(N, Number(cell), Number(count)).end;
    const t0 = performance.now();
    const r = await search(spec, {
      ...base,
      // The first, small segment measures the rate without paying for a thread pool.
      threads: first ? 1 : threads,
      range: { start: x, end: ce },
      signal,
      ...(options.onProgress
        ? { onProgress: (done: bigint) => options.onProgress?.(x + done - S, size) }
        : {}),
    });
    const ms = performance.now() - t0;
    options.onTrace?.(
      `segment [${x}, ${r.nextIndex}) of cell ${cell}/${count} (level ${level}${first ? ', 1 thread' : ''}): ${Math.round(ms)} ms`,
    );
    acc = mergeResults([acc, r]);
    acc = { ...acc, backend: r.backend, range: { start: S, end: E } };

    // Size the next cell for about segmentMs at the rate just seen (scaled by threads after the
    // first, one-thread segment). Each call has a fixed cost (a thread pool starts), estimated as the
    // shortest call so far; only the work beyond it counts: below the target the cell at least
    // doubles, and it shrinks only when that work exceeds the target and most of the call — so cells
    // never shrink towards the fixed cost.
    if (!first) minMs = Math.min(minMs, ms);
    const work = first ? ms : ms - minMs;
    const done = Number(r.nextIndex - x);
    segment++;
    if (schedule?.length) level = scheduled(segment);
    else if (done > 0) {
      const rate = (done / Math.max(work, 1)) * (first ? threads : 1);
      const estimate = Math.round(Math.log2(Number(size) / Math.max(1, rate * segmentMs)));
      // At most ×16 or ÷16 per step: one noisy timing cannot swing the cell size far.
      let next = level;
      if (work < segmentMs / 2) next = Math.max(Math.min(estimate, level - 1), level - 4);
      else if (work > segmentMs && work > ms / 2) next = Math.min(Math.max(estimate, level + 1), level + 4);
      level = Math.max(0, Math.min(maxLevel, next));
    }
    first = false;
    if (acc.nextIndex < E && !signal.aborted) options.onSegment?.(acc);
  }
  return acc;
}

/** The cell (global shard index among `count`) whose shardRange holds x. */
function cellAt(x: bigint, N: bigint, count: bigint): bigint {
  const bounds = (c: bigint) => shardRange(N, Number(c), Number(count));
  let c = (x * count) / N;
  while (c > 0n && bounds(c).start > x) c--;
  while (bounds(c).end <= x) c++;
  return c;
}

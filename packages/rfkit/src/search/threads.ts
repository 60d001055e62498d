// Splitting a search over worker threads (Node only). Loaded lazily by search() when threads > 1,
// so nothing here reaches a browser bundle's static graph: the pool library is imported by a
// computed specifier at run time.
//
// The range is cut into several tasks per thread (pruning makes equal ranges unequal work, so a
// queue balances better than one range per thread). Results merge exactly (mergeResults); on abort,
// the tasks done without a gap from the start form the partial result, resumable from its nextIndex.

import type { Backend, NormalizedSweep, SweepResult } from '../types.js';
import { mergeResults } from './merge.js';
import { spaceId } from './normalize.js';
import type { WasmModule } from './wasm-api.js';
import type { WorkerTask } from './worker.js';

interface PoolLike {
  run(task: unknown, options?: { signal?: AbortSignal }): Promise<unknown>;
  destroy(): Promise<void>;
}
type PoolClass = new (options: {
  filename: string;
  minThreads: number;
  maxThreads: number;
  execArgv?: string[];
}) => PoolLike;

/** Tasks per thread: enough to balance uneven work, few enough that per-task setup stays negligible. */
const TASKS_PER_THREAD = 4;

// A computed specifier keeps bundlers from pulling the Node-only pool into browser builds.
const POOL_MODULE = ['tiny', 'pool'].join('');

/**
 * The parent's Node flags minus those that only make sense for the main script (workers inherit
 * execArgv, and `--input-type` there makes every worker fail to start).
 */
function workerExecArgv(): string[] {
  const argv = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [];
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--input-type')) continue;
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
      i++;
      continue;
    }
    if (a.startsWith('--eval=') || a.startsWith('--print=')) continue;
    out.push(a);
  }
  return out;
}

function workerFile(): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./worker-dev.mjs', here).href;
  if (here.endsWith('.cjs')) return new URL('./worker.cjs', here).href;
  return new URL('./worker.js', here).href;
}

export interface ThreadRun {
  sweep: NormalizedSweep;
  start: bigint;
  end: bigint;
  threads: number;
  backend: Backend;
  module: WasmModule | undefined;
  signal?: AbortSignal;
  /** Combinations of this run done so far (completed tasks). */
  onProgress?: (done: bigint) => void;
  tuning?: WorkerTask['tuning'];
}

/** An empty, incomplete result covering nothing of [start, end). */
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

export async function runThreads(run: ThreadRun): Promise<SweepResult> {
  const t0 = performance.now();
  const { sweep, start, end, threads } = run;
  const size = end - start;
  const pieces = BigInt(Math.max(1, Math.min(threads * TASKS_PER_THREAD, Number(size))));
  const bounds: bigint[] = [];
  for (let i = 0n; i <= pieces; i++) bounds.push(start + (i * size) / pieces);

  const { default: Pool } = (await import(/* @vite-ignore */ POOL_MODULE)) as { default: PoolClass };
  const pool = new Pool({
    filename: workerFile(),
    minThreads: threads,
    maxThreads: threads,
    execArgv: workerExecArgv(),
  });
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  run.signal?.addEventListener('abort', onAbort, { once: true });

  const results: (SweepResult | undefined)[] = new Array(Number(pieces)).fill(undefined);
  let done = 0n;
  let failure: { error: unknown } | undefined;
  try {
    if (!run.signal?.aborted) {
      await Promise.all(
        bounds.slice(0, -1).map(async (s, i) => {
          const task: WorkerTask = {
            sweep,
            start: s,
            end: bounds[i + 1]!,
            backend: run.backend,
            module: run.module,
            tuning: run.tuning,
          };
          try {
            const r = (await pool.run(task, { signal: stop.signal })) as SweepResult;
            results[i] = r;
            done += r.evaluated;
            run.onProgress?.(done);
          } catch (error) {
            // After an abort, rejections are the cancelled tasks; anything else is a real failure.
            if (!stop.signal.aborted) {
              failure ??= { error };
              stop.abort();
            }
          }
        }),
      );
    }
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  if (failure !== undefined) throw failure.error;

  // On abort: the completed tasks without a gap from the start.
  const parts: SweepResult[] = [];
  for (const r of results) {
    if (r === undefined) break;
    parts.push(r);
  }
  const merged = parts.length === 0 ? emptyResult(sweep, start, end, run.backend) : mergeResults(parts);
  return {
    ...merged,
    range: { start, end },
    complete: merged.nextIndex >= end,
    backend: run.backend,
    elapsedMs: performance.now() - t0,
  };
}

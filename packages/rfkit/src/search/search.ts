// search() and searchSync(): the public entry of the search. Options are checked in prepare.ts;
// here the backend is chosen (wasm with a js fallback), and the run goes to the engine prepare.ts
// chose: the DP, or the sweep on this thread or split over worker threads.

import { invalidArgument as invalid, RfError } from '../errors.js';
import type { Backend, NormalizedSweep, SearchWarning, SweepResult, SweepSpec } from '../types.js';
import { kernelModule, kernelModuleSync, notReady } from './backend/compile.js';
import { jsKernel } from './backend/js.js';
import type { Kernel } from './backend/kernel.js';
import { wasmKernel, wasmKernelSync } from './backend/wasm.js';
import { type WasmModule, wasmApi } from './backend/wasm-api.js';
import { type DpOptions, runDp, runDpSync } from './engine/dp/run.js';
import { runRange, runRangeSync, type SearchTuning } from './engine/sweep/run.js';
import { finish, nothingFeasible, type Prepared, prepare, progressOf } from './prepare.js';
import { withWarnings } from './runtime-warnings.js';
import type { SearchOptions } from './search-options.js';
import { isThreadsUnavailable } from './threads/unavailable.js';

export type { SearchTuning } from './engine/sweep/run.js';

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * The compiled kernel, or undefined where it cannot run (then the js backend runs, and `warnings`
 * gets why).
 */
async function moduleFor(backend: Backend, warnings: SearchWarning[]): Promise<WasmModule | undefined> {
  if (backend !== 'wasm') return undefined;
  try {
    return await kernelModule();
  } catch (e) {
    if (!(e instanceof RfError && e.code === 'wasm-unavailable')) throw e;
    warnings.push(wasmWarning(e.message));
    return undefined;
  }
}

function wasmWarning(reason: string): SearchWarning {
  return { code: 'wasm-unavailable', message: `the js backend ran instead of wasm: ${reason}` };
}

/**
 * Sweeps a search space and returns the exact result: evaluated and feasible counts,
 * the `top` cheapest feasible combinations (each with its rf, total stride and covered pixels),
 * the Pareto front of rf against cost and the histogram of rf. A space in which no combination can
 * be feasible — a constraint out of reach, or holes in every combination under `holes: "none"` —
 * is not an error: the result is empty and its `warnings` say which constraint fails and why.
 *
 * Options (all optional):
 * - `engine`: `auto` (default), `sweep` or `dp`; `result.engine` says which ran. The sweep
 *   enumerates any index range of a space of up to 10^14 combinations; the DP computes a whole
 *   space of any size (no `range`, `shard` or partial `resume`) while its states stay within their
 *   limits; `auto` takes the DP where it applies and is expected to be faster, the sweep otherwise.
 * - `backend`: `wasm` (default; compiles the kernel on first use) or `js`. Where WebAssembly is
 *   unavailable `wasm` falls back to `js`; `result.backend` says which ran. Both give identical results.
 * - `threads`: worker threads in Node (default 1); ignored in browsers. The workers are started on
 *   first use and kept for later searches; idle, they never keep the process from exiting. Where
 *   they cannot start (an app bundled without rfkit's worker entry or without tinypool), the
 *   search runs on the calling thread, with a `threads-unavailable` warning.
 * - `workerUrl`: the worker entry for apps bundled into files of their own, e.g.
 *   `import.meta.resolve('rfkit/worker')` (default: rfkit's own; see SearchOptions).
 * - `range`: `{ start, end }` (BigInts, 0 ≤ start ≤ end ≤ total) — only the combinations with
 *   indices in [start, end). Default: all of them.
 * - `shard`: `{ index, count }` — only shard i of n of the range: [s + floor(i·M/n),
 *   s + floor((i+1)·M/n)) for a range [s, s + M) (see shardRange); merge shards with mergeResults.
 * - `signal`: aborts between chunks; the result then has `nextIndex < range.end` (and
 *   `complete: false`: complete means the whole space was covered).
 * - `resume`: a partial result of the same space, range and shard, checked first (its fields, their
 *   relations and its candidates against the space; RfError `invalid-result` naming `resume.…`);
 *   the search continues at its `nextIndex` and returns what one uninterrupted run would have.
 * - `onProgress(done, total)`: called between chunks with the combinations of the run (range and
 *   shard) done so far, and their number.
 *
 * Throws RfError: `invalid-sweep`/`overflow`/`cost-overflow` for a bad space (see normalizeSweep),
 * `invalid-argument` for options of the wrong type and unknown options (naming the option), and
 * for `engine: 'dp'` with a range, shard or partial resume; `space-too-large` when the engine
 * asked for (with `auto`: both) would pass its limits — for the sweep more than 10^14 combinations
 * a run or 2^53 in all, for the DP too many (jump, rf, cost) states, too much memory or work
 * (`details.limit` `dp-states`, `dp-memory`, `dp-work`: narrow rf.max, give constraints.stride,
 * use fewer choices or a smaller top). Decided before anything is allocated.
 */
export function search(spec: SweepSpec | NormalizedSweep, options: SearchOptions = {}): Promise<SweepResult> {
  return searchTuned(spec, options, {});
}

/** search() with internal knobs (tests use them to reach every path on small spaces). */
export async function searchTuned(
  spec: SweepSpec | NormalizedSweep,
  options: SearchOptions,
  tuning: SearchTuning,
): Promise<SweepResult> {
  const p = prepare(spec, options);
  // A resumed run that had finished its range: nothing is left to do.
  if (p.resume !== undefined && p.from === p.end) return p.resume;
  const { sweep, from, end, threads } = p;

  const warnings: SearchWarning[] = [];
  const module = await moduleFor(p.requested, warnings);
  if (p.warnings.length > 0) {
    return withWarnings(nothingFeasible(p, module === undefined ? 'js' : 'wasm'), warnings);
  }
  const progress = progressOf(p, options);

  if (p.engine === 'dp') {
    const kernel = await kernelOf(module);
    const result = await runDp(sweep, kernel, dpOptions(p, options, progress));
    return withWarnings(finish(p, result, kernel.backend), warnings);
  }
  if (threads > 1 && isNode() && end - from > 1n) {
    const { runThreads } = await import('./threads/run.js');
    const backend: Backend = module === undefined ? 'js' : 'wasm';
    try {
      const result = await runThreads({
        sweep,
        start: from,
        end,
        threads,
        backend,
        module,
        signal: options.signal,
        onProgress: progress,
        tuning,
        workerUrl: options.workerUrl,
      });
      return withWarnings(finish(p, result, backend), warnings);
    } catch (e) {
      if (!isThreadsUnavailable(e)) throw e;
      warnings.push({
        code: 'threads-unavailable',
        message: `threads: ${threads} worker threads could not start, so this search ran on the calling thread: ${e.message}`,
      });
    }
  }
  const kernel = await kernelOf(module);
  const result = await runRange(sweep, kernel, from, end, {
    ...tuning,
    signal: options.signal,
    onProgress: progress && ((done) => progress(BigInt(done))),
  });
  return withWarnings(finish(p, result, kernel.backend), warnings);
}

/** A kernel of its own for this search: the wasm one, or the js one where none is compiled or it does not instantiate. */
async function kernelOf(module: WasmModule | undefined): Promise<Kernel> {
  if (module === undefined) return jsKernel();
  try {
    return await wasmKernel(module);
  } catch (e) {
    if (!(e instanceof RfError && e.code === 'wasm-unavailable')) throw e;
    return jsKernel();
  }
}

/**
 * search() as a plain synchronous call on this thread, for callers that have no use for a Promise
 * (a Web Worker's message handler, a script's hot loop). The same result, field for field.
 *
 * The wasm backend needs the kernel compiled first: `await init()` once (RfError
 * `invalid-argument` otherwise; after a failed init(), RfError `wasm-unavailable` with its reason).
 * Where there is no WebAssembly at all it runs the js backend, as search() does (with a
 * `wasm-unavailable` warning). `threads` must be 1. `signal` and `onProgress` work between
 * chunks — the event loop does not run meanwhile, so only an `onProgress` callback can abort the
 * signal.
 */
export function searchSync(spec: SweepSpec | NormalizedSweep, options: SearchOptions = {}): SweepResult {
  const p = prepare(spec, options);
  if (p.threads !== 1)
    invalid('threads', `searchSync runs on the calling thread; got ${p.threads} (use search())`);
  if (p.resume !== undefined && p.from === p.end) return p.resume;
  let kernel: Kernel = jsKernel();
  const warnings: SearchWarning[] = [];
  if (p.requested === 'wasm') {
    if (wasmApi() === undefined)
      warnings.push(wasmWarning('WebAssembly is not available in this environment'));
    else kernel = wasmKernelSync(kernelModuleSync() ?? notReady());
  }
  if (p.warnings.length > 0) return withWarnings(nothingFeasible(p, kernel.backend), warnings);
  const progress = progressOf(p, options);
  const result =
    p.engine === 'dp'
      ? runDpSync(p.sweep, kernel, dpOptions(p, options, progress))
      : runRangeSync(p.sweep, kernel, p.from, p.end, {
          signal: options.signal,
          onProgress: progress && ((done) => progress(BigInt(done))),
        });
  return withWarnings(finish(p, result, kernel.backend), warnings);
}

/** The DP's options: its progress by layers, reported as the share of the run's combinations. */
function dpOptions(
  p: Prepared,
  options: SearchOptions,
  progress: ((done: bigint) => void) | undefined,
): DpOptions {
  const size = p.end - p.from;
  return {
    signal: options.signal,
    onProgress: progress && ((layers, depth) => progress((size * BigInt(layers)) / BigInt(depth))),
  };
}

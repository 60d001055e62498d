// search(): the public entry of DESIGN §4 — option checking, shard and resume arithmetic, backend
// choice (wasm with a js fallback), and the optional worker-thread split.

import { RfError } from '../errors.js';
import type { Backend, NormalizedSweep, SearchOptions, SweepResult, SweepSpec } from '../types.js';
import { checkRunSize, type EngineOptions, runRange, runRangeSync } from './engine.js';
import { kernelModule, kernelModuleSync } from './init.js';
import { jsKernel, type Kernel, wasmKernel, wasmKernelSync } from './kernel.js';
import { mergeResults } from './merge.js';
import { asNormalized, spaceId } from './normalize.js';
import { type WasmModule, wasmApi } from './wasm-api.js';

/** Internal knobs for tests and benchmarks; not part of the public options. */
export type SearchTuning = Pick<
  EngineOptions,
  'maxSuffixEntries' | 'maxCostCells' | 'chunkLeaves' | 'keyCapacity'
>;

function invalid(path: string, message: string): never {
  throw new RfError('invalid-argument', `${path}: ${message}`, path);
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

/** Shard i of n covers [floor(i·N/n), floor((i+1)·N/n)). */
export function shardRange(
  total: bigint,
  shard?: { index: number; count: number },
): { start: bigint; end: bigint } {
  if (shard === undefined) return { start: 0n, end: total };
  if (typeof shard !== 'object' || shard === null) invalid('shard', 'expected { index, count }');
  if (!isInt(shard.count) || shard.count < 1) {
    invalid('shard.count', `expected an integer >= 1, got ${String(shard.count)}`);
  }
  if (!isInt(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    invalid('shard.index', `expected an integer in [0, ${shard.count - 1}], got ${String(shard.index)}`);
  }
  const i = BigInt(shard.index);
  const n = BigInt(shard.count);
  return { start: (i * total) / n, end: ((i + 1n) * total) / n };
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** The compiled kernel, or undefined where WebAssembly is unavailable (then the js backend runs). */
async function moduleFor(backend: Backend): Promise<WasmModule | undefined> {
  if (backend !== 'wasm') return undefined;
  try {
    return await kernelModule();
  } catch (e) {
    if (e instanceof RfError && e.code === 'wasm-unavailable') return undefined;
    throw e;
  }
}

/**
 * Sweeps a search space (DESIGN §4) and returns the exact result: evaluated and feasible counts,
 * the `top` cheapest feasible combinations, the Pareto front of rf against cost and the histogram
 * of rf.
 *
 * Options (all optional):
 * - `backend`: `wasm` (default; compiles the kernel on first use) or `js`. Where WebAssembly is
 *   unavailable `wasm` falls back to `js`; `result.backend` says which ran. Both give identical results.
 * - `threads`: worker threads in Node (default 1); ignored in browsers. The workers are started on
 *   first use and kept for later searches; idle, they never keep the process from exiting.
 * - `shard`: `{ index, count }` — only indices [floor(i·N/n), floor((i+1)·N/n)); merge shards with
 *   mergeResults.
 * - `signal`: aborts between chunks; the result then has `complete: false` and `nextIndex`.
 * - `resume`: a partial result of the same space and shard; the search continues at its
 *   `nextIndex` and returns what one uninterrupted run would have.
 * - `onProgress(done, total)`: called between chunks with the combinations of the shard done.
 *
 * Throws RfError: `invalid-sweep`/`overflow`/`cost-overflow` for a bad space (see normalizeSweep),
 * `invalid-argument` for bad options, `space-too-large` when one run would cover more than
 * 10^14 combinations (use count(), narrower choices, or shards).
 */
export function search(spec: SweepSpec | NormalizedSweep, options: SearchOptions = {}): Promise<SweepResult> {
  return searchTuned(spec, options, {});
}

/** What search() and searchSync() settle before any sweeping: the space, the range and the resume point. */
interface Prepared {
  sweep: NormalizedSweep;
  requested: Backend;
  threads: number;
  start: bigint;
  end: bigint;
  from: bigint;
  resume: SweepResult | undefined;
}

function prepare(spec: SweepSpec | NormalizedSweep, options: SearchOptions): Prepared {
  const sweep = asNormalized(spec);
  if (typeof options !== 'object' || options === null) invalid('options', 'expected an object');
  const requested = options.backend ?? 'wasm';
  if (requested !== 'wasm' && requested !== 'js') {
    invalid('backend', `expected 'wasm' or 'js', got ${JSON.stringify(requested)}`);
  }
  const threads = options.threads ?? 1;
  if (!isInt(threads) || threads < 1) invalid('threads', `expected an integer >= 1, got ${String(threads)}`);
  const { start, end } = shardRange(sweep.total, options.shard);
  const id = spaceId(sweep);

  let from = start;
  const resume = options.resume;
  if (resume !== undefined) {
    if (resume.spaceId !== id || resume.total !== sweep.total) {
      invalid('resume', `the partial result is of space ${resume.spaceId}, not of this space (${id})`);
    }
    if (resume.range.start !== start || resume.range.end !== end) {
      invalid(
        'resume',
        `the partial result covers [${resume.range.start}, ${resume.range.end}), this search [${start}, ${end}); pass the same shard`,
      );
    }
    if (resume.nextIndex < start || resume.nextIndex > end) {
      invalid('resume.nextIndex', `${resume.nextIndex} lies outside [${start}, ${end})`);
    }
    from = resume.nextIndex;
  }
  checkRunSize(sweep, from, end);
  return { sweep, requested, threads, start, end, from, resume };
}

/** Progress of this run, reported over the whole shard (resumed work included). */
function progressOf(p: Prepared, options: SearchOptions): ((done: bigint) => void) | undefined {
  const report = options.onProgress;
  const offset = p.from - p.start;
  const size = p.end - p.start;
  return report && ((done) => report(offset + done, size));
}

function finish(p: Prepared, result: SweepResult, backend: Backend): SweepResult {
  if (p.resume === undefined) return result;
  const merged = mergeResults([p.resume, result]);
  return { ...merged, backend, range: { start: p.start, end: p.end } };
}

/** search() with internal knobs (tests use them to reach every path on small spaces). */
export async function searchTuned(
  spec: SweepSpec | NormalizedSweep,
  options: SearchOptions,
  tuning: SearchTuning,
): Promise<SweepResult> {
  const p = prepare(spec, options);
  if (p.resume?.complete) return p.resume;
  const { sweep, from, end, threads } = p;

  let module = await moduleFor(p.requested);
  const useThreads = threads > 1 && isNode() && end - from > 1n;
  let kernel: Kernel | undefined;
  if (module !== undefined && !useThreads) {
    try {
      kernel = await wasmKernel(module);
    } catch (e) {
      if (!(e instanceof RfError && e.code === 'wasm-unavailable')) throw e;
      module = undefined;
    }
  }
  const backend: Backend = module === undefined ? 'js' : 'wasm';
  const progress = progressOf(p, options);

  let result: SweepResult;
  if (useThreads) {
    const { runThreads } = await import('./threads.js');
    result = await runThreads({
      sweep,
      start: from,
      end,
      threads,
      backend,
      module,
      signal: options.signal,
      onProgress: progress,
      tuning,
    });
  } else {
    result = await runRange(sweep, kernel ?? jsKernel(), from, end, {
      ...tuning,
      signal: options.signal,
      onProgress: progress && ((done) => progress(BigInt(done))),
    });
  }
  return finish(p, result, backend);
}

/**
 * search() as a plain synchronous call on this thread, for callers that have no use for a Promise
 * (a Web Worker's message handler, a script's hot loop). The same result, field for field.
 *
 * The wasm backend needs the kernel compiled first: `await init()` once (RfError
 * `invalid-argument` otherwise); where WebAssembly is unavailable it runs the js backend, as
 * search() does. `threads` must be 1. `signal` and `onProgress` work between chunks — the event
 * loop does not run meanwhile, so only an `onProgress` callback can abort the signal.
 */
export function searchSync(spec: SweepSpec | NormalizedSweep, options: SearchOptions = {}): SweepResult {
  const p = prepare(spec, options);
  if (p.threads !== 1)
    invalid('threads', `searchSync runs on the calling thread; got ${p.threads} (use search())`);
  if (p.resume?.complete) return p.resume;
  let kernel: Kernel = jsKernel();
  if (p.requested === 'wasm' && wasmApi() !== undefined) {
    const module = kernelModuleSync();
    if (module === undefined) {
      invalid(
        'backend',
        "the wasm kernel is not compiled yet: `await init()` once before searchSync (or use backend 'js')",
      );
    }
    kernel = wasmKernelSync(module);
  }
  const progress = progressOf(p, options);
  const result = runRangeSync(p.sweep, kernel, p.from, p.end, {
    signal: options.signal,
    onProgress: progress && ((done) => progress(BigInt(done))),
  });
  return finish(p, result, kernel.backend);
}

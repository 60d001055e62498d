// search(): the public entry of DESIGN §4 — option checking, shard and resume arithmetic, backend
// choice (wasm with a js fallback), and the optional worker-thread split.

import { RfError } from '../errors.js';
import type { Backend, NormalizedSweep, SearchOptions, SweepResult, SweepSpec } from '../types.js';
import { checkRunSize, type EngineOptions, runRange } from './engine.js';
import { kernelModule } from './init.js';
import { jsKernel, type Kernel, wasmKernel } from './kernel.js';
import { mergeResults } from './merge.js';
import { asNormalized, spaceId } from './normalize.js';
import type { WasmModule } from './wasm-api.js';

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

/** search() with internal knobs (tests use them to reach every path on small spaces). */
export async function searchTuned(
  spec: SweepSpec | NormalizedSweep,
  options: SearchOptions,
  tuning: SearchTuning,
): Promise<SweepResult> {
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
    if (resume.complete) return resume;
    from = resume.nextIndex;
  }
  checkRunSize(sweep, from, end);

  let module = await moduleFor(requested);
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
  const size = end - start;
  const offset = from - start;
  const report = options.onProgress;

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
      onProgress: report && ((done) => report(offset + done, size)),
      tuning,
    });
  } else {
    result = await runRange(sweep, kernel ?? jsKernel(), from, end, {
      ...tuning,
      signal: options.signal,
      onProgress: report && ((done) => report(offset + BigInt(done), size)),
    });
  }
  if (resume === undefined) return result;
  const merged = mergeResults([resume, result]);
  return { ...merged, backend, range: { start, end } };
}

// What search() and searchSync() settle before any sweeping: the space, the backend asked for, the
// threads, the index range (range, then shard of it) and the resume point; and how a resumed run's
// result is put together with the partial one.

import { invalidArgument as invalid } from '../errors.js';
import { show } from '../messages.js';
import type {
  Backend,
  Engine,
  EngineChoice,
  NormalizedSweep,
  SearchWarning,
  SweepResult,
  SweepSpec,
} from '../types.js';
import { chooseEngine, refuseRange, sweepFits } from './engine/choose.js';
import { emptyResult } from './result/build.js';
import { mergeResults } from './result/merge.js';
import { readResult } from './result/read.js';
import { checkInvariants, verifyAgainstSpace } from './result/verify.js';
import type { SearchOptions } from './search-options.js';
import { asNormalized } from './space/normalize.js';
import { resolveRange } from './space/range.js';
import { spaceId } from './space/space-id.js';
import { workerFile } from './threads/entry.js';
import { unreachableWarnings } from './unreachable.js';

export interface Prepared {
  sweep: NormalizedSweep;
  requested: Backend;
  /** The engine that runs (or, with nothing feasible, would have run). */
  engine: Engine;
  threads: number;
  /** The run's range: `range` (or the whole space), then the shard of it. */
  start: bigint;
  end: bigint;
  /** Where this call starts: `start`, or the resumed result's nextIndex. */
  from: bigint;
  /** The resumed result, checked (a copy). */
  resume: SweepResult | undefined;
  /** Why nothing can be feasible (empty when something can): then no engine needs to run. */
  warnings: SearchWarning[];
}

const OPTION_KEYS = [
  'engine',
  'backend',
  'threads',
  'workerUrl',
  'range',
  'shard',
  'resume',
  'signal',
  'onProgress',
];

export function prepare(spec: SweepSpec | NormalizedSweep, options: SearchOptions): Prepared {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    invalid('options', `expected an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key))
      invalid(`options.${key}`, `unknown option (expected one of ${OPTION_KEYS.join(', ')})`);
  }
  const sweep = asNormalized(spec);
  const requested = options.backend ?? 'wasm';
  if (requested !== 'wasm' && requested !== 'js') {
    invalid('backend', `expected 'wasm' or 'js', got ${show(requested)}`);
  }
  const engineAsked: EngineChoice = options.engine ?? 'auto';
  if (engineAsked !== 'auto' && engineAsked !== 'sweep' && engineAsked !== 'dp') {
    invalid('engine', `expected 'auto', 'sweep' or 'dp', got ${show(engineAsked)}`);
  }
  const threads = options.threads ?? 1;
  if (!Number.isSafeInteger(threads) || threads < 1) {
    invalid('threads', `expected an integer >= 1, got ${show(threads)}`);
  }
  const { signal, onProgress } = options;
  if (signal !== undefined && !isSignal(signal))
    invalid('signal', `expected an AbortSignal, got ${show(signal)}`);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    invalid('onProgress', `expected a function (done, total) => void, got ${show(onProgress)}`);
  }
  // Checked here although only threads read it, so that a bad one never passes silently.
  if (options.workerUrl !== undefined) workerFile(options.workerUrl);
  const { start, end } = resolveRange(sweep.total, options.range, options.shard);
  const id = spaceId(sweep);

  let from = start;
  let resume: SweepResult | undefined;
  if (options.resume !== undefined) {
    resume = readResult(options.resume, 'resume', 'bigint');
    if (resume.spaceId !== id || resume.total !== sweep.total) {
      invalid('resume', `the partial result is of space ${resume.spaceId}, not of this space (${id})`);
    }
    if (resume.range.start !== start || resume.range.end !== end) {
      invalid(
        'resume',
        `the partial result covers [${resume.range.start}, ${resume.range.end}), this search [${start}, ${end}); pass the same range and shard`,
      );
    }
    // What it claims must hold, and its candidates must be this space's: an edited checkpoint
    // must not continue (or, finished, be returned) as if it were this search's.
    checkInvariants(resume, 'resume');
    verifyAgainstSpace(resume, sweep, 'resume');
    from = resume.nextIndex;
  }
  const span = { start, from, end };
  const partial = start !== 0n || from !== 0n || end !== sweep.total;
  if (engineAsked === 'dp' && partial) refuseRange();
  const warnings = unreachableWarnings(sweep);
  // A space with nothing feasible answers at once, whatever its size; the engine it names is the
  // one asked for, or with `auto` the sweep where it could have run and the DP otherwise.
  const engine: Engine =
    warnings.length === 0
      ? chooseEngine(sweep, engineAsked, span)
      : engineAsked === 'auto'
        ? partial || sweepFits(sweep, span)
          ? 'sweep'
          : 'dp'
        : engineAsked;
  return { sweep, requested, engine, threads, start, end, from, resume, warnings };
}

/** The result of a run over a space with nothing feasible: all of [from, end) covered, nothing found. */
export function nothingFeasible(p: Prepared, backend: Backend): SweepResult {
  const empty = emptyResult(p.sweep, p.from, p.end, backend, { warnings: p.warnings });
  return finish(p, { ...empty, engine: p.engine }, backend);
}

function isSignal(x: unknown): x is AbortSignal {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown };
  return (
    typeof s.aborted === 'boolean' &&
    typeof s.addEventListener === 'function' &&
    typeof s.removeEventListener === 'function'
  );
}

/** Progress of this call, reported over the whole run's range (resumed work included). */
export function progressOf(p: Prepared, options: SearchOptions): ((done: bigint) => void) | undefined {
  const report = options.onProgress;
  const offset = p.from - p.start;
  const size = p.end - p.start;
  return report && ((done) => report(offset + done, size));
}

/** The result of the run: this call's with the space's warnings, merged after the resumed partial result. */
export function finish(p: Prepared, result: SweepResult, backend: Backend): SweepResult {
  const own = { ...result, warnings: p.warnings };
  if (p.resume === undefined) return own;
  const merged = mergeResults([p.resume, own]);
  return { ...merged, engine: result.engine, backend, range: { start: p.start, end: p.end } };
}

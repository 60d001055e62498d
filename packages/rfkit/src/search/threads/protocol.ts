// What the main thread and the worker threads send each other: a task (search one index range of a
// space), and its outcome — a result packed as numbers (cloning the candidates' decoded layers
// costs more than a short task) or an error with its code, path and details (a thrown error loses
// them on the way).

import type { MessagePort } from 'node:worker_threads';
import { RfError, type RfErrorCode } from '../../errors.js';
import type { Backend, NormalizedSweep, SweepResult } from '../../types.js';
import type { WasmModule } from '../backend/wasm-api.js';
import type { SearchTuning } from '../engine/sweep/run.js';
import { candidateMaker } from '../result/build.js';
import { spaceId } from '../space/space-id.js';

/**
 * The version of this protocol, which the worker entry exports as `rfkitWorker`: raise it with any
 * change to the messages below, so that a worker file of another rfkit version is refused.
 */
export const WORKER_PROTOCOL = 1;

/** Main thread → worker: search [start, end). */
export interface WorkerTask {
  sweep: NormalizedSweep;
  start: bigint;
  end: bigint;
  backend: Backend;
  /** The compiled kernel; required for a `wasm` task. */
  module?: WasmModule;
  /** Names `module` (a clone is a new object each time), so the worker instantiates it once. */
  moduleId?: number;
  tuning?: SearchTuning;
  /** Shared stop flag of the search: non-zero stops this task between chunks, or before it starts. */
  stop: Int32Array;
  /** Where to post progress (combinations done), at most every progressMs; closed at the end. */
  progress?: MessagePort;
  progressMs: number;
}

/** An error as it crosses the thread boundary (structured-cloneable: details may hold BigInts). */
export interface WireError {
  message: string;
  code?: string;
  path?: string;
  details?: Record<string, unknown>;
}

/** Worker → main thread. Failures come back as values: a thrown error loses its `code` and `path`. */
export type WorkerOutcome =
  | { type: 'done'; result: Float64Array; elapsedMs: number }
  | { type: 'error'; error: WireError };

/**
 * A result as numbers (cloning the candidates' decoded layers costs more than a short task):
 * [evaluated, feasible, nextIndex, complete, #top, #pareto, #histogram, (index, rf, cost) per
 * top and pareto candidate, (rf, count) per histogram entry]. Every value is below 2^53.
 */
export function packResult(r: SweepResult): Float64Array {
  const out = new Float64Array(7 + 3 * (r.top.length + r.pareto.length) + 2 * r.histogram.length);
  out.set([
    Number(r.evaluated),
    Number(r.feasible),
    Number(r.nextIndex),
    r.complete ? 1 : 0,
    r.top.length,
    r.pareto.length,
    r.histogram.length,
  ]);
  let i = 7;
  for (const c of [...r.top, ...r.pareto]) {
    out[i++] = Number(c.index);
    out[i++] = c.rf;
    out[i++] = c.cost;
  }
  for (const h of r.histogram) {
    out[i++] = h.rf;
    out[i++] = Number(h.count);
  }
  return out;
}

/** The result packResult packed, for the range [start, end) of `sweep`. */
export function unpackResult(
  sweep: NormalizedSweep,
  packed: Float64Array,
  range: { start: bigint; end: bigint },
  backend: Backend,
  elapsedMs: number,
): SweepResult {
  const n = (i: number) => packed[i]!;
  const candidate = candidateMaker(sweep);
  let i = 7;
  const candidates = (count: number) => {
    const out = [];
    for (let k = 0; k < count; k++, i += 3) out.push(candidate(n(i + 2), n(i + 1), n(i)));
    return out;
  };
  const top = candidates(n(4));
  const pareto = candidates(n(5));
  const histogram = [];
  for (let k = 0; k < n(6); k++, i += 2) histogram.push({ rf: n(i), count: BigInt(n(i + 1)) });
  return {
    evaluated: BigInt(n(0)),
    feasible: BigInt(n(1)),
    top,
    pareto,
    histogram,
    warnings: [],
    engine: 'sweep',
    backend,
    elapsedMs,
    range,
    complete: n(3) === 1,
    nextIndex: BigInt(n(2)),
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
}

/** An error as a WireError. */
export function errorToWire(e: unknown): WireError {
  if (e instanceof Error) {
    const { code, path, details } = e as { code?: unknown; path?: unknown; details?: unknown };
    return {
      message: e.message,
      code: typeof code === 'string' ? code : undefined,
      path: typeof path === 'string' ? path : undefined,
      details:
        typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined,
    };
  }
  return { message: String(e) };
}

/** The error a WireError stands for: an RfError again when it had a code. */
export function errorFromWire(error: WireError): Error {
  if (error.code === undefined) return new Error(error.message);
  const e = new RfError(error.code as RfErrorCode, error.message, error.path);
  return Object.assign(e, { details: error.details ?? {} });
}

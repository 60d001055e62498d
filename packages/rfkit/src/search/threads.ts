// Splitting a search over worker threads (Node only). Loaded lazily by search() when threads > 1;
// the pool library (tinypool) is imported by a computed specifier at run time, so nothing here
// reaches a browser bundle's static graph.
//
// One tinypool pool lives across calls (starting a worker costs far more than a short search):
// created on first use, recreated larger when more threads are asked for, and shared by concurrent
// searches. tinypool unrefs idle workers, so the pool never keeps the process alive, and ends them
// after IDLE_MS. Every task carries the compiled kernel (a WebAssembly.Module clones cheaply); each
// worker instantiates it once per module and reuses that instance.
//
// A search hands out contiguous pieces of its range (up to two queued per worker, so none waits for
// a round trip), large first and shrinking (guided self-scheduling): few pieces, yet the last ones
// are small enough to even out the uneven work pruning leaves. Workers return results as packed
// numbers, decoded at the end. Results merge exactly (mergeResults); on abort (a shared flag),
// every worker stops at its next chunk, queued pieces return at once, and the pieces done without a
// gap from the start (the last one possibly partial) form the result, resumable from its nextIndex.

import type { MessagePort } from 'node:worker_threads';
import { RfError, type RfErrorCode } from '../errors.js';
import type { Backend, NormalizedSweep, SweepResult } from '../types.js';
import { radices } from './cost.js';
import { candidate } from './engine.js';
import { mergeResults } from './merge.js';
import { spaceId } from './normalize.js';
import { DEFAULT_MAX_SUFFIX_ENTRIES } from './plan.js';
import type { WasmModule } from './wasm-api.js';
import type { WorkerOutcome, WorkerTask, WorkerTuning } from './worker.js';

/** Idle workers end after this long without a task (ms). */
const IDLE_MS = 30_000;
/** Running tasks report progress at most this often (ms); finished pieces always report. */
const PROGRESS_MS = 50;
/**
 * Pieces a worker holds at once: the next one waits in its queue, so it never idles for a round
 * trip to the main thread between pieces. With onProgress only one, so that after an abort from
 * onProgress no further piece starts.
 */
const PIECES_PER_WORKER = 2;
/** A new piece is about remaining / (GUIDE · threads)... */
const GUIDE = 2;
/** ...and at least range / (MIN_PIECE_SHARE · threads). */
const MIN_PIECE_SHARE = 4;

// A computed specifier keeps bundlers from pulling the pool (and Node's modules) into browser builds.
const POOL_MODULE = ['tiny', 'pool'].join('');

/** The part of tinypool's API used here. */
interface TinypoolOptions {
  filename: string;
  minThreads: number;
  maxThreads: number;
  idleTimeout: number;
  concurrentTasksPerWorker: number;
  execArgv: string[];
}
interface TinypoolLike {
  run(task: unknown, options?: { transferList?: unknown[] }): Promise<unknown>;
  destroy(): Promise<void>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}
type TinypoolClass = new (options: TinypoolOptions) => TinypoolLike;

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

function workerFile(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./worker-dev.mjs', here);
  if (here.endsWith('.cjs')) return new URL('./worker.cjs', here);
  return new URL('./worker.js', here);
}

/** The pool and the searches using it; a replaced pool is destroyed once its last search ends. */
interface Shared {
  Pool: TinypoolClass;
  pool: TinypoolLike;
  size: number;
  active: number;
  retired: boolean;
  /** Fail the searches using the pool. */
  failures: Set<(error: unknown) => void>;
}

let poolClass: Promise<TinypoolClass> | undefined;
let shared: Shared | undefined;
/** Set once workers refused the parent's flags (some process-wide ones are); then they get none. */
let plainArgv = false;

function loadPool(): Promise<TinypoolClass> {
  poolClass ??= (import(/* @vite-ignore */ POOL_MODULE) as Promise<{ default: TinypoolClass }>).then(
    (m) => m.default,
  );
  return poolClass;
}

function newPool(Pool: TinypoolClass, size: number): TinypoolLike {
  return new Pool({
    filename: workerFile().href,
    // No workers kept when idle: all of them end after IDLE_MS without a task.
    minThreads: 0,
    maxThreads: size,
    idleTimeout: IDLE_MS,
    // The worker runs its tasks one after another; the second waits there, not here.
    concurrentTasksPerWorker: PIECES_PER_WORKER,
    execArgv: plainArgv ? [] : workerExecArgv(),
  });
}

/** Watches the current pool of `s`. */
function watch(s: Shared): void {
  const pool = s.pool;
  // A worker that fails before taking a task (its file did not load) is reported here, not to a
  // task, and the tasks queued for it would wait forever: fail the searches and drop the pool.
  pool.on('error', (error) => {
    if (s.pool !== pool) return;
    if (shared === s) shared = undefined;
    s.retired = true;
    for (const fail of s.failures) fail(error);
    void pool.destroy();
  });
}

function retire(s: Shared): void {
  s.retired = true;
  if (s.active === 0) void s.pool.destroy();
}

/** The pool for a search on `threads` threads, counted as in use until release(). */
async function acquire(threads: number): Promise<Shared> {
  const Pool = await loadPool();
  let s = shared;
  if (s === undefined || s.size < threads) {
    if (s !== undefined) retire(s);
    s = { Pool, pool: newPool(Pool, threads), size: threads, active: 0, retired: false, failures: new Set() };
    watch(s);
    shared = s;
  }
  s.active++;
  return s;
}

function release(s: Shared): void {
  s.active--;
  if (s.retired && s.active === 0) void s.pool.destroy();
}

/**
 * Runs a task on the pool. tinypool starts workers synchronously, so flags a worker refuses throw
 * here; the pool is then replaced, synchronously (pieces are submitted in one go), by one whose
 * workers get no flags.
 */
function submit(s: Shared, task: WorkerTask, transferList: unknown[]): Promise<unknown> {
  const pool = s.pool;
  try {
    return pool.run(task, { transferList });
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return Promise.reject(e);
    if (s.pool === pool) {
      if (plainArgv) return Promise.reject(e);
      plainArgv = true;
      s.pool = newPool(s.Pool, s.size);
      watch(s);
      void pool.destroy();
    }
    return submit(s, task, transferList);
  }
}

/**
 * Ends the pool's worker threads now (optional: idle workers never keep the process alive, and
 * end by themselves after a while). A later threaded search starts a new pool.
 */
export async function closeThreads(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s !== undefined) {
    s.retired = true;
    await s.pool.destroy();
  }
}

/** Ids of compiled kernels, so a worker instantiates each one once. */
const moduleIds = new WeakMap<WasmModule, number>();
let nextModuleId = 1;

function moduleId(module: WasmModule): number {
  let id = moduleIds.get(module);
  if (id === undefined) {
    id = nextModuleId++;
    moduleIds.set(module, id);
  }
  return id;
}

type ChannelClass = new () => { port1: MessagePort; port2: MessagePort };

/**
 * Index boundaries that fall between whole prefixes ("leaves"), so no piece pays for partial leaves
 * at its ends: a multiple of the shortest run of trailing layers with at least as many combinations
 * as the engine's suffix tables hold (their size divides it).
 */
function pieceUnit(sweep: NormalizedSweep, tuning: WorkerTuning | undefined): number {
  const maxEntries = tuning?.maxSuffixEntries ?? DEFAULT_MAX_SUFFIX_ENTRIES;
  const radix = radices(sweep);
  let unit = 1;
  for (let l = radix.length - 1; l >= 0 && unit < maxEntries; l--) unit *= radix[l]!;
  return unit;
}

/** Hands out [start, end) in shrinking contiguous pieces (guided self-scheduling). */
class Pieces {
  private pos: number;
  private readonly minSize: number;

  constructor(
    start: number,
    private readonly end: number,
    private readonly threads: number,
    private readonly unit: number,
  ) {
    this.pos = start;
    this.minSize = Math.ceil((end - start) / (MIN_PIECE_SHARE * threads));
  }

  next(): { start: number; end: number } | undefined {
    if (this.pos >= this.end) return undefined;
    const start = this.pos;
    const size = Math.max(this.minSize, Math.ceil((this.end - start) / (GUIDE * this.threads)));
    // Round the end to a unit boundary, at least one unit ahead, or take the rest.
    let end = Math.ceil((start + size) / this.unit) * this.unit;
    if (end >= this.end || this.end - end < this.minSize / 4) end = this.end;
    this.pos = end;
    return { start, end };
  }
}

export interface ThreadRun {
  sweep: NormalizedSweep;
  start: bigint;
  end: bigint;
  threads: number;
  backend: Backend;
  module: WasmModule | undefined;
  signal?: AbortSignal;
  /** Combinations of this run done so far. */
  onProgress?: (done: bigint) => void;
  tuning?: WorkerTuning;
}

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
  let i = 7;
  const candidates = (count: number) => {
    const out = [];
    for (let k = 0; k < count; k++, i += 3) out.push(candidate(sweep, n(i + 2), n(i + 1), n(i)));
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
    backend,
    elapsedMs,
    range,
    complete: n(3) === 1,
    nextIndex: BigInt(n(2)),
    total: sweep.total,
    spaceId: spaceId(sweep),
  };
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

/** A piece handed to a worker, and its packed result once done. */
interface Slot {
  done?: { packed: Float64Array; range: { start: bigint; end: bigint }; elapsedMs: number };
}

function rethrow(error: WorkerOutcome & { type: 'error' }): never {
  const { message, code, path } = error.error;
  throw code === undefined ? new Error(message) : new RfError(code as RfErrorCode, message, path);
}

export async function runThreads(run: ThreadRun): Promise<SweepResult> {
  const t0 = performance.now();
  const { sweep, start, end, threads } = run;
  if (run.signal?.aborted) return emptyResult(sweep, start, end, run.backend);

  const s = await acquire(threads);
  const pieces = new Pieces(Number(start), Number(end), threads, pieceUnit(sweep, run.tuning));
  // Shared with every task: set on abort or failure, read by the workers between chunks.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const halt = () => Atomics.store(stop, 0, 1);
  run.signal?.addEventListener('abort', halt, { once: true });
  const module = run.module === undefined ? undefined : { module: run.module, id: moduleId(run.module) };
  // Web-compatible MessageChannel: a global in Node, no import needed.
  const Channel = (globalThis as unknown as { MessageChannel: ChannelClass }).MessageChannel;

  /** Pieces in range order (they are handed out in order). */
  const handed: Slot[] = [];
  /** Progress of the running pieces. */
  const running = new Map<Slot, number>();
  let finished = 0;
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    failure ??= { error };
    halt();
  };
  s.failures.add(fail);
  const report = (): void => {
    if (run.onProgress === undefined || Atomics.load(stop, 0) !== 0) return;
    let done = finished;
    for (const r of running.values()) done += r;
    try {
      run.onProgress(BigInt(done));
    } catch (error) {
      fail(error);
    }
  };

  const runPiece = async (piece: { start: number; end: number }, slot: Slot): Promise<void> => {
    const range = { start: BigInt(piece.start), end: BigInt(piece.end) };
    // Progress comes back on a port of its own (tinypool's channel carries only the result).
    const channel = run.onProgress === undefined ? undefined : new Channel();
    if (channel !== undefined) {
      running.set(slot, 0);
      channel.port1.on('message', (done: number) => {
        if (!running.has(slot)) return;
        running.set(slot, done);
        report();
      });
    }
    const task: WorkerTask = {
      sweep,
      ...range,
      backend: run.backend,
      module: module?.module,
      moduleId: module?.id,
      tuning: run.tuning,
      stop,
      progressMs: PROGRESS_MS,
      progress: channel?.port2,
    };
    try {
      const outcome = (await submit(s, task, channel === undefined ? [] : [channel.port2])) as WorkerOutcome;
      if (outcome.type === 'error') rethrow(outcome);
      // Decoded only at the end: the main thread stays quiet while the workers run.
      slot.done = { packed: outcome.result, range, elapsedMs: outcome.elapsedMs };
      running.delete(slot);
      finished += outcome.result[0]!;
      report();
    } catch (error) {
      fail(error);
    } finally {
      running.delete(slot);
      channel?.port1.close();
    }
  };

  const perWorker = run.onProgress === undefined && s.size === threads ? PIECES_PER_WORKER : 1;
  try {
    await new Promise<void>((resolve) => {
      let active = 0;
      const launch = (): void => {
        const piece = Atomics.load(stop, 0) === 0 ? pieces.next() : undefined;
        if (piece === undefined) {
          if (active === 0) resolve();
          return;
        }
        const slot: Slot = {};
        handed.push(slot);
        active++;
        void runPiece(piece, slot).finally(() => {
          active--;
          // The next piece goes out only after onProgress ran, so an abort from it starts no more.
          launch();
        });
      };
      for (let k = 0; k < perWorker * threads; k++) launch();
    });
  } finally {
    run.signal?.removeEventListener('abort', halt);
    s.failures.delete(fail);
    release(s);
  }
  if (failure !== undefined) throw failure.error;

  // The pieces done without a gap from the start; a partial one ends the run.
  const parts: SweepResult[] = [];
  for (const { done } of handed) {
    if (done === undefined) break;
    const result = unpackResult(sweep, done.packed, done.range, run.backend, done.elapsedMs);
    parts.push(result);
    if (!result.complete) break;
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

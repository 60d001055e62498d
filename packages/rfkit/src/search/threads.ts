// Splitting a search over worker threads (Node only). Loaded lazily by search() when threads > 1,
// so nothing here reaches a browser bundle's static graph: node:worker_threads is imported by a
// computed specifier at run time.
//
// One pool of workers lives across calls (starting a worker costs far more than a short search):
// created on first use, grown to the largest thread count asked for, and unref'd while idle so it
// never keeps the process alive; idle workers end after IDLE_MS. Each worker gets the compiled
// kernel and the space once and keeps one kernel instance.
//
// A search hands out contiguous pieces of its range to its `threads` workers (up to two queued per
// worker, so none waits for a round trip), large first and shrinking (guided self-scheduling): few
// pieces, yet the last ones are small enough to even out the uneven work pruning leaves. Workers
// return results as packed numbers, decoded at the end. Results merge exactly (mergeResults); on
// abort (a shared flag), every worker stops at its next chunk, queued pieces do not start, and the
// pieces done without a gap from the start (the last one possibly partial) form the result,
// resumable from its nextIndex.

import type { Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';
import { RfError, type RfErrorCode } from '../errors.js';
import type { Backend, NormalizedSweep, SweepResult } from '../types.js';
import { radices } from './cost.js';
import { candidate } from './engine.js';
import { mergeResults } from './merge.js';
import { spaceId } from './normalize.js';
import { DEFAULT_MAX_SUFFIX_ENTRIES } from './plan.js';
import type { WasmModule } from './wasm-api.js';
import type { WorkerReply, WorkerTask, WorkerTuning } from './worker.js';

/** workerData key marking the pool's workers (worker.ts serves only workers that carry it). */
const WORKER_MARK = 'rfkitSearchWorker';

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

// A computed specifier keeps bundlers from pulling Node's worker module into browser builds.
const WORKER_THREADS = ['node:', 'worker_threads'].join('');

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

interface Pending {
  resolve: (r: { packed: Float64Array; elapsedMs: number }) => void;
  reject: (e: unknown) => void;
  progress?: (done: number) => void;
}

type WorkerClass = new (file: URL, options: WorkerOptions) => NodeWorker;

/** One worker thread: referenced (keeps the process alive) only while it has tasks. */
class PoolWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** What this worker already holds, so tasks need not carry it again. */
  private sentModule: WasmModule | undefined;
  private sentSweep: NormalizedSweep | undefined;
  private dead = false;

  constructor(
    private readonly worker: NodeWorker,
    private readonly onIdle: () => void,
    onExit: (w: PoolWorker) => void,
  ) {
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.receive(reply));
    worker.on('error', (e: Error) => this.fail(e));
    worker.on('exit', (code: number) => {
      this.dead = true;
      this.fail(new Error(`an rfkit search worker stopped (exit code ${code})`));
      onExit(this);
    });
  }

  get load(): number {
    return this.pending.size;
  }

  run(
    task: Omit<WorkerTask, 'type' | 'id' | 'sweep' | 'module'>,
    sweep: NormalizedSweep,
    module: WasmModule | undefined,
    progress?: (done: number) => void,
  ): Promise<{ packed: Float64Array; elapsedMs: number }> {
    if (this.dead) return Promise.reject(new Error('an rfkit search worker stopped'));
    const id = this.nextId++;
    const message: WorkerTask = { ...task, type: 'task', id };
    if (sweep !== this.sentSweep) {
      message.sweep = sweep;
      this.sentSweep = sweep;
    }
    if (module !== undefined && module !== this.sentModule) {
      message.module = module;
      this.sentModule = module;
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage(message);
    });
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) {
      this.worker.unref();
      this.onIdle();
    }
    return p;
  }

  private receive(reply: WorkerReply): void {
    if (reply.type === 'progress') {
      this.pending.get(reply.id)?.progress?.(reply.done);
    } else if (reply.type === 'done') {
      this.settle(reply.id)?.resolve({ packed: reply.result, elapsedMs: reply.elapsedMs });
    } else {
      // The worker may have dropped what it was sent (a kernel that failed to instantiate).
      this.sentModule = undefined;
      this.sentSweep = undefined;
      const { message, code, path } = reply.error;
      this.settle(reply.id)?.reject(
        code === undefined ? new Error(message) : new RfError(code as RfErrorCode, message, path),
      );
    }
  }

  private fail(error: unknown): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    this.worker.unref();
    for (const p of all) p.reject(error);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

class Pool {
  private readonly workers: PoolWorker[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly Worker: WorkerClass) {}

  /** `count` workers, the least busy first; starts new ones as needed. */
  take(count: number): PoolWorker[] {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    while (this.workers.length < count) {
      const file = workerFile();
      const workerData = { [WORKER_MARK]: true };
      let worker: NodeWorker;
      try {
        worker = new this.Worker(file, { execArgv: workerExecArgv(), workerData });
      } catch (e) {
        // Some process-wide Node/V8 flags are refused in workers; they are not needed there.
        if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
        worker = new this.Worker(file, { execArgv: [], workerData });
      }
      this.workers.push(
        new PoolWorker(
          worker,
          () => this.checkIdle(),
          (w) => this.remove(w),
        ),
      );
    }
    return [...this.workers].sort((a, b) => a.load - b.load).slice(0, count);
  }

  private remove(w: PoolWorker): void {
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
  }

  private checkIdle(): void {
    if (this.idleTimer !== undefined || this.workers.some((w) => w.load > 0)) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.workers.some((w) => w.load > 0)) return;
      void this.close();
    }, IDLE_MS);
    // The timer must not keep the process alive either.
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  async close(): Promise<void> {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.terminate()));
  }
}

let pool: Promise<Pool> | undefined;

function getPool(): Promise<Pool> {
  pool ??= (import(/* @vite-ignore */ WORKER_THREADS) as Promise<{ Worker: WorkerClass }>).then(
    ({ Worker }) => new Pool(Worker),
  );
  return pool;
}

/**
 * Ends the pool's worker threads now (optional: idle workers never keep the process alive, and
 * end by themselves after a while). A later threaded search starts a new pool.
 */
export async function closeThreads(): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p !== undefined) await (await p).close();
}

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

/** A piece handed to a worker, and its packed result once done. */
interface Slot {
  done?: { packed: Float64Array; range: { start: bigint; end: bigint }; elapsedMs: number };
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

export async function runThreads(run: ThreadRun): Promise<SweepResult> {
  const t0 = performance.now();
  const { sweep, start, end, threads } = run;
  if (run.signal?.aborted) return emptyResult(sweep, start, end, run.backend);

  const workers = (await getPool()).take(threads);
  const pieces = new Pieces(Number(start), Number(end), threads, pieceUnit(sweep, run.tuning));
  // Shared with every task: set on abort or failure, read by the workers between chunks.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const halt = () => Atomics.store(stop, 0, 1);
  run.signal?.addEventListener('abort', halt, { once: true });

  /** Pieces in range order (they are handed out in order). */
  const handed: Slot[] = [];
  const running = new Array<number>(workers.length).fill(0);
  let finished = 0;
  let failure: { error: unknown } | undefined;
  const report = (): void => {
    if (run.onProgress === undefined || Atomics.load(stop, 0) !== 0) return;
    let done = finished;
    for (const r of running) done += r;
    try {
      run.onProgress(BigInt(done));
    } catch (error) {
      failure ??= { error };
      halt();
    }
  };

  const runPiece = async (lane: number, piece: { start: number; end: number }, slot: Slot): Promise<void> => {
    const range = { start: BigInt(piece.start), end: BigInt(piece.end) };
    try {
      const { packed, elapsedMs } = await workers[lane]!.run(
        {
          ...range,
          backend: run.backend,
          tuning: run.tuning,
          stop,
          progressMs: run.onProgress === undefined ? Number.POSITIVE_INFINITY : PROGRESS_MS,
        },
        sweep,
        run.module,
        (done) => {
          running[lane] = done;
          report();
        },
      );
      // Decoded only at the end: the main thread stays quiet while the workers run.
      slot.done = { packed, range, elapsedMs };
      running[lane] = 0;
      finished += packed[0]!;
      report();
    } catch (error) {
      failure ??= { error };
      halt();
    }
  };

  try {
    await new Promise<void>((resolve) => {
      let active = 0;
      const launch = (lane: number): void => {
        const piece = Atomics.load(stop, 0) === 0 ? pieces.next() : undefined;
        if (piece === undefined) {
          if (active === 0) resolve();
          return;
        }
        const slot: Slot = {};
        handed.push(slot);
        active++;
        void runPiece(lane, piece, slot).finally(() => {
          active--;
          // The next piece goes out only after onProgress ran, so an abort from it starts no more.
          launch(lane);
        });
      };
      const queued = run.onProgress === undefined ? PIECES_PER_WORKER : 1;
      for (let k = 0; k < queued; k++) {
        for (let lane = 0; lane < workers.length; lane++) launch(lane);
      }
    });
  } finally {
    run.signal?.removeEventListener('abort', halt);
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

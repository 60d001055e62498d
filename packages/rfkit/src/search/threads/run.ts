// Splitting a search over worker threads (Node only). Loaded lazily by search() when threads > 1,
// so nothing here reaches a browser bundle's static graph.
//
// A search hands out contiguous pieces of its range (pieces.ts; up to two queued per worker, so
// none waits for a round trip) to the shared pool (pool.ts). Every task carries the compiled
// kernel (a WebAssembly.Module clones cheaply); each worker instantiates it once per module and
// reuses that instance. Workers return results as packed numbers (protocol.ts), decoded at the
// end. Results merge exactly (mergeResults); on abort (a shared flag), every worker stops at its
// next chunk, queued pieces return at once, and the pieces done without a gap from the start (the
// last one possibly partial) form the result, resumable from its nextIndex.

import type { MessagePort } from 'node:worker_threads';
import type { Backend, NormalizedSweep, SweepResult } from '../../types.js';
import type { WasmModule } from '../backend/wasm-api.js';
import type { SearchTuning } from '../engine/sweep/run.js';
import { coversSpace, emptyResult } from '../result/build.js';
import { mergeResults } from '../result/merge.js';
import { Pieces, pieceUnit } from './pieces.js';
import { acquire, release, submit, TASKS_PER_WORKER } from './pool.js';
import { errorFromWire, unpackResult, type WorkerOutcome, type WorkerTask } from './protocol.js';

export { closeThreads } from './pool.js';

/** Running tasks report progress at most this often (ms); finished pieces always report. */
const PROGRESS_MS = 50;

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
  tuning?: SearchTuning;
  /** The workers' entry file (SearchOptions.workerUrl); default rfkit's own. */
  workerUrl?: string | { href: string };
}

/** A piece handed to a worker, and its packed result once done. */
interface Slot {
  done?: { packed: Float64Array; range: { start: bigint; end: bigint }; elapsedMs: number };
}

export async function runThreads(run: ThreadRun): Promise<SweepResult> {
  const t0 = performance.now();
  const { sweep, start, end, threads } = run;
  if (run.signal?.aborted) return emptyResult(sweep, start, end, run.backend);

  const s = await acquire(threads, run.workerUrl);
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
      if (outcome.type === 'error') throw errorFromWire(outcome.error);
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

  // With onProgress one piece per worker, so that after an abort from onProgress no further piece starts.
  const perWorker = run.onProgress === undefined && s.size === threads ? TASKS_PER_WORKER : 1;
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
    if (result.nextIndex < result.range.end) break;
  }
  const merged = parts.length === 0 ? emptyResult(sweep, start, end, run.backend) : mergeResults(parts);
  return {
    ...merged,
    range: { start, end },
    complete: coversSpace({ start, end }, merged.nextIndex, sweep.total),
    backend: run.backend,
    elapsedMs: performance.now() - t0,
  };
}

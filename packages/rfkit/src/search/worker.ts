// Worker-thread entry (Node only): searches index ranges of a space, one task at a time, for the
// persistent pool of threads.ts. Built as its own tsup entry (dist/worker.js and dist/worker.cjs).
// The compiled kernel and the space arrive once per worker (not with every task), and one kernel
// instance serves all tasks, so a task costs little more than its own sweep.

import { parentPort, workerData } from 'node:worker_threads';
import type { Backend, NormalizedSweep } from '../types.js';
import { type EngineOptions, runRange } from './engine.js';
import { jsKernel, type Kernel, wasmKernel } from './kernel.js';
import { packResult } from './threads.js';
import type { WasmModule } from './wasm-api.js';

export type WorkerTuning = Pick<
  EngineOptions,
  'maxSuffixEntries' | 'maxCostCells' | 'chunkLeaves' | 'keyCapacity'
>;

/** Main thread → worker: search [start, end). */
export interface WorkerTask {
  type: 'task';
  id: number;
  /** The space; omitted when it is the one of this worker's previous task. */
  sweep?: NormalizedSweep;
  start: bigint;
  end: bigint;
  backend: Backend;
  /** The compiled kernel; sent once per worker, then omitted. Required before a `wasm` task. */
  module?: WasmModule;
  tuning?: WorkerTuning;
  /** Shared stop flag of the search: non-zero stops this task between chunks, or before it starts. */
  stop: Int32Array;
  /** Post progress at most this often (ms) while the task runs. */
  progressMs: number;
}

/** Worker → main thread. */
export type WorkerReply =
  | { type: 'progress'; id: number; done: number }
  | { type: 'done'; id: number; result: Float64Array; elapsedMs: number }
  | { type: 'error'; id: number; error: { message: string; code?: string; path?: string } };

let sweep: NormalizedSweep | undefined;
let kernel: Promise<Kernel> | undefined;
/** Tasks run one after another: they share the kernel's memory. */
let queue: Promise<void> = Promise.resolve();

async function run(task: WorkerTask, post: (reply: WorkerReply) => void): Promise<void> {
  if (task.sweep !== undefined) sweep = task.sweep;
  if (task.module !== undefined) kernel = wasmKernel(task.module);
  if (sweep === undefined) throw new Error('rfkit worker: a task arrived without its space');
  let k: Kernel;
  if (task.backend === 'wasm') {
    if (kernel === undefined) throw new Error('rfkit worker: a wasm task arrived without the kernel');
    k = await kernel;
  } else {
    k = jsKernel();
  }
  let last = performance.now();
  const result = await runRange(sweep, k, task.start, task.end, {
    ...task.tuning,
    shouldStop: () => Atomics.load(task.stop, 0) !== 0,
    onProgress: (done) => {
      const now = performance.now();
      if (now - last < task.progressMs) return;
      last = now;
      post({ type: 'progress', id: task.id, done });
    },
  });
  post({ type: 'done', id: task.id, result: packResult(result), elapsedMs: result.elapsedMs });
}

function describe(e: unknown): { message: string; code?: string; path?: string } {
  if (e instanceof Error) {
    const { code, path } = e as { code?: unknown; path?: unknown };
    return {
      message: e.message,
      code: typeof code === 'string' ? code : undefined,
      path: typeof path === 'string' ? path : undefined,
    };
  }
  return { message: String(e) };
}

/** Set in workerData by the pool (threads.ts), so a user's own worker that bundles this file stays untouched. */
const WORKER_MARK = 'rfkitSearchWorker';

const port = parentPort;
if (port !== null && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true) {
  const post = (reply: WorkerReply) => port.postMessage(reply);
  port.on('message', (task: WorkerTask) => {
    queue = queue
      .then(() => run(task, post))
      .catch((e: unknown) => {
        // A failed kernel instantiation must not poison later tasks.
        if (task.module !== undefined) kernel = undefined;
        post({ type: 'error', id: task.id, error: describe(e) });
      });
  });
}

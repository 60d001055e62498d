// Worker-thread entry (Node only): the tinypool task handler of run.ts, searching one index range
// of a space per task. Built as its own tsup entry (dist/worker.js and dist/worker.cjs).
// Every task carries the compiled kernel, but a worker instantiates each kernel (by its id) once
// and serves all later tasks with that instance, so a task costs little more than its own sweep.

import { jsKernel } from '../backend/js.js';
import type { Kernel } from '../backend/kernel.js';
import { wasmKernel } from '../backend/wasm.js';
import { runRange } from '../engine/sweep/run.js';
import { errorToWire, packResult, WORKER_PROTOCOL, type WorkerOutcome, type WorkerTask } from './protocol.js';

/** Says which protocol this entry speaks (the main thread checks it before starting workers). */
export const rfkitWorker = WORKER_PROTOCOL;

let kernel: { id: number; instance: Promise<Kernel> } | undefined;
/** Tasks run one after another: they share the kernel's memory. */
let queue: Promise<void> = Promise.resolve();

function kernelFor(task: WorkerTask): Promise<Kernel> {
  if (task.backend !== 'wasm') return Promise.resolve(jsKernel());
  if (task.module === undefined) throw new Error('rfkit worker: a wasm task arrived without the kernel');
  const id = task.moduleId ?? -1;
  if (kernel?.id !== id || id < 0) {
    const instance = wasmKernel(task.module);
    kernel = { id, instance };
    // A kernel that failed to instantiate must not poison later tasks.
    instance.catch(() => {
      if (kernel?.instance === instance) kernel = undefined;
    });
  }
  return kernel.instance;
}

async function search(task: WorkerTask): Promise<WorkerOutcome> {
  const k = await kernelFor(task);
  let last = performance.now();
  const result = await runRange(task.sweep, k, task.start, task.end, {
    ...task.tuning,
    shouldStop: () => Atomics.load(task.stop, 0) !== 0,
    onProgress:
      task.progress &&
      ((done) => {
        const now = performance.now();
        if (now - last < task.progressMs) return;
        last = now;
        task.progress?.postMessage(done);
      }),
  });
  return { type: 'done', result: packResult(result), elapsedMs: result.elapsedMs };
}

/**
 * Resolves on a later turn of the event loop. tinypool posts a task's reply a few microtasks after
 * the handler settles; starting the next task (a sweep that may hold the thread for a whole piece)
 * only after that keeps the reply, and so the next piece from the main thread, from waiting.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** tinypool's handler: runs the task after this worker's earlier ones. */
export default function runTask(task: WorkerTask): Promise<WorkerOutcome> {
  const outcome = queue.then(() => search(task));
  queue = outcome.then(nextTurn, nextTurn);
  return outcome
    .catch((e: unknown): WorkerOutcome => ({ type: 'error', error: errorToWire(e) }))
    .finally(() => task.progress?.close());
}

// Worker-thread entry (Node only): searches one index range of a space. Built as its own tsup entry
// (dist/worker.js and dist/worker.cjs); threads.ts runs it through a tinypool pool. The compiled
// kernel arrives with the task, so this bundle does not carry the wasm bytes.

import type { Backend, NormalizedSweep, SweepResult } from '../types.js';
import { type EngineOptions, runRange } from './engine.js';
import { jsKernel, wasmKernel } from './kernel.js';
import type { WasmModule } from './wasm-api.js';

export interface WorkerTask {
  sweep: NormalizedSweep;
  start: bigint;
  end: bigint;
  backend: Backend;
  /** The compiled kernel (structured-cloned into the worker); required for `wasm`. */
  module?: WasmModule;
  tuning?: Pick<EngineOptions, 'maxSuffixEntries' | 'maxCostCells' | 'chunkLeaves' | 'keyCapacity'>;
}

export default async function runTask(task: WorkerTask): Promise<SweepResult> {
  const kernel =
    task.backend === 'wasm' && task.module !== undefined ? await wasmKernel(task.module) : jsKernel();
  return runRange(task.sweep, kernel, task.start, task.end, task.tuning);
}

// Runs a task in a worker thread that is killed when one of its cases takes too long or its memory
// passes a limit: the limits tests and the fuzz suite must fail — not hang or take the machine
// down — when an input makes the library loop or allocate without bound. No speed is asserted:
// the time limits are generous watchdogs only.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));
/** The built library: the tasks run the public bundle, as users get it. */
export const DIST = join(here, '..', '..', 'dist', 'index.js');

export type Outcome<T> =
  | { kind: 'result'; value: T }
  | { kind: 'failure'; error: { name?: string; message: string; stack: string } }
  | { kind: 'timeout'; case: string; ms: number }
  | { kind: 'crash'; case: string; message: string };

export interface BoundedOptions {
  /** Longest a single case may run (default 5 s). */
  caseMs?: number;
  /** Heap limit of the worker (default 512 MiB). */
  memoryMb?: number;
}

/**
 * Runs `tasks[name](input, report)` from the module `file` (a path relative to test/support) in a
 * worker. The task calls `report({ case })` when it starts each case; a case that runs longer than
 * `caseMs` kills the worker (outcome `timeout`), as does running out of memory (`crash`).
 */
export function runBounded<T>(
  file: string,
  name: string,
  input: unknown,
  options: BoundedOptions = {},
): Promise<Outcome<T>> {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`pnpm --filter rfkit build\` first`);
  const caseMs = options.caseMs ?? 5_000;
  const worker = new Worker(new URL('./bounded-worker.mjs', import.meta.url), {
    workerData: { module: join(here, file), name, input },
    resourceLimits: { maxOldGenerationSizeMb: options.memoryMb ?? 512 },
  });
  return new Promise((resolve) => {
    let current = '(loading)';
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (o: Outcome<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(o);
    };
    const watch = (label: string) => {
      current = label;
      clearTimeout(timer);
      const t0 = performance.now();
      timer = setTimeout(() => finish({ kind: 'timeout', case: label, ms: performance.now() - t0 }), caseMs);
    };
    worker.on('message', (m: { type: string; case?: string; value?: T; error?: never }) => {
      if (m.type === 'ready') watch('(start)');
      else if (m.type === 'case') watch(m.case ?? '?');
      else if (m.type === 'result') finish({ kind: 'result', value: m.value as T });
      else if (m.type === 'failure') finish({ kind: 'failure', error: m.error! });
    });
    worker.on('error', (e) => finish({ kind: 'crash', case: current, message: String(e.message) }));
    worker.on('exit', (code) =>
      finish({ kind: 'crash', case: current, message: `worker exited with ${code}` }),
    );
  });
}

/** The task's value, or a test failure that says what went wrong in the worker. */
export function taskValue<T>(o: Outcome<T>): T {
  if (o.kind === 'result') return o.value;
  if (o.kind === 'failure') throw new Error(`task failed: ${o.error.message}\n${o.error.stack}`);
  if (o.kind === 'timeout') throw new Error(`case ${o.case} still ran after ${Math.round(o.ms)} ms (killed)`);
  throw new Error(`the worker died in case ${o.case}: ${o.message}`);
}

// The worker-thread pool (Node only): one tinypool pool lives across calls (starting a worker
// costs far more than a short search): created on first use, recreated larger when more threads are
// asked for, and shared by concurrent searches. tinypool unrefs idle workers, so the pool never
// keeps the process alive, and ends them after IDLE_MS. The pool library is imported by a computed
// specifier at run time, which bundlers leave alone (webpack told so, it does not warn): nothing
// here reaches a browser bundle's static graph, and tinypool, which finds its own worker script
// next to its files, is never bundled. Where it cannot be imported (an app bundled without its
// node_modules), threads are unavailable and search() runs on the calling thread.

import { checkWorkerFile, workerFile } from './entry.js';
import type { WorkerTask } from './protocol.js';
import { ThreadsUnavailable } from './unavailable.js';

/** Idle workers end after this long without a task (ms). */
const IDLE_MS = 30_000;
/**
 * Tasks a worker holds at once: the next one waits in its queue, so it never idles for a round
 * trip to the main thread between pieces.
 */
export const TASKS_PER_WORKER = 2;

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

/** The pool and the searches using it; a replaced pool is destroyed once its last search ends. */
export interface Shared {
  Pool: TinypoolClass;
  pool: TinypoolLike;
  /** The worker entry's URL. */
  file: string;
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
  poolClass ??= (
    import(/* webpackIgnore: true */ /* @vite-ignore */ POOL_MODULE) as Promise<{ default: TinypoolClass }>
  ).then(
    (m) => m.default,
    (e: unknown) => {
      poolClass = undefined;
      throw new ThreadsUnavailable(
        `the thread pool (tinypool) could not be loaded: ${e instanceof Error ? e.message : String(e)}`,
      );
    },
  );
  return poolClass;
}

function newPool(Pool: TinypoolClass, file: string, size: number): TinypoolLike {
  return new Pool({
    filename: file,
    // No workers kept when idle: all of them end after IDLE_MS without a task.
    minThreads: 0,
    maxThreads: size,
    idleTimeout: IDLE_MS,
    // The worker runs its tasks one after another; the second waits there, not here.
    concurrentTasksPerWorker: TASKS_PER_WORKER,
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

/**
 * The pool for a search on `threads` threads whose workers run `workerUrl` (default: rfkit's own
 * entry), counted as in use until release(). Rejects with ThreadsUnavailable where threads cannot
 * start, and with RfError `invalid-argument` for a `workerUrl` that is no worker entry.
 */
export async function acquire(threads: number, workerUrl?: string | { href: string }): Promise<Shared> {
  const file = workerFile(workerUrl);
  const Pool = await loadPool();
  await checkWorkerFile(file, workerUrl !== undefined);
  let s = shared;
  if (s === undefined || s.size < threads || s.file !== file) {
    if (s !== undefined) retire(s);
    s = {
      Pool,
      pool: newPool(Pool, file, threads),
      file,
      size: threads,
      active: 0,
      retired: false,
      failures: new Set(),
    };
    watch(s);
    shared = s;
  }
  s.active++;
  return s;
}

export function release(s: Shared): void {
  s.active--;
  if (s.retired && s.active === 0) void s.pool.destroy();
}

/**
 * Runs a task on the pool. tinypool starts workers synchronously, so flags a worker refuses throw
 * here; the pool is then replaced, synchronously (pieces are submitted in one go), by one whose
 * workers get no flags.
 */
export function submit(s: Shared, task: WorkerTask, transferList: unknown[]): Promise<unknown> {
  const pool = s.pool;
  try {
    return pool.run(task, { transferList });
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return Promise.reject(e);
    if (s.pool === pool) {
      if (plainArgv) return Promise.reject(e);
      plainArgv = true;
      s.pool = newPool(s.Pool, s.file, s.size);
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

// Seeded, bounded fuzzing inside the test suite. Each target (test/fuzz/targets.ts) runs in a worker
// thread; every case must finish within a time limit, or the worker is stopped and the case is
// reported as a hang, with its input. The run count, seed and limit have CI defaults and can be
// raised for a local campaign (docs/fuzzing.md):
//   RFKIT_FUZZ_RUNS=100000 RFKIT_FUZZ_SEED=7 pnpm --filter rfkit exec vitest run test/fuzz
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface FuzzOptions {
  /** Cases in CI (RFKIT_FUZZ_RUNS overrides). */
  runs: number;
  /** Default 0x15 (RFKIT_FUZZ_SEED overrides). */
  seed?: number;
  /** Longest a case may take. Default 2000 ms (RFKIT_FUZZ_CASE_MS overrides). */
  caseMs?: number;
}

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${v}`);
  return n;
}

/** The settings a run uses, for the test name: env overrides applied. */
export function fuzzSettings(options: FuzzOptions): { runs: number; seed: number; caseMs: number } {
  return {
    runs: envNumber('RFKIT_FUZZ_RUNS') ?? options.runs,
    seed: envNumber('RFKIT_FUZZ_SEED') ?? options.seed ?? 0x15,
    caseMs: envNumber('RFKIT_FUZZ_CASE_MS') ?? options.caseMs ?? 2000,
  };
}

const WORKER = fileURLToPath(new URL('./fuzz-worker.mjs', import.meta.url));
const TARGETS = pathToFileURL(fileURLToPath(new URL('../fuzz/targets.ts', import.meta.url))).href;
/** Loading the targets (tsx compiles them) may take a while on a busy machine. */
const STARTUP_MS = 120_000;

/** Runs `target`; rejects with fast-check's report on a failure, or with the input of a hung case. */
export function fuzz(target: string, options: FuzzOptions): Promise<{ runs: number }> {
  const { runs, seed, caseMs } = fuzzSettings(options);
  const worker = new Worker(WORKER, { workerData: { targets: TARGETS, target, seed, runs } });
  return new Promise((resolve, reject) => {
    let last: { i: number; input: string } | null = null;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(
          new Error(
            last
              ? `hang: case ${last.i} of fuzz target "${target}" (seed ${seed}) ran longer than ${caseMs} ms; input: ${last.input}`
              : `fuzz target "${target}" did not start within ${STARTUP_MS} ms`,
          ),
        );
      }, ms);
    };
    arm(STARTUP_MS);
    worker.on(
      'message',
      (m: { type: string; i?: number; input?: string; failed?: boolean; report?: string; runs?: number }) => {
        if (m.type === 'case') {
          last = { i: m.i!, input: m.input! };
          arm(caseMs);
        } else if (m.type === 'ready') arm(caseMs);
        else if (m.type === 'done') {
          clearTimeout(timer);
          void worker.terminate();
          if (m.failed)
            reject(new Error(`fuzz target "${target}" (seed ${seed}, ${runs} runs):\n${m.report}`));
          else resolve({ runs: m.runs! });
        }
      },
    );
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`fuzz worker for "${target}" exited with ${code}`));
    });
  });
}

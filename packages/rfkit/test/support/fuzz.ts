// Seeded, bounded fuzzing inside the test suite. Each target (test/fuzz/targets.ts) runs in a watched
// worker (bounded.ts): every case must finish within a time limit, or the worker is stopped and the
// case is reported as a hang, with its input. The run count, seed and limit have CI defaults and
// can be raised for a local campaign (docs/fuzzing.md):
//   RFKIT_FUZZ_RUNS=100000 RFKIT_FUZZ_SEED=7 pnpm --filter rfkit exec vitest run test/fuzz
import { runBounded, taskValue } from './bounded.js';

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

/** Runs `target`; rejects with fast-check's report on a failure, or with the input of a hung case. */
export async function fuzz(target: string, options: FuzzOptions): Promise<{ runs: number }> {
  const { runs, seed, caseMs } = fuzzSettings(options);
  const outcome = await runBounded<{ runs: number; failed: boolean; message: string | null }>(
    '../fuzz/targets.ts',
    'runTarget',
    { target, seed, runs },
    { caseMs, memoryMb: 1024 },
  );
  if (outcome.kind === 'timeout') {
    throw new Error(
      `hang: fuzz target "${target}" (seed ${seed}): case ${outcome.case} ran longer than ${caseMs} ms`,
    );
  }
  const r = taskValue(outcome);
  if (r.failed) throw new Error(`fuzz target "${target}" (seed ${seed}, ${runs} runs):\n${r.message}`);
  return { runs: r.runs };
}

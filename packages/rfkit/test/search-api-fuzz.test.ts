// The search exports answer any junk with an RfError (or succeed): a seeded, bounded fuzz run in a
// worker that is killed when one call takes longer than a few seconds. A failure names the export
// and the seed; rerun with RFKIT_FUZZ_SEED=<seed> RFKIT_FUZZ_RUNS=<n> to explore further.
import { describe, expect, it } from 'vitest';
import { runBounded, taskValue } from './support/bounded.js';

const seed = Number(process.env.RFKIT_FUZZ_SEED ?? 15);
const runs = Number(process.env.RFKIT_FUZZ_RUNS ?? 3000);

describe('search exports under junk', () => {
  it(`answer every call with a result or an RfError (seed ${seed}, ${runs} calls)`, async () => {
    const outcome = await runBounded<{ calls: number; seen: Record<string, string[]> }>(
      'fuzz-tasks.ts',
      'fuzzSearchExports',
      { seed, runs },
      { caseMs: 10_000, memoryMb: 1024 },
    );
    const { calls, seen } = taskValue(outcome);
    expect(calls).toBe(runs);
    // Every export was reached, and junk was refused as such (not only accepted).
    for (const name of [
      'normalizeSweep',
      'count',
      'search',
      'searchSync',
      'mergeResults',
      'resultToJSON',
      'resultFromJSON',
      'shardRange',
    ]) {
      expect(seen[name], name).toBeDefined();
      expect(
        seen[name]!.some((o) => o !== 'ok'),
        name,
      ).toBe(true);
    }
  }, 600_000);
});

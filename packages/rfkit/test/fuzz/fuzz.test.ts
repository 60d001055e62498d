// Seeded, bounded fuzzing (docs/fuzzing.md): each target runs in a worker thread with a fixed
// seed; a case that throws anything but an RfError, breaks the compact round trip, disagrees with
// the oracle, or runs longer than its time limit fails the test with the input.
import { describe, expect, it } from 'vitest';
import * as rfkit from '../../src/index.js';
import { DATA_EXPORTS, SEARCH_EXPORTS } from '../support/exports.js';
import { fuzz, fuzzSettings } from '../support/fuzz.js';
import { API } from './targets.js';

/** Cases per target in CI: about 10–30 s each on a busy two-core machine. */
const RUNS: [target: string, runs: number, what: string][] = [
  ['compact', 1500, 'the compact parser: token soup, mutated and random text'],
  ['json', 1500, 'JSON models: random trees with the format keys, edge-case specs, JSON values'],
  ['mutated', 400, 'mutated zoo and random models'],
  ['oracleSmall', 300, 'small random models, lightly edited: analyze against the oracle'],
  ['api', 3000, 'every public function with junk arguments'],
];

describe('fuzzing', () => {
  it('the api target calls every public function outside the search', () => {
    const functions = Object.keys(rfkit).filter(
      (k) => !SEARCH_EXPORTS.includes(k) && !DATA_EXPORTS.includes(k),
    );
    expect(Object.keys(API).sort()).toEqual(functions.sort());
  });

  for (const [target, runs, what] of RUNS) {
    const s = fuzzSettings({ runs });
    it(
      `${target}: ${what} (${s.runs} cases, seed ${s.seed}, ${s.caseMs} ms each at most)`,
      async () => {
        const r = await fuzz(target, { runs });
        expect(r.runs).toBe(s.runs);
      },
      30 * 60_000,
    );
  }
});

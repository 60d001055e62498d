// The wasm and js backends against the naive evaluator, field for field, on random small spaces —
// with the internal knobs (suffix folding size, key-table size, chunk size) drawn too, so that every
// path of the kernel (deep prefixes, pruning, drains, partial leaves) runs on spaces small enough
// for the naive evaluator.

import { comparable, naiveSearch, smallSweep, wideSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src/search/backend/compile.js';
import { type SearchTuning, searchTuned } from '../src/search/search.js';
import { smallSpace } from './support/spaces.js';

const tuningArb: fc.Arbitrary<SearchTuning> = fc.record(
  {
    maxSuffixEntries: fc.constantFrom(1, 2, 3, 8, 40, 16384),
    keyCapacity: fc.constantFrom(2, 4, 16, 65536),
    chunkLeaves: fc.constantFrom(0, 1, 3),
  },
  { requiredKeys: [] },
);

beforeAll(async () => {
  await init();
});

describe('search backends agree with the naive evaluator', () => {
  it('on the shared small-space generator (wasm, js, naive)', async () => {
    await fc.assert(
      fc.asyncProperty(smallSweep(3000), tuningArb, async (spec, tuning) => {
        const sweep = smallSpace(spec, 6000n);
        fc.pre(sweep !== undefined);
        const expected = comparable(naiveSearch(sweep!));
        const wasm = await searchTuned(sweep!, { backend: 'wasm' }, tuning);
        const js = await searchTuned(sweep!, { backend: 'js' }, tuning);
        expect(wasm.backend).toBe('wasm');
        expect(js.backend).toBe('js');
        expect(comparable(wasm)).toEqual(expected);
        expect(comparable(js)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('on wider spaces: overrides of every list, every constraint, large tops', async () => {
    await fc.assert(
      fc.asyncProperty(wideSweep, tuningArb, async (spec, tuning) => {
        const sweep = smallSpace(spec, 6000n);
        fc.pre(sweep !== undefined);
        const expected = comparable(naiveSearch(sweep!));
        expect(comparable(await searchTuned(sweep!, { backend: 'wasm' }, tuning))).toEqual(expected);
        expect(comparable(await searchTuned(sweep!, { backend: 'js' }, tuning))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

// Shards, cancellation and resumption: every way of cutting a search up must give back exactly the
// uninterrupted result, on both backends.

import { comparable, naiveSearch, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src/search/backend/compile.js';
import { mergeResults } from '../src/search/result/merge.js';
import { type SearchTuning, search, searchTuned } from '../src/search/search.js';
import { shardRange } from '../src/search/space/range.js';
import type { Backend, SweepResult, SweepSpec } from '../src/types.js';
import { smallSpace } from './support/spaces.js';

const backendArb = fc.constantFrom<Backend>('wasm', 'js');
const tuningArb: fc.Arbitrary<SearchTuning> = fc.record({
  maxSuffixEntries: fc.constantFrom(1, 4, 30, 16384),
  chunkLeaves: fc.constantFrom(1, 2, 5),
  keyCapacity: fc.constantFrom(4, 65536),
});

beforeAll(async () => {
  await init();
});

describe('shards', () => {
  it('shard i of n covers [floor(i·N/n), floor((i+1)·N/n))', () => {
    expect(shardRange(10n, 0, 3)).toEqual({ start: 0n, end: 3n });
    expect(shardRange(10n, 1, 3)).toEqual({ start: 3n, end: 6n });
    expect(shardRange(10n, 2, 3)).toEqual({ start: 6n, end: 10n });
    expect(shardRange(2n, 1, 5)).toEqual({ start: 0n, end: 0n });
  });

  it('sharded and merged equals unsharded, and each shard equals the naive shard', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallSweep(2000),
        fc.integer({ min: 1, max: 7 }),
        backendArb,
        tuningArb,
        async (spec, count, backend, tuning) => {
          const sweep = smallSpace(spec, 3000n);
          fc.pre(sweep !== undefined);
          const whole = await searchTuned(sweep!, { backend }, tuning);
          const parts: SweepResult[] = [];
          for (let index = 0; index < count; index++) {
            const part = await searchTuned(sweep!, { backend, shard: { index, count } }, tuning);
            expect(comparable(part)).toEqual(comparable(naiveSearch(sweep!, part.range)));
            parts.push(part);
          }
          expect(comparable(mergeResults(parts))).toEqual(comparable(whole));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('abort and resume', () => {
  it('aborting after k chunks and resuming gives the uninterrupted result', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallSweep(2000),
        fc.integer({ min: 0, max: 12 }),
        fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
        backendArb,
        tuningArb,
        async (spec, k, shardIndex, backend, tuning) => {
          const sweep = smallSpace(spec, 3000n);
          fc.pre(sweep !== undefined);
          const shard = shardIndex === undefined ? undefined : { index: shardIndex, count: 3 };
          const whole = await searchTuned(sweep!, { backend, shard }, tuning);

          const controller = new AbortController();
          let calls = 0;
          const progress: bigint[] = [];
          if (k === 0) controller.abort();
          const partial = await searchTuned(
            sweep!,
            {
              backend,
              shard,
              signal: controller.signal,
              onProgress: (done, total) => {
                expect(total).toBe(whole.range.end - whole.range.start);
                progress.push(done);
                if (++calls === k) controller.abort();
              },
            },
            tuning,
          );
          // Progress is monotone and stops with the abort.
          expect([...progress].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(progress);
          // The abort lands right after the k-th chunk: no chunk runs after it.
          const unfinished = partial.nextIndex < partial.range.end;
          if (unfinished) expect(progress.length).toBe(k);
          expect(progress.length).toBeLessThanOrEqual(k === 0 ? 0 : Number.POSITIVE_INFINITY);
          expect(partial.range).toEqual(whole.range);
          expect(partial.evaluated).toBe(partial.nextIndex - partial.range.start);
          if (unfinished) {
            expect(partial.complete).toBe(false);
            expect(comparable({ ...partial, range: { ...partial.range, end: partial.nextIndex } })).toEqual(
              comparable(naiveSearch(sweep!, { start: partial.range.start, end: partial.nextIndex })),
            );
          } else {
            expect(comparable(partial)).toEqual(comparable(whole));
          }
          const resumed = await searchTuned(sweep!, { backend, shard, resume: partial }, tuning);
          expect(comparable(resumed)).toEqual(comparable(whole));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('an abort with worker threads returns a resumable partial result', async () => {
    const spec: SweepSpec = {
      depth: 6,
      choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
      constraints: { rf: { min: 10, max: 120 } },
      objective: 'params',
      top: 9,
    };
    const whole = await search(spec);
    const controller = new AbortController();
    let calls = 0;
    const partial = await search(spec, {
      threads: 2,
      signal: controller.signal,
      // Tasks finish in any order; the partial result keeps those done without a gap from the start.
      onProgress: () => {
        if (++calls === 3) controller.abort();
      },
    });
    expect(partial.complete).toBe(false);
    expect(partial.nextIndex).toBeLessThan(whole.total);
    expect(partial.evaluated).toBe(partial.nextIndex);
    const resumed = await search(spec, { threads: 2, resume: partial });
    expect(comparable(resumed)).toEqual(comparable(whole));
  });

  it('a signal aborted before the start covers nothing', async () => {
    const spec: SweepSpec = { depth: 3, choices: { kernel: [1, 3], stride: [1, 2] } };
    const controller = new AbortController();
    controller.abort();
    const r = await search(spec, { signal: controller.signal, shard: { index: 1, count: 2 } });
    expect(r).toMatchObject({ complete: false, evaluated: 0n, feasible: 0n, nextIndex: 32n, top: [] });
    expect(r.range).toEqual({ start: 32n, end: 64n });
  });
});

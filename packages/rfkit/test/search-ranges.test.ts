// Index ranges: search({ range }) covers exactly [start, end) — alone, with a shard of it, resumed,
// on threads and synchronously — and shardRange is the one shard formula.

import { comparable, naiveSearch, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRfError } from '../src/errors.js';
import { init } from '../src/search/backend/compile.js';
import { mergeResults } from '../src/search/result/merge.js';
import { type SearchTuning, search, searchSync, searchTuned } from '../src/search/search.js';
import type { SearchOptions } from '../src/search/search-options.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import { shardRange } from '../src/search/space/range.js';
import type { Backend, SweepSpec } from '../src/types.js';
import { errorOf } from './support/errors.js';
import { smallSpace } from './support/spaces.js';

/** A range [start, end) of [0, total) from two fractions. */
function rangeOf(total: bigint, a: number, b: number): { start: bigint; end: bigint } {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  const at = (f: number) => (total * BigInt(Math.round(f * 1e6))) / 1_000_000n;
  return { start: at(lo), end: at(hi) };
}

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const backendArb = fc.constantFrom<Backend>('wasm', 'js');
const tuningArb: fc.Arbitrary<SearchTuning> = fc.record({
  maxSuffixEntries: fc.constantFrom(1, 4, 30, 16384),
  chunkLeaves: fc.constantFrom(1, 2, 5),
  keyCapacity: fc.constantFrom(4, 65536),
});

const SPEC: SweepSpec = {
  depth: 6,
  choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 10, max: 120 } },
  objective: 'params',
  top: 9,
};

beforeAll(async () => {
  await init();
});

describe('search with a range', () => {
  it('covers exactly [start, end), like the naive evaluator, on both backends', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallSweep(2000),
        fraction,
        fraction,
        backendArb,
        tuningArb,
        async (spec, a, b, backend, tuning) => {
          const sweep = smallSpace(spec, 3000n);
          fc.pre(sweep !== undefined);
          const range = rangeOf(sweep!.total, a, b);
          const r = await searchTuned(sweep!, { backend, range }, tuning);
          expect(r.range).toEqual(range);
          expect(r.evaluated).toBe(range.end - range.start);
          expect(comparable(r)).toEqual(comparable(naiveSearch(sweep!, range)));
          expect(comparable(searchSync(sweep!, { backend, range }))).toEqual(comparable(r));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('with a shard takes shard i of n of the range; the shards merge into the range', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallSweep(2000),
        fraction,
        fraction,
        fc.integer({ min: 1, max: 5 }),
        async (spec, a, b, n) => {
          const sweep = smallSpace(spec, 3000n);
          fc.pre(sweep !== undefined);
          const range = rangeOf(sweep!.total, a, b);
          const parts = [];
          for (let i = 0; i < n; i++) {
            const part = await search(sweep!, { range, shard: { index: i, count: n } });
            const own = shardRange(range.end - range.start, i, n);
            expect(part.range).toEqual({ start: range.start + own.start, end: range.start + own.end });
            parts.push(part);
          }
          expect(comparable(mergeResults(parts))).toEqual(comparable(await search(sweep!, { range })));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('resumes a partial result of the same range, and refuses one of another', async () => {
    const total = normalizeSweep(SPEC).total;
    const range = { start: total / 5n, end: (total * 4n) / 5n };
    const whole = await search(SPEC, { range });
    const controller = new AbortController();
    let calls = 0;
    const partial = await search(SPEC, {
      range,
      signal: controller.signal,
      onProgress: (done, size) => {
        expect(size).toBe(range.end - range.start);
        expect(done).toBeLessThanOrEqual(size);
        if (++calls === 2) controller.abort();
      },
    });
    expect(partial.complete).toBe(false);
    expect(partial.range).toEqual(range);
    expect(comparable(await search(SPEC, { range, resume: partial }))).toEqual(comparable(whole));
    const other = await search(SPEC, { range: { start: 0n, end: range.end }, resume: partial }).catch(
      (e: unknown) => e,
    );
    expect(other).toMatchObject({ code: 'invalid-argument', path: 'resume' });
  });

  it('splits a range over worker threads to the single-thread result', async () => {
    const total = normalizeSweep(SPEC).total;
    const range = { start: 1234n, end: total - 777n };
    const one = comparable(await search(SPEC, { range }));
    expect(comparable(await search(SPEC, { range, threads: 2 }))).toEqual(one);
  });

  it('an empty range is a finished result that covers nothing (complete only means the whole space)', async () => {
    const r = await search(SPEC, { range: { start: 100n, end: 100n } });
    expect(r).toMatchObject({ complete: false, evaluated: 0n, feasible: 0n, nextIndex: 100n, top: [] });
  });

  it('refuses a range that is not BigInts inside [0, total], naming the field', async () => {
    const total = normalizeSweep(SPEC).total;
    const cases: [unknown, string][] = [
      [null, 'range'],
      [{ start: 0, end: 10n }, 'range.start'],
      [{ start: 0n, end: '10' }, 'range.end'],
      [{ start: -1n, end: 10n }, 'range.start'],
      [{ start: 10n, end: 5n }, 'range.end'],
      [{ start: 0n, end: total + 1n }, 'range.end'],
      [{ start: total + 1n, end: total + 2n }, 'range.start'],
    ];
    for (const [range, path] of cases) {
      const options = { range } as SearchOptions;
      const e = await search(SPEC, options).catch((x: unknown) => x);
      expect(isRfError(e, 'invalid-argument'), String(path)).toBe(true);
      expect(e).toMatchObject({ path });
      expect(errorOf(() => searchSync(SPEC, { ...options, backend: 'js' })).path).toBe(path);
    }
  });
});

describe('shardRange', () => {
  it('tiles [0, total) without gaps; shard i of n is the union of shards i·m … i·m+m−1 of n·m', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 60n }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 8 }),
        (total, n, m) => {
          let at = 0n;
          for (let i = 0; i < n; i++) {
            const s = shardRange(total, i, n);
            expect(s.start).toBe(at);
            expect(s.end).toBeGreaterThanOrEqual(s.start);
            expect(s).toEqual({
              start: shardRange(total, i * m, n * m).start,
              end: shardRange(total, i * m + m - 1, n * m).end,
            });
            at = s.end;
          }
          expect(at).toBe(total);
        },
      ),
    );
  });

  it('refuses bad arguments with invalid-argument, naming them', () => {
    expect(errorOf(() => shardRange(10n, 3, 3))).toMatchObject({ code: 'invalid-argument', path: 'index' });
    expect(errorOf(() => shardRange(10n, -1, 3)).path).toBe('index');
    expect(errorOf(() => shardRange(10n, 0.5, 3)).path).toBe('index');
    expect(errorOf(() => shardRange(10n, 0, 0)).path).toBe('count');
    expect(errorOf(() => shardRange(-1n, 0, 1)).path).toBe('total');
    expect(errorOf(() => shardRange(10 as unknown as bigint, 0, 1)).path).toBe('total');
  });
});

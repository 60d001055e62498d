// searchSync(): the synchronous form of search() on the calling thread — same result, field for field.

import { comparable, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { init } from '../src/search/backend/compile.js';
import { search, searchSync } from '../src/search/search.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import type { SweepSpec } from '../src/types.js';
import { errorOf } from './support/errors.js';

const REFERENCE_LIKE: SweepSpec = {
  depth: 6,
  choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 40, max: 200 }, stride: 8 },
  objective: 'params',
  top: 12,
};

describe('searchSync', () => {
  // Module state is per test file: this runs before anything here compiles the kernel.
  it('asks for init() before the wasm backend, and runs js without it', () => {
    const e = errorOf(() => searchSync(REFERENCE_LIKE));
    expect(e.code).toBe('invalid-argument');
    expect(e.message).toMatch(/await init\(\)/);
    expect(searchSync(REFERENCE_LIKE, { backend: 'js' }).backend).toBe('js');
  });

  it('returns a value, not a Promise, and equals search() for both backends', async () => {
    await init();
    const sync = searchSync(REFERENCE_LIKE);
    expect(sync).not.toBeInstanceOf(Promise);
    expect(sync.backend).toBe('wasm');
    const asyncResult = await search(REFERENCE_LIKE);
    expect(comparable(sync)).toEqual(comparable(asyncResult));
    expect(comparable(searchSync(REFERENCE_LIKE, { backend: 'js' }))).toEqual(comparable(asyncResult));
    expect(sync.feasible).toBeGreaterThan(0n);
  });

  it('equals search() on random small spaces and shards', async () => {
    await init();
    await fc.assert(
      fc.asyncProperty(smallSweep(), fc.integer({ min: 1, max: 4 }), async (spec, n) => {
        const shard = { index: n - 1, count: n };
        const expected = comparable(await search(spec, { shard }));
        expect(comparable(searchSync(spec, { shard }))).toEqual(expected);
        expect(comparable(searchSync(spec, { shard, backend: 'js' }))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('stops when onProgress aborts, and resumes to the uninterrupted result', async () => {
    await init();
    const spec = { ...REFERENCE_LIKE, depth: 9 };
    const whole = searchSync(spec);
    const controller = new AbortController();
    const partial = searchSync(spec, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 0n) controller.abort();
      },
    });
    expect(partial.complete).toBe(false);
    expect(partial.nextIndex).toBeGreaterThan(0n);
    expect(partial.nextIndex).toBeLessThan(normalizeSweep(spec).total);
    expect(comparable(searchSync(spec, { resume: partial }))).toEqual(comparable(whole));
  });

  it('refuses threads', () => {
    const e = errorOf(() => searchSync(REFERENCE_LIKE, { threads: 2 }));
    expect(e.code).toBe('invalid-argument');
    expect(e.path).toBe('threads');
  });
});

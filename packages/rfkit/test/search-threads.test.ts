// search({ threads }) against the single-thread result, from the TypeScript sources (the worker runs
// worker.ts through tsx); the built ESM and CJS bundles are checked by a separate test.

import { describe, expect, it } from 'vitest';
import { search } from '../src/search/search.js';
import type { SweepResult, SweepSpec } from '../src/types.js';

function comparable(r: SweepResult): Omit<SweepResult, 'backend' | 'elapsedMs'> {
  const { backend: _b, elapsedMs: _e, ...rest } = r;
  return rest;
}

const spec: SweepSpec = {
  depth: 6,
  choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 20, max: 90 }, stride: 4, inputSize: 64, minOutput: 8 },
  objective: 'flops',
  top: 7,
};

describe('search with worker threads', () => {
  it('threads: 2 gives the single-thread result (wasm and js)', async () => {
    const one = await search(spec, { threads: 1 });
    expect(one.feasible).toBeGreaterThan(0n);
    for (const backend of ['wasm', 'js'] as const) {
      const two = await search(spec, { threads: 2, backend });
      expect(two.backend).toBe(backend);
      expect(comparable(two)).toEqual(comparable(one));
    }
  });

  it('threads: 2 on a shard, with progress reaching the shard size', async () => {
    const shard = { index: 1, count: 3 };
    const one = await search(spec, { shard });
    const seen: bigint[] = [];
    const two = await search(spec, { shard, threads: 2, onProgress: (done) => seen.push(done) });
    expect(comparable(two)).toEqual(comparable(one));
    expect(seen.at(-1)).toBe(one.range.end - one.range.start);
  });
});

// search({ threads }) against the single-thread result, from the TypeScript sources (the worker runs
// worker.ts through tsx); the built ESM and CJS bundles are checked by a separate test.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparable } from '@rfkit/reference';
import { describe, expect, it } from 'vitest';
import { RfError } from '../src/errors.js';
import { search } from '../src/search/search.js';
import { closeThreads } from '../src/search/threads/run.js';
import type { SweepSpec } from '../src/types.js';

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

  it('reuses its workers: repeated, concurrent and different searches all match one thread', async () => {
    const other: SweepSpec = {
      depth: 5,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 3] },
      constraints: { rf: { min: 15, max: 60 } },
      objective: 'kernel-area',
      top: 4,
    };
    const one = comparable(await search(spec));
    const oneOther = comparable(await search(other));
    for (let i = 0; i < 3; i++) expect(comparable(await search(spec, { threads: 2 }))).toEqual(one);
    // Two searches at once share the pool: each worker runs its tasks one after another.
    const [a, b, c] = await Promise.all([
      search(spec, { threads: 2 }),
      search(other, { threads: 3 }),
      search(spec, { threads: 2, backend: 'js' }),
    ]);
    expect(comparable(a)).toEqual(one);
    expect(comparable(b)).toEqual(oneOther);
    expect(comparable(c)).toEqual(one);
  });

  it('an abort keeps the pieces done from the start, and the pool still searches correctly after', async () => {
    const big: SweepSpec = {
      depth: 7,
      choices: { kernel: [1, 3, 5, 7], stride: [1, 2], dilation: [1, 2] },
      constraints: { rf: { min: 30, max: 200 }, stride: 8 },
      objective: 'params',
      top: 6,
    };
    const whole = await search(big);
    for (const abortAfter of [1, 2, 4]) {
      const controller = new AbortController();
      let calls = 0;
      const partial = await search(big, {
        threads: 2,
        signal: controller.signal,
        onProgress: () => {
          if (++calls === abortAfter) controller.abort();
        },
      });
      expect(partial.complete).toBe(false);
      expect(partial.evaluated).toBe(partial.nextIndex);
      const resumed = await search(big, { threads: 2, resume: partial });
      expect(comparable(resumed)).toEqual(comparable(whole));
    }
    expect(comparable(await search(big, { threads: 2 }))).toEqual(comparable(whole));
  });

  it('a worker error keeps its RfError code and path, and the pool searches on after it', async () => {
    // A top above the engine's limit fails in the worker, on the first piece.
    const huge: SweepSpec = { ...spec, depth: 8, constraints: {}, objective: 'params', top: 2 ** 22 + 1 };
    for (const backend of ['wasm', 'js'] as const) {
      const error = await search(huge, { threads: 2, backend }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RfError);
      expect(error).toMatchObject({ code: 'invalid-argument', path: 'top' });
    }
    const one = comparable(await search(spec));
    expect(comparable(await search(spec, { threads: 2 }))).toEqual(one);
  });

  it('closeThreads ends the pool, and a later search starts a new one', async () => {
    const one = comparable(await search(spec));
    expect(comparable(await search(spec, { threads: 2 }))).toEqual(one);
    await closeThreads();
    await closeThreads();
    expect(comparable(await search(spec, { threads: 2 }))).toEqual(one);
    // A larger thread count replaces the pool; a smaller one then reuses it.
    expect(comparable(await search(spec, { threads: 4 }))).toEqual(one);
    expect(comparable(await search(spec, { threads: 2, backend: 'js' }))).toEqual(one);
    await closeThreads();
  });

  it('a script searching with threads exits by itself (built package; run `pnpm build` first)', () => {
    const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
    const dir = mkdtempSync(join(tmpdir(), 'rfkit-exit-'));
    try {
      const file = join(dir, 'main.mjs');
      writeFileSync(
        file,
        `const { search } = await import(${JSON.stringify(join(dist, 'index.js'))});
const spec = ${JSON.stringify(spec)};
const a = await search(spec, { threads: 2 });
const b = await search(spec, { threads: 3, backend: 'js' });
console.log(JSON.stringify({ feasible: [String(a.feasible), String(b.feasible)] }));
`,
      );
      // Also under a Node flag that worker threads refuse (their pool then starts them without).
      for (const flags of [[], ['--title=rfkit-test']]) {
        // Worker threads still holding the process would make this time out.
        const out = execFileSync(process.execPath, [...flags, file], { encoding: 'utf8', timeout: 30_000 });
        const { feasible } = JSON.parse(out.trim().split('\n').at(-1)!) as { feasible: string[] };
        expect(feasible[0]).toBe(feasible[1]);
        expect(BigInt(feasible[0]!)).toBeGreaterThan(0n);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Values past 32 bits, option errors, init() and the js fallback.

import { comparable, naiveSearch } from '@rfkit/reference';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isRfError } from '../src/errors.js';
import { init, kernelModule } from '../src/search/backend/compile.js';
import { type SearchTuning, search, searchTuned } from '../src/search/search.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import type { SweepSpec } from '../src/types.js';

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await p;
  } catch (e) {
    if (isRfError(e)) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  await init();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

const TUNINGS: SearchTuning[] = [
  {},
  { maxSuffixEntries: 1 },
  { maxSuffixEntries: 6, keyCapacity: 4, chunkLeaves: 2 },
];

describe('values beyond 32 bits stay exact', () => {
  const big = 2 ** 16;
  const cases: [string, SweepSpec][] = [
    [
      'rf, stride and kernel-area cost past 2^32',
      {
        depth: 4,
        choices: { kernel: [1, big + 1, 3], stride: [1, 2 ** 11], dilation: [1, 3] },
        top: 12,
      },
    ],
    [
      'rf and stride constraints near 2^40',
      {
        depth: 4,
        choices: { kernel: [2, 2 ** 12 + 1], stride: [2 ** 10, 2 ** 10 + 1], dilation: [1, 2 ** 8] },
        constraints: { stride: 2 ** 40, rf: { min: 2 ** 40, max: 2 ** 52 } },
        top: 5,
      },
    ],
    [
      'params past 2^40',
      {
        depth: 4,
        choices: { kernel: [1, 3, 5], stride: [1, 2] },
        channels: { in: 2 ** 20, base: 2 ** 20, growth: 2, max: 2 ** 21 },
        objective: 'params',
        top: 10,
      },
    ],
    [
      'flops past 2^40 with a large input',
      {
        depth: 3,
        choices: { kernel: [1, 3], stride: [1, 2, 2 ** 12], dilation: [1, 2] },
        channels: { in: 1, base: 1, growth: 1, max: 1 },
        constraints: { inputSize: 2 ** 21, minOutput: 2 ** 20 },
        objective: 'flops',
        top: 8,
      },
    ],
  ];
  for (const [name, spec] of cases) {
    it(name, async () => {
      const sweep = normalizeSweep(spec);
      const expected = comparable(naiveSearch(sweep));
      expect(expected.feasible).toBeGreaterThan(0n);
      const largest = Math.max(
        ...expected.histogram.map((h) => h.rf),
        ...[...expected.top, ...expected.pareto].flatMap((c) => [c.cost, c.stride]),
      );
      expect(largest).toBeGreaterThan(2 ** 32);
      for (const tuning of TUNINGS) {
        for (const backend of ['wasm', 'js'] as const) {
          expect(comparable(await searchTuned(sweep, { backend }, tuning))).toEqual(expected);
        }
      }
    });
  }

  it('random spaces with factors around 2^16 (wasm = js = naive)', async () => {
    const factor = fc.constantFrom(1, 2, 3, 255, 256, 257, 2 ** 16 - 1, 2 ** 16, 2 ** 16 + 1);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          depth: fc.integer({ min: 1, max: 4 }),
          kernel: fc.uniqueArray(factor, { minLength: 1, maxLength: 3 }),
          stride: fc.uniqueArray(factor, { minLength: 1, maxLength: 2 }),
          dilation: fc.uniqueArray(factor, { minLength: 1, maxLength: 2 }),
          top: fc.integer({ min: 1, max: 20 }),
          tuning: fc.constantFrom(...TUNINGS),
        }),
        async ({ depth, kernel, stride, dilation, top, tuning }) => {
          let sweep: ReturnType<typeof normalizeSweep>;
          try {
            sweep = normalizeSweep({ depth, choices: { kernel, stride, dilation }, top });
          } catch {
            return; // rf or stride could pass 2^53: rejected up front, nothing to compare
          }
          fc.pre(sweep.total <= 2000n);
          const expected = comparable(naiveSearch(sweep));
          expect(comparable(await searchTuned(sweep, { backend: 'wasm' }, tuning))).toEqual(expected);
          expect(comparable(await searchTuned(sweep, { backend: 'js' }, tuning))).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('errors', () => {
  it('a space too large to sweep names its size and points to count()', async () => {
    const huge: SweepSpec = { depth: 50, choices: { kernel: [1, 2], stride: [1] } };
    const e = await rejection(search(huge, { engine: 'sweep' }));
    expect(e.code).toBe('space-too-large');
    expect(e.message).toContain(String(2n ** 50n));
    expect(e.message).toContain('count()');
    expect(e.details).toEqual({ limit: 'combinations-per-run', combinations: 2n ** 50n, max: 10n ** 14n });
    // A shard or a range small enough runs.
    const part = await search(huge, { range: { start: 0n, end: 1000n } });
    expect(part.evaluated).toBe(1000n);
    expect(part.engine).toBe('sweep');
    // The whole space: the default engine (auto) answers it with the DP.
    const all = await search(huge);
    expect(all.engine).toBe('dp');
    expect(all.feasible).toBe(2n ** 50n);
  });

  it('beyond 2^53 combinations even a shard is refused', async () => {
    const e = await rejection(
      search(
        { depth: 60, choices: { kernel: [1, 2], stride: [1] } },
        { shard: { index: 0, count: 2 ** 30 } },
      ),
    );
    expect(e.code).toBe('space-too-large');
    expect(e.details).toEqual({ limit: 'exact-indices', combinations: 2n ** 60n, max: 2n ** 53n - 1n });
  });

  it('bad options are invalid-argument errors naming the option', async () => {
    const spec: SweepSpec = { depth: 2, choices: { kernel: [1, 3], stride: [1, 2] } };
    const cases: [Parameters<typeof search>[1], string][] = [
      [{ threads: 0 }, 'threads'],
      [{ threads: 1.5 }, 'threads'],
      [{ shard: { index: 3, count: 3 } }, 'shard.index'],
      [{ shard: { index: 0, count: 0 } }, 'shard.count'],
      [{ backend: 'gpu' as 'js' }, 'backend'],
    ];
    for (const [options, path] of cases) {
      const e = await rejection(search(spec, options));
      expect(e.code).toBe('invalid-argument');
      expect(e.message).toContain(path);
    }
  });

  it('resuming with a result of another space or shard is refused', async () => {
    const a: SweepSpec = { depth: 3, choices: { kernel: [1, 3], stride: [1, 2] } };
    const b: SweepSpec = { depth: 3, choices: { kernel: [1, 5], stride: [1, 2] } };
    const controller = new AbortController();
    controller.abort();
    const partial = await search(a, { signal: controller.signal });
    expect((await rejection(search(b, { resume: partial }))).code).toBe('invalid-argument');
    expect((await rejection(search(a, { resume: partial, shard: { index: 0, count: 2 } }))).code).toBe(
      'invalid-argument',
    );
  });

  it('invalid spaces are rejected by normalizeSweep', async () => {
    expect((await rejection(search({ depth: 0, choices: { kernel: [1], stride: [1] } }))).code).toBe(
      'invalid-sweep',
    );
  });
});

describe('init and backends', () => {
  it('init compiles once; concurrent calls share it', async () => {
    await Promise.all([init(), init(), init()]);
    expect(kernelModule()).toBe(kernelModule());
  });

  it('falls back to js where WebAssembly is unavailable', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const fresh = await import('../src/search/search.js');
    const freshInit = await import('../src/search/backend/compile.js');
    expect((await rejection(freshInit.init())).code).toBe('wasm-unavailable');
    const spec: SweepSpec = { depth: 3, choices: { kernel: [1, 3], stride: [1, 2] }, top: 4 };
    const r = await fresh.search(spec);
    expect(r.backend).toBe('js');
    // The result says why it is not wasm; otherwise it is the result of any backend.
    expect(r.warnings).toEqual([
      {
        code: 'wasm-unavailable',
        message: 'the js backend ran instead of wasm: WebAssembly is not available in this environment',
      },
    ]);
    vi.unstubAllGlobals();
    expect(comparable({ ...r, warnings: [] })).toEqual(comparable(naiveSearch(normalizeSweep(spec))));
  });
});

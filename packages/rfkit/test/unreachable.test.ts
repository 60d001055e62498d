// Constraints that no combination meets are not errors: an empty result whose warnings name the
// constraint and the bound reached, count() 0n, through JSON, shards, merge, resume and threads.

import { naiveSearch, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src/search/backend/compile.js';
import { count } from '../src/search/count/count.js';
import { resultFromJSON, resultToJSON } from '../src/search/result/json.js';
import { mergeResults } from '../src/search/result/merge.js';
import { search, searchSync } from '../src/search/search.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import { unreachableWarnings } from '../src/search/unreachable.js';
import { someFeasible } from '../src/search/witness.js';
import type { SweepResult, SweepSpec } from '../src/types.js';
import { smallSpace } from './support/spaces.js';

beforeAll(async () => {
  await init();
});

const choices = { kernel: [1, 3], stride: [1, 2] };

const CASES: [string, SweepSpec, string, RegExp][] = [
  [
    'rf.min above the largest rf',
    { depth: 3, choices, constraints: { rf: { min: 500 } } },
    'rf-min-unreachable',
    /^constraints\.rf\.min 500 can never be reached: the largest rf is 15$/,
  ],
  [
    'rf.max below the smallest rf',
    { depth: 2, choices: { kernel: [3, 5], stride: [2] }, constraints: { rf: { max: 6 } } },
    'rf-max-unreachable',
    /^constraints\.rf\.max 6 can never be met: the smallest rf is 7$/,
  ],
  [
    'a stride that is no product of the strides',
    { depth: 3, choices, constraints: { stride: 3 } },
    'stride-unreachable',
    /constraints\.stride 3 can never be reached: .*\[1, 2\] on each of 3 layers/,
  ],
  [
    'a stride above every product',
    { depth: 2, choices, layers: { '1': { stride: [3] } }, constraints: { stride: 16 } },
    'stride-unreachable',
    /layer 0: \[1, 2\]; layer 1: \[3\]/,
  ],
  [
    'minOutput above the input',
    { depth: 3, choices, constraints: { inputSize: 10, minOutput: 11 } },
    'min-output-unreachable',
    /minOutput 11 can never be reached: the largest final size is 10 \(inputSize 10, smallest total stride 1\)/,
  ],
  [
    'minOutput with a stride that shrinks the output below it',
    {
      depth: 1,
      choices: { kernel: [3], stride: [1, 8] },
      constraints: { stride: 8, inputSize: 32, minOutput: 11 },
    },
    'min-output-unreachable',
    /minOutput 11 can never be reached with constraints\.stride 8: the final size is 4 \(inputSize 32\)/,
  ],
  [
    'rf.min out of reach at the required stride',
    { depth: 4, choices, constraints: { rf: { min: 25 }, stride: 2 } },
    'rf-min-unreachable',
    // With one strided layer, best placed first: 3s2 then three 3×3 at jump 2 → 3 + 3·4 = 15.
    /rf\.min 25 can never be reached: the largest rf \(with total stride 2, no holes\) is 15$/,
  ],
  [
    'rf.min out of reach without holes only',
    {
      depth: 2,
      choices: { kernel: [3], stride: [1], dilation: [1, 2, 4] },
      constraints: { rf: { min: 12 } },
    },
    'rf-min-unreachable',
    // A dilated first layer is gridded, and 3×3 d4 over a field of 3 too: 3 then 3 d2 (rf 7) is
    // the widest dense pair; 3 d4 twice reaches 17.
    /rf\.min 12 can never be reached: the largest rf \(with no holes\) is 7; with holes allowed it is 17$/,
  ],
  [
    'holes in every combination',
    { depth: 2, choices: { kernel: [3], stride: [1], dilation: [2] } },
    'holes-unreachable',
    /every combination has holes: .*constraints\.holes to "allow"/,
  ],
  [
    'rf values that skip the bounds',
    { depth: 3, choices, constraints: { rf: { min: 4, max: 4 } } },
    'constraints-unreachable',
    /no combination meets the constraints together \(rf 4–4\)/,
  ],
  [
    'holes the only obstacle among the feasible rf',
    { depth: 2, choices: { kernel: [1, 3], stride: [2] }, constraints: { rf: { min: 5, max: 5 } } },
    'holes-unreachable',
    /every combination that meets the constraints \(rf 5–5\) has holes: .*; with constraints\.holes "allow" some are feasible$/,
  ],
];

function expectEmpty(r: SweepResult, total: bigint): void {
  expect(r).toMatchObject({
    feasible: 0n,
    top: [],
    pareto: [],
    histogram: [],
    complete: true,
    engine: 'sweep',
  });
  expect(r.evaluated).toBe(r.range.end - r.range.start);
  expect(r.total).toBe(total);
}

describe('unreachable constraints give an empty result with a warning', () => {
  for (const [name, spec, code, message] of CASES) {
    it(name, async () => {
      const sweep = normalizeSweep(spec);
      expect(count(spec)).toBe(0n);
      for (const backend of ['wasm', 'js'] as const) {
        const r = await search(spec, { backend });
        expectEmpty(r, sweep.total);
        expect(r.warnings).toHaveLength(1);
        expect(r.warnings[0]!.code).toBe(code);
        expect(r.warnings[0]!.message).toMatch(message);
        expect(searchSync(spec, { backend })).toMatchObject({ warnings: r.warnings, feasible: 0n });
      }
    });
  }

  it('every unmet constraint is named when several fail on their own', () => {
    const w = unreachableWarnings(
      normalizeSweep({
        depth: 3,
        choices,
        constraints: { rf: { min: 500 }, stride: 3, inputSize: 4, minOutput: 5 },
      }),
    );
    expect(w.map((x) => x.code)).toEqual([
      'rf-min-unreachable',
      'stride-unreachable',
      'min-output-unreachable',
    ]);
  });

  it('a feasible space has no warnings', async () => {
    const r = await search({ depth: 3, choices, constraints: { rf: { min: 5 } } });
    expect(r.feasible).toBeGreaterThan(0n);
    expect(r.warnings).toEqual([]);
  });

  it('a space too large to sweep but with nothing feasible answers at once', async () => {
    const huge: SweepSpec = {
      depth: 50,
      choices: { kernel: [1, 2], stride: [1] },
      constraints: { rf: { min: 100 } },
    };
    const r = await search(huge);
    expectEmpty(r, 2n ** 50n);
    expect(r.warnings[0]!.message).toMatch(/largest rf is 51/);
  });

  it('warnings survive JSON, shards and merge, resume and threads', async () => {
    const spec = CASES[0]![1];
    const whole = await search(spec);
    expect(resultFromJSON(JSON.parse(JSON.stringify(resultToJSON(whole))))).toEqual(whole);
    const parts = await Promise.all([0, 1, 2].map((index) => search(spec, { shard: { index, count: 3 } })));
    for (const p of parts) expect(p.warnings).toEqual(whole.warnings);
    const merged = mergeResults(parts);
    expect(merged.warnings).toEqual(whole.warnings);
    expect(merged.evaluated).toBe(whole.evaluated);
    const controller = new AbortController();
    controller.abort();
    // An aborted run of a space with nothing feasible still finishes: there is nothing to sweep.
    expect((await search(spec, { signal: controller.signal })).complete).toBe(true);
    const threaded = await search(spec, { threads: 2 });
    expect(threaded.warnings).toEqual(whole.warnings);
  });

  it('a result claiming a warning and feasible combinations is refused', () => {
    const claim = () =>
      resultToJSON({
        evaluated: 1n,
        feasible: 1n,
        top: [],
        pareto: [],
        histogram: [{ rf: 3, count: 1n }],
        warnings: [{ code: 'rf-min-unreachable', message: 'x' }],
        engine: 'sweep',
        backend: 'js',
        elapsedMs: 0,
        range: { start: 0n, end: 1n },
        complete: true,
        nextIndex: 1n,
        total: 1n,
        spaceId: 'x-top1',
      });
    expect(claim).toThrow(/warnings: say that nothing is feasible/);
  });
});

describe('someFeasible (the quick walk before the exact count)', () => {
  it('finds a feasible combination exactly when there is one, or gives up within its budget', () => {
    fc.assert(
      fc.property(smallSweep(3000), fc.constantFrom(3, 50, 200_000), (spec, budget) => {
        const sweep = smallSpace(spec, 5000n);
        fc.pre(sweep !== undefined);
        const found = someFeasible(sweep!, budget);
        if (found !== undefined) expect(found).toBe(naiveSearch(sweep!).feasible > 0n);
        if (budget === 200_000) expect(found).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});

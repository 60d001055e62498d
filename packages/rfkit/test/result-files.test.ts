// Result files through the library: intact ones always merge and resume exactly; tampered or
// incomplete ones are refused with the reason — by the checksum as written, and, with the
// checksum recomputed (as a program that rewrites files would), by the content checks behind it:
// the relations between the fields and every candidate against the space. The same edits on
// results in memory are refused by mergeResults and search({ resume }).
import { naiveSearch, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resultFromJSON, resultToJSON } from '../src/search/result/json.js';
import { mergeResults } from '../src/search/result/merge.js';
import { searchTuned } from '../src/search/search.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import { shardRange } from '../src/search/space/range.js';
import type { SweepResult, SweepSpec } from '../src/types.js';
import { errorOf } from './support/errors.js';
import { type Json, resign } from './support/results.js';
import { smallSpace } from './support/spaces.js';

const SPEC: SweepSpec = {
  depth: 4,
  choices: { kernel: [1, 3, 5], stride: [1, 2], dilation: [1, 2] },
  constraints: { rf: { min: 9, max: 60 } },
  objective: 'params',
  top: 6,
};
const N = normalizeSweep(SPEC).total;

function comparable(r: SweepResult): Omit<SweepResult, 'elapsedMs' | 'backend'> {
  const { elapsedMs: _, backend: __, ...rest } = r;
  return rest;
}

/** A result as a file holds it (after JSON text). */
function fileOf(r: SweepResult): Json {
  return JSON.parse(JSON.stringify(resultToJSON(r)));
}

/** JSON back into a result (a BigInt-holding copy) without any checks: a tampered one in memory. */
function unchecked(j: Json): SweepResult {
  const big = (x: string) => BigInt(x);
  const cand = (c: Json) => ({ ...c, index: big(c.index) }) as SweepResult['top'][number];
  return {
    ...(j as SweepResult),
    evaluated: big(j.evaluated),
    feasible: big(j.feasible),
    top: j.top.map(cand),
    pareto: j.pareto.map(cand),
    histogram: j.histogram.map((h: Json) => ({ rf: h.rf, count: big(h.count) })),
    range: { start: big(j.range.start), end: big(j.range.end) },
    nextIndex: big(j.nextIndex),
    total: big(j.total),
  };
}

const whole = naiveSearch(SPEC);
const shards = [0, 1, 2].map((i) => naiveSearch(SPEC, shardRange(N, i, 3)));

/** Each kind of tampering: an edit of a shard file, and the field the content checks name. */
const EDITS: { kind: string; edit: (j: Json) => void; path: RegExp }[] = [
  { kind: 'edited cost', edit: (j) => (j.top.at(-1).cost += 1), path: /^top\[5\]\.cost$/ },
  {
    kind: 'edited index',
    edit: (j) => (j.top[2].index = String(BigInt(j.top[2].index) + 1n)),
    // The ranking of ties by index breaks first, or the index decodes to other layers.
    path: /^top\[[23]\](\.layers\[\d\]\.\w+)?$/,
  },
  {
    kind: 'edited kernel',
    edit: (j) => (j.top[1].layers[3].kernel = j.top[1].layers[3].kernel === 5 ? 3 : 5),
    path: /^top\[1\]\.layers\[3\]\.kernel$/,
  },
  {
    kind: 'edited pareto entry',
    edit: (j) => (j.pareto.at(-1).rf -= 2),
    // rf below the candidate's covered pixels, or not what its layers give.
    path: /^(pareto\[\d+\](\.rf|\.covered)?|top\[\d\])$/,
  },
  {
    kind: 'edited histogram count',
    edit: (j) => (j.histogram[0].count = String(BigInt(j.histogram[0].count) + 1n)),
    path: /^histogram$/,
  },
  { kind: 'complete flag set', edit: (j) => (j.complete = true), path: /^complete$/ },
  {
    kind: 'edited spaceId',
    edit: (j) => (j.spaceId = `${j.spaceId[0] === '0' ? '1' : '0'}${j.spaceId.slice(1)}`),
    path: /^spaceId$/,
  },
  { kind: 'file cut short (top list)', edit: (j) => j.top.splice(3), path: /^top$/ },
  { kind: 'file cut short (field gone)', edit: (j) => delete j.histogram, path: /^histogram$/ },
];

describe('tampered result files', () => {
  for (const { kind, edit, path } of EDITS) {
    it(`refuses a shard with ${kind}: checksum as written, the field once re-signed, in memory too`, async () => {
      const j = fileOf(shards[1]!);
      edit(j);
      const plain = errorOf(() => resultFromJSON(structuredClone(j), { spec: SPEC }));
      expect(plain.code).toBe('invalid-result');
      if (j.histogram !== undefined) {
        expect(plain.path).toBe('checksum');
        expect(plain.message).toMatch(/checksum: mismatch: the file was edited or corrupted/);
        const signed = errorOf(() => resultFromJSON(resign(structuredClone(j)), { spec: SPEC }));
        expect(signed).toMatchObject({ code: 'invalid-result' });
        expect(signed.path).toMatch(path);
        // The same edit in memory, merged with the other shards or resumed from.
        const bad = unchecked(j);
        const merge = errorOf(() => mergeResults([shards[0]!, bad, shards[2]!], { spec: SPEC }));
        expect(merge.code).toBe('invalid-result');
        expect(merge.path?.startsWith('parts[1]')).toBe(true);
        const resume = await searchTuned(SPEC, { shard: { index: 1, count: 3 }, resume: bad }, {}).catch(
          (e: unknown) => e,
        );
        expect(resume).toMatchObject({ name: 'RfError' });
        expect((resume as { path: string }).path).toMatch(/^resume/);
      } else {
        // A field that is gone is named before the checksum is reached.
        expect(plain.path).toMatch(path);
      }
    });
  }

  it('refuses a file without a checksum (an older version, or removed)', () => {
    const j = fileOf(whole);
    delete j.checksum;
    expect(errorOf(() => resultFromJSON(j))).toMatchObject({ code: 'invalid-result', path: 'checksum' });
    expect(errorOf(() => resultFromJSON(j)).message).toMatch(/missing.*cannot be verified/);
  });

  it('refuses a file of another space when the space is given', () => {
    const j = fileOf(whole);
    const other = { ...SPEC, constraints: { rf: { min: 9, max: 61 } } };
    expect(errorOf(() => resultFromJSON(j, { spec: other }))).toMatchObject({ path: 'spaceId' });
  });

  it('does not return an edited checkpoint marked complete as the final result', async () => {
    const controller = new AbortController();
    let calls = 0;
    const partial = await searchTuned(
      SPEC,
      {
        backend: 'js',
        signal: controller.signal,
        onProgress: () => {
          if (++calls === 2) controller.abort();
        },
      },
      // Small suffix tables, so that the space has many leaves and the run many chunks.
      { chunkLeaves: 2, maxSuffixEntries: 100 },
    );
    expect(partial.nextIndex).toBeLessThan(N);
    // Marked complete, with the counts and range made to agree: only what was found is wrong.
    const j = fileOf(partial);
    j.complete = true;
    j.nextIndex = j.range.end;
    j.evaluated = j.total;
    expect(errorOf(() => resultFromJSON(structuredClone(j))).path).toBe('checksum');
    const e = errorOf(() => resultFromJSON(resign(structuredClone(j)), { spec: SPEC }));
    expect(e.code).toBe('invalid-result');
    const resumed = await searchTuned(SPEC, { resume: unchecked(j) }, {}).catch((x: unknown) => x);
    expect(resumed).toMatchObject({ name: 'RfError', code: 'invalid-result' });
    // The intact checkpoint resumes to the uninterrupted result.
    const back = resultFromJSON(fileOf(partial), { spec: SPEC });
    expect(comparable(await searchTuned(SPEC, { resume: back }, {}))).toEqual(comparable(whole));
  });

  it('merges missing shards at the start or end into a partial result, and refuses one missing in the middle', () => {
    const files = shards.map((s) => resultFromJSON(fileOf(s), { spec: SPEC }));
    expect(comparable(mergeResults(files, { spec: SPEC }))).toEqual(comparable(whole));
    expect(mergeResults(files).complete).toBe(true);
    const noStart = mergeResults([files[1]!, files[2]!]);
    expect(noStart).toMatchObject({ complete: false, range: { start: files[1]!.range.start, end: N } });
    const noEnd = mergeResults([files[0]!, files[1]!]);
    expect(noEnd).toMatchObject({ complete: false, range: { start: 0n, end: files[1]!.range.end } });
    // What a partial merge holds is exactly the search of its range.
    expect(comparable(noEnd)).toEqual(comparable(naiveSearch(SPEC, noEnd.range)));
    expect(errorOf(() => mergeResults([files[0]!, files[2]!]))).toMatchObject({ code: 'merge-mismatch' });
    // A partial merge is itself a valid result file.
    expect(comparable(resultFromJSON(fileOf(noEnd), { spec: SPEC }))).toEqual(comparable(noEnd));
  });
});

describe('intact result files', () => {
  it('random shard splits of random small spaces merge, through JSON, to exactly the unsharded result', async () => {
    await fc.assert(
      fc.asyncProperty(
        smallSweep(1500),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
        fc.constantFrom('wasm' as const, 'js' as const),
        fc.nat(),
        async (spec, cuts, backend, seed) => {
          const sweep = smallSpace(spec, 1500n);
          fc.pre(sweep !== undefined);
          const total = sweep!.total;
          const bounds = [
            ...new Set([0n, total, ...cuts.map((f) => BigInt(Math.floor(f * Number(total))))]),
          ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          const files: Json[] = [];
          for (let i = 1; i < bounds.length; i++) {
            const part = await searchTuned(
              sweep!,
              { backend, range: { start: bounds[i - 1]!, end: bounds[i]! } },
              {},
            );
            files.push(fileOf(part));
          }
          const order = files.map((f, i) => ({ f, k: (i * 7919 + seed) % 97 })).sort((a, b) => a.k - b.k);
          const parts = order.map(({ f }) => resultFromJSON(f, { spec: sweep! }));
          const merged = mergeResults(parts, { spec: sweep! });
          const single = await searchTuned(sweep!, { backend }, {});
          expect(comparable(merged)).toEqual(comparable(single));
          // The naive evaluator does not explain an empty space: compare without the warnings.
          expect({ ...comparable(merged), warnings: [] }).toEqual(comparable(naiveSearch(sweep!)));
          expect(merged.complete).toBe(true);
          // And the merged result as a file reads back as itself.
          expect(comparable(resultFromJSON(fileOf(merged), { spec: sweep! }))).toEqual(comparable(merged));
        },
      ),
      { numRuns: 60 },
    );
  });
});

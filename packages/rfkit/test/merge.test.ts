import { naiveSearch, smallSweep } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRfError } from '../src/errors.js';
import { mergeResults } from '../src/search/result/merge.js';
import { normalizeSweep } from '../src/search/space/normalize.js';
import { shardRange } from '../src/search/space/range.js';
import type { SweepResult } from '../src/types.js';
import { errorOf } from './support/errors.js';

/** Everything but the time, which merging adds up. */
function comparable(r: SweepResult): Omit<SweepResult, 'elapsedMs'> {
  const { elapsedMs: _, ...rest } = r;
  return rest;
}

/** A partial result of [start, end) that stopped at `stop`. */
function partial(
  spec: Parameters<typeof naiveSearch>[0],
  start: bigint,
  stop: bigint,
  end: bigint,
): SweepResult {
  return { ...naiveSearch(spec, { start, end: stop }), range: { start, end } };
}

function mergeError(parts: SweepResult[]): string {
  try {
    mergeResults(parts);
  } catch (e) {
    if (isRfError(e) && e.code === 'merge-mismatch') return e.message;
    throw e;
  }
  throw new Error('expected merge-mismatch');
}

const spec = {
  depth: 3,
  choices: { kernel: [1, 3, 5], stride: [1, 2] },
  constraints: { rf: { min: 5, max: 30 } },
  top: 4,
};

describe('mergeResults', () => {
  it('merges random shards of random spaces into the single-run result', () => {
    fc.assert(
      fc.property(
        smallSweep(2000),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.nat(),
        (s, cutFractions, stopFractions, seed) => {
          const sweep = normalizeSweep(s);
          const N = sweep.total;
          const cuts = [
            ...new Set([0n, N, ...cutFractions.map((f) => BigInt(Math.floor(f * Number(N))))]),
          ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          // Each shard but the last may have stopped early; the next one then starts at its stop.
          const parts: SweepResult[] = [];
          let from = 0n;
          for (let i = 1; i < cuts.length; i++) {
            const end = cuts[i]!;
            const isLast = i === cuts.length - 1;
            const f = stopFractions[i % 8]!;
            if (!isLast && f < 0.3) {
              const stop = from + BigInt(Math.floor(f * Number(end - from)));
              parts.push(partial(sweep, from, stop, end));
              from = stop;
            } else {
              parts.push(naiveSearch(sweep, { start: from, end }));
              from = end;
            }
          }
          // Any order.
          const shuffled = parts.map((p, i) => ({ p, k: (i * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k);
          const merged = mergeResults(shuffled.map((x) => x.p));
          expect(comparable(merged)).toEqual(comparable(naiveSearch(sweep)));
          expect(merged.elapsedMs).toBeCloseTo(
            parts.reduce((t, p) => t + p.elapsedMs, 0),
            6,
          );
        },
      ),
      { numRuns: 120 },
    );
  });

  it('merges DESIGN shards i of n exactly', () => {
    const N = normalizeSweep(spec).total;
    for (const n of [1n, 2n, 3n, 7n, 50n]) {
      const shards = Array.from({ length: Number(n) }, (_, i) =>
        naiveSearch(spec, { start: (BigInt(i) * N) / n, end: ((BigInt(i) + 1n) * N) / n }),
      );
      expect(comparable(mergeResults(shards.reverse()))).toEqual(comparable(naiveSearch(spec)));
    }
  });

  it('keeps a merged partial result resumable', () => {
    const N = normalizeSweep(spec).total;
    const merged = mergeResults([naiveSearch(spec, { start: 0n, end: 100n }), partial(spec, 100n, 150n, N)]);
    expect(merged.complete).toBe(false);
    expect(merged.nextIndex).toBe(150n);
    expect(merged.range).toEqual({ start: 0n, end: N });
    expect(merged.evaluated).toBe(150n);
    expect(comparable({ ...merged, range: { start: 0n, end: 150n } })).toEqual(
      comparable(naiveSearch(spec, { start: 0n, end: 150n })),
    );
  });

  it('merges a sub-range that does not start at 0', () => {
    const merged = mergeResults([
      naiveSearch(spec, { start: 40n, end: 90n }),
      naiveSearch(spec, { start: 20n, end: 40n }),
    ]);
    expect(comparable(merged)).toEqual(comparable(naiveSearch(spec, { start: 20n, end: 90n })));
  });

  it('rejects overlaps', () => {
    const msg = mergeError([
      naiveSearch(spec, { start: 0n, end: 60n }),
      naiveSearch(spec, { start: 50n, end: 216n }),
    ]);
    expect(msg).toMatch(/results 0 \[0, 60\) and 1 \[50, 216\) overlap/);
    const dup = naiveSearch(spec, { start: 0n, end: 216n });
    expect(mergeError([dup, dup])).toMatch(/overlap/);
  });

  it('rejects gaps, pointing at an incomplete part', () => {
    expect(
      mergeError([naiveSearch(spec, { start: 0n, end: 60n }), naiveSearch(spec, { start: 70n, end: 216n })]),
    ).toMatch(/gap \[60, 70\) between results 0 \[0, 60\) and 1 \[70, 216\)$/);
    expect(mergeError([partial(spec, 0n, 30n, 60n), naiveSearch(spec, { start: 60n, end: 216n })])).toMatch(
      /gap \[30, 60\).*result 0 is unfinished; resume it first/,
    );
  });

  it('rejects different spaces and different tops', () => {
    const a = naiveSearch(spec, { start: 0n, end: 100n });
    const b = naiveSearch({ ...spec, top: 5 }, { start: 100n, end: 216n });
    expect(mergeError([a, b])).toMatch(/result 1 is of space .*-top5, result 0 of .*-top4/);
    const c = naiveSearch({ ...spec, constraints: { rf: { min: 6, max: 30 } } }, { start: 100n, end: 216n });
    expect(mergeError([a, c])).toMatch(/only shards of one space/);
    expect(mergeError([a, { ...naiveSearch(spec, { start: 100n, end: 216n }), total: 300n }])).toMatch(
      /total 300/,
    );
  });

  it('is complete only when the parts cover the whole space', () => {
    const N = normalizeSweep(spec).total;
    const shards = [0, 1, 2, 3].map((i) => naiveSearch(spec, shardRange(N, i, 4)));
    expect(mergeResults(shards).complete).toBe(true);
    // A missing first or last shard is not a gap between parts, but the result is not the space's.
    for (const missing of [0, 3]) {
      const merged = mergeResults(shards.filter((_, i) => i !== missing));
      expect(merged.complete).toBe(false);
      expect(merged.range).toEqual(
        missing === 0 ? { start: shards[1]!.range.start, end: N } : { start: 0n, end: shards[2]!.range.end },
      );
    }
    // One shard alone: complete: false (the README's one-shard "merge").
    expect(mergeResults([shards[2]!]).complete).toBe(false);
    // A missing middle shard is a gap.
    expect(mergeError([shards[0]!, shards[1]!, shards[3]!])).toMatch(/gap/);
  });

  it('rejects inconsistent parts naming the part and field, and anything but a non-empty array', () => {
    const a = naiveSearch(spec, { start: 0n, end: 100n });
    const err = (parts: unknown) => errorOf(() => mergeResults(parts as SweepResult[]));
    expect(err([{ ...a, nextIndex: 50n }])).toMatchObject({
      code: 'invalid-result',
      path: 'parts[0].evaluated',
    });
    expect(err([a, { ...a, nextIndex: 101n }])).toMatchObject({
      code: 'invalid-result',
      path: 'parts[1].nextIndex',
    });
    expect(err([{ ...a, complete: true }])).toMatchObject({
      code: 'invalid-result',
      path: 'parts[0].complete',
    });
    expect(err([null])).toMatchObject({ code: 'invalid-result', path: 'parts[0]' });
    expect(err([a, 5])).toMatchObject({ code: 'invalid-result', path: 'parts[1]' });
    expect(err([{ ...a, feasible: 3 }])).toMatchObject({ code: 'invalid-result', path: 'parts[0].feasible' });
    expect(err([{ ...a, top: 'x' }])).toMatchObject({ code: 'invalid-result', path: 'parts[0].top' });
    expect(err([])).toMatchObject({ code: 'invalid-argument', path: 'parts' });
    expect(err(null)).toMatchObject({ code: 'invalid-argument', path: 'parts' });
    expect(err('a')).toMatchObject({ code: 'invalid-argument', path: 'parts' });
    expect(errorOf(() => mergeResults([a], null as never))).toMatchObject({
      code: 'invalid-argument',
      path: 'options',
    });
    expect(errorOf(() => mergeResults([a], { space: spec } as never))).toMatchObject({
      code: 'invalid-argument',
      path: 'options.space',
    });
  });

  it('refuses a space fingerprint that does not carry top', () => {
    const a = { ...naiveSearch(spec, { start: 0n, end: 100n }), spaceId: 'custom' };
    expect(errorOf(() => mergeResults([a]))).toMatchObject({
      code: 'invalid-result',
      path: 'parts[0].spaceId',
    });
  });

  it('checks every part against the space when given one', () => {
    const parts = [
      naiveSearch(spec, { start: 0n, end: 100n }),
      naiveSearch(spec, { start: 100n, end: 216n }),
    ];
    expect(comparable(mergeResults(parts, { spec }))).toEqual(comparable(naiveSearch(spec)));
    const edited = structuredClone(parts[1]!);
    edited.top[0]!.layers[0]!.kernel = edited.top[0]!.layers[0]!.kernel === 1 ? 3 : 1;
    expect(errorOf(() => mergeResults([parts[0]!, edited], { spec }))).toMatchObject({
      code: 'invalid-result',
      path: 'parts[1].top[0].layers[0].kernel',
    });
    const other = { ...spec, top: 5 };
    expect(errorOf(() => mergeResults(parts, { spec: other }))).toMatchObject({ path: 'parts[0].spaceId' });
  });
});

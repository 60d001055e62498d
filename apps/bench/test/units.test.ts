import { naiveSearch } from '@rfkit/reference';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/args.js';
import { assertSameResult, firstDifference } from '../src/equal.js';
import { familyGrid } from '../src/grids.js';
import { summarize } from '../src/measure.js';

const spec = familyGrid(4, 'k×s').spec;

describe('bench helpers', () => {
  it('accepts equal results from different backends and names the first differing field', () => {
    const a = naiveSearch(spec);
    const b = { ...naiveSearch(spec), backend: 'wasm' as const, elapsedMs: a.elapsedMs + 5 };
    expect(() => assertSameResult(a, b, 'same')).not.toThrow();
    const c = { ...b, top: b.top.map((t, i) => (i === 2 ? { ...t, cost: t.cost + 1 } : t)) };
    expect(() => assertSameResult(a, c, 'changed')).toThrow(/results differ \(changed\) at \.top\[2\]\.cost/);
    expect(firstDifference({ x: [1n, 2n] }, { x: [1n, 3n] })).toBe('.x[1]: 2n vs 3n');
  });

  it('summarises samples by median and median absolute deviation', () => {
    const t = summarize('t', [5, 1, 3, 100, 4]);
    expect(t).toMatchObject({ medianMs: 4, madMs: 1, minMs: 1, maxMs: 100, samplesMs: [5, 1, 3, 100, 4] });
    expect(summarize('e', [2, 4]).medianMs).toBe(3);
  });

  it('parses its flags', () => {
    expect(parseBenchArgs(['--', '--quick', '--out', '/x', '--max-threads', '3'])).toEqual({
      quick: true,
      out: '/x',
      maxThreads: 3,
    });
    expect(parseBenchArgs([])).toEqual({ quick: false, out: null, maxThreads: null });
    expect(() => parseBenchArgs(['--max-threads', '0'])).toThrow(/--max-threads/);
    expect(() => parseBenchArgs(['--fast'])).toThrow();
  });
});

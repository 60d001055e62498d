// The public search functions check their arguments: misuse is an RfError that names the argument
// (search-api-fuzz.test.ts throws random junk at the same functions).
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../src/search/backend/compile.js';
import { count } from '../src/search/count/count.js';
import { resultFromJSON, resultToJSON } from '../src/search/result/json.js';
import { search, searchSync } from '../src/search/search.js';
import type { SearchOptions } from '../src/search/search-options.js';
import { asNormalized, normalizeSweep } from '../src/search/space/normalize.js';
import type { SweepSpec } from '../src/types.js';
import { errorOf } from './support/errors.js';

const SPEC: SweepSpec = {
  depth: 3,
  choices: { kernel: [1, 3], stride: [1, 2] },
  constraints: { rf: { min: 3 } },
};

beforeAll(() => init());

describe('search options of the wrong type', () => {
  const partial = () => searchSync(SPEC, { backend: 'js', range: { start: 0n, end: 10n } });
  const cases: [string, unknown, string, RegExp][] = [
    ['null options', null, 'options', /expected an object, got null/],
    ['options an array', [], 'options', /expected an object/],
    ['an unknown option', { thread: 2 }, 'options.thread', /unknown option/],
    ['backend a number', { backend: 5 }, 'backend', /'wasm' or 'js', got 5/],
    ['backend a BigInt', { backend: 5n }, 'backend', /got 5n/],
    ['threads a string', { threads: '2' }, 'threads', /integer >= 1, got "2"/],
    ['threads a Symbol', { threads: Symbol('t') }, 'threads', /got Symbol\(t\)/],
    ['threads 0', { threads: 0 }, 'threads', /got 0/],
    ['signal a boolean', { signal: true }, 'signal', /expected an AbortSignal, got true/],
    ['signal a plain object', { signal: { aborted: false } }, 'signal', /AbortSignal/],
    ['onProgress a string', { onProgress: 'log' }, 'onProgress', /expected a function/],
    ['range numbers', { range: { start: 0, end: 5 } }, 'range.start', /BigInt/],
    ['range null', { range: null }, 'range', /expected \{ start, end \}/],
    ['shard a string', { shard: '0/2' }, 'shard', /expected \{ index, count \}/],
    ['shard count a Symbol', { shard: { index: 0, count: Symbol('c') } }, 'shard.count', /got Symbol\(c\)/],
    ['resume a number', { resume: 5 }, 'resume', /expected a SweepResult/],
    ['resume null', { resume: null }, 'resume', /expected a SweepResult/],
    ['resume with a bad field', { resume: { ...partial(), nextIndex: 5 } }, 'resume.nextIndex', /BigInt/],
  ];
  for (const [name, options, path, message] of cases) {
    it(`refuses ${name} (searchSync and search)`, async () => {
      const sync = errorOf(() => searchSync(SPEC, options as SearchOptions));
      expect(sync.path).toBe(path);
      expect(sync.message).toMatch(message);
      const rejected = await search(SPEC, options as SearchOptions).catch((e: unknown) => e);
      expect(rejected).toMatchObject({ name: 'RfError', path });
    });
  }

  it('accepts every option of the right type', async () => {
    const r = await search(SPEC, {
      backend: 'js',
      threads: 1,
      range: { start: 0n, end: 32n },
      shard: { index: 0, count: 1 },
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    expect(r.evaluated).toBe(32n);
  });
});

describe('count, normalizeSweep and the JSON functions with junk', () => {
  it('name the argument', () => {
    expect(errorOf(() => count(null as never))).toMatchObject({ code: 'invalid-sweep', path: 'sweep' });
    expect(errorOf(() => count(5n as never))).toMatchObject({ code: 'invalid-sweep', path: 'sweep' });
    expect(errorOf(() => normalizeSweep([]))).toMatchObject({ code: 'invalid-sweep', path: 'sweep' });
    // biome-ignore lint/suspicious/noSparseArray: a hole is the point
    const holes = { depth: 2, choices: { kernel: [, , 3], stride: [1] } };
    expect(errorOf(() => normalizeSweep(holes))).toMatchObject({
      code: 'invalid-sweep',
      path: 'choices.kernel[0]',
    });
    expect(errorOf(() => resultToJSON(null as never))).toMatchObject({
      code: 'invalid-result',
      path: 'result',
    });
    expect(errorOf(() => resultToJSON({} as never))).toMatchObject({
      code: 'invalid-result',
      path: 'result.range',
    });
    expect(errorOf(() => resultFromJSON(7))).toMatchObject({ code: 'invalid-result', path: 'result' });
    const json = resultToJSON(searchSync(SPEC, { backend: 'js' }));
    expect(errorOf(() => resultFromJSON(json, null as never))).toMatchObject({
      code: 'invalid-argument',
      path: 'options',
    });
    expect(errorOf(() => resultFromJSON(json, { space: SPEC } as never))).toMatchObject({
      path: 'options.space',
    });
  });

  it('resultFromJSON survives BigInts, cycles, deep arrays and huge strings, naming the field', () => {
    const json = resultToJSON(searchSync(SPEC, { backend: 'js' })) as unknown as Record<string, unknown>;
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: [string, unknown, string][] = [
      ['total', 5n, 'total'],
      ['top', deep, 'top[0]'],
      ['histogram', [cycle], 'histogram[0].rf'],
      ['spaceId', 'x'.repeat(1_000_000), 'spaceId'],
      ['evaluated', '9'.repeat(1_000_000), 'evaluated'],
      ['range', cycle, 'range.start'],
    ];
    for (const [field, value, path] of cases) {
      const e = errorOf(() => resultFromJSON({ ...json, [field]: value }));
      expect(e, field).toMatchObject({ code: 'invalid-result', path });
      expect(e.message.length, field).toBeLessThan(300);
    }
  });
});

describe('NormalizedSweep arguments', () => {
  it('trusts only those normalizeSweep made; copies and forgeries are checked like specs', () => {
    const n = normalizeSweep(SPEC);
    expect(asNormalized(n)).toBe(n);
    // A copy (e.g. through a worker or JSON with BigInts revived) is the same space.
    expect(asNormalized({ ...n })).toEqual(n);
    expect(count({ ...n })).toBe(count(n));
    const forged = { ...n, layers: n.layers.map((l) => ({ ...l, kernel: [-3] })) };
    expect(errorOf(() => count(forged))).toMatchObject({ code: 'invalid-sweep', path: 'choices.kernel[0]' });
    expect(errorOf(() => count({ ...n, layers: [] }))).toMatchObject({
      code: 'invalid-sweep',
      path: 'layers',
    });
    expect(errorOf(() => count({ ...n, holes: 'x' } as never))).toMatchObject({
      code: 'invalid-sweep',
      path: 'holes',
    });
  });
});

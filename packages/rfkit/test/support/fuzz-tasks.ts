// Worker task of search-api-fuzz.test.ts: calls every search export of the built library with
// seeded random junk — whole arguments, and valid arguments with one field replaced — and checks
// that each call either succeeds or throws an RfError. Anything else (a TypeError, a RangeError,
// a stack overflow) is a failure reported with the call that caused it.
import fc from 'fast-check';
import type * as Rfkit from '../../src/index.js';
import { DIST } from './bounded.js';
import { junk as anyJunk } from './junk.js';

type Lib = typeof Rfkit;

/**
 * Values that have broken input checks before: deep nesting, cycles, BigInts, holes. (Objects
 * whose own getters throw are left out: their exception is the caller's and propagates as is.)
 */
function specials(): unknown[] {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const cycle: Record<string, unknown> = { depth: 3 };
  cycle.self = cycle;
  cycle.choices = cycle;
  // biome-ignore lint/suspicious/noSparseArray: holes are the point
  const sparse = [, , 1];
  return [
    deep,
    cycle,
    sparse,
    'x'.repeat(1_000_000),
    '9'.repeat(100_000),
    2 ** 53,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e308,
    -1,
    0.5,
    10n,
    -1n,
    2n ** 64n,
    Symbol('s'),
    () => 1,
    null,
    undefined,
    [],
    {},
    new Map(),
    new Uint8Array(4),
    Object.create(null),
  ];
}

function junk(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...specials()) },
    { weight: 5, arbitrary: anyJunk },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 2 ** 20 }) },
  );
}

function isPlain(x: unknown): x is Record<string, unknown> | unknown[] {
  if (Array.isArray(x)) return true;
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Every path of a plain value (objects and arrays), parents before children. */
function paths(x: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (isPlain(x)) {
    for (const [k, v] of Object.entries(x)) {
      const p = [...prefix, Array.isArray(x) ? Number(k) : k];
      out.push(p, ...paths(v, p));
    }
  }
  return out;
}

/** `base` (cloned) with the value at one of its paths — or the whole of it — replaced by `value`. */
function replaced(base: unknown, pick: number, value: unknown): unknown {
  const all = paths(base);
  if (all.length === 0 || pick % (all.length + 1) === all.length) return value;
  const path = all[pick % (all.length + 1)]!;
  const copy = cloneTree(base);
  let o = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

/** A copy of the plain objects and arrays of `x`; anything else (functions, signals) is shared. */
function cloneTree<T>(x: T): T {
  if (Array.isArray(x)) return x.map(cloneTree) as T;
  if (isPlain(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, cloneTree(v)])) as T;
  return x;
}

/** What one call did: 'ok', an RfError code, or a description of anything else. */
async function outcome(lib: Lib, f: () => unknown): Promise<string> {
  try {
    await f();
    return 'ok';
  } catch (e) {
    if (lib.isRfError(e)) {
      if (typeof e.message !== 'string' || e.message === '') return 'RfError without a message';
      return e.code;
    }
    const err = e as Error;
    return `NOT AN RfError: ${err?.name}: ${String(err?.message).slice(0, 200)}`;
  }
}

export interface FuzzInput {
  seed: number;
  runs: number;
}

/** Runs the fuzz cases; resolves to the number of calls and the outcomes seen per export. */
export async function fuzzSearchExports(
  input: FuzzInput,
  report: (e: { case: string }) => void,
): Promise<{ calls: number; seen: Record<string, string[]> }> {
  const lib = (await import(DIST)) as Lib;
  await lib.init();
  // Small bases, so that any one replaced field keeps the space small enough to search at once.
  const spec: Rfkit.SweepSpec = {
    depth: 3,
    choices: { kernel: [3], stride: [1], dilation: [1] },
    constraints: { rf: { min: 3, max: 9 }, stride: 1, inputSize: 16, minOutput: 2 },
    objective: 'params',
    channels: { in: 3, base: 4, growth: 2, max: 16 },
    top: 2,
  };
  const result = lib.searchSync(spec, { backend: 'js' });
  const json = lib.resultToJSON(result);
  const options: Rfkit.SearchOptions = {
    backend: 'js',
    threads: 1,
    range: { start: 0n, end: 1n },
    shard: { index: 0, count: 1 },
    resume: lib.searchSync(spec, { backend: 'js', range: { start: 0n, end: 1n } }),
    signal: new AbortController().signal,
    onProgress: () => {},
  };

  const calls: [string, (a: unknown, b: unknown) => unknown, unknown[]][] = [
    ['normalizeSweep', (a) => lib.normalizeSweep(a), [spec]],
    ['count', (a) => lib.count(a as never), [spec]],
    ['search', (a, b) => lib.search(a as never, b as never), [spec, options]],
    ['searchSync', (a, b) => lib.searchSync(a as never, b as never), [spec, options]],
    ['mergeResults', (a, b) => lib.mergeResults(a as never, b as never), [[result], { spec }]],
    ['resultToJSON', (a) => lib.resultToJSON(a as never), [result]],
    ['resultFromJSON', (a, b) => lib.resultFromJSON(a, b as never), [json, { spec }]],
    ['shardRange', (a, b) => lib.shardRange(a as never, b as never, 2), [10n, 1]],
  ];
  const seen: Record<string, Set<string>> = {};
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.nat(calls.length - 1),
      fc.nat(1),
      fc.nat(),
      junk(),
      async (which, arg, pick, value) => {
        const [name, call, args] = calls[which]!;
        const given = args.map((a, i) => (i === arg % args.length ? replaced(a, pick, value) : a));
        report({ case: `${name} #${n++} (seed ${input.seed})` });
        const o = await outcome(lib, () => call(given[0], given[1]));
        (seen[name] ??= new Set()).add(o);
        if (o.startsWith('NOT') || o.startsWith('RfError without')) {
          throw new Error(`${name}: ${o}`);
        }
      },
    ),
    { seed: input.seed, numRuns: input.runs, endOnFailure: true },
  );
  return { calls: n, seen: Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v].sort()])) };
}

// Values a caller might pass by mistake, for the fuzzing of the library (fuzz/targets.ts) and of
// the search exports (fuzz-tasks.ts): junk of every JavaScript kind, numbers at the edges of
// exactness, arrays nested 10^5 deep, cycles, sparse arrays of length 2^32 − 1.

import fc from 'fast-check';

/** Arrays nested `depth` deep (deep enough to overflow any recursive walk). */
const deep = fc.integer({ min: 1, max: 100_000 }).map((depth) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
});

const cyclic = fc.constantFrom('array', 'object').map((kind) => {
  if (kind === 'array') {
    const a: unknown[] = [1];
    a.push(a);
    return a;
  }
  const o: Record<string, unknown> = { op: 'conv', kernel: 3 };
  o.layers = [o];
  return o;
});

const hugeSparse = fc.integer({ min: 0, max: 2 ** 32 - 2 }).map((at) => {
  const a = new Array<unknown>(2 ** 32 - 1);
  a[at] = 1;
  return a;
});

export const numbers = fc.oneof(
  fc.integer({ min: -8, max: 8 }),
  fc.constantFrom(
    2 ** 53 - 1,
    -(2 ** 53 - 1),
    2 ** 53,
    2 ** 31,
    2 ** 32,
    0.5,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ),
  fc.double(),
  fc.bigInt(),
);

/** Anything a caller might pass by mistake. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withBoxedValues: true,
    }),
  },
  { weight: 3, arbitrary: numbers },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: cyclic },
  { weight: 1, arbitrary: hugeSparse },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      () => 1,
      Symbol('junk'),
      new Proxy({}, {}),
      Object.create(null),
      new ArrayBuffer(8),
    ),
  },
);

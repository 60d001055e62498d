// Every public export of rfkit outside the search answers misuse with an RfError (a code and a
// one-line message), never a TypeError, RangeError or stack overflow. One table of bad
// arguments per function; the export list itself is checked, so a new function needs a row.
// (Random junk for the same functions: the api target of test/fuzz/fuzz.test.ts.)
import { describe, expect, it } from 'vitest';
import * as rfkit from '../src/index.js';
import type { Report } from '../src/types.js';
import * as zooEntry from '../src/zoo/index.js';
import { DATA_EXPORTS, SEARCH_EXPORTS, ZOO_EXPORTS } from './support/exports.js';

/** Arrays nested `depth` deep around `inner`. */
function nested(depth: number, inner: unknown = 1): unknown {
  let v = inner;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { op: 'conv', kernel: 3 };
  o.self = o;
  return o;
}

const DEEP = nested(200_000);
const sparse = (n: number, at: number, v: unknown) => {
  const a = new Array<unknown>(n);
  a[at] = v;
  return a;
};
const JUNK: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  1n,
  '',
  'x',
  true,
  Symbol('s'),
  () => 1,
  [],
  {},
  DEEP,
];

const SPEC = { layers: [{ op: 'conv', kernel: 3 }] };
const REPORT: Report = rfkit.analyze('in16 conv3s2 conv3');
const FOOTPRINT = rfkit.footprintOf('in16 conv3s2 conv3', 1, 0);

/** A model spec with `value` in place of one field of its layer (or at the top). */
const specs = (value: unknown): unknown[] => [
  { layers: [{ op: 'conv', kernel: value }] },
  { layers: [{ op: 'conv', kernel: 3, padding: value }] },
  { layers: [{ op: 'conv', kernel: 3, padding: { begin: value, end: [0, 0] } }] },
  { layers: [{ op: 'conv', kernel: 3, stride: value }] },
  { layers: [{ op: 'conv', kernel: 3, name: value }] },
  { layers: [{ op: 'add', inputs: value }] },
  { layers: [{ op: value }] },
  { layers: [value] },
  { layers: value },
  { input: value, layers: [{ op: 'conv', kernel: 3 }] },
  { input: { size: value }, layers: [{ op: 'conv', kernel: 3 }] },
  { name: value, layers: [{ op: 'conv', kernel: 3 }] },
];

const BAD_VALUES: unknown[] = [
  DEEP,
  nested(50, 'x'),
  cyclic(),
  1n,
  Symbol('k'),
  sparse(3, 2, 1),
  sparse(2 ** 32 - 1, 5, 1),
];

type Row = [name: string, args: unknown[], code?: string];

/** Bad calls per public function; `code` is the expected RfError code where it is specific. */
const TABLE: Record<string, Row[]> = {
  analyze: [
    ...JUNK.filter((j) => typeof j !== 'string').map((j): Row => [`model ${String(typeof j)}`, [j]]),
    ...BAD_VALUES.flatMap((v) => specs(v).map((s): Row => ['a bad field', [s], undefined])),
    ['options null', ['conv3', null], 'invalid-argument'],
    ['options a number', ['conv3', 5], 'invalid-argument'],
    ['options an array', ['conv3', []], 'invalid-argument'],
    ['a misspelt option', ['conv3', { inputsize: 3 }], 'invalid-argument'],
    ['strict not a boolean', ['conv3', { strict: 'yes' }], 'invalid-argument'],
    ['inputSize a string', ['conv3', { inputSize: 'abc' }]],
    ['inputSize bigints', ['conv3', { inputSize: [1n, 2n] }]],
    ['inputSize sparse', ['conv3', { inputSize: sparse(2, 1, 4) }]],
    ['inputSize deep', ['conv3', { inputSize: DEEP }]],
    ['inputSize on a parsed model', [rfkit.parseModel(SPEC), { inputSize: 'abc' }], 'invalid-argument'],
    ['unterminated compact', ['"a:conv3'], 'invalid-compact'],
    ['deep parentheses', [`${'('.repeat(100_000)}conv3`], 'invalid-compact'],
  ],
  regionOf: [
    ['a bigint index', [REPORT, 0, 1n], 'invalid-argument'],
    ['a float index', [REPORT, 0, 1.5], 'invalid-argument'],
    ['a negative index', [REPORT, 0, -1], 'invalid-argument'],
    ['an index past the output', [REPORT, 0, 99], 'invalid-argument'],
    ['bigint indices', [REPORT, 0, [1n, 0n]], 'invalid-argument'],
    ['too few indices', [REPORT, 0, [0]], 'invalid-argument'],
    ['a sparse index', [REPORT, 0, sparse(2, 1, 0)], 'invalid-argument'],
    ['a deep index', [REPORT, 0, DEEP], 'invalid-argument'],
    ['index null', [REPORT, 0, null], 'invalid-argument'],
    ['a bigint layer', [REPORT, 1n, 0], 'invalid-argument'],
    ['an object layer', [REPORT, {}, 0], 'invalid-argument'],
    ['a layer index out of range', [REPORT, 5, 0], 'invalid-argument'],
    ['an unknown layer name', [REPORT, 'nope', 0], 'unknown-layer'],
    ...JUNK.map((j): Row => [`report ${String(typeof j)}`, [j, 0, 0], 'invalid-argument']),
    ['a report with deep layers', [{ ...REPORT, layers: DEEP }, 0, 0], 'invalid-argument'],
    ['a cyclic report', [(() => ({ ...cyclic(), axes: 1 }))(), 0, 0], 'invalid-argument'],
  ],
  erfOf: [
    ...JUNK.map((j): Row => [`report ${String(typeof j)}`, [j, 0], 'invalid-argument']),
    ['a JSON copy of a report', [JSON.parse(JSON.stringify(REPORT)), 0], 'invalid-argument'],
    ['a bigint layer', [REPORT, 1n], 'invalid-argument'],
    ['an unknown layer', [REPORT, 'nope'], 'unknown-layer'],
    ['options null', [REPORT, 0, null], 'invalid-argument'],
    ['map a number', [REPORT, 0, { map: 5 }], 'invalid-argument'],
    ['map bigints', [REPORT, 0, { map: [0n, 1n] }], 'invalid-argument'],
    ['map the same axis twice', [REPORT, 0, { map: [0, 0] }], 'invalid-argument'],
    ['map deep', [REPORT, 0, { map: DEEP }], 'invalid-argument'],
    ['an unknown option', [REPORT, 0, { mapp: [0, 1] }], 'invalid-argument'],
  ],
  footprintOf: [
    ...JUNK.filter((j) => typeof j !== 'string').map((j): Row => [`model ${String(typeof j)}`, [j, 0, 0]]),
    ['a cyclic model', [cyclic(), 0, 0]],
    ['a bigint in the model', [{ layers: [{ op: 'conv', kernel: 3n }] }, 0, 0], 'invalid-model'],
    ['a bigint index', ['in16 conv3', 0, 1n], 'invalid-argument'],
    ['an index past the output', ['in16 conv3', 0, 99], 'invalid-argument'],
    ['a bigint layer', ['in16 conv3', 1n, 0], 'invalid-argument'],
    ['options null', ['in16 conv3', 0, 0, null], 'invalid-argument'],
    ['inputSize a bigint', ['conv3', 0, 0, { inputSize: 5n }]],
    ['inputSize on a parsed model, cyclic', [rfkit.parseModel(SPEC), 0, 0, { inputSize: cyclic() }]],
  ],
  footprintSize: [
    ...JUNK.map((j): Row => [`footprint ${String(typeof j)}`, [j], 'invalid-argument']),
    ['boxes deep', [{ axes: 1, boxes: DEEP }], 'invalid-argument'],
    ['a run list of odd length', [{ axes: 1, boxes: [[[0, 1, 2]]] }], 'invalid-argument'],
    ['runs out of order', [{ axes: 1, boxes: [[[5, 3]]] }], 'invalid-argument'],
    ['a bigint run', [{ axes: 1, boxes: [[[0n, 1n]]] }], 'invalid-argument'],
    ['a sparse box list', [{ axes: 1, boxes: sparse(3, 2, [[0, 1]]) }], 'invalid-argument'],
  ],
  footprintSlice: [
    ...JUNK.map(
      (j): Row => [
        `footprint ${String(typeof j)}`,
        [j, { rowAxis: null, colAxis: 0, rows: [0, 0], cols: [0, 3] }],
        'invalid-argument',
      ],
    ),
    ...JUNK.map((j): Row => [`view ${String(typeof j)}`, [FOOTPRINT, j], 'invalid-argument']),
    [
      'cols bigints',
      [FOOTPRINT, { rowAxis: 0, colAxis: 1, rows: [0, 1], cols: [0n, 1n] }],
      'invalid-argument',
    ],
    [
      'a slice of 2^40 cells',
      [FOOTPRINT, { rowAxis: 0, colAxis: 1, rows: [0, 2 ** 20], cols: [0, 2 ** 20] }],
      'too-large',
    ],
    [
      'at deep',
      [FOOTPRINT, { rowAxis: 0, colAxis: 1, rows: [0, 1], cols: [0, 1], at: DEEP }],
      'invalid-argument',
    ],
  ],
  windowOutputSize: [
    ['n a string', ['8', 3, 1, 1, 0, 0, false], 'invalid-argument'],
    ['k 0', [8, 0, 1, 1, 0, 0, false], 'invalid-argument'],
    ['s a bigint', [8, 3, 1n, 1, 0, 0, false], 'invalid-argument'],
    ['d NaN', [8, 3, 1, Number.NaN, 0, 0, false], 'invalid-argument'],
    ['a float pad', [8, 3, 1, 1, 0.5, 0, false], 'invalid-argument'],
    ['ceilMode a string', [8, 3, 1, 1, 0, 0, 'no'], 'invalid-argument'],
    ['nothing', [], 'invalid-argument'],
    ['n beyond 2^53', [2 ** 53, 3, 1, 1, 0, 0, false], 'invalid-argument'],
    ['a span beyond 2^53', [2 ** 53 - 1, 1, 1, 1, 2 ** 53 - 1, 0, false], 'overflow'],
  ],
  samePadding: [
    ['n negative', [-1, 3, 1, 1, false], 'invalid-argument'],
    ['n undefined', [undefined, 3, 1, 1, false], 'invalid-argument'],
    ['k a string', [8, '3', 1, 1, false], 'invalid-argument'],
    ['lower missing', [8, 3, 1, 1], 'invalid-argument'],
    ['a kernel beyond 2^53', [8, 2 ** 52, 1, 4, false], 'overflow'],
  ],
  splitPadding: [
    ['total a float', [1.5, false], 'invalid-argument'],
    ['total a bigint', [2n, false], 'invalid-argument'],
    ['lower a number', [2, 1], 'invalid-argument'],
  ],
  deconvOutputSize: [
    ['n an object', [{}, 3, 2, 1, 0, 0, 0], 'invalid-argument'],
    ['outputPadding negative', [8, 3, 2, 1, 0, 0, -1], 'invalid-argument'],
    ['a size beyond 2^53', [2 ** 40, 3, 2 ** 20, 1, 0, 0, 0], 'overflow'],
  ],
  parseCompact: [
    ...JUNK.filter((j) => typeof j !== 'string').map(
      (j): Row => [`${String(typeof j)}`, [j], 'invalid-compact'],
    ),
    ['a bad quoted name', ['"a\\q":conv3'], 'invalid-compact'],
    ['a quoted name without a colon', ['"a" conv3'], 'invalid-compact'],
    ['a bad input list', ['add(a,,b)'], 'invalid-compact'],
  ],
  parseModel: [
    ...JUNK.map((j): Row => [`spec ${String(typeof j)}`, [j], 'invalid-model']),
    ...BAD_VALUES.flatMap((v) => specs(v).map((s): Row => ['a bad field', [s]])),
    ['options null', [SPEC, null], 'invalid-argument'],
    ['options a string', [SPEC, 'x'], 'invalid-argument'],
    ['an unknown option', [SPEC, { strict: true }], 'invalid-argument'],
    ['inputSize deep', [SPEC, { inputSize: DEEP }], 'invalid-model'],
    ['inputSize cyclic', [SPEC, { inputSize: cyclic() }], 'invalid-model'],
  ],
  toCompact: [
    // The TypeError kinds of the campaign, and more.
    ...JUNK.map((j): Row => [`${String(typeof j)}`, [j]]),
    ['layers null', [{ layers: null }], 'invalid-model'],
    ['a null layer', [{ layers: [null] }], 'invalid-model'],
    ['an empty layer', [{ layers: [{}] }], 'invalid-model'],
    ['a conv without kernel', [{ layers: [{ op: 'conv' }] }], 'invalid-model'],
    [
      'a padding without end',
      [{ layers: [{ op: 'conv', kernel: 3, padding: { begin: 1 } }] }],
      'invalid-model',
    ],
    ['a number name', [{ layers: [{ op: 'conv', kernel: 3, name: 5 }] }], 'invalid-model'],
    ['inputs a string', [{ layers: [{ op: 'add', inputs: 'ab' }] }], 'invalid-model'],
    ['input.size a string', [{ input: { size: 'x' }, layers: [{ op: 'conv', kernel: 3 }] }], 'invalid-model'],
    ['input null', [{ input: null, layers: [{ op: 'conv', kernel: 3 }] }], 'invalid-model'],
    ['mismatched pad axes', [{ layers: [{ op: 'conv', kernel: 3, padding: { begin: [1, 2], end: [3] } }] }]],
    ['no choices', [[]], 'invalid-argument'],
    ['a null choice', [[null]], 'invalid-argument'],
    ['an empty choice', [[{}]], 'invalid-argument'],
    ['a bigint kernel', [[{ kernel: 1n, stride: 1, dilation: 1 }]], 'invalid-argument'],
    ['a sparse choice list', [sparse(2, 1, { kernel: 3, stride: 1, dilation: 1 })], 'invalid-argument'],
    ['a deep field', [{ layers: [{ op: 'conv', kernel: DEEP }] }], 'invalid-model'],
    ['a cyclic layer', [{ layers: [cyclic()] }], 'unknown-field'],
  ],
  oracle: [
    ...JUNK.map((j): Row => [`model ${String(typeof j)}`, [j], 'invalid-model']),
    ['options null', [SPEC, null], 'invalid-argument'],
    ['inputSize 0', [SPEC, { inputSize: 0 }], 'invalid-argument'],
    ['inputSize deep', [SPEC, { inputSize: DEEP }], 'invalid-argument'],
    [
      'too large for the brute force',
      [{ input: { size: [1_000_000_000] }, layers: [{ op: 'conv', kernel: [500_000_000] }] }],
      'too-large',
    ],
    ['too large at the default input', [{ layers: [{ op: 'conv', kernel: 2 ** 40 }] }], 'too-large'],
  ],
  oracleFootprint: [
    ['layer a number', [SPEC, 0, [0, 0]], 'invalid-argument'],
    ['index bigints', [SPEC, 'conv_0', [0n, 0n]], 'invalid-argument'],
    ['index null', [SPEC, 'conv_0', null], 'invalid-argument'],
    ['options 5', [SPEC, 'conv_0', [0, 0], 5], 'invalid-argument'],
    ['inputSize a string', [SPEC, 'conv_0', [0, 0], { inputSize: 'abc' }], 'invalid-argument'],
    ['model null', [null, 'conv_0', [0, 0]], 'invalid-model'],
    [
      'too large for the brute force',
      [{ input: { size: [8000, 8000] }, layers: [{ op: 'conv', kernel: 6000 }] }, 'conv_0', [0, 0]],
      'too-large',
    ],
  ],
  oracleErf: [
    ['layer a number', [SPEC, 0], 'invalid-argument'],
    ['layer a bigint', [SPEC, 1n], 'invalid-argument'],
    ['an unknown layer', [SPEC, 'zz'], 'unknown-layer'],
    ['options null', [SPEC, 'conv_0', null], 'invalid-argument'],
    ['model null', [null, 'conv_0'], 'invalid-model'],
    ['too large for the brute force', [{ layers: [{ op: 'conv', kernel: 2 ** 40 }] }, 'conv_0'], 'too-large'],
  ],
  oracleRegion: [
    ['layer a number', [SPEC, 0, [0, 0]], 'invalid-argument'],
    ['index null', [SPEC, 'conv_0', null], 'invalid-argument'],
    ['bigint indices', [SPEC, 'conv_0', [0n, 0n]], 'invalid-argument'],
    ['a float index', [SPEC, 'conv_0', [0.5, 0]], 'invalid-argument'],
    ['a deep index', [SPEC, 'conv_0', DEEP], 'invalid-argument'],
    ['an unknown layer', [SPEC, 'zz', [0, 0]], 'unknown-layer'],
    ['options 5', [SPEC, 'conv_0', [0, 0], 5], 'invalid-argument'],
    ['model null', [null, 'conv_0', [0, 0]], 'invalid-model'],
  ],
};

/** Not a function that takes arguments to misuse: the error class and its guard (tested below). */
const OTHER = ['RfError', 'isRfError', ...DATA_EXPORTS];

describe('every public function answers misuse with an RfError', () => {
  it('the table covers every export of src/index.ts', () => {
    const exported = Object.keys(rfkit).sort();
    const covered = [...Object.keys(TABLE), ...SEARCH_EXPORTS, ...OTHER].sort();
    expect(exported).toEqual(covered);
    expect(Object.keys(zooEntry).sort()).toEqual([...ZOO_EXPORTS].sort());
  });

  for (const [fn, rows] of Object.entries(TABLE)) {
    it(`${fn}: ${rows.length} bad calls`, () => {
      const f = (rfkit as unknown as Record<string, (...args: unknown[]) => unknown>)[fn]!;
      for (const [what, args, code] of rows) {
        let thrown: unknown;
        try {
          f(...args);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `${fn}(${what}) must throw`).toBeDefined();
        if (!rfkit.isRfError(thrown)) throw new Error(`${fn}(${what}) threw ${String(thrown)}`);
        if (code) expect(thrown.code, `${fn}(${what}): ${thrown.message}`).toBe(code);
        // One line, of reasonable length, whatever the input.
        expect(thrown.message, `${fn}(${what})`).not.toMatch(/\n/);
        expect(thrown.message.length, `${fn}(${what})`).toBeLessThan(600);
      }
    });
  }
});

describe('the rest of the surface', () => {
  it('RfError and isRfError take anything', () => {
    for (const j of [...JUNK, cyclic()]) {
      expect(rfkit.isRfError(j)).toBe(false);
      const e = new rfkit.RfError(j as rfkit.RfErrorCode, j as string, j as string);
      expect(rfkit.isRfError(e)).toBe(true);
      expect(typeof e.message).toBe('string');
    }
  });

  it('the constant lists and the zoo are frozen', () => {
    for (const v of [
      rfkit.OPS,
      zooEntry.zooNames,
      zooEntry.zoo,
      zooEntry.zooInfo,
      zooEntry.zoo.vgg_16!.layers,
    ]) {
      expect(Object.isFrozen(v)).toBe(true);
    }
    expect(() => (rfkit.OPS as string[]).push('softmax')).toThrow(TypeError);
  });
});

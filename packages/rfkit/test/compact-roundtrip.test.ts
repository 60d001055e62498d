// parseModel(parseCompact(toCompact(spec))) equals parseModel(spec) for every model parseModel
// accepts — names, model name and every field included — and toCompact refuses the rest with an
// RfError. Random models from the shared generators, models at the format's edges, and the zoo.

import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { isRfError } from '../src/errors.js';
import { toCompact } from '../src/model/compact-write.js';
import { parseCompact, parseModel } from '../src/model/parse.js';
import type { Model, ModelSpec } from '../src/types.js';
import { zoo, zooNames } from '../src/zoo/index.js';
import { errorOf } from './support/errors.js';
import { edgySpec, TRICKY_NAMES } from './support/specs.js';

/** parseModel's verdict: the model, or null for a spec it refuses (with an RfError). */
function parsed(spec: unknown): Model | null {
  try {
    return parseModel(spec);
  } catch (e) {
    if (!isRfError(e)) throw e;
    return null;
  }
}

/** The round trip is exact for a valid spec; toCompact refuses an invalid one with an RfError. */
function roundTrips(spec: ModelSpec): boolean {
  const model = parsed(spec);
  if (model === null) {
    expect(isRfError(catchOf(() => toCompact(spec)))).toBe(true);
    return false;
  }
  const text = toCompact(spec);
  expect(parseModel(parseCompact(text)), text).toEqual(model);
  // The same from the parsed model, and writing is stable.
  expect(toCompact(model)).toBe(text);
  expect(toCompact(parseCompact(text))).toBe(text);
  return true;
}

function catchOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('the round trip is exact', () => {
  it('for the cases of the campaign', () => {
    const cases: ModelSpec[] = [
      { layers: [{ op: 'concat', inputs: ['input', 'input'] }] },
      {
        layers: [
          { op: 'conv', kernel: 3 },
          { op: 'concat', inputs: ['input', 'input', 'conv_0'] },
        ],
      },
      // A begin/end pair of a scalar and a one-axis array is a 1-D model, not "every axis".
      {
        layers: [{ op: 'avgpool', kernel: 1, stride: 2, padding: { begin: 1, end: [-1] }, ceilMode: true }],
      } as unknown as ModelSpec,
      { layers: [{ op: 'conv', kernel: 3, padding: { begin: [-1, 2], end: 0 } }] } as unknown as ModelSpec,
      {
        input: { size: [5, 6, 7] },
        layers: [{ op: 'conv', kernel: 3, padding: { begin: 1, end: 0 } }],
      } as unknown as ModelSpec,
      {
        layers: [
          { name: 'conv3', op: 'conv', kernel: 3 },
          { op: 'add', inputs: ['conv3', 'input'] },
        ],
      },
      {
        layers: [
          { op: 'conv', kernel: 3, inputs: ['input'] },
          { op: 'conv', kernel: 3, inputs: ['input'] },
        ],
      },
      { name: 'my net', layers: [{ name: '/layer1/conv', op: 'conv', kernel: 3, channels: 8 }] },
      {
        layers: [
          {
            op: 'deconv',
            kernel: [4, 3],
            stride: 2,
            padding: { begin: [1, 0], end: [0, 1] },
            outputPadding: [1, 0],
          },
        ],
      },
      { input: { size: [9] }, layers: [{ op: 'identity' }] },
      { input: { channels: 3 }, layers: [{ op: 'upsample', scale: [2, 1, 3] }] },
      { layers: [{ op: 'maxpool', kernel: 3, stride: 2, ceilMode: true, padding: 'same-lower' }] },
      { layers: [{ op: 'conv', kernel: 3, padding: -0 }] },
    ];
    for (const c of cases) expect(roundTrips(c), JSON.stringify(c)).toBe(true);
  });

  it('for every zoo model', () => {
    for (const name of zooNames) expect(roundTrips(zoo[name]!), name).toBe(true);
    expect(toCompact(zoo.vgg_16!)).toMatch(/^name=vgg_16 in224c3 conv1\/conv1_1:conv3psamec64 /);
  });

  it('for random models of every op, axis count and padding form (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          modelArb(),
          modelArb({ wide: true, maxBlocks: 6 }),
          modelArb({ dags: false, inputSize: 'always' }),
        ),
        fc.constantFrom(...TRICKY_NAMES),
        (spec, name) => {
          // Give the layers awkward names too (renaming their inputs to match).
          const rename = new Map(
            spec.layers.map((l, i) => [l.name!, i % 3 === 0 ? `${name}#${i}` : l.name!]),
          );
          const layers = spec.layers.map((l) => ({
            ...l,
            name: rename.get(l.name!)!,
            ...(l.inputs ? { inputs: l.inputs.map((n) => rename.get(n) ?? n) } : {}),
          }));
          roundTrips({ ...spec, name, layers });
        },
      ),
      { numRuns: 400, seed: 0x15d },
    );
  });

  it('for models at the edges of the format (property)', () => {
    let valid = 0;
    fc.assert(
      fc.property(edgySpec, (spec) => {
        if (roundTrips(spec)) valid++;
      }),
      { numRuns: 3000, seed: 0x15e },
    );
    expect(valid).toBeGreaterThan(600);
  });
});

describe('the compact grammar', () => {
  it('quotes names the bare form cannot hold, as JSON strings', () => {
    const text = toCompact({
      name: 'a "net"',
      layers: [
        { name: 'x y', op: 'conv', kernel: 3 },
        { name: 'a:b', op: 'conv', kernel: 3 },
        { op: 'add', inputs: ['x y', 'a:b'] },
      ],
    });
    expect(text).toBe('name="a \\"net\\"" "x y":conv3 "a:b":conv3 add("x y","a:b")');
    expect(parseCompact(text).layers[2]!.inputs).toEqual(['x y', 'a:b']);
    expect(parseCompact('"x":conv3 add( "x" , input )').layers[1]!.inputs).toEqual(['x', 'input']);
  });

  it('analyze reads the text toCompact writes', () => {
    const spec = zoo.resnet_v1_50!;
    expect(analyze(toCompact(spec))).toEqual(analyze(spec));
  });

  it('malformed quoted names and model names are invalid-compact errors', () => {
    for (const bad of [
      '"a:conv3',
      '"a"conv3',
      'name="x" name=y conv3',
      'name="x',
      '"\\q":conv3',
      'add("a" "b")',
    ]) {
      expect(errorOf(() => parseCompact(bad)).code, bad).toBe('invalid-compact');
    }
  });

  it('toCompact refuses what parseModel refuses, with its error', () => {
    const e = errorOf(() =>
      toCompact({ layers: [{ op: 'conv', kernel: 3, padding: { begin: [1, 2], end: [3] } }] }),
    );
    expect(e.code).toBe('axes-mismatch');
    expect(errorOf(() => toCompact({ layers: [{ op: 'add', inputs: ['zz', 'input'] }] })).code).toBe(
      'unknown-layer',
    );
  });
});

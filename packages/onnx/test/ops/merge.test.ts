// Where paths meet: pointwise merges and Concat (src/ops/merge.ts, src/ops/pointwise.ts).

import { analyze } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../src/index.js';
import { encodeModel, floats, weight } from '../helpers/build.js';
import { layers } from '../helpers/layers.js';

describe('merges', () => {
  const residual = (op: string) =>
    encodeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w1'], outputs: ['a'], name: '/a/Conv', attrs: { pads: [1, 1, 1, 1] } },
        { op: 'Relu', inputs: ['a'], outputs: ['ar'] },
        { op: 'Conv', inputs: ['x', 'w2'], outputs: ['b'], name: '/b/Conv' },
        {
          op,
          inputs: ['ar', 'b'],
          outputs: ['y'],
          name: `/block/${op}`,
          attrs: op === 'Concat' ? { axis: 1 } : {},
        },
      ],
      initializers: [weight('w1', [3, 3, 3, 3]), weight('w2', [3, 3, 1, 1])],
    });

  test.each([
    ['Add', 'add'],
    ['Sum', 'add'],
    ['Sub', 'add'],
    ['Mul', 'mul'],
    ['Concat', 'concat'],
  ])('%s of two paths is a %s layer naming both', (onnxOp, op) => {
    const l = layers(residual(onnxOp));
    expect(l[2]).toEqual({ name: 'block', op, inputs: ['a', 'b'] });
    expect(analyze(importOnnx(residual(onnxOp)).model).output.rf).toEqual([3, 3]);
  });

  test('a binary op with a constant operand is pointwise (no layer)', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
        { op: 'Mul', inputs: ['c', 'k'], outputs: ['m'] },
        { op: 'Add', inputs: ['m', 'k'], outputs: ['y'] },
      ],
      initializers: [weight('w', [4, 3, 3, 3]), floats('k', [2])],
    });
    expect(layers(bytes).map((l) => l.op)).toEqual(['conv']);
  });

  test('Concat along a spatial axis is unsupported', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['a'] },
        { op: 'Concat', inputs: ['a', 'x'], outputs: ['y'], name: 'cat', attrs: { axis: 2 } },
      ],
      initializers: [weight('w', [3, 3, 1, 1])],
    });
    expect(() => importOnnx(bytes)).toThrow(/Concat node "cat".*spatial axis 2/);
  });
});

test('flattened branches concatenated before a dense layer', () => {
  const bytes = encodeModel({
    nodes: [
      { op: 'Conv', inputs: ['x', 'w1'], outputs: ['a'], name: '/a/Conv' },
      { op: 'Conv', inputs: ['x', 'w2'], outputs: ['b'], name: '/b/Conv', attrs: { strides: [2, 2] } },
      { op: 'Flatten', inputs: ['a'], outputs: ['fa'] },
      { op: 'Flatten', inputs: ['b'], outputs: ['fb'] },
      { op: 'Concat', inputs: ['fa', 'fb'], outputs: ['cat'], name: '/cat', attrs: { axis: 1 } },
      { op: 'Gemm', inputs: ['cat', 'fc'], outputs: ['y'], name: '/fc/Gemm' },
    ],
    initializers: [weight('w1', [2, 3, 3, 3]), weight('w2', [2, 3, 3, 3]), weight('fc', [1800, 10])],
  });
  const { model } = importOnnx(bytes);
  expect(model.layers.map((l) => `${l.name}:${l.op}`)).toEqual([
    'a:conv',
    'b:conv',
    'cat:global',
    'fc:global',
  ]);
  expect(analyze(model).output).toMatchObject({ global: true, rf: [32, 32] });
});

test('a squeeze-and-excitation gate: a global path multiplied into a spatial one', () => {
  const bytes = encodeModel({
    nodes: [
      { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], name: '/conv/Conv', attrs: { pads: [1, 1, 1, 1] } },
      { op: 'GlobalAveragePool', inputs: ['c'], outputs: ['g'], name: '/se/pool/GlobalAveragePool' },
      { op: 'Conv', inputs: ['g', 'w1'], outputs: ['s'], name: '/se/fc/Conv' },
      { op: 'Sigmoid', inputs: ['s'], outputs: ['sg'] },
      { op: 'Mul', inputs: ['c', 'sg'], outputs: ['y'], name: '/se/Mul' },
    ],
    initializers: [weight('w', [4, 3, 3, 3]), weight('w1', [4, 4, 1, 1])],
  });
  const { model } = importOnnx(bytes);
  expect(model.layers.map((l) => `${l.name}:${l.op}`)).toEqual([
    'conv:conv',
    'se.pool:global',
    'se.fc:global',
    'se:mul',
  ]);
  expect(analyze(model).output).toMatchObject({ name: 'se', global: true });
});

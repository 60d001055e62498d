// Ops that move axes or read shapes (src/ops/shapes.ts), and the shape folding around them.

import { analyze } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../src/index.js';
import { encodeModel, ints, scalar, weight } from '../helpers/build.js';
import { layers } from '../helpers/layers.js';

describe('layout and shape computations', () => {
  test('Shape → Gather → Unsqueeze → Concat → Resize sizes is folded with the tracked shapes', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['small'], attrs: { strides: [2, 2] } },
        { op: 'Shape', inputs: ['x'], outputs: ['shp'] },
        { op: 'Gather', inputs: ['shp', 'i2'], outputs: ['h'], attrs: { axis: 0 } },
        { op: 'Gather', inputs: ['shp', 'i3'], outputs: ['w_'], attrs: { axis: 0 } },
        { op: 'Unsqueeze', inputs: ['h', 'ax0'], outputs: ['h1'] },
        { op: 'Unsqueeze', inputs: ['w_', 'ax0'], outputs: ['w1'] },
        { op: 'Shape', inputs: ['small'], outputs: ['ss'] },
        { op: 'Slice', inputs: ['ss', 'z', 'two', 'ax0'], outputs: ['nc'] },
        { op: 'Concat', inputs: ['nc', 'h1', 'w1'], outputs: ['sizes'], attrs: { axis: 0 } },
        { op: 'Resize', inputs: ['small', '', '', 'sizes'], outputs: ['y'], name: 'up' },
      ],
      initializers: [
        weight('w', [4, 3, 2, 2]),
        scalar('i2', 2),
        scalar('i3', 3),
        ints('ax0', [0]),
        ints('z', [0]),
        ints('two', [2]),
      ],
    });
    const { model } = importOnnx(bytes);
    expect(model.layers.map((l) => [l.op, l.scale])).toEqual([
      ['conv', undefined],
      ['upsample', 2],
    ]);
  });

  test('a channels-last (NHWC) input read through Transpose', () => {
    const bytes = encodeModel({
      input: [1, 40, 30, 3],
      nodes: [
        { op: 'Transpose', inputs: ['x'], outputs: ['nchw'], attrs: { perm: [0, 3, 1, 2] } },
        { op: 'Conv', inputs: ['nchw', 'w'], outputs: ['c'], attrs: { strides: [2, 1] } },
        { op: 'Transpose', inputs: ['c'], outputs: ['y'], attrs: { perm: [0, 2, 3, 1] } },
      ],
      initializers: [weight('w', [4, 3, 5, 3])],
    });
    const { model, warnings } = importOnnx(bytes);
    expect(model.input).toEqual({ size: [40, 30], channels: 3 });
    expect(model.layers[0]).toMatchObject({ kernel: [5, 3], stride: [2, 1] });
    expect(warnings.map((w) => w.code)).toEqual(['channels-last-input']);
  });

  test('a Transpose that swaps H and W maps kernel axes back to the input axes', () => {
    const bytes = encodeModel({
      input: [1, 3, 40, 30],
      nodes: [
        { op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: { perm: [0, 1, 3, 2] } },
        { op: 'Conv', inputs: ['t', 'w'], outputs: ['y'], attrs: { strides: [2, 1] } },
      ],
      initializers: [weight('w', [4, 3, 5, 3])],
    });
    // The conv's first spatial axis is the input's width.
    expect(importOnnx(bytes).model.layers[0]).toMatchObject({ kernel: [3, 5], stride: [1, 2] });
  });

  test('channel shuffle (Reshape → Transpose → Reshape) keeps the spatial axes', () => {
    const bytes = encodeModel({
      input: [1, 4, 16, 16],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: { pads: [1, 1, 1, 1] } },
        { op: 'Reshape', inputs: ['c', 's5'], outputs: ['r5'] },
        { op: 'Transpose', inputs: ['r5'], outputs: ['t5'], attrs: { perm: [0, 2, 1, 3, 4] } },
        { op: 'Reshape', inputs: ['t5', 's4'], outputs: ['r4'] },
        { op: 'Conv', inputs: ['r4', 'w'], outputs: ['y'], attrs: { pads: [1, 1, 1, 1] } },
      ],
      initializers: [weight('w', [4, 4, 3, 3]), ints('s5', [1, 2, 2, 16, 16]), ints('s4', [1, 4, 16, 16])],
    });
    const r = analyze(importOnnx(bytes).model);
    expect(r.output).toMatchObject({ rf: [5, 5], global: false });
  });

  test('Shape/Constant/Cast/Unsqueeze nodes that feed only shape computations leave no layer', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['s'] },
        { op: 'Cast', inputs: ['s'], outputs: ['sf'], attrs: { to: 1 } },
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['y'] },
      ],
      initializers: [weight('w', [4, 3, 3, 3])],
    });
    expect(layers(bytes).map((l) => l.op)).toEqual(['conv']);
  });

  test('dead branches that reach no graph output leave no layer', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['dead'] },
        { op: 'MaxPool', inputs: ['x'], outputs: ['y'], attrs: { kernel_shape: [2, 2] } },
      ],
      initializers: [weight('w', [4, 3, 3, 3])],
    });
    expect(layers(bytes).map((l) => l.op)).toEqual(['maxpool']);
  });
});

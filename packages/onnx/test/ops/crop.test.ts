// Pad and Slice (src/ops/crop.ts), including the constant folding that computes their pads.

import { analyze } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../src/index.js';
import { encodeModel, INT64_MAX, ints } from '../helpers/build.js';
import { layers } from '../helpers/layers.js';

describe('Pad and Slice', () => {
  test('Pad (opset 11+) with pads from an initializer; non-spatial pads are ignored', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Pad', inputs: ['x', 'pads'], outputs: ['y'], name: 'pad' }],
      initializers: [ints('pads', [0, 1, 2, 0, 0, 1, 0, 3])],
    });
    expect(layers(bytes)).toEqual([
      { name: 'pad', op: 'avgpool', kernel: 1, padding: { begin: [2, 0], end: [0, 3] } },
    ]);
    expect(analyze(importOnnx(bytes).model).output.outputSize).toEqual([34, 35]);
  });

  test('Pad (opset 2) with the pads attribute, int64 data in int64_data', () => {
    const attr = encodeModel({
      opset: 2,
      nodes: [{ op: 'Pad', inputs: ['x'], outputs: ['y'], attrs: { pads: [0, 0, 1, 1, 0, 0, 1, 1] } }],
    });
    expect(layers(attr)[0]).toMatchObject({ padding: 1 });
    const field = encodeModel({
      nodes: [{ op: 'Pad', inputs: ['x', 'pads'], outputs: ['y'] }],
      initializers: [
        { name: 'pads', dims: [8], dataType: 7, values: [0, 0, 2, 2, 0, 0, 2, 2], int64Field: true },
      ],
    });
    expect(layers(field)[0]).toMatchObject({ padding: 2 });
  });

  test('reflect padding is analysed as constant padding, with a warning', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Pad', inputs: ['x', 'pads'], outputs: ['y'], attrs: { mode: 'reflect' } }],
      initializers: [ints('pads', [0, 0, 1, 1, 0, 0, 1, 1])],
    });
    expect(importOnnx(bytes).warnings.map((w) => w.code)).toEqual(['pad-mode']);
  });

  test('PyTorch F.pad: pads computed by ConstantOfShape/Concat/Reshape/Slice/Transpose/Cast are folded', () => {
    // The chain torch.onnx emits for F.pad(x, (0, 1, 0, 1)) at opset 13.
    const bytes = encodeModel({
      nodes: [
        {
          op: 'Constant',
          inputs: [],
          outputs: ['c0'],
          attrs: { value: { t: { dims: [1], dataType: 7, values: [4] } } },
        },
        {
          op: 'Constant',
          inputs: [],
          outputs: ['c1'],
          attrs: { value: { t: { dims: [4], dataType: 7, values: [0, 1, 0, 1] } } },
        },
        {
          op: 'ConstantOfShape',
          inputs: ['c0'],
          outputs: ['zeros'],
          attrs: { value: { t: { dims: [1], dataType: 7, values: [0] } } },
        },
        { op: 'Concat', inputs: ['c1', 'zeros'], outputs: ['cat'], attrs: { axis: 0 } },
        { op: 'Reshape', inputs: ['cat', 'r1'], outputs: ['pairs'] },
        { op: 'Slice', inputs: ['pairs', 'st', 'en', 'ax', 'stp'], outputs: ['rev'] },
        { op: 'Transpose', inputs: ['rev'], outputs: ['tr'], attrs: { perm: [1, 0] } },
        { op: 'Reshape', inputs: ['tr', 'r2'], outputs: ['flat'] },
        { op: 'Cast', inputs: ['flat'], outputs: ['pads'], attrs: { to: 7 } },
        { op: 'Pad', inputs: ['x', 'pads', ''], outputs: ['y'], name: '/Pad' },
      ],
      initializers: [
        ints('r1', [-1, 2]),
        ints('st', [-1]),
        ints('en', [-INT64_MAX]),
        ints('ax', [0]),
        ints('stp', [-1]),
        ints('r2', [-1]),
      ],
    });
    expect(layers(bytes)).toEqual([
      { name: 'Pad', op: 'avgpool', kernel: 1, padding: { begin: [0, 0], end: [1, 1] } },
    ]);
  });

  test('Slice crops spatial axes (padding −start, −(n−end)); channel slices are pointwise', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'Slice', inputs: ['x', 'st', 'en', 'ax'], outputs: ['a'], name: 'crop' },
        { op: 'Slice', inputs: ['a', 'cst', 'cen', 'cax'], outputs: ['y'], name: 'chan' },
      ],
      initializers: [
        ints('st', [2, 1]),
        ints('en', [-2, INT64_MAX]),
        ints('ax', [2, 3]),
        ints('cst', [0]),
        ints('cen', [2]),
        ints('cax', [1]),
      ],
    });
    const { model } = importOnnx(bytes);
    expect(model.layers).toEqual([
      { name: 'crop', op: 'avgpool', kernel: 1, padding: { begin: [-2, -1], end: [-2, 0] } },
    ]);
    const r = analyze(model);
    expect(r.output.outputSize).toEqual([28, 31]);
    expect(r.output.effectivePadding).toEqual([-2, -1]);
  });

  test('Slice with steps is a strided window', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Slice', inputs: ['x', 'st', 'en', 'ax', 'sp'], outputs: ['y'] }],
      initializers: [ints('st', [1, 1]), ints('en', [32, 32]), ints('ax', [2, 3]), ints('sp', [2, 2])],
    });
    const r = analyze(importOnnx(bytes).model);
    expect(r.output.jump).toEqual([2, 2]);
    expect(r.output.outputSize).toEqual([16, 16]);
  });
});

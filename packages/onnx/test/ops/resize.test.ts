// Resize, Upsample, DepthToSpace and SpaceToDepth (src/ops/resize.ts).

import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../src/index.js';
import { chain, encodeModel, floats, ints, weight } from '../helpers/build.js';
import { layers } from '../helpers/layers.js';

describe('resampling', () => {
  test('Resize (opset 13) with scales from an initializer', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Resize', inputs: ['x', '', 'scales'], outputs: ['y'], attrs: { mode: 'nearest' } }],
      initializers: [floats('scales', [1, 1, 2, 2])],
    });
    expect(importOnnx(bytes).model.layers).toEqual([{ name: 'Resize_0', op: 'upsample', scale: 2 }]);
    expect(importOnnx(bytes).warnings).toEqual([]);
  });

  test('Resize with scales from a Constant node, and with sizes', () => {
    const viaConstant = encodeModel({
      nodes: [
        {
          op: 'Constant',
          inputs: [],
          outputs: ['s'],
          attrs: { value: { t: { dims: [4], values: [1, 1, 3, 2] } } },
        },
        { op: 'Resize', inputs: ['x', '', 's'], outputs: ['y'], attrs: { mode: 'nearest' } },
      ],
    });
    expect(importOnnx(viaConstant).model.layers[0]).toMatchObject({ op: 'upsample', scale: [3, 2] });
    const viaSizes = encodeModel({
      nodes: [{ op: 'Resize', inputs: ['x', '', '', 'sizes'], outputs: ['y'], attrs: { mode: 'nearest' } }],
      initializers: [ints('sizes', [1, 3, 64, 128])],
    });
    expect(importOnnx(viaSizes).model.layers[0]).toMatchObject({ op: 'upsample', scale: [2, 4] });
  });

  test('Resize (opset 10) and Upsample (opset 7 attribute, opset 9 input)', () => {
    const r10 = encodeModel({
      opset: 10,
      nodes: [{ op: 'Resize', inputs: ['x', 's'], outputs: ['y'] }],
      initializers: [floats('s', [1, 1, 2, 2])],
    });
    expect(layers(r10)[0]).toMatchObject({ op: 'upsample', scale: 2 });
    const u7 = encodeModel({
      opset: 7,
      nodes: [{ op: 'Upsample', inputs: ['x'], outputs: ['y'], attrs: { scales: { floats: [1, 1, 4, 4] } } }],
    });
    expect(layers(u7)[0]).toMatchObject({ op: 'upsample', scale: 4 });
    const u9 = encodeModel({
      opset: 9,
      nodes: [{ op: 'Upsample', inputs: ['x', 's'], outputs: ['y'] }],
      initializers: [floats('s', [1, 1, 2, 2])],
    });
    expect(layers(u9)[0]).toMatchObject({ op: 'upsample', scale: 2 });
  });

  test('bilinear resizing is analysed as nearest, with a warning', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Resize', inputs: ['x', '', 's'], outputs: ['y'], attrs: { mode: 'linear' } }],
      initializers: [floats('s', [1, 1, 2, 2])],
    });
    expect(importOnnx(bytes).warnings.map((w) => w.code)).toEqual(['approximate-resize']);
  });

  test('non-integer and data-dependent scales are refused', () => {
    const half = encodeModel({
      nodes: [{ op: 'Resize', inputs: ['x', '', 's'], outputs: ['y'], name: 'down' }],
      initializers: [floats('s', [1, 1, 0.5, 0.5])],
    });
    expect(() => importOnnx(half)).toThrow(/Resize node "down".*scale.*0\.5.*integer/);
    const dynamic = encodeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
        { op: 'Resize', inputs: ['c', '', 'c'], outputs: ['y'], name: 'dyn' },
      ],
      initializers: [weight('w', [4, 3, 1, 1])],
    });
    expect(() => importOnnx(dynamic)).toThrow(/Resize node "dyn".*depends on the image/);
  });

  test('DepthToSpace is an upsample, SpaceToDepth a strided window', () => {
    const bytes = chain([
      { op: 'SpaceToDepth', attrs: { blocksize: 2 } },
      { op: 'DepthToSpace', attrs: { blocksize: 2 } },
    ]);
    expect(layers(bytes)).toEqual([
      { name: 'n0', op: 'maxpool', kernel: 2, stride: 2 },
      { name: 'n1', op: 'upsample', scale: 2 },
    ]);
  });
});

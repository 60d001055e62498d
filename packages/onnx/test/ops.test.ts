// One op or attribute at a time, on graphs built in memory.

import { analyze, isRfError, oracle, parseModel } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../src/index.js';
import { chain, encodeModel, floats, INT64_MAX, ints, scalar, weight } from './helpers/build.js';

const layers = (bytes: Uint8Array) => importOnnx(bytes).model.layers;

describe('conv', () => {
  test('kernel, stride, dilation and symmetric pads map to a conv layer', () => {
    const bytes = chain([
      {
        op: 'Conv',
        weight: [16, 3, 3, 3],
        attrs: { kernel_shape: [3, 3], strides: [2, 2], dilations: [2, 2], pads: [1, 1, 1, 1] },
      },
    ]);
    expect(layers(bytes)).toEqual([
      { name: 'n0', op: 'conv', kernel: 3, stride: 2, dilation: 2, padding: 1, channels: 16 },
    ]);
  });

  test('the kernel comes from the weight dims when kernel_shape is absent', () => {
    const bytes = chain([{ op: 'Conv', weight: [8, 3, 5, 7] }]);
    expect(layers(bytes)[0]).toMatchObject({ op: 'conv', kernel: [5, 7], channels: 8 });
  });

  test('asymmetric pads become begin/end', () => {
    const bytes = chain([{ op: 'Conv', weight: [8, 3, 3, 3], attrs: { pads: [0, 1, 2, 3] } }]);
    expect(layers(bytes)[0]?.padding).toEqual({ begin: [0, 1], end: [2, 3] });
  });

  test('grouped and depthwise convs keep the weight geometry and output channels', () => {
    const bytes = chain([
      { op: 'Conv', weight: [12, 1, 3, 3], attrs: { group: 3, pads: [1, 1, 1, 1] } },
      { op: 'Conv', weight: [12, 1, 3, 3], attrs: { group: 12, pads: [1, 1, 1, 1], strides: [2, 2] } },
    ]);
    expect(layers(bytes).map((l) => [l.kernel, l.stride ?? 1, l.channels])).toEqual([
      [3, 1, 12],
      [3, 2, 12],
    ]);
  });

  test.each([
    ['SAME_UPPER', 'same'],
    ['SAME_LOWER', 'same-lower'],
    ['VALID', undefined],
    ['NOTSET', 1],
  ])('auto_pad %s', (autoPad, padding) => {
    const bytes = chain([
      { op: 'Conv', weight: [8, 3, 3, 3], attrs: { auto_pad: autoPad, strides: [2, 2], pads: [1, 1, 1, 1] } },
    ]);
    expect(layers(bytes)[0]?.padding).toEqual(padding);
  });

  test('SAME_UPPER with stride 2 on an odd size puts the extra pixel at the end', () => {
    const bytes = chain(
      [{ op: 'Conv', weight: [8, 3, 4, 4], attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] } }],
      [1, 3, 33, 33],
    );
    const report = analyze(importOnnx(bytes).model);
    // out = ceil(33/2) = 17, total = 16·2 + 4 − 33 = 3, left = 1.
    expect(report.output.outputSize).toEqual([17, 17]);
    expect(report.output.effectivePadding).toEqual([1, 1]);
  });

  test('1-D and 3-D convolutions set the number of axes', () => {
    const one = importOnnx(chain([{ op: 'Conv', weight: [4, 1, 5], attrs: { strides: [3] } }], [1, 1, 100]));
    expect(one.model.input?.size).toEqual([100]);
    expect(analyze(one.model).output.rf).toEqual([5]);
    const three = importOnnx(
      chain([{ op: 'Conv', weight: [4, 1, 3, 3, 3], attrs: { pads: [1, 1, 1, 1, 1, 1] } }], [1, 1, 8, 9, 10]),
    );
    expect(three.model.input?.size).toEqual([8, 9, 10]);
    expect(analyze(three.model).output.outputSize).toEqual([8, 9, 10]);
  });

  test('a 3-D model without input size writes per-axis arrays so the axes stay known', () => {
    const { model } = importOnnx(chain([{ op: 'Conv', weight: [4, 1, 3, 3, 3] }], [1, 1, 'd', 'h', 'w']));
    expect(model.input?.size).toBeUndefined();
    expect(model.layers[0]?.kernel).toEqual([3, 3, 3]);
    expect(analyze(model).axes).toBe(3);
  });
});

describe('pools', () => {
  test('MaxPool with ceil_mode, AveragePool with pads, LpPool as avgpool', () => {
    const bytes = chain([
      { op: 'MaxPool', attrs: { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 } },
      { op: 'AveragePool', attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } },
      { op: 'LpPool', attrs: { kernel_shape: [2, 2], strides: [2, 2], p: 2 } },
    ]);
    expect(layers(bytes)).toEqual([
      { name: 'n0', op: 'maxpool', kernel: 3, stride: 2, ceilMode: true },
      { name: 'n1', op: 'avgpool', kernel: 3, padding: 1 },
      { name: 'n2', op: 'avgpool', kernel: 2, stride: 2 },
    ]);
  });

  test('MaxPool with dilations', () => {
    const bytes = chain([{ op: 'MaxPool', attrs: { kernel_shape: [2, 2], dilations: [3, 3] } }]);
    expect(analyze(importOnnx(bytes).model).output.rf).toEqual([4, 4]);
  });

  test('a pool without kernel_shape is invalid', () => {
    expect(() => importOnnx(chain([{ op: 'MaxPool' }]))).toThrow(
      /MaxPool node "\/n0\/MaxPool".*kernel_shape/,
    );
  });

  test.each(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool'])('%s is global', (op) => {
    const { model } = importOnnx(chain([{ op: 'Conv', weight: [4, 3, 3, 3] }, { op }]));
    expect(model.layers[1]).toEqual({ name: 'n1', op: 'global' });
    expect(analyze(model).output).toMatchObject({ global: true, rf: [32, 32] });
  });
});

describe('ConvTranspose', () => {
  test('strides, pads, output_padding and channels (weight dims [C, M/group, k…])', () => {
    const bytes = chain([
      {
        op: 'ConvTranspose',
        weight: [3, 4, 3, 3],
        attrs: { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1], group: 1 },
      },
    ]);
    expect(layers(bytes)).toEqual([
      { name: 'n0', op: 'deconv', kernel: 3, stride: 2, padding: 1, outputPadding: 1, channels: 4 },
    ]);
    expect(analyze(importOnnx(bytes).model).output.outputSize).toEqual([64, 64]);
  });

  test('output_shape derives the pads from the input size (ONNX formula)', () => {
    // total = 2·(32−1) + 0 + 3 − 64 = 1 → NOTSET: begin = 1 − 0 = 1, end = 0.
    const bytes = chain([
      { op: 'ConvTranspose', weight: [3, 4, 3, 3], attrs: { strides: [2, 2], output_shape: [64, 64] } },
    ]);
    expect(layers(bytes)[0]?.padding).toEqual({ begin: [1, 1], end: [0, 0] });
    expect(analyze(importOnnx(bytes).model).output.outputSize).toEqual([64, 64]);
  });

  test.each([
    ['SAME_UPPER', { begin: [0, 0], end: [1, 1] }],
    ['SAME_LOWER', { begin: [1, 1], end: [0, 0] }],
  ])('auto_pad %s makes the output size input × stride', (autoPad, padding) => {
    const bytes = chain([
      { op: 'ConvTranspose', weight: [3, 4, 3, 3], attrs: { strides: [2, 2], auto_pad: autoPad } },
    ]);
    expect(layers(bytes)[0]?.padding).toEqual(padding);
    expect(analyze(importOnnx(bytes).model).output.outputSize).toEqual([64, 64]);
  });

  test('auto_pad SAME without a static size is refused with the reason', () => {
    const bytes = chain(
      [{ op: 'ConvTranspose', weight: [3, 4, 3, 3], attrs: { strides: [2, 2], auto_pad: 'SAME_UPPER' } }],
      [1, 3, 'h', 'w'],
    );
    expect(() => importOnnx(bytes)).toThrow(/static input size/);
  });
});

describe('dense heads', () => {
  test('Flatten + Gemm is global; Flatten itself is no layer', () => {
    const { model } = importOnnx(
      encodeModel({
        nodes: [
          { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], name: '/features/Conv' },
          { op: 'Flatten', inputs: ['c'], outputs: ['f'], name: '/Flatten' },
          {
            op: 'Gemm',
            inputs: ['f', 'fc_w', 'fc_b'],
            outputs: ['y'],
            name: '/fc/Gemm',
            attrs: { transB: 1 },
          },
        ],
        initializers: [weight('w', [4, 3, 3, 3]), weight('fc_w', [10, 3600]), weight('fc_b', [10])],
      }),
    );
    expect(model.layers).toEqual([
      { name: 'features', op: 'conv', kernel: 3, channels: 4 },
      { name: 'fc', op: 'global' },
    ]);
  });

  test('Reshape to 2-D + MatMul is global', () => {
    const { model } = importOnnx(
      encodeModel({
        nodes: [
          { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
          { op: 'Reshape', inputs: ['c', 'shape'], outputs: ['r'] },
          { op: 'MatMul', inputs: ['r', 'm'], outputs: ['y'] },
        ],
        initializers: [weight('w', [4, 3, 3, 3]), ints('shape', [1, -1]), weight('m', [3600, 10])],
      }),
    );
    expect(model.layers.map((l) => l.op)).toEqual(['conv', 'global']);
    const r = analyze(model);
    expect(r.layers[0]?.global).toBe(false);
    expect(r.output.global).toBe(true);
  });

  test('ReduceMean over the spatial axes is global; over channels it is pointwise', () => {
    const spatial = importOnnx(chain([{ op: 'ReduceMean', attrs: { axes: [2, 3], keepdims: 1 } }])).model;
    expect(spatial.layers).toEqual([{ name: 'n0', op: 'global' }]);
    const channels = importOnnx(
      chain([
        { op: 'Conv', weight: [4, 3, 1, 1] },
        { op: 'ReduceMean', attrs: { axes: [1], keepdims: 1 } },
      ]),
    ).model;
    expect(channels.layers.map((l) => l.op)).toEqual(['conv']);
  });

  test('Softmax over channels is pointwise; over a spatial axis it is global', () => {
    expect(
      layers(
        chain([
          { op: 'Conv', weight: [4, 3, 1, 1] },
          { op: 'Softmax', attrs: { axis: 1 } },
        ]),
      ),
    ).toHaveLength(1);
    expect(layers(chain([{ op: 'Softmax', attrs: { axis: -1 } }]))).toEqual([{ name: 'n0', op: 'global' }]);
  });
});

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

describe('names', () => {
  test('PyTorch scope names become module paths; duplicates get suffixes; "input" is reserved', () => {
    const bytes = chain([
      { op: 'Conv', weight: [4, 3, 3, 3], name: '/layer1/layer1.0/downsample/downsample.0/Conv' },
      { op: 'Conv', weight: [4, 4, 3, 3], name: '/layer1/layer1.0/downsample/downsample.0/Conv_1' },
      { op: 'MaxPool', attrs: { kernel_shape: [2, 2] }, name: 'input' },
      { op: 'MaxPool', attrs: { kernel_shape: [2, 2] }, name: 'weird name/with spaces' },
    ]);
    expect(layers(bytes).map((l) => l.name)).toEqual([
      'layer1.0.downsample.0',
      'layer1.0.downsample.0_2',
      'input_2',
      'weird_name.with_spaces',
    ]);
  });

  test('unnamed nodes are named after their output tensor', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'MaxPool', inputs: ['x'], outputs: ['pool_out'], name: '', attrs: { kernel_shape: [2, 2] } },
      ],
    });
    expect(layers(bytes)[0]?.name).toBe('pool_out');
  });

  test('the model name: option, then graph name', () => {
    const bytes = chain([{ op: 'MaxPool', attrs: { kernel_shape: [2, 2] } }]);
    expect(importOnnx(bytes).model.name).toBe('test');
    expect(importOnnx(bytes, { name: 'mine' }).model.name).toBe('mine');
  });
});

describe('unknown ops', () => {
  const withUnknown = (extraPath: boolean) =>
    encodeModel({
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
        {
          op: 'FancyAct',
          domain: 'com.example',
          inputs: extraPath ? ['c', 'x'] : ['c', 'k'],
          outputs: ['y'],
          name: '/blk/fancy',
        },
      ],
      initializers: [weight('w', [3, 3, 3, 3]), floats('k', [1])],
    });

  test('are an error naming the node and the op', () => {
    try {
      importOnnx(withUnknown(false));
      expect.unreachable();
    } catch (e) {
      expect(isRfError(e) && e.code).toBe('unsupported-op');
      expect((e as Error).message).toContain('FancyAct node "/blk/fancy"');
      expect((e as Error).message).toContain('com.example::FancyAct');
    }
  });

  test('unknownAsIdentity makes single-path unknown ops identity layers, listed as warnings', () => {
    const { model, warnings } = importOnnx(withUnknown(false), { unknownAsIdentity: true });
    expect(model.layers[1]).toEqual({ name: 'blk.fancy', op: 'identity' });
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'unknown-op-as-identity', layers: ['blk.fancy'] }),
    ]);
  });

  test('unknownAsIdentity does not cover unknown ops that merge several paths', () => {
    expect(() => importOnnx(withUnknown(true), { unknownAsIdentity: true })).toThrow(/combines 2 paths/);
  });
});

describe('the result is a valid ModelSpec', () => {
  test('it parses, and analyze agrees with the oracle on a mixed graph', () => {
    const bytes = encodeModel({
      input: [1, 3, 24, 24],
      nodes: [
        { op: 'Pad', inputs: ['x', 'pads'], outputs: ['p'] },
        { op: 'Conv', inputs: ['p', 'w1'], outputs: ['a'], attrs: { strides: [2, 2] } },
        {
          op: 'MaxPool',
          inputs: ['a'],
          outputs: ['b'],
          attrs: { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 },
        },
        {
          op: 'ConvTranspose',
          inputs: ['b', 'w2'],
          outputs: ['u'],
          attrs: { strides: [2, 2], pads: [1, 1, 1, 1] },
        },
        { op: 'Conv', inputs: ['a', 'w3'], outputs: ['s'], attrs: { dilations: [2, 2], pads: [2, 2, 2, 2] } },
        { op: 'Slice', inputs: ['s', 'st', 'en', 'ax'], outputs: ['sc'] },
        { op: 'Concat', inputs: ['u', 'sc'], outputs: ['y'], attrs: { axis: 1 } },
      ],
      initializers: [
        ints('pads', [0, 0, 0, 0, 0, 0, 1, 1]),
        weight('w1', [4, 3, 3, 3]),
        weight('w2', [4, 4, 4, 4]),
        weight('w3', [4, 4, 3, 3]),
        ints('st', [0, 0]),
        ints('en', [12, 12]),
        ints('ax', [2, 3]),
      ],
    });
    const { model } = importOnnx(bytes);
    expect(() => parseModel(model)).not.toThrow();
    const fast = analyze(model);
    const slow = oracle(model);
    for (const [i, l] of fast.layers.entries()) {
      const o = slow.layers[i];
      expect([l.name, l.rf, l.jump, l.effectivePadding, l.outputSize]).toEqual([
        o?.name,
        o?.rf,
        o?.jump,
        o?.effectivePadding,
        o?.outputSize,
      ]);
    }
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

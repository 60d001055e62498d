// Conv, pools and ConvTranspose (src/ops/windows.ts), one op or attribute at a time.

import { analyze } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../src/index.js';
import { chain } from '../helpers/build.js';
import { layers } from '../helpers/layers.js';

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

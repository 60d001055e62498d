// The conversion as a whole (src/convert.ts): names, unknown ops, and a valid ModelSpec.

import { analyze, isRfError, oracle, parseModel } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../src/index.js';
import { chain, encodeModel, floats, ints, weight } from './helpers/build.js';
import { layers } from './helpers/layers.js';

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

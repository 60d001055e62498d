// Global pools, reductions, softmax and dense heads (src/ops/reduce.ts).

import { analyze } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../src/index.js';
import { chain, encodeModel, ints, weight } from '../helpers/build.js';
import { layers } from '../helpers/layers.js';

describe('global pools, reductions and dense heads', () => {
  test.each(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool'])('%s is global', (op) => {
    const { model } = importOnnx(chain([{ op: 'Conv', weight: [4, 3, 3, 3] }, { op }]));
    expect(model.layers[1]).toEqual({ name: 'n1', op: 'global' });
    expect(analyze(model).output).toMatchObject({ global: true, rf: [32, 32] });
  });

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

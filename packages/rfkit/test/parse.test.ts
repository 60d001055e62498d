// parseModel: validation and normalisation of a ModelSpec (DESIGN §2).
import { describe, expect, it } from 'vitest';
import { parseModel } from '../src/model/parse.js';
import { errorOf } from './support/errors.js';

const conv = (extra: Record<string, unknown> = {}) => ({ op: 'conv', kernel: 3, ...extra });

describe('normalisation', () => {
  it('expands scalars, fills defaults and default names, resolves inputs', () => {
    const m = parseModel({ layers: [conv({ stride: 2 }), { op: 'maxpool', kernel: 2 }] });
    expect(m.axes).toBe(2);
    expect(m.name).toBe('model');
    expect(m.input).toEqual({ size: null, channels: null });
    expect(m.layers[0]).toEqual({
      name: 'conv_0',
      op: 'conv',
      index: 0,
      kernel: [3, 3],
      stride: [2, 2],
      dilation: [1, 1],
      scale: [1, 1],
      padding: { kind: 'explicit', begin: [0, 0], end: [0, 0] },
      ceilMode: false,
      outputPadding: [0, 0],
      channels: null,
      inputs: ['input'],
    });
    expect(m.layers[1]!.name).toBe('maxpool_1');
    expect(m.layers[1]!.inputs).toEqual(['conv_0']);
  });

  it('takes the number of axes from input.size or any per-axis array', () => {
    expect(parseModel({ input: { size: [10] }, layers: [conv()] }).axes).toBe(1);
    expect(parseModel({ layers: [conv({ stride: [1, 2, 2] })] }).axes).toBe(3);
    expect(parseModel({ layers: [conv({ padding: { begin: [1], end: [0] } })] }).axes).toBe(1);
    expect(parseModel({ layers: [conv()] }, { inputSize: 7 }).input.size).toEqual([7, 7]);
    expect(parseModel({ input: { size: [5, 6] }, layers: [conv()] }, { inputSize: 7 }).input.size).toEqual([
      7, 7,
    ]);
    expect(parseModel({ layers: [conv()] }, { inputSize: [7, 8, 9] }).axes).toBe(3);
  });

  it('normalises every padding form', () => {
    const pad = (padding: unknown) => parseModel({ layers: [conv({ padding })] }).layers[0]!.padding;
    expect(pad(1)).toEqual({ kind: 'explicit', begin: [1, 1], end: [1, 1] });
    expect(pad([1, 2])).toEqual({ kind: 'explicit', begin: [1, 2], end: [1, 2] });
    expect(pad({ begin: [0, 1], end: [1, 0] })).toEqual({ kind: 'explicit', begin: [0, 1], end: [1, 0] });
    expect(pad(-2)).toEqual({ kind: 'explicit', begin: [-2, -2], end: [-2, -2] });
    expect(pad('valid')).toEqual({ kind: 'explicit', begin: [0, 0], end: [0, 0] });
    expect(pad('same')).toEqual({ kind: 'same', lower: false });
    expect(pad('same-lower')).toEqual({ kind: 'same', lower: true });
  });

  it('does not alias the spec arrays, and is frozen', () => {
    const spec = { layers: [conv({ kernel: [3, 5] })] };
    const m = parseModel(spec);
    (spec.layers[0]!.kernel as unknown as number[])[0] = 99;
    expect(m.layers[0]!.kernel).toEqual([3, 5]);
    // A parsed model stays what parseModel checked: editing it fails.
    expect(() => {
      (m.layers[0]!.kernel as unknown as number[])[0] = 99;
    }).toThrow(TypeError);
    expect(() => {
      (m.layers as unknown[]).push({});
    }).toThrow(TypeError);
    expect(Object.isFrozen(m.layers[0]!.padding)).toBe(true);
  });

  it('accepts JSON text parsed with JSON.parse and explicit DAG inputs', () => {
    const text = JSON.stringify({
      name: 'res',
      input: { size: [32, 32], channels: 3 },
      layers: [
        { name: 'a', op: 'conv', kernel: 3, padding: 1, channels: 16 },
        { name: 'b', op: 'conv', kernel: 3, padding: 1, inputs: ['a'] },
        { name: 'sum', op: 'add', inputs: ['a', 'b'] },
        { name: 'up', op: 'upsample', scale: 2 },
        { name: 'd', op: 'deconv', kernel: 4, stride: 2, padding: 1, outputPadding: 1 },
        { name: 'p', op: 'avgpool', kernel: 2, stride: 2, ceilMode: true, inputs: ['input'] },
        { name: 'g', op: 'global' },
      ],
    });
    const m = parseModel(JSON.parse(text));
    expect(m.name).toBe('res');
    expect(m.input).toEqual({ size: [32, 32], channels: 3 });
    expect(m.layers.map((l) => l.inputs)).toEqual([
      ['input'],
      ['a'],
      ['a', 'b'],
      ['sum'],
      ['up'],
      ['input'],
      ['p'],
    ]);
    expect(m.layers[4]!.outputPadding).toEqual([1, 1]);
    expect(m.layers[5]!.ceilMode).toBe(true);
    expect(m.layers[0]!.channels).toBe(16);
  });
});

describe('errors', () => {
  it('bad values name the layer, the field and the value', () => {
    const e = errorOf(() =>
      parseModel({ layers: [conv(), conv(), conv(), { name: 'conv2', op: 'conv', kernel: 3, stride: 0 }] }),
    );
    expect(e.code).toBe('invalid-model');
    expect(e.message).toBe('layers[3] (conv2): stride must be an integer >= 1, got 0');
    expect(e.path).toBe('layers[3].stride');
    expect(errorOf(() => parseModel({ layers: [conv({ kernel: 2.5 })] })).message).toContain(
      'kernel must be an integer >= 1, got 2.5',
    );
    expect(errorOf(() => parseModel({ layers: [conv({ dilation: [1, 0] })] })).message).toContain(
      'dilation[1]',
    );
    expect(errorOf(() => parseModel({ layers: [conv({ kernel: 2 ** 53 })] })).code).toBe('invalid-model');
    expect(errorOf(() => parseModel({ layers: [conv({ padding: 'full' })] })).message).toContain('"same"');
    expect(errorOf(() => parseModel({ layers: [conv({ padding: { begin: [1] } })] })).message).toContain(
      '"end"',
    );
    expect(
      errorOf(() => parseModel({ layers: [{ op: 'maxpool', kernel: 2, ceilMode: 'yes' }] })).message,
    ).toContain('ceilMode');
    expect(errorOf(() => parseModel({ layers: [conv({ channels: 0 })] })).path).toBe('layers[0].channels');
    expect(errorOf(() => parseModel({ input: { size: [0, 3] }, layers: [conv()] })).code).toBe(
      'invalid-model',
    );
    expect(errorOf(() => parseModel({ input: { size: 224 }, layers: [conv()] })).message).toContain(
      'input.size',
    );
    expect(errorOf(() => parseModel({ layers: [conv({ kernel: [3, 3, 3, 3] })] })).message).toContain(
      '1 to 3',
    );
  });

  it('the model must be an object with a non-empty layers array', () => {
    expect(errorOf(() => parseModel(null)).code).toBe('invalid-model');
    expect(errorOf(() => parseModel({ layers: [] })).message).toContain('non-empty');
    expect(errorOf(() => parseModel({ layers: [3] })).message).toContain('layers[0]');
    expect(errorOf(() => parseModel({ name: 5, layers: [conv()] })).path).toBe('name');
  });

  it('unknown fields and ops list what is allowed', () => {
    const f = errorOf(() => parseModel({ layers: [conv({ strides: 2 })] }));
    expect(f.code).toBe('unknown-field');
    expect(f.message).toContain('"strides"');
    expect(f.message).toContain('allowed: name, op, inputs, channels, kernel, stride, dilation, padding');
    expect(errorOf(() => parseModel({ layers: [conv({ scale: 2 })] })).code).toBe('unknown-field');
    expect(errorOf(() => parseModel({ layers: [conv()], extra: 1 })).code).toBe('unknown-field');
    expect(errorOf(() => parseModel({ input: { shape: [3] }, layers: [conv()] })).code).toBe('unknown-field');
    expect(
      errorOf(() => parseModel({ layers: [conv({ padding: { begin: [1], end: [1], mid: 0 } })] })).code,
    ).toBe('unknown-field');
    const op = errorOf(() => parseModel({ layers: [{ op: 'convolution', kernel: 3 }] }));
    expect(op.code).toBe('unknown-op');
    expect(op.message).toContain('"convolution"');
    expect(op.message).toContain(
      'conv, maxpool, avgpool, deconv, upsample, identity, add, concat, mul, global',
    );
    expect(errorOf(() => parseModel({ layers: [{ kernel: 3 }] })).message).toContain('missing "op"');
  });

  it('per-axis arrays of different lengths', () => {
    const e = errorOf(() => parseModel({ layers: [conv({ kernel: [3, 3] }), conv({ stride: [1, 1, 1] })] }));
    expect(e.code).toBe('axes-mismatch');
    expect(e.message).toContain('layers[1] (conv_1)');
    expect(e.message).toContain('stride has 3 axes');
    expect(e.message).toContain('kernel has 2');
    expect(errorOf(() => parseModel({ input: { size: [8] }, layers: [conv({ kernel: [3, 3] })] })).code).toBe(
      'axes-mismatch',
    );
    expect(errorOf(() => parseModel({ layers: [conv({ padding: { begin: [1], end: [1, 1] } })] })).code).toBe(
      'axes-mismatch',
    );
    expect(errorOf(() => parseModel({ layers: [conv({ kernel: [3, 3] })] }, { inputSize: [4] })).code).toBe(
      'axes-mismatch',
    );
  });

  it('names: duplicates, the reserved "input", unknown and later layers', () => {
    expect(errorOf(() => parseModel({ layers: [conv({ name: 'a' }), conv({ name: 'a' })] })).code).toBe(
      'duplicate-name',
    );
    // An explicit name can collide with a default name.
    expect(errorOf(() => parseModel({ layers: [conv(), conv({ name: 'conv_0' })] })).code).toBe(
      'duplicate-name',
    );
    expect(errorOf(() => parseModel({ layers: [conv({ name: 'input' })] })).code).toBe('duplicate-name');
    const missing = errorOf(() => parseModel({ layers: [conv({ name: 'a', inputs: ['nope'] })] }));
    expect(missing.code).toBe('unknown-layer');
    expect(missing.message).toContain('"nope"');
    const later = errorOf(() =>
      parseModel({ layers: [conv({ name: 'a', inputs: ['b'] }), conv({ name: 'b' })] }),
    );
    expect(later.code).toBe('cycle');
    expect(later.message).toContain('"a"');
    expect(later.message).toContain('"b"');
    const self = errorOf(() => parseModel({ layers: [conv({ name: 'a', inputs: ['a'] })] }));
    expect(self.code).toBe('cycle');
    expect(self.message).toContain('"a" takes itself');
  });

  it('required fields and input counts per op', () => {
    expect(errorOf(() => parseModel({ layers: [{ op: 'conv' }] })).message).toContain(
      'kernel is required for conv',
    );
    expect(errorOf(() => parseModel({ layers: [{ op: 'deconv', stride: 2 }] })).message).toContain(
      'kernel is required',
    );
    expect(errorOf(() => parseModel({ layers: [{ op: 'upsample' }] })).message).toContain(
      'scale is required',
    );
    expect(
      errorOf(() => parseModel({ layers: [{ op: 'deconv', kernel: 2, padding: 'same' }] })).message,
    ).toContain('"same" padding is not defined for deconv');
    expect(
      errorOf(() => parseModel({ layers: [conv({ name: 'a' }), { op: 'add', inputs: ['a'] }] })).message,
    ).toContain('add needs at least 2 inputs');
    expect(errorOf(() => parseModel({ layers: [conv({ name: 'a' }), { op: 'concat' }] })).message).toContain(
      'concat needs at least 2',
    );
    expect(
      errorOf(() => parseModel({ layers: [conv({ name: 'a' }), conv({ inputs: ['a', 'input'] })] })).message,
    ).toContain('conv takes exactly 1 input');
    expect(errorOf(() => parseModel({ layers: [conv({ inputs: 'input' })] })).message).toContain(
      'inputs must be an array',
    );
  });
});

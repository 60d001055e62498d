// Malformed, hostile and unsupported inputs end in a clear RfError.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../src/index.js';
import { chain, encodeModel, ints, weight } from './helpers/build.js';
import { failure } from './helpers/failure.js';
import { Writer } from './helpers/wire.js';

const resnet18 = new Uint8Array(readFileSync(new URL('./fixtures/resnet18.onnx', import.meta.url)));

describe('not an ONNX model', () => {
  test('an empty file', () => {
    expect(failure(() => importOnnx(new Uint8Array(0)))).toEqual({
      code: 'invalid-onnx',
      message: 'not a valid ONNX file: it is empty',
    });
  });

  test('a string instead of bytes', () => {
    expect(failure(() => importOnnx('model.onnx' as unknown as Uint8Array)).code).toBe('invalid-argument');
  });

  test.each([
    ['JSON text', new TextEncoder().encode('{"name": "vgg16", "layers": []}')],
    ['a PNG header', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['the first half of a model', resnet18.subarray(0, resnet18.length >> 1)],
    ['a model missing its last byte', resnet18.subarray(0, resnet18.length - 1)],
  ])('%s', (_, bytes) => {
    const { code, message } = failure(() => importOnnx(bytes));
    expect(code).toBe('invalid-onnx');
    expect(message).toMatch(/^not a valid ONNX file|graph|input/);
  });

  test('a ModelProto without a graph', () => {
    const bytes = new Writer().int(1, 8).string(2, 'x').finish();
    expect(failure(() => importOnnx(bytes)).message).toMatch(/holds no graph/);
  });
});

describe('size limits', () => {
  test('a file over maxBytes is refused before decoding', () => {
    const { code, message } = failure(() => importOnnx(resnet18, { maxBytes: 1000 }));
    expect(code).toBe('too-large');
    expect(message).toContain(`${resnet18.length} bytes`);
    expect(message).toContain('maxBytes');
  });

  test('maxBytes must be a positive number', () => {
    expect(failure(() => importOnnx(resnet18, { maxBytes: -1 })).code).toBe('invalid-argument');
  });

  test('an absurd input size', () => {
    const { code, message } = failure(() => importOnnx(chain([{ op: 'Relu' }], [1, 3, 1e12, 224])));
    expect(code).toBe('too-large');
    expect(message).toContain('1000000000000');
  });

  test('an absurd kernel, from the attribute or from the weight dims', () => {
    const attr = failure(() =>
      importOnnx(chain([{ op: 'MaxPool', attrs: { kernel_shape: [2 ** 40, 3] }, name: 'big' }])),
    );
    expect(attr.code).toBe('too-large');
    expect(attr.message).toMatch(/MaxPool node "big": kernel_shape value 1099511627776 is absurd/);
    const fromWeight = failure(() => importOnnx(chain([{ op: 'Conv', weight: [4, 3, 2 ** 30, 3] }])));
    expect(fromWeight.code).toBe('too-large');
  });

  test('a dimension beyond 2^53 and a rank beyond 16', () => {
    expect(failure(() => importOnnx(chain([{ op: 'Relu' }], [1, 3, 2 ** 60, 8]))).code).toBe('too-large');
    expect(failure(() => importOnnx(chain([{ op: 'Relu' }], new Array(20).fill(1)))).code).toBe('too-large');
  });

  test('a huge shape constant is tracked by dims only, never allocated', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'ConstantOfShape', inputs: ['big'], outputs: ['z'] },
        { op: 'Shape', inputs: ['z'], outputs: ['s'] },
        { op: 'Relu', inputs: ['x'], outputs: ['y'] },
      ],
      initializers: [ints('big', [1e6, 1e6, 1e6])],
      outputs: ['y', 's'],
    });
    expect(importOnnx(bytes).model.layers).toHaveLength(1);
  });
});

describe('malformed graphs', () => {
  test('a cycle', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'Add', inputs: ['x', 'b'], outputs: ['a'], name: 'first' },
        { op: 'Relu', inputs: ['a'], outputs: ['b'], name: 'second' },
      ],
    });
    const { code, message } = failure(() => importOnnx(bytes));
    expect(code).toBe('cycle');
    expect(message).toMatch(/cycle through (Add node "first"|Relu node "second")/);
  });

  test('a dangling input', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Add', inputs: ['x', 'ghost'], outputs: ['y'], name: 'sum' }],
    });
    expect(failure(() => importOnnx(bytes))).toEqual({
      code: 'invalid-onnx',
      message: 'Add node "sum": input "ghost" is not produced by any node, nor a graph input or initializer',
    });
  });

  test('a tensor produced twice', () => {
    const bytes = encodeModel({
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['y'], name: 'a' },
        { op: 'Relu', inputs: ['x'], outputs: ['y'], name: 'b' },
      ],
    });
    expect(failure(() => importOnnx(bytes)).message).toMatch(
      /Relu node "b": tensor "y" is produced by more than one node/,
    );
  });

  test('no usable input, a 2-D input, outputs that do not depend on the input', () => {
    expect(failure(() => importOnnx(chain([{ op: 'Relu' }], null))).message).toMatch(/no static rank/);
    expect(failure(() => importOnnx(chain([{ op: 'Relu' }], [1, 10]))).message).toMatch(/rank 2/);
    const constOut = encodeModel({
      nodes: [{ op: 'Relu', inputs: ['k'], outputs: ['y'] }],
      initializers: [ints('k', [1])],
    });
    expect(failure(() => importOnnx(constOut)).message).toMatch(/no graph output depends on the model input/);
  });

  test.each([
    ['strides', { kernel_shape: [3, 3], strides: [0, 1] }, /strides must be integers ≥ 1, got \[0, 1\]/],
    ['pads length', { kernel_shape: [3, 3], pads: [1, 1] }, /pads have .*\(pads needs 4\)/],
    ['auto_pad', { kernel_shape: [3, 3], auto_pad: 'SOMETIMES' }, /auto_pad "SOMETIMES" is not one of/],
    ['kernel rank', { kernel_shape: [3] }, /kernel has 1 spatial axes but its input has rank 4/],
  ])('a bad attribute: %s', (_, attrs, pattern) => {
    const { code, message } = failure(() => importOnnx(chain([{ op: 'MaxPool', attrs, name: 'p' }])));
    expect(code).toBe('invalid-onnx');
    expect(message).toMatch(/^MaxPool node "p": /);
    expect(message).toMatch(pattern);
  });
});

describe('external data is never read', () => {
  test('weights stored externally are not needed: their dims are in the file', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'] }],
      initializers: [{ ...weight('w', [8, 3, 5, 5]), external: true }],
    });
    expect(importOnnx(bytes).model.layers[0]).toMatchObject({ kernel: 5, channels: 8 });
  });

  test('a needed constant stored externally is reported, not fetched', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Pad', inputs: ['x', 'pads'], outputs: ['y'], name: 'pad' }],
      initializers: [{ ...ints('pads', [0, 0, 1, 1, 0, 0, 1, 1]), external: true }],
    });
    expect(failure(() => importOnnx(bytes))).toMatchObject({
      code: 'unsupported-op',
      message: 'Pad node "pad": its pads are not a constant',
    });
  });

  test('the library has no file-system or Node-only imports (it runs in browsers)', () => {
    const dir = new URL('../src/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    // Every folder is read: the op handlers live in src/ops/.
    expect(files).toContain('ops/windows.ts');
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(/from ['"](node:|fs|path|os|child_process)/);
      expect(text, file).not.toMatch(/\brequire\(/);
    }
  });
});

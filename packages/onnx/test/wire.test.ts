// The protobuf reader: both encodings of repeated scalars, protobuf's merge rules, int64 range,
// and a true message for every kind of malformed byte.

import { readdirSync, readFileSync } from 'node:fs';
import { isRfError } from 'rfkit';
import { describe, expect, test } from 'vitest';
import { decodeModel } from '../src/decode.js';
import { importOnnx } from '../src/index.js';
import { encodeModel, INT64, ints } from './helpers/build.js';
import { failure } from './helpers/failure.js';
import { Writer } from './helpers/wire.js';

const layers = (bytes: Uint8Array) => importOnnx(bytes).model.layers;

/** A graph `x → Relu → y` with an [1, 3, 32, 32] input, written by hand so that fields can be varied. */
function graphWith(extra: (g: Writer) => void, opset = 13): Uint8Array {
  return new Writer()
    .message(7, (g) => {
      g.message(1, (n) => n.string(1, 'x').string(2, 'y').string(3, 'relu').string(4, 'Relu'));
      g.string(2, 'hand-made');
      g.message(11, (v) =>
        v.string(1, 'x').message(2, (t) =>
          t.message(1, (tt) =>
            tt.int(1, 1).message(2, (s) => {
              for (const d of [1, 3, 32, 32]) s.message(1, (dim) => dim.int(1, d));
            }),
          ),
        ),
      );
      g.message(12, (v) => v.string(1, 'y'));
      extra(g);
    })
    .message(8, (o) => o.int(2, opset))
    .finish();
}

describe('repeated scalars: packed and unpacked are both read', () => {
  test('Pad pads in int64_data, one varint per element (was misread as padding 56)', () => {
    const pads = [0, 0, 6, 6, 0, 0, 6, 6];
    const model = (unpacked: boolean) =>
      encodeModel({
        nodes: [{ op: 'Pad', inputs: ['x', 'pads'], outputs: ['y'], name: 'pad' }],
        initializers: [
          { name: 'pads', dims: [8], dataType: INT64, values: pads, int64Field: true, unpacked },
        ],
      });
    expect(layers(model(true))).toEqual([{ name: 'pad', op: 'avgpool', kernel: 1, padding: 6 }]);
    expect(layers(model(true))).toEqual(layers(model(false)));
  });

  test('Pad (opset 2) pads attribute, one varint per element', () => {
    const bytes = encodeModel({
      opset: 2,
      nodes: [
        {
          op: 'Pad',
          inputs: ['x'],
          outputs: ['y'],
          attrs: { pads: { ints: [0, 0, 1, 6, 0, 0, 2, 3], unpacked: true } },
        },
      ],
    });
    expect(layers(bytes)[0]).toMatchObject({ op: 'avgpool', padding: { begin: [1, 6], end: [2, 3] } });
  });

  test('a field split over several records, packed and unpacked mixed, is read in order', () => {
    const tensor = (t: Writer) => {
      t.int(1, 8).int(2, INT64).string(8, 'pads');
      t.ints(7, [0, 0, 5], true).int(7, 6).ints(7, [0, 0], true).ints(7, [7, 8], false);
    };
    const split = new Writer()
      .message(7, (g) => {
        g.message(1, (n) =>
          n.string(1, 'x').string(1, 'pads').string(2, 'y').string(3, 'pad').string(4, 'Pad'),
        );
        g.message(5, tensor);
        g.message(11, (v) =>
          v.string(1, 'x').message(2, (t) =>
            t.message(1, (tt) =>
              tt.message(2, (s) => {
                for (const d of [1, 3, 32, 32]) s.message(1, (dim) => dim.int(1, d));
              }),
            ),
          ),
        );
        g.message(12, (v) => v.string(1, 'y'));
      })
      .message(8, (o) => o.int(2, 13))
      .finish();
    expect(layers(split)[0]).toMatchObject({ padding: { begin: [5, 6], end: [7, 8] } });
  });

  test('packed and unpacked float and int attributes decode to the same values', () => {
    const attr = (packed: boolean) =>
      graphWith((g) =>
        g.message(1, (n) =>
          n
            .string(1, 'x')
            .string(2, 'z')
            .string(4, 'Custom')
            .message(5, (a) => a.string(1, 'fs').int(20, 6).floats(7, [0.5, -2, 1e30], packed))
            .message(5, (a) =>
              a
                .string(1, 'is')
                .int(20, 7)
                .ints(8, [-1, 0, 2 ** 40, -(2 ** 52)], packed),
            ),
        ),
      );
    for (const packed of [true, false]) {
      const node = decodeModel(attr(packed)).nodes[1];
      expect(node?.attributes.get('fs')?.floats).toEqual([0.5, -2, Math.fround(1e30)]);
      expect(node?.attributes.get('is')?.ints).toEqual([-1, 0, 2 ** 40, -(2 ** 52)]);
    }
  });
});

describe('protobuf merge rules', () => {
  test('the last value of a singular field wins; a repeated message field appends', () => {
    const bytes = graphWith((g) => g.string(2, 'second name'));
    const graph = decodeModel(bytes);
    expect(graph.name).toBe('second name');
    expect(graph.nodes.map((n) => n.opType)).toEqual(['Relu']);
  });

  test('a singular message given twice is merged (two graph records make one graph)', () => {
    const first = new Writer().message(7, (g) => g.string(2, 'g').message(1, (n) => n.string(4, 'Relu')));
    const bytes = first
      .message(7, (g) => g.message(1, (n) => n.string(4, 'Sigmoid')))
      .message(8, (o) => o.int(2, 13))
      .finish();
    const graph = decodeModel(bytes);
    expect(graph.name).toBe('g');
    expect(graph.nodes.map((n) => [n.index, n.opType])).toEqual([
      [0, 'Relu'],
      [1, 'Sigmoid'],
    ]);
  });

  test('unknown fields of every wire type are skipped, groups included', () => {
    const bytes = graphWith((g) => {
      g.int(99, 12345)
        .tag(98, 1)
        .raw([1, 2, 3, 4, 5, 6, 7, 8])
        .string(97, 'doc')
        .tag(96, 5)
        .raw([0, 0, 0, 0]);
      // A group (start 95, a nested group 94 with a varint, end 94, end 95).
      g.raw([0xfb, 0x05, 0xf3, 0x05, 0x08, 0x01, 0xf4, 0x05, 0xfc, 0x05]);
    });
    expect(layers(bytes)).toEqual(layers(graphWith(() => undefined)));
  });

  test('a known field with an unexpected wire type is skipped as an unknown one', () => {
    // GraphProto.name (2) as a varint: not a name.
    const bytes = new Writer().message(7, (g) => g.int(2, 7).message(1, (n) => n.string(4, 'Relu'))).finish();
    expect(decodeModel(bytes).name).toBe('');
  });

  test('opset: the default domain and "ai.onnx" count, others do not', () => {
    const bytes = new Writer()
      .message(7, (g) => g.string(2, 'g'))
      .message(8, (o) => o.string(1, 'com.microsoft').int(2, 99))
      .message(8, (o) => o.string(1, 'ai.onnx').int(2, 17))
      .message(8, (o) => o.int(2, 11))
      .finish();
    expect(decodeModel(bytes).opset).toBe(17);
  });
});

describe('int64 range', () => {
  test('exact up to 2^53 − 1, negative values included (ten-byte varints)', () => {
    const values = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, -1, 2 ** 49, 2 ** 49 - 1, 127, 128];
    const bytes = graphWith((g) =>
      g.message(1, (n) =>
        n
          .string(1, 'x')
          .string(4, 'Custom')
          .message(5, (a) => a.string(1, 'v').ints(8, values)),
      ),
    );
    expect(decodeModel(bytes).nodes[1]?.attributes.get('v')?.ints).toEqual(values);
  });

  test('an attribute beyond 2^53 is refused where it is used, saying so', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'MaxPool', inputs: ['x'], outputs: ['y'], name: 'p', attrs: { kernel_shape: [2, 2] } }],
    });
    const huge = encodeModel({
      nodes: [
        {
          op: 'MaxPool',
          inputs: ['x'],
          outputs: ['y'],
          name: 'p',
          attrs: { kernel_shape: [2, 2], strides: { ints: [2n ** 60n, 1], unpacked: true } },
        },
      ],
    });
    expect(layers(bytes)[0]).toMatchObject({ kernel: 2 });
    const { message } = failure(() => importOnnx(huge));
    expect(message).toMatch(/^MaxPool node "p": attribute strides .*beyond 2\^53/);
  });

  test.each([
    [
      'a tensor dim',
      (g: Writer) =>
        g.message(5, (t) =>
          t
            .ints(1, [3, 2n ** 60n])
            .int(2, 1)
            .string(8, 'w'),
        ),
      /tensor "w": dims\[1\] is beyond 2\^53/,
    ],
    [
      'a negative tensor dim',
      (g: Writer) => g.message(5, (t) => t.ints(1, [-(2n ** 62n)]).string(8, 'w')),
      /tensor "w": dims\[0\] is beyond 2\^53/,
    ],
    [
      'a value_info dim',
      (g: Writer) =>
        g.message(13, (v) =>
          v
            .string(1, 'v')
            .message(2, (t) =>
              t.message(1, (tt) => tt.message(2, (s) => s.message(1, (d) => d.int(1, 2n ** 55n)))),
            ),
        ),
      /value "v": dimension 0 is beyond 2\^53/,
    ],
  ])('%s beyond 2^53 refuses the file', (_, extra, pattern) => {
    const { code, message } = failure(() => importOnnx(graphWith(extra)));
    expect(code).toBe('too-large');
    expect(message).toMatch(pattern);
  });
});

describe('malformed bytes end in invalid-onnx with a true message', () => {
  const good = graphWith(() => undefined);

  test('every truncation of a valid file', () => {
    // Cuts inside the opset record leave a valid model behind; everything else fails.
    for (let n = 1; n < good.length; n++) {
      let outcome: string;
      try {
        importOnnx(good.subarray(0, n));
        outcome = 'ok';
      } catch (e) {
        if (!isRfError(e)) throw e;
        outcome = `${e.code}: ${e.message}`;
      }
      if (outcome !== 'ok') expect(outcome, `cut at ${n}`).toMatch(/^invalid-onnx: not a valid ONNX file: /);
    }
    expect(() => importOnnx(good)).not.toThrow();
  });

  test.each([
    [
      'a length beyond the file',
      [0x3a, 0x7f, 0x01],
      /byte 1 of 3 \(in ModelProto\): a length-delimited field claims 127 bytes but only 1 remain/,
    ],
    [
      'a varint cut short',
      [0x08, 0x80],
      /byte 1 of 2 \(in ModelProto\): a varint runs past the end of its ModelProto/,
    ],
    ['an 11-byte varint', [0x08, ...new Array(10).fill(0xff), 0x01], /a varint longer than 10 bytes/],
    [
      'wire type 7',
      [0x0f],
      /byte 0 of 1 \(in ModelProto\): wire type 7 \(field 1\) does not exist in protobuf/,
    ],
    ['field number 0', [0x00, 0x00], /field number 0 is not valid protobuf/],
    ['an end-group without a start', [0x0c], /an end-group marker \(field 1\) without its start/],
    ['a group that never ends', [0x0b, 0x08, 0x01], /the group of field 1 runs past the end/],
    [
      'a float cut short',
      [0x3a, 0x07, 0x0a, 0x05, 0x2a, 0x03, 0x15, 0, 0],
      /\(in AttributeProto\): a 32-bit float runs past the end of its AttributeProto/,
    ],
  ])('%s', (_, bytes, pattern) => {
    const { code, message } = failure(() => importOnnx(Uint8Array.from(bytes)));
    expect(code).toBe('invalid-onnx');
    expect(message).toMatch(/^not a valid ONNX file: the protobuf data is malformed at byte \d+ of \d+/);
    expect(message).toMatch(pattern);
  });

  test('a sub-message cannot run past its parent: a node whose last field crosses the node end', () => {
    // NodeProto of 4 bytes whose field 3 (name) claims 5 bytes; the graph has more bytes after it.
    const bytes = new Writer()
      .message(7, (g) => g.raw([0x0a, 0x04, 0x1a, 0x05, 0x61, 0x62]).string(2, 'after the node'))
      .finish();
    expect(failure(() => importOnnx(bytes)).message).toMatch(
      /\(in NodeProto\): a length-delimited field claims 5 bytes but only 2 remain in its NodeProto/,
    );
  });

  test('text and images are not mistaken for models', () => {
    for (const text of ['{"layers": []}', 'conv3 conv3', '\x89PNG\r\n\x1a\n']) {
      expect(failure(() => importOnnx(new TextEncoder().encode(text))).code).toBe('invalid-onnx');
    }
  });
});

describe('weights are never copied', () => {
  test('raw_data is a view into the file', () => {
    const bytes = encodeModel({
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
      initializers: [ints('k', [1, 2, 3])],
    });
    const raw = decodeModel(bytes).initializers.get('k')?.raw;
    expect(raw?.buffer).toBe(bytes.buffer);
    expect(raw?.length).toBe(24);
  });
});

describe('the reader runs under a strict Content-Security-Policy', () => {
  test('no code generation anywhere in the package source', () => {
    const dir = new URL('../src/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('wire.ts');
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(/\bnew Function\b|\bFunction\(|\beval\(/);
    }
  });
});

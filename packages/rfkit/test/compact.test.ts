// The compact text form: parseCompact / toCompact (grammar in the README, "Compact form").

import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCompact } from '../src/model/compact-write.js';
import { parseCompact, parseModel } from '../src/model/parse.js';
import type { LayerChoice, LayerSpec, ModelSpec, PaddingSpec } from '../src/types.js';
import { errorOf } from './support/errors.js';

/** parseModel without the model name, which the compact form does not carry. */
function norm(spec: ModelSpec) {
  const { name: _name, ...rest } = parseModel(spec);
  return rest;
}

describe('parseCompact', () => {
  it('parses the README example', () => {
    expect(parseCompact('conv7s2p3 maxpool3s2p1 conv3p1 conv3p1d2')).toEqual({
      layers: [
        { op: 'conv', kernel: 7, stride: 2, padding: 3 },
        { op: 'maxpool', kernel: 3, stride: 2, padding: 1 },
        { op: 'conv', kernel: 3, padding: 1 },
        { op: 'conv', kernel: 3, padding: 1, dilation: 2 },
      ],
    });
  });

  it('per-axis values, every padding form, flags and channels', () => {
    const s = parseCompact(
      'conv3x5s1x2 conv3p1x2 conv3p-1 conv3p0/1 conv2p0/1x1/0 conv3pvalid conv3psame conv3psame-lower maxpool3s2ceil conv3c64',
    );
    const pads = s.layers.map((l) => l.padding);
    expect(s.layers[0]).toEqual({ op: 'conv', kernel: [3, 5], stride: [1, 2] });
    expect(pads.slice(1, 8)).toEqual<(PaddingSpec | undefined)[]>([
      [1, 2],
      -1,
      { begin: [0, 0], end: [1, 1] },
      { begin: [0, 1], end: [1, 0] },
      'valid',
      'same',
      'same-lower',
    ]);
    expect(s.layers[8]).toEqual({ op: 'maxpool', kernel: 3, stride: 2, ceilMode: true });
    expect(s.layers[9]).toEqual({ op: 'conv', kernel: 3, channels: 64 });
  });

  it('a single begin/end pair means every axis', () => {
    expect(parseCompact('in8 conv3p1/0').layers[0]!.padding).toEqual({ begin: [1, 1], end: [0, 0] });
    expect(parseCompact('1d conv3p1/0').layers[0]!.padding).toEqual({ begin: [1], end: [0] });
    expect(parseCompact('conv3x3x3 conv3p2/1').layers[1]!.padding).toEqual({
      begin: [2, 2, 2],
      end: [1, 1, 1],
    });
  });

  it('deconv, upsample, identity, global and aliases', () => {
    expect(parseCompact('deconv4s2p1op1 up2 upsample2x1 id identity avgpool2s2 global').layers).toEqual<
      LayerSpec[]
    >([
      { op: 'deconv', kernel: 4, stride: 2, padding: 1, outputPadding: 1 },
      { op: 'upsample', scale: 2 },
      { op: 'upsample', scale: [2, 1] },
      { op: 'identity' },
      { op: 'identity' },
      { op: 'avgpool', kernel: 2, stride: 2 },
      { op: 'global' },
    ]);
  });

  it('input size, channels and number of axes', () => {
    expect(parseCompact('in224 conv3').input).toEqual({ size: [224, 224] });
    expect(parseCompact('in224x200c3 conv3').input).toEqual({ size: [224, 200], channels: 3 });
    expect(parseCompact('in16 conv3x3x3').input).toEqual({ size: [16, 16, 16] });
    expect(parseCompact('1d in16 conv3')).toEqual({
      input: { size: [16] },
      layers: [{ op: 'conv', kernel: [3] }],
    });
    expect(parseCompact('3d conv3 up2').layers).toEqual([
      { op: 'conv', kernel: [3, 3, 3] },
      { op: 'upsample', scale: [2, 2, 2] },
    ]);
    expect(parseCompact('inc3 conv3').input).toEqual({ channels: 3 });
  });

  it('names, inputs and merges', () => {
    const s = parseCompact(
      'in56 x:identity a:conv3s2p1 b:conv3p1 skip:conv1s2(x) sum:add(b, skip) cat:concat(sum,input)',
    );
    expect(s.layers.map((l) => [l.name, l.op, l.inputs])).toEqual([
      ['x', 'identity', undefined],
      ['a', 'conv', undefined],
      ['b', 'conv', undefined],
      ['skip', 'conv', ['x']],
      ['sum', 'add', ['b', 'skip']],
      ['cat', 'concat', ['sum', 'input']],
    ]);
    expect(parseModel(s).layers[2]!.inputs).toEqual(['a']);
  });

  it('errors name the token and its column', () => {
    const e = errorOf(() => parseCompact('conv3 conv3q1'));
    expect(e.code).toBe('invalid-compact');
    expect(e.message).toContain('"conv3q1"');
    expect(e.message).toContain('column 12');
    expect(e.message).toContain('"q1"');
    expect(errorOf(() => parseCompact('conv3 pool2')).message).toContain('unknown op "pool"');
    expect(errorOf(() => parseCompact('convs2')).message).toContain('needs a kernel size');
    expect(errorOf(() => parseCompact('up')).message).toContain('needs a scale');
    expect(errorOf(() => parseCompact('a:conv3 add')).message).toContain('add needs its inputs');
    expect(errorOf(() => parseCompact('conv3s2s2')).message).toContain('"s" is given twice');
    expect(errorOf(() => parseCompact('conv3p')).message).toContain('padding');
    expect(errorOf(() => parseCompact('9x:conv3')).message).toContain('bad layer name');
    expect(errorOf(() => parseCompact('in224 in224 conv3')).message).toContain('given twice');
    expect(errorOf(() => parseCompact('   ')).code).toBe('invalid-compact');
    expect(errorOf(() => parseCompact('conv99999999999999999')).message).toContain('too large');
    expect(errorOf(() => parseCompact('add(a,b')).code).toBe('invalid-compact');
  });

  it('semantic errors come from parseModel with their own codes', () => {
    expect(errorOf(() => parseModel(parseCompact('a:conv3 add(a,zz)'))).code).toBe('unknown-layer');
    expect(errorOf(() => parseModel(parseCompact('deconv3psame'))).code).toBe('invalid-model');
  });
});

describe('toCompact', () => {
  it('writes search candidates with SAME padding', () => {
    const layers: LayerChoice[] = [
      { kernel: 7, stride: 2, dilation: 1 },
      { kernel: 3, stride: 1, dilation: 1 },
      { kernel: 3, stride: 1, dilation: 2 },
    ];
    expect(toCompact(layers)).toBe('conv7s2psame conv3psame conv3d2psame');
    expect(parseCompact(toCompact(layers)).layers[2]).toEqual({
      op: 'conv',
      kernel: 3,
      dilation: 2,
      padding: 'same',
    });
  });

  it('writes models with names and inputs only where needed', () => {
    const text = 'in56 x:identity a:conv3s2p1 b:conv3p1 skip:conv1s2(x) sum:add(b,skip) global';
    expect(toCompact(parseCompact(text))).toBe(text);
    expect(toCompact({ layers: [{ op: 'conv', kernel: 3, name: 'conv_0', inputs: ['input'] }] })).toBe(
      'conv3',
    );
    expect(toCompact({ input: { size: [8] }, layers: [{ op: 'conv', kernel: [3] }] })).toBe('1d in8 conv3');
    expect(toCompact({ layers: [{ op: 'conv', kernel: [3] }] })).toBe('1d conv3');
    // Names the bare form cannot hold are written as JSON strings.
    expect(toCompact({ layers: [{ op: 'conv', kernel: 3, name: 'has space' }] })).toBe('"has space":conv3');
  });

  it('round-trips random models (property)', () => {
    fc.assert(
      fc.property(modelArb(), (spec) => {
        let expected: ReturnType<typeof norm>;
        try {
          expected = norm(spec);
        } catch {
          return; // invalid models are not the point here
        }
        expect(norm(parseCompact(toCompact(spec)))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips random chains with every padding form (property)', () => {
    const dims = (min: number, max: number) =>
      fc.oneof(fc.integer({ min, max }), fc.array(fc.integer({ min, max }), { minLength: 2, maxLength: 2 }));
    const pad: fc.Arbitrary<PaddingSpec> = fc.oneof(
      dims(-2, 3) as fc.Arbitrary<PaddingSpec>,
      fc.constantFrom<PaddingSpec>('valid', 'same', 'same-lower'),
      fc.record({
        begin: fc.array(fc.integer({ min: -2, max: 3 }), { minLength: 2, maxLength: 2 }),
        end: fc.array(fc.integer({ min: -2, max: 3 }), { minLength: 2, maxLength: 2 }),
      }),
    );
    const layer: fc.Arbitrary<LayerSpec> = fc.oneof(
      fc.record(
        {
          op: fc.constantFrom('conv' as const, 'maxpool' as const, 'avgpool' as const),
          kernel: dims(1, 7),
          stride: dims(1, 3),
          dilation: dims(1, 3),
          padding: pad,
          channels: fc.integer({ min: 1, max: 512 }),
        },
        { requiredKeys: ['op', 'kernel'] },
      ),
      fc.record(
        {
          op: fc.constant('deconv' as const),
          kernel: dims(1, 5),
          stride: dims(1, 3),
          outputPadding: dims(0, 1),
        },
        { requiredKeys: ['op', 'kernel'] },
      ),
      fc.record({ op: fc.constant('upsample' as const), scale: dims(1, 3) }),
      fc.record({ op: fc.constantFrom('identity' as const, 'global' as const) }),
    );
    const spec: fc.Arbitrary<ModelSpec> = fc.record(
      {
        input: fc.record(
          {
            size: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 2, maxLength: 2 }),
            channels: fc.integer({ min: 1, max: 4 }),
          },
          { requiredKeys: [] },
        ),
        layers: fc.array(layer, { minLength: 1, maxLength: 6 }),
      },
      { requiredKeys: ['layers'] },
    );
    fc.assert(
      fc.property(spec, (s) => {
        let expected: ReturnType<typeof norm>;
        try {
          expected = norm(s);
        } catch {
          return;
        }
        expect(norm(parseCompact(toCompact(s)))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips search candidates (property)', () => {
    const choice = fc.record({
      kernel: fc.integer({ min: 1, max: 11 }),
      stride: fc.integer({ min: 1, max: 4 }),
      dilation: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(choice, { minLength: 1, maxLength: 10 }), (layers) => {
        const back = parseModel(parseCompact(toCompact(layers))).layers;
        expect(
          back.map((l) => ({ kernel: l.kernel[0], stride: l.stride[0], dilation: l.dilation[0] })),
        ).toEqual(layers);
        expect(back.every((l) => l.padding.kind === 'same' && !l.padding.lower)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

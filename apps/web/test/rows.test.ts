import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { type ModelSpec, parseModel } from 'rfkit';
import { describe, expect, it } from 'vitest';
import {
  type Draft,
  draftFromSpec,
  emptyRow,
  layerFromRow,
  locateError,
  moveRow,
  rowFromLayer,
  specFromDraft,
} from '../src/rows.js';

const draft = (rows: Draft['rows'], inputSize = '32'): Draft => ({
  name: 'm',
  axes: '',
  inputSize,
  inputChannels: '',
  rows,
});

describe('rows ↔ ModelSpec', () => {
  it('converts a spec to rows and back without loss', () => {
    const spec: ModelSpec = {
      name: 'net',
      input: { size: [64, 48], channels: 3 },
      layers: [
        {
          name: 'c1',
          op: 'conv',
          kernel: [3, 5],
          stride: 2,
          padding: { begin: [0, 1], end: [1, 1] },
          channels: 16,
        },
        { name: 'up', op: 'upsample', scale: 2 },
        { name: 'p', op: 'maxpool', kernel: 2, stride: 2, ceilMode: true },
        { name: 'd', op: 'deconv', kernel: 4, stride: 2, padding: 1, outputPadding: [1, 0] },
        { name: 'crop', op: 'conv', kernel: 1, padding: -1 },
        { name: 'sum', op: 'add', inputs: ['p', 'c1'] },
      ],
    };
    const d = draftFromSpec(spec);
    expect(d.rows[1]!.kernel).toBe('2');
    expect(d.rows[0]!.channels).toBe('16');
    expect(d.rows[2]!.ceilMode).toBe(true);
    expect(d.rows[3]!.outputPadding).toBe('1,0');
    expect(d.rows[4]!.padding).toBe('-1');
    expect(d.inputChannels).toBe('3');
    expect(d.rows.every((r) => r.extra === undefined)).toBe(true);
    const back = specFromDraft(d);
    expect(back.errors).toEqual([]);
    expect(back.validRows).toBe(6);
    expect(back.spec).toEqual(spec);
  });

  it('keeps what the table cannot show, so the library still sees (and names) it', () => {
    // ceilMode on a conv and a scale on a pool are not fields of those ops.
    const row = rowFromLayer({ op: 'conv', kernel: 3, ceilMode: true } as never);
    expect(row.ceilMode).toBe(false);
    expect(row.extra).toEqual({ ceilMode: true });
    expect(layerFromRow(row, 0).layer).toEqual({ op: 'conv', kernel: 3, ceilMode: true });
    const wrongType = rowFromLayer({ op: 'conv', kernel: '3' } as never);
    expect(wrongType.kernel).toBe('');
    expect(wrongType.extra).toEqual({ kernel: '3' });
  });

  it('round-trips random models exactly (every op, padding form and per-axis value)', () => {
    fc.assert(
      fc.property(modelArb(), fc.boolean(), (spec, channels) => {
        if (channels) spec.layers.forEach((l, i) => void (l.channels = i + 1));
        const back = specFromDraft(draftFromSpec(spec));
        expect(back.errors).toEqual([]);
        expect(JSON.stringify(parseModel(back.spec))).toBe(JSON.stringify(parseModel(spec)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the rows above the first invalid one and reports the field', () => {
    const rows = [emptyRow('conv'), { ...emptyRow('conv'), stride: 'two' }, emptyRow('conv')];
    const r = specFromDraft(draft(rows));
    expect(r.validRows).toBe(1);
    expect(r.spec.layers).toHaveLength(1);
    expect(r.errors).toEqual([{ row: 1, field: 'stride', message: 'stride: "two" is not an integer' }]);
  });

  it('requires a kernel where the op needs one, and ignores fields an op does not use', () => {
    expect(layerFromRow({ ...emptyRow('conv'), kernel: '' }, 0).errors[0]?.message).toBe(
      'kernel is required for conv',
    );
    const add = layerFromRow({ ...emptyRow('add'), kernel: 'junk', ceilMode: true, inputs: 'a,b' }, 2);
    expect(add.errors).toEqual([]);
    expect(add.layer).toEqual({ op: 'add', inputs: ['a', 'b'] });
    expect(layerFromRow({ ...emptyRow('deconv'), outputPadding: '-1' }, 1).errors[0]).toMatchObject({
      field: 'outputPadding',
    });
  });

  it('reports a bad input size or channel count without dropping layers', () => {
    const r = specFromDraft(draft([emptyRow('conv')], '0'));
    expect(r.spec.layers).toHaveLength(1);
    expect(r.spec.input).toBeUndefined();
    expect(r.errors[0]).toMatchObject({ row: -1, field: 'inputSize' });
    const c = specFromDraft({ ...draft([emptyRow('conv')]), inputChannels: 'x' });
    expect(c.errors[0]).toMatchObject({ row: -1, field: 'inputChannels' });
    expect(c.spec.input).toEqual({ size: [32, 32] });
  });

  it('reads a single input size as every axis, and keeps 1-D and 3-D models what they are', () => {
    expect(specFromDraft(draft([emptyRow('conv')], '224')).spec.input).toEqual({ size: [224, 224] });
    expect(specFromDraft({ ...draft([emptyRow('conv')], '16'), axes: '3' }).spec.input).toEqual({
      size: [16, 16, 16],
    });
    // A 1-D model without an input size, all scalars in the table: the draft remembers its axes.
    const oneD = draftFromSpec({
      layers: [
        { op: 'conv', kernel: [3] },
        { op: 'conv', kernel: [3], stride: [2] },
      ],
    });
    expect(oneD.axes).toBe('1');
    expect(oneD.rows[0]!.kernel).toBe('3');
    expect(parseModel(specFromDraft(oneD).spec).axes).toBe(1);
    expect(draftFromSpec({ input: { size: [64, 64] }, layers: [{ op: 'conv', kernel: 3 }] }).axes).toBe('');
  });
});

describe('moveRow', () => {
  const rows = ['a', 'b', 'c'].map((name) => ({ ...emptyRow(), name }));
  it('moves a row up or down and ignores moves past either end', () => {
    expect(moveRow(rows, 2, -1).map((r) => r.name)).toEqual(['a', 'c', 'b']);
    expect(moveRow(rows, 0, 1).map((r) => r.name)).toEqual(['b', 'a', 'c']);
    expect(moveRow(rows, 0, -1).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(moveRow(rows, 2, 1).map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('locateError', () => {
  it('puts a library error on its row and field', () => {
    expect(locateError('layers[3] (conv2).stride', 'bad')).toEqual({
      row: 3,
      field: 'stride',
      message: 'bad',
    });
    expect(locateError('layers[1].scale', 'm')).toMatchObject({ row: 1, field: 'kernel' });
    expect(locateError('layers[2].outputPadding', 'm')).toMatchObject({ row: 2, field: 'outputPadding' });
    expect(locateError('layers[2].ceilMode', 'm')).toMatchObject({ row: 2, field: 'ceilMode' });
    expect(locateError('layers[0]', 'm')).toMatchObject({ row: 0, field: 'name' });
    expect(locateError('input.size', 'm')).toMatchObject({ row: -1, field: 'inputSize' });
    expect(locateError('input.channels', 'm')).toMatchObject({ row: -1, field: 'inputChannels' });
    expect(locateError(undefined, 'm')).toMatchObject({ row: -1, field: 'model' });
  });
});

import { describe, expect, it } from 'vitest';
import {
  type Draft,
  draftFromSpec,
  emptyRow,
  layerFromRow,
  locateError,
  moveRow,
  specFromDraft,
} from '../src/rows.js';

const draft = (rows: Draft['rows'], inputSize = '32'): Draft => ({ name: 'm', inputSize, rows });

describe('rows ↔ ModelSpec', () => {
  it('converts a spec to rows and back without loss', () => {
    const spec = {
      name: 'net',
      input: { size: [64, 48], channels: 3 },
      layers: [
        {
          name: 'c1',
          op: 'conv' as const,
          kernel: [3, 5],
          stride: 2,
          padding: { begin: [0, 1], end: [1, 1] },
          channels: 16,
        },
        { name: 'up', op: 'upsample' as const, scale: 2 },
        { name: 'p', op: 'maxpool' as const, kernel: 2, stride: 2, ceilMode: true },
        { name: 'sum', op: 'add' as const, inputs: ['p', 'c1'] },
      ],
    };
    const d = draftFromSpec(spec);
    expect(d.rows[1]!.kernel).toBe('2');
    expect(d.rows[0]!.extra).toEqual({ channels: 16 });
    const back = specFromDraft(d);
    expect(back.errors).toEqual([]);
    expect(back.validRows).toBe(4);
    expect(back.spec).toEqual(spec);
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
    const add = layerFromRow({ ...emptyRow('add'), kernel: 'junk', inputs: 'a,b' }, 2);
    expect(add.errors).toEqual([]);
    expect(add.layer).toEqual({ op: 'add', inputs: ['a', 'b'] });
  });

  it('reports a bad input size without dropping layers', () => {
    const r = specFromDraft(draft([emptyRow('conv')], '0'));
    expect(r.spec.layers).toHaveLength(1);
    expect(r.spec.input).toBeUndefined();
    expect(r.errors[0]).toMatchObject({ row: -1, field: 'inputSize' });
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
    expect(locateError('layers[0]', 'm')).toMatchObject({ row: 0, field: 'name' });
    expect(locateError('input.size', 'm')).toMatchObject({ row: -1, field: 'inputSize' });
    expect(locateError(undefined, 'm')).toMatchObject({ row: -1, field: 'model' });
  });
});

import { describe, expect, it } from 'vitest';
import {
  analyzeDraft,
  compactOf,
  draftFromChoices,
  draftFromText,
  exportDraft,
  unitRegion,
  zooDraft,
  zooList,
} from '../src/lib.js';
import { type Draft, specFromDraft } from '../src/rows.js';
import { DEFAULT_DRAFT } from '../src/url-state.js';

const opts = { strict: false };
const fresh = (): Draft => structuredClone(DEFAULT_DRAFT) as Draft;

describe('analysing drafts', () => {
  it('gives vgg_16 pool5 a receptive field of 212', () => {
    expect(zooList()).toContain('vgg_16');
    const d = zooDraft('vgg_16')!;
    const a = analyzeDraft(d, opts);
    expect(a.errors).toEqual([]);
    const pool5 = a.report!.layers.find((l) => l.name === 'pool5')!;
    expect(pool5.rf).toEqual([212, 212]);
    expect(pool5.jump).toEqual([32, 32]);
    expect(a.analyzedRows).toBe(d.rows.length);
  });

  it('analyses the rows above a value the table rejects', () => {
    const d = fresh();
    d.rows[2]!.stride = '-1';
    const a = analyzeDraft(d, opts);
    expect(a.analyzedRows).toBe(2);
    expect(a.report!.layers.map((l) => l.rf[0])).toEqual([7, 11]);
    expect(a.errors).toEqual([{ row: 2, field: 'stride', message: 'stride must be an integer ≥ 1, got -1' }]);
  });

  it('places an error only the library finds on its row and field', () => {
    const d = fresh();
    d.rows[3]!.inputs = 'nowhere';
    const a = analyzeDraft(d, opts);
    expect(a.analyzedRows).toBe(3);
    expect(a.errors).toHaveLength(1);
    expect(a.errors[0]).toMatchObject({ row: 3, field: 'inputs' });
    expect(a.errors[0]!.message).toContain('nowhere');
  });

  it('keeps analysing when a later layer makes the output empty', () => {
    const d = fresh();
    d.inputSize = '8';
    d.rows[3]!.kernel = '9';
    d.rows[3]!.padding = '0';
    const a = analyzeDraft(d, opts);
    expect(a.errors[0]).toMatchObject({ row: 3 });
    expect(a.analyzedRows).toBe(3);
  });
});

describe('merges', () => {
  const d = () => draftFromText('a:conv3p1 b:conv3(a) s:add(a,b)');

  it('warn about misaligned paths', () => {
    const a = analyzeDraft(d(), opts);
    expect(a.errors).toEqual([]);
    expect(a.report!.warnings.map((w) => w.code)).toContain('misaligned-merge');
  });

  it('make misalignment an error on the merge row with strict', () => {
    const a = analyzeDraft(d(), { strict: true });
    expect(a.analyzedRows).toBe(2);
    expect(a.errors).toHaveLength(1);
    expect(a.errors[0]).toMatchObject({ row: 2, field: 'inputs' });
    expect(a.errors[0]!.message).toContain('misaligned');
  });
});

describe('loading and exporting text', () => {
  it('reads compact text and JSON', () => {
    const c = draftFromText('conv7s2p3 maxpool3s2p1 conv3p1');
    expect(c.rows.map((r) => r.op)).toEqual(['conv', 'maxpool', 'conv']);
    expect(analyzeDraft(c, opts).report!.output.rf).toEqual([19, 19]);
    const j = draftFromText('{"layers":[{"op":"conv","kernel":3,"dilation":2}]}');
    expect(analyzeDraft(j, opts).report!.output.covered).toEqual([3, 3]);
  });

  it('loads a JSON model with bad values so the table can mark them', () => {
    const d = draftFromText('{"layers":[{"op":"conv","kernel":3},{"op":"conv","kernel":0}]}');
    const a = analyzeDraft(d, opts);
    expect(a.analyzedRows).toBe(1);
    expect(a.errors[0]).toMatchObject({ row: 1, field: 'kernel' });
  });

  it('refuses text that cannot become rows, saying why', () => {
    expect(() => draftFromText('{"layers": [')).toThrow(/Not valid JSON/);
    expect(() => draftFromText('{"name":"x"}')).toThrow('A JSON model needs a "layers" array');
    expect(() => draftFromText('{"layers":[{"op":"fly"}]}')).toThrow(/layers\[0\]\.op/);
    expect(() => draftFromText('conv7s2p3 teleport')).toThrow();
    expect(() => draftFromText('  ')).toThrow(/Nothing to load/);
  });

  it('exports a model that loads back to the same analysis', () => {
    const { json, compact, why } = exportDraft(DEFAULT_DRAFT);
    expect(why).toBeNull();
    const want = analyzeDraft(DEFAULT_DRAFT, opts).report!.layers;
    expect(analyzeDraft(draftFromText(compact!), opts).report!.layers).toEqual(want);
    expect(analyzeDraft(draftFromText(json), opts).report!.layers).toEqual(want);
  });
});

describe('export without a compact form', () => {
  it('says why', () => {
    const bad = fresh();
    bad.rows[1]!.kernel = 'x';
    expect(exportDraft(bad)).toMatchObject({ compact: null, why: 'layer 1 has an invalid value' });
    // Every valid model has a compact form now (slim's scoped names "conv1/conv1_1" included).
    const vgg = exportDraft(zooDraft('vgg_16')!);
    expect(vgg.why).toBeNull();
    expect(vgg.compact).toContain('conv1/conv1_1:conv3psame');
    expect(JSON.parse(vgg.json).layers).toHaveLength(21);
  });
});

describe('search candidates', () => {
  const layers = [
    { kernel: 7, stride: 2, dilation: 1 },
    { kernel: 3, stride: 1, dilation: 2 },
  ];

  it('open as a model with same padding at the search input size', () => {
    const d = draftFromChoices(layers, 224, 'search #1');
    expect(d.name).toBe('search #1');
    expect(d.inputSize).toBe('224,224');
    expect(d.rows.map((r) => r.padding)).toEqual(['same', 'same']);
    const spec = specFromDraft(d).spec;
    expect(spec.layers.map((l) => [l.kernel, l.stride ?? 1, l.dilation ?? 1])).toEqual([
      [7, 2, 1],
      [3, 1, 2],
    ]);
    const out = analyzeDraft(d, opts).report!.output;
    expect(out.rf).toEqual([15, 15]);
    expect(out.outputSize).toEqual([112, 112]);
  });

  it('show as compact text without the padding every layer shares', () => {
    expect(compactOf(layers)).toBe('conv7s2 conv3d2');
  });
});

describe('unit regions', () => {
  it('gives the exact pixels of a dilated unit, holes left out', () => {
    const d = draftFromText('in12 conv3d2p2');
    const a = analyzeDraft(d, opts);
    const r = unitRegion(a.spec, a.report!, a.report!.output.name, [5, 6]);
    expect(r.start).toEqual([3, 4]);
    expect(r.end).toEqual([7, 8]);
    expect(r.indices).toEqual([
      [3, 5, 7],
      [4, 6, 8],
    ]);
  });
});

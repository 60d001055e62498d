import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { parseModel } from 'rfkit';
import { describe, expect, it } from 'vitest';
import {
  analyzeDraft,
  compactOf,
  draftFromChoices,
  draftFromText,
  exportCompact,
  exportJSON,
  unitFootprint,
  zooDraft,
  zooList,
} from '../src/lib.js';
import { type Draft, specFromDraft } from '../src/rows.js';
import { DEFAULT_DRAFT } from '../src/url-state.js';

const opts = { strict: false };
const draftSpec = (text: string) => specFromDraft(draftFromText(text)).spec;
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
    const json = exportJSON(DEFAULT_DRAFT);
    const compact = exportCompact(DEFAULT_DRAFT);
    if (!json.ok || !compact.ok) throw new Error('export failed');
    expect(compact.note).toBeNull();
    expect(compact.text).toMatch(/^name=/);
    const want = analyzeDraft(DEFAULT_DRAFT, opts).report!.layers;
    expect(analyzeDraft(draftFromText(compact.text), opts).report!.layers).toEqual(want);
    expect(analyzeDraft(draftFromText(json.text), opts).report!.layers).toEqual(want);
  });

  it('accepts negative padding in compact text and JSON, as the library does', () => {
    for (const text of [
      'in8 conv3p-1',
      '{"input":{"size":[8,8]},"layers":[{"op":"conv","kernel":3,"padding":-1}]}',
    ]) {
      const a = analyzeDraft(draftFromText(text), opts);
      expect(a.errors).toEqual([]);
      expect(a.report!.output.effectivePadding).toEqual([-1, -1]);
      expect(a.report!.output.outputSize).toEqual([4, 4]);
    }
  });
});

describe('export', () => {
  it('round-trips random models exactly, through JSON and (where it exists) compact text', () => {
    fc.assert(
      fc.property(modelArb(), (spec) => {
        const d = draftFromText(JSON.stringify(spec));
        const want = JSON.stringify({ ...parseModel(spec), name: '' });
        const json = exportJSON(d);
        if (!json.ok) throw new Error(json.error);
        expect(JSON.stringify({ ...parseModel(JSON.parse(json.text)), name: '' })).toBe(want);
        const compact = exportCompact(d);
        if (compact.ok)
          expect(JSON.stringify({ ...parseModel(draftSpec(compact.text)), name: '' })).toBe(want);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses while a value is invalid, naming it, instead of dropping rows', () => {
    const bad = fresh();
    bad.rows[1]!.kernel = 'x';
    const json = exportJSON(bad);
    const compact = exportCompact(bad);
    expect(json.ok).toBe(false);
    expect(compact.ok).toBe(false);
    if (!json.ok)
      expect(json.error).toBe(
        'Nothing exported: layer 1 (pool1) has an invalid value (kernel: "x" is not an integer or a list such as 3,5). Fix the marked field first.',
      );
  });

  it("every valid model has a compact form, slim's scoped names and the model name included", () => {
    const vgg = exportCompact(zooDraft('vgg_16')!);
    expect(vgg.ok && vgg.text).toContain('conv1/conv1_1:conv3psame');
    const json = exportJSON(zooDraft('vgg_16')!);
    expect(json.ok && JSON.parse(json.text).layers).toHaveLength(21);
  });

  it('exports a model the library rejects as it stands, with a note', () => {
    const d = fresh();
    d.rows[3]!.inputs = 'nowhere';
    const r = exportJSON(d);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.note).toContain('nowhere');
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

describe('unit footprints', () => {
  it('gives the exact pixels of a dilated unit, holes left out', () => {
    const d = draftFromText('in12 conv3d2p2');
    const a = analyzeDraft(d, opts);
    const r = unitFootprint(a.spec, 0, [5, 6], undefined);
    if (!r.ok) throw new Error(r.error);
    expect(r.footprint.start).toEqual([3, 4]);
    expect(r.footprint.end).toEqual([7, 8]);
    expect(r.footprint.boxes).toEqual([
      [
        [3, 3, 5, 5, 7, 7],
        [4, 4, 6, 6, 8, 8],
      ],
    ]);
  });

  it('says why when the set depends on a size it does not know', () => {
    const a = analyzeDraft(draftFromText('conv3s2psame conv3'), opts);
    const r = unitFootprint(a.spec, 1, [0, 0], undefined);
    expect(r.ok).toBe(false);
    const sized = unitFootprint(a.spec, 1, [0, 0], [64, 64]);
    expect(sized.ok).toBe(true);
  });
});

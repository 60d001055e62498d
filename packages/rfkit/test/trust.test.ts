// Only models that parseModel made are taken as they are; anything else shaped like a Model (a
// JSON file, a copy, a proxy) is validated as a ModelSpec and refused. Reports handed back to
// regionOf are checked before use, so a copy works and a forged one is an error.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { regionOf } from '../src/analysis/region.js';
import { toCompact } from '../src/model/compact-write.js';
import { parseModel } from '../src/model/parse.js';
import { oracle, oracleRegion } from '../src/oracle/oracle.js';
import type { Model, Report } from '../src/types.js';
import { errorOf } from './support/errors.js';

const SPEC = {
  input: { size: [32] },
  layers: [{ op: 'conv' as const, kernel: [3], stride: [2], padding: 1 }],
};

/** A parsed model as a JSON file would hold it, with `edit` applied to its first layer. */
function forged(edit: (layer: Record<string, unknown>) => void): Model {
  const json = JSON.parse(JSON.stringify(parseModel(SPEC)));
  edit(json.layers[0]);
  return json as Model;
}

describe('Model-shaped objects that parseModel did not make', () => {
  it('a JSON copy with kernel [−3] is refused, not analysed to rf 0 / covered −3', () => {
    const m = forged((l) => {
      l.kernel = [-3];
    });
    for (const f of [() => analyze(m), () => oracle(m), () => toCompact(m)]) {
      const e = errorOf(f);
      expect(e.code).toBe('invalid-model');
      expect(e.message).toMatch(/not made by parseModel/);
    }
    expect(errorOf(() => oracleRegion(m, 'conv_0', [0])).code).toBe('invalid-model');
  });

  it('an unknown op is refused, not analysed as a conv', () => {
    const m = forged((l) => {
      l.op = 'softmax';
    });
    expect(errorOf(() => analyze(m)).code).toBe('invalid-model');
  });

  it('even an unedited copy, a structured clone or a proxy of a parsed model is not trusted', () => {
    const m = parseModel(SPEC);
    const copies: unknown[] = [
      JSON.parse(JSON.stringify(m)),
      structuredClone(m),
      new Proxy(m, {}),
      Object.create(m),
      { ...m },
    ];
    for (const c of copies) expect(errorOf(() => analyze(c as Model)).code).toBe('invalid-model');
  });

  it('the model parseModel returned is used as it is, and cannot be edited', () => {
    const m = parseModel(SPEC);
    expect(analyze(m)).toEqual(analyze(SPEC));
    expect(oracle(m)).toEqual(oracle(SPEC));
    expect(toCompact(m)).toBe('1d in32 conv3s2p1');
    expect(Object.isFrozen(m) && Object.isFrozen(m.layers) && Object.isFrozen(m.layers[0])).toBe(true);
    expect(() => {
      (m.layers[0]!.kernel as number[])[0] = -3;
    }).toThrow(TypeError);
    expect(() => {
      (m.layers[0] as { op: string }).op = 'softmax';
    }).toThrow(TypeError);
    expect(analyze(m).output.rf).toEqual([3]);
  });
});

describe('reports handed back to regionOf', () => {
  const report = analyze('1d in32 conv3s2p1 a:conv3s2 up2 conv3p1');

  it('a copy (JSON, structured clone) gives the same regions as the original', () => {
    for (const copy of [JSON.parse(JSON.stringify(report)), structuredClone(report)] as Report[]) {
      for (let layer = 0; layer < report.layers.length; layer++) {
        expect(regionOf(copy, layer, 1)).toEqual(regionOf(report, layer, 1));
      }
    }
  });

  it('a forged or damaged report is an invalid-argument error naming the field', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test edits arbitrary fields of a JSON copy
    const bad = (edit: (r: Record<string, any>) => void): Report => {
      const r = JSON.parse(JSON.stringify(report));
      edit(r);
      return r;
    };
    const cases: [Report, string][] = [
      [bad((r) => (r.layers[0].rf = [-3])), 'report.layers[0].rf[0]'],
      [bad((r) => (r.layers[0].jump = [0])), 'report.layers[0].jump[0]'],
      [bad((r) => (r.layers[0].jump = [1.5])), 'report.layers[0].jump[0]'],
      [bad((r) => (r.layers[0].effectivePadding = ['1'])), 'report.layers[0].effectivePadding[0]'],
      [bad((r) => (r.layers[0].outputSize = [1, 2])), 'report.layers[0].outputSize'],
      [bad((r) => (r.layers[0].global = 'no')), 'report.layers[0].global'],
      [bad((r) => (r.layers[2].phases[0].period = 0)), 'report.layers[2].phases[0].period'],
      [bad((r) => (r.layers[2].phases[0].start = [])), 'report.layers[2].phases[0].start'],
      [bad((r) => (r.layers[2].phases[0].shift = 2n)), 'report.layers[2].phases[0].shift'],
      [bad((r) => (r.layers[1] = null)), 'report.layers[1]'],
      [bad((r) => delete r.layers[1].name), 'report.layers[1].name'],
      [bad((r) => (r.axes = 4)), 'report.axes'],
      [bad((r) => (r.input = null)), 'report.input'],
      [bad((r) => (r.input.size = [0])), 'report.input.size[0]'],
      [bad((r) => (r.layers = [])), 'report.layers'],
    ];
    for (const [r, path] of cases) {
      const layer = path.startsWith('report.layers[2]') ? 2 : path.startsWith('report.layers[0]') ? 0 : 'a';
      const e = errorOf(() => regionOf(r, layer, 0));
      expect(e.code, path).toBe('invalid-argument');
      expect(e.path, e.message).toBe(path);
    }
    for (const junk of [null, 1, 'report', [], {}, { layers: [{}] }]) {
      expect(errorOf(() => regionOf(junk as unknown as Report, 0, 0)).code).toBe('invalid-argument');
    }
  });
});

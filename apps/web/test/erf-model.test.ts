// The page's ERF arithmetic: when a unit's ERF is unit 0's shifted (and that the shift is then
// exact), the cropping model that gives any unit's own ERF (checked against the brute-force oracle
// and the unit's region), why a value is null, and the numbers shown.
import { modelArb } from '@rfkit/reference';
import fc from 'fast-check';
import { analyze, type ErfAxis, erfOf, type ModelSpec, oracleErf, oracleRegion, parseCompact } from 'rfkit';
import { describe, expect, it } from 'vitest';
import { LUT, LUT_SIZE, lutIndex } from '../src/erf-draw.js';
import { axisStats, erfGap, shiftExact, unitModel, weightInBox, weightInRange } from '../src/erf-model.js';

/** A random unit of each layer with an output map (and an ERF), per model. */
const unitArb = (axes: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
    minLength: axes,
    maxLength: axes,
  });

const cases = fc.record({ spec: modelArb({ inputSize: 'always' }), pick: unitArb(3), layer: fc.nat() });

/** The model's report and a layer of it with an ERF on every axis, with a unit inside its output; null if none. */
function prepare(spec: ModelSpec, pick: number[], layerPick: number) {
  let report: ReturnType<typeof analyze>;
  try {
    report = analyze(spec);
  } catch {
    return null;
  }
  const ok = report.layers
    .map((l, i) => [l, i] as const)
    .filter(([l]) => l.erf.span.every((s) => s !== null) && l.outputSize.every((n) => n !== null && n > 0));
  if (ok.length === 0) return null;
  const [l, layer] = ok[layerPick % ok.length]!;
  const unit = l.outputSize.map((n, a) => Math.floor(pick[a]! * n!));
  return { report, layer, unit, names: report.layers.map((x) => x.name) };
}

function unitErf(spec: ModelSpec, names: string[], layer: number, unit: number[], map?: [number, number]) {
  const cut = unitModel(spec, names, layer, unit);
  return { cut, erf: erfOf(analyze(cut.spec), cut.layer, map ? { map } : {}) };
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-12);
};

describe('which units share unit 0’s ERF', () => {
  it('shifts exactly by index·jump wherever shiftExact says so, maps included', () => {
    let checked = 0;
    fc.assert(
      fc.property(cases, ({ spec, pick, layer: lp }) => {
        const p = prepare(spec, pick, lp);
        if (!p || !shiftExact(p.report, p.layer)) return;
        const axes = p.report.axes;
        const pair: [number, number] | undefined = axes > 1 ? [axes - 2, axes - 1] : undefined;
        const zero = erfOf(p.report, p.layer, pair ? { map: pair } : {});
        const { erf } = unitErf(spec, p.names, p.layer, p.unit, pair);
        const jump = p.report.layers[p.layer]!.jump;
        for (let a = 0; a < axes; a++) {
          const z = zero.axes[a]!;
          const u = erf.axes[a]!;
          expect(u.start).toBe(z.start! + p.unit[a]! * jump[a]!);
          close(u.weights, z.weights);
          expect(u.std).toBeCloseTo(z.std, 12);
        }
        if (pair) {
          const [zm, um] = [zero.map!, erf.map!];
          expect([um.height, um.width]).toEqual([zm.height, zm.width]);
          expect(um.start).toEqual([
            zm.start[0]! + p.unit[pair[0]]! * jump[pair[0]]!,
            zm.start[1]! + p.unit[pair[1]]! * jump[pair[1]]!,
          ]);
          close(um.weights, zm.weights);
        }
        checked++;
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(60);
  });

  it('is false after an upsample or a transposed convolution, on every path', () => {
    const r = analyze(
      parseCompact('in16 x:identity a:conv3p1(x) b:up2(x) c:conv3s2p1(b) s:add(a,c) d:conv3p1(s)'),
    );
    expect(['x', 'a', 'b', 'c', 's', 'd'].map((_, i) => shiftExact(r, i))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(shiftExact(analyze(parseCompact('in16 conv3s2 deconv4s2p1')), 0)).toBe(true);
    expect(shiftExact(analyze(parseCompact('in16 conv3s2 deconv4s2p1')), 1)).toBe(false);
  });
});

describe('the ERF of any unit (unitModel)', () => {
  it('equals the brute force, and weighs exactly the positions the unit reads', () => {
    let phased = 0;
    fc.assert(
      fc.property(cases, ({ spec, pick, layer: lp }) => {
        const p = prepare(spec, pick, lp);
        if (!p) return;
        const { cut, erf } = unitErf(spec, p.names, p.layer, p.unit);
        const brute = oracleErf(cut.spec, cut.layer);
        const region = oracleRegion(spec, p.names[p.layer]!, p.unit).indices;
        for (let a = 0; a < p.report.axes; a++) {
          const ax = erf.axes[a];
          const o = brute[a];
          if (!ax || !o) {
            // A unit of a phase that no tap reaches reads nothing: no ERF, on either side.
            expect([ax ?? null, o ?? null, region[a]]).toEqual([null, null, []]);
            continue;
          }
          // oracleErf starts at the first weighted position, erfOf at the region's start.
          const at = o.start! - ax.start!;
          for (let i = 0; i < ax.weights.length; i++) {
            const want = i - at >= 0 && i - at < o.weights!.length ? o.weights![i - at]! : 0;
            expect(Math.abs(ax.weights[i]! - want)).toBeLessThan(1e-9);
          }
          const support = [...ax.weights].flatMap((w, i) => (w > 0 ? [ax.start! + i] : []));
          expect(support).toEqual(region[a]);
        }
        if (!shiftExact(p.report, p.layer)) phased++;
      }),
      { numRuns: 300 },
    );
    expect(phased).toBeGreaterThan(15);
  });

  it('names the picking layer apart from the model’s own', () => {
    const spec = parseCompact('in8 erf_unit:conv3 conv3');
    const cut = unitModel(spec, ['erf_unit', 'conv_1'], 1, [2, 3]);
    expect(cut.layer).toBe('erf_unit_1');
    expect(cut.spec.layers).toHaveLength(3);
    expect(cut.spec.layers[2]).toMatchObject({
      op: 'conv',
      kernel: 1,
      padding: { begin: [-2, -3], end: [0, 0] },
    });
  });
});

describe('why a layer has no ERF', () => {
  it('says global, after global, unknown size, or a unit that reads nothing', () => {
    const g = analyze(parseCompact('in16 conv3 g:global conv1'));
    expect(erfGap(g, 0, 0)).toBeNull();
    expect(erfGap(g, 1, 0)).toMatchObject({
      kind: 'global',
      text: expect.stringContaining('global layer reads'),
    });
    expect(erfGap(g, 2, 0)).toMatchObject({
      kind: 'global',
      text: expect.stringContaining('after the global layer g'),
    });
    // The ERF is unknown only where rf is (SAME padding at an unknown size), as a report says.
    const unknown = analyze(parseCompact('1d conv3s2psame'));
    unknown.layers[0]!.rf[0] = null;
    unknown.layers[0]!.erf.std[0] = null;
    expect(erfGap(unknown, 0, 0)).toMatchObject({
      kind: 'size',
      text: expect.stringContaining('input size'),
    });
    const empty = analyze(parseCompact('1d in8 deconv1s2p1/0'));
    expect(empty.layers[0]!.erf.std[0]).toBeNull();
    expect(erfGap(empty, 0, 0)?.kind).toBe('empty');
    const far = analyze(`1d ${'conv3s4 '.repeat(14)}`);
    const i = far.layers.findIndex((l) => l.erf.span[0] === null);
    expect(erfGap(far, i, 0)).toBeNull();
    expect(erfGap(far, i, 0, true)?.kind).toBe('weights');
  });
});

describe('the numbers beside the map', () => {
  const ax: ErfAxis = {
    start: -2,
    weights: Float64Array.from([1, 2, 3, 2, 1].map((w) => w / 9)),
    mean: 0,
    std: Math.sqrt(4 / 3),
    span: { first: 0, last: 4 },
  };

  it('moves the centre, ±2σ and the span by the shift, and gives span / rf', () => {
    const s = axisStats(ax, 10, 10)!;
    expect(s).toMatchObject({ mean: 10, first: 8, last: 12, span: 5, rf: 10, share: 0.5 });
    expect(s.lo).toBeCloseTo(10 - 2 * Math.sqrt(4 / 3), 12);
    expect(axisStats({ ...ax, start: null, mean: null }, 0, 5)).toBeNull();
  });

  it('sums the weight of the positions within a range', () => {
    expect(weightInRange(ax.weights, -2, -1, 1)).toBeCloseTo(7 / 9, 12);
    expect(weightInRange(ax.weights, -2, -1.5, 0.4)).toBeCloseTo(5 / 9, 12);
    expect(weightInRange(ax.weights, -2, -10, 10)).toBeCloseTo(1, 12);
    expect(weightInRange(ax.weights, -2, 3, 10)).toBe(0);
  });

  it('sums the weight inside a box of the map, moved by the shift', () => {
    const map = {
      axes: [0, 1] as [number, number],
      start: [-1, -1] as [number, number],
      height: 3,
      width: 3,
      weights: Float64Array.from([1, 2, 1, 2, 4, 2, 1, 2, 1].map((w) => w / 16)),
    };
    expect(weightInBox(map, [0, 0], [-1, 1], [-1, 1])).toBeCloseTo(1, 12);
    expect(weightInBox(map, [0, 0], [-0.5, 0.5], [-0.5, 0.5])).toBeCloseTo(4 / 16, 12);
    expect(weightInBox(map, [5, 5], [4, 5.9], [5, 5])).toBeCloseTo((4 + 2) / 16, 12);
  });
});

describe('the colour scale', () => {
  it('runs from light to dark with a distinct colour per step', () => {
    const lum = (i: number) => 0.2126 * LUT[i * 3]! + 0.7152 * LUT[i * 3 + 1]! + 0.0722 * LUT[i * 3 + 2]!;
    const seen = new Set<string>();
    for (let i = 0; i < LUT_SIZE; i++) {
      if (i > 0) expect(lum(i)).toBeLessThanOrEqual(lum(i - 1));
      seen.add(`${LUT[i * 3]},${LUT[i * 3 + 1]},${LUT[i * 3 + 2]}`);
    }
    expect(seen.size).toBe(LUT_SIZE);
    expect([lutIndex(1e-300, 1), lutIndex(0.5, 1), lutIndex(1, 1), lutIndex(2, 1)]).toEqual([
      0, 128, 255, 255,
    ]);
  });
});
